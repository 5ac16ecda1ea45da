import { describe, expect, it } from "vitest";
import { segment } from "./segments";

describe("segment", () => {
  it("keeps a crafted parameter inside one path segment", () => {
    const crafted = "../../registration/participants/p-1";
    const path = `/registration/editions/${segment(crafted)}/registrations`;
    expect(new URL(path, "http://synergi").pathname).toBe(
      "/registration/editions/..%2F..%2Fregistration%2Fparticipants%2Fp-1/registrations",
    );
    expect(segment("a?b#c")).toBe("a%3Fb%23c");
  });

  it("leaves a slug and an id as they are", () => {
    expect(segment("indsatsdag-2027")).toBe("indsatsdag-2027");
    expect(segment("6f1c0e2a-9b1e-4c1e-8a3e-2f7d9c1b2a3d")).toBe("6f1c0e2a-9b1e-4c1e-8a3e-2f7d9c1b2a3d");
  });
});

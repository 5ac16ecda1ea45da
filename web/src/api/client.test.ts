import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The app runs in a browser: its address, its storage and fetch, stood in for here.
const sent: Request[] = [];
let reply: () => Response;

beforeEach(() => {
  sent.length = 0;
  const stored = new Map<string, string>();
  vi.stubGlobal("location", { origin: "http://synergi.test" });
  vi.stubGlobal("localStorage", {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => stored.set(key, value),
    removeItem: (key: string) => stored.delete(key),
  });
  vi.stubGlobal("fetch", async (request: Request) => {
    sent.push(request);
    return reply();
  });
  vi.resetModules();
});

afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

describe("the API client", () => {
  it("keeps a crafted address-bar value inside one path segment", async () => {
    reply = json(200, {});
    const { edition } = await import("./registration");
    await edition("../../registration/participants/p-1?x=1#y");
    expect(new URL(sent[0].url).pathname).toBe(
      "/registration/editions/..%2F..%2Fregistration%2Fparticipants%2Fp-1%3Fx%3D1%23y",
    );
  });

  it("sends the session's token and the reader's language", async () => {
    reply = json(200, []);
    const { keepSession } = await import("../session");
    keepSession({ token: "t-1", role: "organizer", organization_id: null, participant_id: null, edition: null, expires_at: "2999-01-01T00:00:00Z" });
    const { editions } = await import("./registration");
    await editions();
    expect(sent[0].headers.get("Authorization")).toBe("Bearer t-1");
    expect(sent[0].headers.get("Accept-Language")).toBeTruthy();
  });

  it("turns a refusal into the service's sentence, with Retry-After", async () => {
    reply = json(409, { detail: "participant 'p' is not known to this service yet" }, { "Retry-After": "2" });
    const { checkIn } = await import("./workshops");
    const { ApiError } = await import("./client");
    const refused = await checkIn("day", "w", "p").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as InstanceType<typeof ApiError>).message).toContain("not known to this service yet");
    expect((refused as InstanceType<typeof ApiError>).retryAfter).toBe(2);
  });

  it("forgets a session the services say has ended", async () => {
    reply = json(401, { detail: "this session has ended (logged out): sign in again" });
    const { currentSession, keepSession } = await import("../session");
    keepSession({ token: "t-2", role: "organization", organization_id: "o", participant_id: null, edition: null, expires_at: "2999-01-01T00:00:00Z" });
    const { organization } = await import("./registration");
    await expect(organization("o")).rejects.toThrow("session has ended");
    expect(currentSession()).toBeNull();
  });

  it("reads a page's total from X-Total-Count and asks for the rest at once", async () => {
    let calls = 0;
    reply = () => {
      calls += 1;
      const offset = Number(new URL(sent[sent.length - 1].url).searchParams.get("offset"));
      const items = Array.from({ length: Math.min(200, 450 - offset) }, (_, n) => ({ id: String(offset + n) }));
      return new Response(JSON.stringify(items), { status: 200, headers: { "X-Total-Count": "450" } });
    };
    const { allOrganizations } = await import("./registration");
    const all = await allOrganizations();
    expect(all.map((org) => org.id)).toEqual(Array.from({ length: 450 }, (_, n) => String(n)));
    expect(calls).toBe(3);
  });
});

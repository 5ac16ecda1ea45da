import { describe, expect, it } from "vitest";
import registration from "../../../docs/openapi/registration.json";
import { FIELDS } from "./importFields";

describe("the import's fields", () => {
  it("are the API's, every one", () => {
    const [named] = registration.components.schemas.ImportedColumn.properties.field.anyOf;
    expect([...FIELDS].sort()).toEqual([...(named as { enum: string[] }).enum].sort());
  });
});

import { describe, expect, it } from "vitest";
import { explain } from "./errors";
import { toCsv } from "./csv";
import { codeFrom } from "./session";

describe("an API error, for the person", () => {
  it("keeps the sentence the API gave", () => {
    expect(explain(409, { detail: "the slug is taken" }, "?")).toEqual({ message: "the slug is taken", fields: {} });
  });

  it("puts each field's complaint beside that field", () => {
    const body = {
      detail: [
        { loc: ["body", "participants", 0, "email"], msg: "value is not a valid email address" },
        { loc: ["body", "name"], msg: "field required" },
      ],
    };
    const explained = explain(422, body, "?");
    expect(explained.fields).toEqual({
      "participants.0.email": "Value is not a valid email address",
      name: "Field required",
    });
    expect(explained.message).toBe("participants.0.email: Value is not a valid email address");
  });

  it("falls back to its own sentence when the answer has none", () => {
    expect(explain(502, "<html>", "Something went wrong")).toEqual({ message: "Something went wrong (502)", fields: {} });
  });
});

describe("sign-in links and CSV files", () => {
  it("take the code from the fragment", () => {
    expect(codeFrom("#code=abc-DEF_1")).toBe("abc-DEF_1");
    expect(codeFrom("")).toBeNull();
  });

  it("go into a CSV spreadsheet programs read, æ, ø, å and commas included", () => {
    const csv = toCsv(["organisation", "note"], [["Mødre, Fyn", 'say "hi"']]);
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(csv.split("\r\n").slice(0, 2)).toEqual(["\ufefforganisation,note", '"Mødre, Fyn","say ""hi"""']);
  });
});

import { describe, expect, it } from "vitest";
import { normalized, withTyped } from "./TagPicker";

const concepts = [
  { id: "young-mothers", name_en: "young mothers", name_da: "unge mødre", synonyms: ["teenage mothers"] },
  { id: "fyn", name_en: "Funen", name_da: "Fyn", synonyms: ["odense"] },
];

describe("picking tags", () => {
  it("normalises as the API does", () => {
    expect(normalized("  Unge Mødre! ")).toBe("unge-mødre");
  });

  it("adds the vocabulary's concept for a word it knows, a free word as typed, none twice", () => {
    expect(withTyped(["fyn"], "Unge mødre, Odense; SMS-påmindelser", concepts)).toEqual([
      "fyn",
      "young-mothers",
      "SMS-påmindelser",
    ]);
    expect(withTyped(["young-mothers"], "teenage mothers", concepts)).toEqual(["young-mothers"]);
  });
});

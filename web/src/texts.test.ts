import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import registration from "../../docs/openapi/registration.json";
import { describe, expect, it } from "vitest";
import { da, en } from "./texts";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [prefix + key] : keys(value, `${prefix}${key}.`),
  );
}

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [readFileSync(path, "utf8")] : [];
  });
}

describe("the texts", () => {
  it("have every key in both languages", () => {
    expect(keys(en).sort()).toEqual(keys(da).sort());
  });

  it("have every key the screens ask for", () => {
    // A plural text is asked for by its base key (i18next picks `_one` or `_other` by `count`).
    const known = new Set(keys(da).flatMap((key) => [key, key.replace(/_(one|other)$/, "")]));
    const used = sources(__dirname).flatMap((text) => [...text.matchAll(/\bt\("([a-zA-Z.]+)"/g)].map((m) => m[1]));
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter((key) => !known.has(key))).toEqual([]);
  });

  it("name every kind of mail the mail log can list", () => {
    const kinds: string[] = registration.components.schemas.MailLogEntry.properties.kind.enum;
    expect(kinds.length).toBeGreaterThan(10);
    expect(kinds.filter((kind) => !(kind in da.mails.kinds))).toEqual([]);
  });

  it("read the same placeholders in both languages", () => {
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    const flat = (tree: Tree, prefix = ""): [string, string][] =>
      Object.entries(tree).flatMap(([key, value]) =>
        typeof value === "string" ? [[prefix + key, value]] : flat(value, `${prefix}${key}.`),
      );
    const english = new Map(flat(en));
    for (const [key, danish] of flat(da)) expect([key, placeholders(english.get(key)!)]).toEqual([key, placeholders(danish)]);
  });
});

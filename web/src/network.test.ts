import { describe, expect, it } from "vitest";
import { networkElements, regionColor } from "./network";
import type { Organization, Pair } from "./types";

const org = (id: string, size: Organization["size"], regions: string[]): Organization => ({
  id, name: id.toUpperCase(), size, regions, target_groups: [], offers: [], needs: [], description: null, version: 1,
});
const pair = (a: string, b: string, score: number, extra: Partial<Pair> = {}): Pair => ({
  organization_a: a, organization_b: b, organization_a_name: null, organization_b_name: null,
  score, reasons: [], withdrawn: false, outcome: null, ...extra,
});
const orgs = [org("a", "small", ["fyn"]), org("b", "large", ["fyn"]), org("c", "medium", ["sjaelland"])];
const pairs = [pair("a", "b", 0.6, { outcome: "partnership" }), pair("a", "c", 0.2), pair("b", "c", 0.9, { withdrawn: true })];
const any = { minScore: 0, outcome: "any" as const, region: "", theme: "" };

describe("the partnership network", () => {
  it("draws every organisation and every current pair, thicker as it scores", () => {
    const { nodes, edges } = networkElements(pairs, orgs, any);
    expect(nodes.map((n) => [n.id, n.size])).toEqual([["a", 18], ["b", 42], ["c", 28]]);
    expect(edges.map((e) => [e.id, e.width])).toEqual([["a/b", 6], ["a/c", 3]]);
  });

  it("filters by score, outcome and region", () => {
    expect(networkElements(pairs, orgs, { ...any, minScore: 0.5 }).edges.map((e) => e.id)).toEqual(["a/b"]);
    expect(networkElements(pairs, orgs, { ...any, outcome: "none" }).edges.map((e) => e.id)).toEqual(["a/c"]);
    expect(networkElements(pairs, orgs, { ...any, outcome: "partnership" }).edges.map((e) => e.id)).toEqual(["a/b"]);
    const fyn = networkElements(pairs, orgs, { ...any, region: "fyn" });
    expect([fyn.nodes.map((n) => n.id), fyn.edges.map((e) => e.id)]).toEqual([["a", "b"], ["a/b"]]);
    const themes = new Map([["a", ["co-creation"]], ["c", ["co-creation", "measurement-documentation"]]]);
    const shared = networkElements(pairs, orgs, { ...any, theme: "co-creation" }, themes);
    expect([shared.nodes.map((n) => n.id), shared.edges.map((e) => e.id)]).toEqual([["a", "c"], ["a/c"]]);
  });

  it("gives a region the same colour every time, and a different one from its neighbour", () => {
    expect(regionColor("fyn")).toEqual(regionColor("fyn"));
    expect(regionColor("fyn")).not.toEqual(regionColor("sjaelland"));
  });
});

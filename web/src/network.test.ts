import { describe, expect, it } from "vitest";
import { networkElements, networkGraph, startsWithStrongest } from "./network";
import type { Pair } from "./api/matching";
import type { Organization } from "./api/registration";

const org = (id: string, size: Organization["size"], regions: string[]): Organization => ({
  id, name: id.toUpperCase(), size, regions, target_groups: [], offers: [], needs: [], description: null, version: 1,
});
const pair = (a: string, b: string, score: number, extra: Partial<Pair> = {}): Pair => ({
  organization_a: a, organization_b: b, organization_a_name: null, organization_b_name: null,
  score, reasons: [], withdrawn: false, outcome: null, listed_by: [a, b], earlier: null,
  version: 1, model_version: "test", updated_at: "2030-05-01T12:00:00Z", ...extra,
});
const orgs = [org("a", "small", ["fyn"]), org("b", "large", ["fyn"]), org("c", "medium", ["sjaelland"])];
const pairs = [pair("a", "b", 0.6, { outcome: "partnership" }), pair("a", "c", 0.2), pair("b", "c", 0.9, { withdrawn: true })];
const any = { minScore: 0, strongest: false, outcome: "any" as const, region: "", theme: "" };

describe("the partnership network", () => {
  it("draws every organisation and every current pair, thicker as it scores", () => {
    const { nodes, edges } = networkElements(pairs, orgs, any);
    expect(nodes.map((n) => [n.id, n.size])).toEqual([["a", 5], ["b", 10], ["c", 7]]);
    expect(edges.map((e) => [e.id, e.width])).toEqual([["a/b", 0.5 + 0.6 * 3], ["a/c", 0.5 + 0.2 * 3]]);
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

  it("starts a large day with each organisation's three strongest pairs, the rest behind the filters", () => {
    expect(startsWithStrongest(pairs, 3)).toBe(false); // a small day: every pair
    // Five organisations all paired, pair (i, j) scored (i + j) / 10: each keeps
    // its three best, so only o0-o1, the last of both their lists, is hidden.
    const five = Array.from({ length: 5 }, (_, n) => org(`o${n}`, "small", []));
    const day = five.flatMap((a, i) => five.slice(i + 1).map((b, k) => pair(a.id, b.id, (2 * i + k + 1) / 10)));
    expect(startsWithStrongest(day, 5)).toBe(false); // 10 pairs, not more than 3 per organisation
    expect(startsWithStrongest(day, 3)).toBe(true);
    const shown = networkElements(day, five, { ...any, strongest: true }).edges.map((e) => e.id);
    expect(networkElements(day, five, any).edges).toHaveLength(10);
    expect(shown).toHaveLength(9);
    expect(shown).not.toContain("o0/o1");
  });

  it("lays a day out in groups: partners close, communities coloured, the same at every visit", () => {
    // Two groups of five, each densely paired inside, joined by one weak pair.
    const members = Array.from({ length: 10 }, (_, n) => org(`o${n}`, "small", []));
    const within = [];
    for (let a = 0; a < 10; a++)
      for (let b = a + 1; b < 10; b++) if (Math.floor(a / 5) === Math.floor(b / 5)) within.push(pair(`o${a}`, `o${b}`, 0.8));
    const day = networkElements([...within, pair("o4", "o5", 0.1)], members, any);
    const graph = networkGraph(day);
    const colour = (n: number) => graph.getNodeAttribute(`o${n}`, "color");
    expect(new Set([0, 1, 2, 3, 4].map(colour)).size).toBe(1);
    expect(new Set([5, 6, 7, 8, 9].map(colour)).size).toBe(1);
    expect(colour(0)).not.toEqual(colour(9));
    const at = (n: number) => graph.getNodeAttributes(`o${n}`) as { x: number; y: number };
    const distance = (a: number, b: number) => Math.hypot(at(a).x - at(b).x, at(a).y - at(b).y);
    expect(distance(0, 1)).toBeLessThan(distance(0, 9));
    expect(networkGraph(day).getNodeAttributes("o3")).toEqual(graph.getNodeAttributes("o3"));
  });
});

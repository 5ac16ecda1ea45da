// The partnership network: organisations as nodes (sized by organisation
// size), recommendations as edges (as thick as they score), after the
// organiser's filters; laid out by ForceAtlas2 and coloured by Louvain
// community, so a day of hundreds reads as groups. Pure (no DOM), so it is
// unit-tested; Network.tsx hands the graph to Sigma to draw.
import Graph from "graphology";
import louvain from "graphology-communities-louvain";
import forceAtlas2 from "graphology-layout-forceatlas2";
import type { OutcomeStatus, Pair } from "./api/matching";
import type { Organization } from "./api/registration";

export interface NetworkFilter {
  minScore: number;
  strongest: boolean; // only each organisation's STRONGEST strongest pairs
  outcome: "any" | "none" | OutcomeStatus;
  region: string; // "" for any
  theme: string; // a challenge theme named at registration; "" for any
}

export interface NodeData {
  id: string;
  label: string;
  size: number;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  score: number;
  width: number;
  outcome: OutcomeStatus | null;
}

const SIZES = { small: 5, medium: 7, large: 10 } as const; // radius, in pixels
const PALETTE = ["#2f6f5e", "#b5562b", "#3c5a99", "#8a6d1d", "#7a3e7a", "#2b7a8a", "#9a3b3b", "#556b2f"];
// A large day shows by default each organisation's this many strongest pairs.
export const STRONGEST = 3;

export function networkElements(
  pairs: Pair[],
  organizations: Organization[],
  filter: NetworkFilter,
  themes: Map<string, string[]> = new Map(), // organisation -> its challenge themes
): { nodes: NodeData[]; edges: EdgeData[] } {
  const shown = organizations
    .filter((org) => !filter.region || org.regions.includes(filter.region))
    .filter((org) => !filter.theme || (themes.get(org.id) ?? []).includes(filter.theme));
  const ids = new Set(shown.map((org) => org.id));
  const edges = pairs
    .filter((pair) => !pair.withdrawn && pair.score >= filter.minScore)
    .filter((pair) => ids.has(pair.organization_a) && ids.has(pair.organization_b))
    .filter((pair) =>
      filter.outcome === "any" ? true : filter.outcome === "none" ? pair.outcome === null : pair.outcome === filter.outcome,
    )
    .map((pair) => ({
      id: `${pair.organization_a}/${pair.organization_b}`,
      source: pair.organization_a,
      target: pair.organization_b,
      score: pair.score,
      width: 0.5 + pair.score * 3,
      outcome: pair.outcome,
    }));
  const nodes = shown.map((org) => ({ id: org.id, label: org.name, size: SIZES[org.size] }));
  return { nodes, edges: filter.strongest ? strongestOnly(edges) : edges };
}

/** Whether a day is large enough to start with only the strongest pairs. */
export function startsWithStrongest(pairs: Pair[], organisations: number): boolean {
  return pairs.filter((pair) => !pair.withdrawn).length > STRONGEST * organisations;
}

/** The edges that are among the STRONGEST best of either organisation (by
 * score, then by pair), so every organisation keeps its best partners. */
function strongestOnly(edges: EdgeData[]): EdgeData[] {
  const ranked = [...edges].sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  const best = new Map<string, number>(); // organisation -> its edges kept so far
  const kept = new Set<string>();
  for (const edge of ranked) {
    for (const org of [edge.source, edge.target]) {
      if ((best.get(org) ?? 0) < STRONGEST) {
        best.set(org, (best.get(org) ?? 0) + 1);
        kept.add(edge.id);
      }
    }
  }
  return edges.filter((edge) => kept.has(edge.id));
}

/** The same numbers every time from `seed` (mulberry32): the same day is laid
 * out and grouped the same way at every visit. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The elements as a graph ready to draw: each node with a position (ForceAtlas2)
 * and a colour by community (Louvain, weighted by score). */
export function networkGraph(elements: { nodes: NodeData[]; edges: EdgeData[] }): Graph {
  const graph = new Graph({ type: "undirected" });
  const random = seeded(1);
  const ring = Math.max(1, elements.nodes.length);
  elements.nodes.forEach((node, n) =>
    graph.addNode(node.id, {
      label: node.label,
      size: node.size,
      x: Math.cos((2 * Math.PI * n) / ring) + random() * 0.01,
      y: Math.sin((2 * Math.PI * n) / ring) + random() * 0.01,
    }),
  );
  for (const edge of elements.edges) {
    graph.addEdgeWithKey(edge.id, edge.source, edge.target, {
      score: edge.score,
      size: edge.width,
      color: edge.outcome === "partnership" ? "#2f6f5e" : "#b8c0bc",
    });
  }
  const communities = louvain(graph, { getEdgeWeight: "score", rng: random });
  graph.forEachNode((node) => graph.setNodeAttribute(node, "color", PALETTE[communities[node] % PALETTE.length]));
  if (graph.size > 0) {
    forceAtlas2.assign(graph, {
      iterations: 100,
      getEdgeWeight: "score",
      settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 200 },
    });
  }
  return graph;
}

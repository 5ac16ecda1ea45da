// The partnership network as graph elements: organisations as nodes (sized by
// organisation size, coloured by region), recommendations as edges (as thick
// as they score), after the organiser's filters. Pure, so it is unit-tested.
import type { Organization, OutcomeStatus, Pair } from "./types";

export interface NetworkFilter {
  minScore: number;
  outcome: "any" | "none" | OutcomeStatus;
  region: string; // "" for any
  theme: string; // a challenge theme named at registration; "" for any
}

export interface NodeData {
  id: string;
  label: string;
  size: number;
  color: string;
  region: string;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  score: number;
  width: number;
  outcome: OutcomeStatus | null;
}

const SIZES = { small: 18, medium: 28, large: 42 } as const;
const PALETTE = ["#2f6f5e", "#b5562b", "#3c5a99", "#8a6d1d", "#7a3e7a", "#2b7a8a", "#9a3b3b", "#556b2f"];

/** A region's colour: the same region always gets the same one. */
export function regionColor(region: string): string {
  if (!region) return "#777777";
  let hash = 0;
  for (const char of region) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

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
      width: 1 + Math.round(pair.score * 8),
      outcome: pair.outcome,
    }));
  const nodes = shown.map((org) => ({
    id: org.id,
    label: org.name,
    size: SIZES[org.size],
    color: regionColor(org.regions[0] ?? ""),
    region: org.regions[0] ?? "",
  }));
  return { nodes, edges };
}

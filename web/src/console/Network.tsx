import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import Sigma from "sigma";
import { currentPairs, outcome as outcomeOf, type Pair } from "../api/matching";
import { allOrganizations, allRegistrations, type Organization } from "../api/registration";
import { themes as themesOf } from "../api/workshops";
import { networkElements, networkGraph, STRONGEST, startsWithStrongest, type NetworkFilter } from "../network";
import { themeName } from "../i18n";
import { Field, Loading, useFormat, useLoad } from "../ui";

/** The registered organisations, and the challenge themes each named. */
async function registeredOrganizations(slug: string): Promise<[Organization[], Map<string, string[]>]> {
  const [registrations, directory] = await Promise.all([
    allRegistrations(slug, { status: "active" }),
    allOrganizations(),
  ]);
  const themes = new Map(registrations.map((r) => [r.organization_id, r.challenge_themes]));
  return [directory.filter((org) => themes.has(org.id)), themes];
}

export default function Network({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const loaded = useLoad(async () => {
    const started = performance.now();
    const [pairs, [organizations, themes], catalogue] = await Promise.all([
      currentPairs(slug), // every current pair of the edition, in one answer
      registeredOrganizations(slug),
      themesOf(slug),
    ]);
    return { pairs, organizations, themes, catalogue, loadMs: performance.now() - started };
  }, [slug]);
  const [chosen, setFilter] = useState<NetworkFilter | null>(null);
  const [picked, setPicked] = useState<{ kind: "node" | "edge"; id: string } | null>(null);
  const box = useRef<HTMLDivElement & { sigma?: Sigma }>(null);
  // A large day starts with each organisation's strongest pairs only.
  const filter = useMemo<NetworkFilter>(
    () =>
      chosen ?? {
        minScore: 0,
        strongest: !!loaded.data && startsWithStrongest(loaded.data.pairs, loaded.data.organizations.length),
        outcome: "any",
        region: "",
        theme: "",
      },
    [chosen, loaded.data],
  );
  // What is drawn, and how many pairs "only the strongest" hides: once per
  // filter, not at every render (picking an organisation re-renders).
  const [elements, hidden] = useMemo(() => {
    if (!loaded.data) return [null, 0];
    const { pairs, organizations, themes } = loaded.data;
    const shown = networkElements(pairs, organizations, filter, themes);
    const every = filter.strongest ? networkElements(pairs, organizations, { ...filter, strongest: false }, themes) : shown;
    return [shown, every.edges.length - shown.edges.length];
  }, [loaded.data, filter]);

  useEffect(() => {
    if (!elements || !box.current) return;
    const started = performance.now();
    const container = box.current;
    const renderer = new Sigma(networkGraph(elements), container, {
      enableEdgeEvents: true,
      stagePadding: 90, // room for the names of the outermost organisations
      // A small day: every name; a large one: the larger organisations' until zoomed.
      labelRenderedSizeThreshold: elements.nodes.length > 50 ? 6 : 0,
    });
    renderer.on("clickNode", ({ node }) => setPicked({ kind: "node", id: node }));
    renderer.on("clickEdge", ({ edge }) => setPicked({ kind: "edge", id: edge }));
    container.sigma = renderer; // for the browser test: where a node is drawn
    // Laid out and drawn: what the speed test reports, and waits for.
    container.dataset.renderedMs = String(Math.round(performance.now() - started));
    container.dataset.edges = String(elements.edges.length);
    container.dataset.loadedMs = String(Math.round(loaded.data!.loadMs));
    return () => renderer.kill();
  }, [elements, loaded.data]);

  if (!loaded.data || !elements) return <Loading error={loaded.error} />;
  const names = new Map(loaded.data.organizations.map((org) => [org.id, org.name]));
  const regions = [...new Set(loaded.data.organizations.flatMap((org) => org.regions))].sort();
  return (
    <div>
      <h2>{t("network.title")}</h2>
      <div className="filters">
        <Field label={t("network.minScore", { score: format.number(filter.minScore) })}>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={filter.minScore}
            onChange={(event) => setFilter({ ...filter, minScore: Number(event.target.value) })}
          />
        </Field>
        <Field label={t("network.strongest", { count: STRONGEST })}>
          <input
            type="checkbox"
            checked={filter.strongest}
            onChange={(event) => setFilter({ ...filter, strongest: event.target.checked })}
          />
        </Field>
        <Field label={t("network.outcome")}>
          <select value={filter.outcome} onChange={(event) => setFilter({ ...filter, outcome: event.target.value as NetworkFilter["outcome"] })}>
            {["any", "none", "contacted", "met", "partnership"].map((value) => (
              <option key={value} value={value}>
                {t(`outcome.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("network.theme")}>
          <select value={filter.theme} onChange={(event) => setFilter({ ...filter, theme: event.target.value })}>
            <option value="">{t("network.anyTheme")}</option>
            {loaded.data.catalogue
              .filter((theme) => theme.default)
              .map((theme) => (
                <option key={theme.id} value={theme.id}>
                  {themeName(loaded.data!.catalogue, theme.id)}
                </option>
              ))}
          </select>
        </Field>
        <Field label={t("network.region")}>
          <select value={filter.region} onChange={(event) => setFilter({ ...filter, region: event.target.value })}>
            <option value="">{t("network.anyRegion")}</option>
            {regions.map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <p>
        {t("network.counts", { organisations: elements.nodes.length, pairs: elements.edges.length })}.{" "}
        {t("network.colours")}
      </p>
      {hidden > 0 && <p>{t("network.hidden", { count: hidden })}</p>}
      <div className="network-layout">
        <div ref={box} className="network" data-testid="network" role="img" aria-label={t("network.title")} />
        <aside className="details" aria-live="polite">
          {picked ? <Picked slug={slug} picked={picked} pairs={loaded.data.pairs} names={names} /> : <p>{t("network.pick")}</p>}
        </aside>
      </div>
    </div>
  );
}

function Picked(props: {
  slug: string;
  picked: { kind: "node" | "edge"; id: string };
  pairs: Pair[];
  names: Map<string, string>;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { picked, names } = props;
  if (picked.kind === "node") {
    const partners = props.pairs
      .filter((p) => !p.withdrawn && (p.organization_a === picked.id || p.organization_b === picked.id))
      .sort((x, y) => y.score - x.score);
    return (
      <div>
        <h3>{names.get(picked.id)}</h3>
        <p>{t("network.partners", { count: partners.length })}</p>
        <ul>
          {partners.map((pair) => {
            const other = pair.organization_a === picked.id ? pair.organization_b : pair.organization_a;
            return (
              <li key={other}>
                {names.get(other)} ({format.number(pair.score)}
                {pair.outcome ? `, ${t(`outcome.${pair.outcome}`)}` : ""})
              </li>
            );
          })}
        </ul>
      </div>
    );
  }
  const [a, b] = picked.id.split("/");
  const pair = props.pairs.find((p) => p.organization_a === a && p.organization_b === b)!;
  return (
    <div>
      <h3>
        {names.get(a)} – {names.get(b)}
      </h3>
      <p>{t("network.score", { score: format.number(pair.score) })}</p>
      <ul>
        {pair.reasons.map((reason) => (
          <li key={reason.kind + reason.detail}>{reason.detail}</li>
        ))}
      </ul>
      <PairOutcomeViews slug={props.slug} a={a} b={b} names={names} />
    </div>
  );
}

function PairOutcomeViews(props: { slug: string; a: string; b: string; names: Map<string, string> }) {
  const { t } = useTranslation();
  const outcome = useLoad(
    () => outcomeOf({ slug: props.slug, a: props.a, b: props.b }).catch(() => null),
    [props.a, props.b],
  );
  if (!outcome.data) return <p>{t("network.noOutcome")}</p>;
  const views = outcome.data.views;
  return (
    <dl>
      <dt>{t("network.pairStatus")}</dt>
      <dd>{t(`outcome.${outcome.data.status}`)}</dd>
      {(["organization_a", "organization_b", "organizer"] as const).map((side) =>
        views[side] ? (
          <div key={side}>
            <dt>{side === "organizer" ? t("network.organizer") : props.names.get(outcome.data![side])}</dt>
            <dd>
              {t(`outcome.${views[side]!.status}`)}
              {views[side]!.note ? ` – ${views[side]!.note}` : ""}
            </dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

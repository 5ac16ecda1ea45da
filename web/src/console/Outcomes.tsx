import { useTranslation } from "react-i18next";
import { allOutcomes, followUpSummary, type OutcomeStatus } from "../api/matching";
import { allOrganizations } from "../api/registration";
import { Loading, useLoad } from "../ui";

const COLUMNS: OutcomeStatus[] = ["contacted", "met", "partnership", "declined"];

/** The board of outcomes: every pair with one, by the pair's status, each
 * side's own word beside it. */
export default function Outcomes({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(
    () =>
      Promise.all([allOutcomes(slug), allOrganizations(), followUpSummary(slug)]),
    [slug],
  );
  if (!loaded.data) return <Loading error={loaded.error} />;
  const [outcomes, directory, followUps] = loaded.data;
  const asked = followUps.rounds.filter((round) => round.organizations_asked > 0);
  const names = new Map(directory.map((org) => [org.id, org.name]));
  return (
    <div>
      <h2>{t("outcomes.title")}</h2>
      {outcomes.length === 0 && <p>{t("outcomes.none")}</p>}
      <div className="board">
        {COLUMNS.map((status) => (
          <section key={status} aria-label={t(`outcome.${status}`)}>
            <h3>
              {t(`outcome.${status}`)} ({outcomes.filter((o) => o.status === status).length})
            </h3>
            <ul>
              {outcomes
                .filter((o) => o.status === status)
                .map((o) => (
                  <li key={`${o.organization_a}/${o.organization_b}`}>
                    <strong>
                      {names.get(o.organization_a)} – {names.get(o.organization_b)}
                    </strong>
                    {(["organization_a", "organization_b", "organizer"] as const).map((side) => {
                      const view = o.views[side];
                      if (!view) return null;
                      const who = side === "organizer" ? t("network.organizer") : names.get(o[side]);
                      return (
                        <small key={side}>
                          {who}: {t(`outcome.${view.status}`)}
                          {view.note ? ` – ${view.note}` : ""}
                        </small>
                      );
                    })}
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </div>
      <h2>{t("followUpRounds.title")}</h2>
      {asked.length === 0 && <p>{t("followUpRounds.none")}</p>}
      {asked.map((round) => {
        const title = t("followUpRounds.round", {
          months: round.months,
          answered: round.organizations_answered,
          asked: round.organizations_asked,
        });
        return (
          <section key={round.months} aria-label={title}>
            <h3>{title}</h3>
            <ul>
              {(round.asked ?? []).map((org) => (
                <li key={org.organization_id}>
                  {org.name ?? org.organization_id}:{" "}
                  {org.answered ? t("followUpRounds.answered") : t("followUpRounds.waiting")}
                  {org.reminded && ` (${t("followUpRounds.reminded")})`}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

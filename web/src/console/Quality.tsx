import { useTranslation } from "react-i18next";
import { quality, type Named } from "../api/matching";
import { Loading, useFormat, useLoad } from "../ui";

/** How good and how fair the lists are: who has enough partners, who is seen,
 * how often partners want each other back. */
export default function Quality({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const report = useLoad(() => quality(slug), [slug]);
  if (!report.data) return <Loading error={report.error} />;
  const { coverage, exposure, reciprocity, scores } = report.data;
  const names = (orgs: Named[]) => orgs.map((org) => org.name ?? org.id).join(", ") || t("quality.nobody");
  return (
    <div>
      <h2>{t("quality.title")}</h2>
      <dl className="figures">
        <dt>{t("quality.coverage")}</dt>
        <dd>
          {t("quality.coverageText", {
            share: format.percent(coverage.share_with_at_least_3),
            organisations: coverage.organizations,
          })}
        </dd>
        <dt>{t("quality.withNone")}</dt>
        <dd>{names(coverage.with_none)}</dd>
        <dt>{t("quality.fewer")}</dt>
        <dd>{names(coverage.fewer_than_3)}</dd>
        <dt>{t("quality.exposure")}</dt>
        <dd>
          {t("quality.exposureText", { gini: format.number(exposure.gini, 2) })}
          {exposure.most_exposed &&
            ` ${t("quality.mostExposed", {
              name: exposure.most_exposed.name ?? exposure.most_exposed.id,
              count: exposure.most_lists,
              share: format.percent(exposure.largest_share),
            })}`}
        </dd>
        {exposure.by_size.map((size) => (
          <div key={size.size}>
            <dt>{t(`size.${size.size}`)}</dt>
            <dd>
              {t("quality.sizeText", {
                places: format.percent(size.share_of_exposure),
                organisations: format.percent(size.share_of_edition),
              })}
            </dd>
          </div>
        ))}
        <dt>{t("quality.reciprocity")}</dt>
        <dd>{t("quality.reciprocityText", { share: format.percent(reciprocity) })}</dd>
        <dt>{t("quality.scores")}</dt>
        <dd>
          {t("quality.scoresText", {
            count: scores.count,
            median: format.number(scores.median, 2),
            low: format.number(scores.p25, 2),
            high: format.number(scores.p75, 2),
          })}
        </dd>
      </dl>
    </div>
  );
}

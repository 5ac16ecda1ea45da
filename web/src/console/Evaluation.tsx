import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { useEffect } from "react";
import { Bar } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { saveSummaryCsv, summary as summaryOf } from "../api/feedback";
import { saveReport } from "../api/matching";
import { themes as themesOf, workshops as programme } from "../api/workshops";
import { themeName } from "../i18n";
import { closeDay, evaluationMails } from "../api/registration";
import { Loading, Outcome, useAction, useFormat, useLoad } from "../ui";

Chart.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);
const REFRESH_MS = 15_000;

export default function Evaluation({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const summary = useLoad(() => summaryOf(slug), [slug]);
  const themes = useLoad(() => themesOf(slug), [slug]);
  const workshops = useLoad(() => programme(slug), [slug]);
  const { reload } = summary;
  useEffect(() => {
    const live = setInterval(reload, REFRESH_MS); // responses come in during and after the day
    return () => clearInterval(live);
  }, [reload]);
  if (!summary.data || !themes.data || !workshops.data)
    return <Loading error={summary.error ?? themes.error ?? workshops.error} />;
  const titles = new Map(workshops.data.map((w) => [w.id, w.title]));
  const rated = summary.data.workshops.filter((w) => w.average !== null);
  const { day, responses, checked_in, response_rate, insights } = summary.data;
  const ratings = ["1", "2", "3", "4", "5"];
  const byTheme = [...new Set(insights.map((i) => i.theme))];
  return (
    <div>
      <h2>{t("evaluation.title")}</h2>
      <EvaluationLinks slug={slug} />
      <p>
        {t("evaluation.responses", { responses, checkedIn: checked_in })}
        {response_rate !== null && ` (${format.percent(response_rate)})`}
        {day.average !== null && ` · ${t("evaluation.average", { average: format.number(day.average, 1) })}`}
      </p>
      <figure className="chart">
        <Bar
          aria-label={t("evaluation.dayChart")}
          role="img"
          data={{
            labels: ratings,
            datasets: [{ label: t("evaluation.count"), data: ratings.map((r) => day.distribution[r] ?? 0), backgroundColor: "#2f6f5e" }],
          }}
          options={{ animation: false, scales: { y: { ticks: { precision: 0 } } }, plugins: { legend: { display: false } } }}
        />
        <figcaption>{t("evaluation.dayChart")}</figcaption>
      </figure>
      {rated.length > 0 && (
        <figure className="chart">
          <Bar
            aria-label={t("evaluation.workshopChart")}
            role="img"
            data={{
              labels: rated.map((w) => titles.get(w.id) ?? w.id),
              datasets: [{ label: t("evaluation.averageLabel"), data: rated.map((w) => w.average!), backgroundColor: "#3c5a99" }],
            }}
            options={{ animation: false, indexAxis: "y", scales: { x: { min: 0, max: 5 } }, plugins: { legend: { display: false } } }}
          />
          <figcaption>{t("evaluation.workshopChart")}</figcaption>
        </figure>
      )}
      {byTheme.length > 0 && (
        <figure className="chart">
          <Bar
            aria-label={t("evaluation.insights")}
            role="img"
            data={{
              labels: byTheme.map((theme) => themeName(themes.data!, theme)),
              datasets: (["tip", "ambition"] as const).map((kind) => ({
                label: t(kind === "tip" ? "evaluation.tips" : "evaluation.ambitions"),
                data: byTheme.map((theme) => insights.find((i) => i.theme === theme && i.kind === kind)?.count ?? 0),
                backgroundColor: kind === "tip" ? "#2f6f5e" : "#b5562b",
              })),
            }}
            options={{ animation: false, scales: { y: { ticks: { precision: 0 } } } }}
          />
          <figcaption>{t("evaluation.insights")}</figcaption>
        </figure>
      )}
      <table>
        <caption>{t("evaluation.insights")}</caption>
        <thead>
          <tr>
            <th>{t("evaluation.theme")}</th>
            <th>{t("evaluation.tips")}</th>
            <th>{t("evaluation.ambitions")}</th>
          </tr>
        </thead>
        <tbody>
          {byTheme.map((theme) => (
            <tr key={theme}>
              <td>{themeName(themes.data!, theme)}</td>
              <td>{insights.find((i) => i.theme === theme && i.kind === "tip")?.count ?? 0}</td>
              <td>{insights.find((i) => i.theme === theme && i.kind === "ambition")?.count ?? 0}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <button
          className="secondary"
          onClick={() => void saveSummaryCsv(slug)}
        >
          {t("evaluation.csv")}
        </button>{" "}
        {(["pdf", "html"] as const).map((kind) => (
          <button
            key={kind}
            className="secondary"
            onClick={() =>
              void saveReport(slug, kind, i18n.language === "da" ? "da" : "en")
            }
          >
            {t(`evaluation.report_${kind}`)}
          </button>
        ))}
      </p>
    </div>
  );
}


/** Close the day (the evaluation links go out), and how they are doing. */
function EvaluationLinks({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const mails = useLoad(() => evaluationMails(slug), [slug]);
  const action = useAction();
  if (!mails.data) return <Loading error={mails.error} />;
  const { closed_at, checked_in, sent, opened, answered, reminded } = mails.data;
  const close = () =>
    void action.run(async () => {
      await closeDay(slug);
      mails.reload();
    });
  return (
    <div className="panel">
      {closed_at ? (
        <p>{t("evaluation.closed", { when: format.dateTime(closed_at) })}</p>
      ) : (
        <>
          <p>{t("evaluation.closeHint")}</p>
          <button type="button" onClick={close} disabled={action.busy}>
            {t("evaluation.closeDay")}
          </button>
        </>
      )}
      <p role="status">
        {t("evaluation.links", { checkedIn: checked_in, sent, opened, answered, reminded })}
      </p>
      <Outcome state={action} />
    </div>
  );
}

import { BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";
import { Bar } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { download, get } from "../api";
import { themeName } from "../i18n";
import type { FeedbackSummary, Theme } from "../types";
import { Loading, useFormat, useLoad } from "../ui";

Chart.register(BarElement, CategoryScale, LinearScale, Tooltip);

export default function Evaluation({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const summary = useLoad(() => get<FeedbackSummary>(`/feedback/editions/${slug}/summary`), [slug]);
  const themes = useLoad(() => get<Theme[]>(`/workshops/editions/${slug}/themes`), [slug]);
  if (!summary.data || !themes.data) return <Loading error={summary.error ?? themes.error} />;
  const { day, responses, checked_in, response_rate, insights } = summary.data;
  const ratings = ["1", "2", "3", "4", "5"];
  const byTheme = [...new Set(insights.map((i) => i.theme))];
  return (
    <div>
      <h2>{t("evaluation.title")}</h2>
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
          options={{ animation: false, plugins: { legend: { display: false } } }}
        />
        <figcaption>{t("evaluation.dayChart")}</figcaption>
      </figure>
      <h3>{t("evaluation.insights")}</h3>
      <table>
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
          onClick={() => void download(`/feedback/editions/${slug}/summary.csv`, `${slug}-summary.csv`)}
        >
          {t("evaluation.csv")}
        </button>
      </p>
    </div>
  );
}


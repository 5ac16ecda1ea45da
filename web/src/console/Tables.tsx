import { useState } from "react";
import { useTranslation } from "react-i18next";
import { saveTableCards, saveTablesCsv, tables, type TablePlan, type TableSizes } from "../api/matching";
import { Field, Outcome, useAction } from "../ui";

/** Synergy tables for a round or a lunch: the organiser picks the sizes, gets
 * everyone seated with why, and prints the plan or takes it as CSV. */
export default function Tables({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const [sizes, setSizes] = useState({ min: "4", max: "6" });
  const [apart, setApart] = useState(false);
  const [plan, setPlan] = useState<TablePlan | null>(null);
  const chosen = (): TableSizes => ({
    min_size: Number(sizes.min),
    max_size: Number(sizes.max),
    keep_partners_apart: apart,
  });
  const seat = (event: React.FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setPlan(await tables(slug, chosen()));
    });
  };
  return (
    <div>
      <h2>{t("tables.title")}</h2>
      <p className="no-print">{t("tables.intro")}</p>
      <form className="inline no-print" onSubmit={seat}>
        <Field label={t("tables.min")}>
          <input type="number" min={2} max={20} value={sizes.min} onChange={(e) => setSizes({ ...sizes, min: e.target.value })} />
        </Field>
        <Field label={t("tables.max")}>
          <input type="number" min={2} max={20} value={sizes.max} onChange={(e) => setSizes({ ...sizes, max: e.target.value })} />
        </Field>
        <label>
          <input type="checkbox" checked={apart} onChange={(e) => setApart(e.target.checked)} /> {t("tables.apart")}
        </label>
        <button disabled={action.busy}>{t("tables.seat")}</button>
      </form>
      <Outcome state={action} />
      {plan && (
        <>
          <p className="no-print">
            {t("tables.seated", { organisations: plan.organizations, count: plan.tables.length })}{" "}
            <button className="secondary" onClick={() => window.print()}>
              {t("tables.print")}
            </button>{" "}
            <button
              className="secondary"
              onClick={() => void saveTablesCsv(slug, chosen())}
            >
              {t("tables.csv")}
            </button>{" "}
            <button
              className="secondary"
              onClick={() => void saveTableCards(slug, chosen(), i18n.language === "da" ? "da" : "en")}
            >
              {t("tables.cards")}
            </button>
          </p>
          <ol className="cards tables">
            {plan.tables.map((table) => (
              <li key={table.number} aria-label={t("tables.table", { number: table.number })}>
                <h3>
                  {t("tables.table", { number: table.number })}
                  {table.theme_label ? ` · ${table.theme_label}` : ""}
                </h3>
                <ul>
                  {table.members.map((member) => (
                    <li key={member.id}>{member.name}</li>
                  ))}
                </ul>
                <small>{table.why}</small>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  answerFollowUp,
  followUpPlan,
  followUpsOf,
  type FollowUpAnswer,
  type FollowUpQuestion,
  type Indicator,
} from "../api/matching";
import { Field, Loading, Outcome, useAction, useFormat, useLoad } from "../ui";

/** The follow-ups the organisation has been asked (3, 6, 12 months after the
 * day): for each partner, what came of it in the edition's impact indicators.
 * Nothing shows until a round has been asked. */
export default function FollowUps({ slug, organizationId }: { slug: string; organizationId: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(
    () =>
      Promise.all([followUpPlan(slug), followUpsOf(slug, organizationId)]),
    [slug, organizationId],
  );
  if (!loaded.data) return <Loading error={loaded.error} />;
  const [plan, rounds] = loaded.data;
  if (rounds.length === 0) return null;
  return (
    <section aria-labelledby="follow-ups-title">
      <h2 id="follow-ups-title">{t("followUps.title")}</h2>
      {[...rounds].reverse().map((round) => (
        <div key={round.months} className="panel">
          <p>{t("followUps.intro", { months: round.months })}</p>
          <ol className="recommendations">
            {round.partners.map((partner) => (
              <AnswerForm
                key={partner.partner_id}
                question={{ slug, orgId: organizationId, months: round.months, partnerId: partner.partner_id }}
                name={partner.partner_name ?? partner.partner_id}
                indicators={plan.indicators}
                answer={partner.answer}
              />
            ))}
          </ol>
        </div>
      ))}
    </section>
  );
}

function AnswerForm(props: {
  question: FollowUpQuestion;
  name: string;
  indicators: Indicator[];
  answer: FollowUpAnswer | null;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const action = useAction();
  const [chosen, setChosen] = useState<string[]>(props.answer?.indicators ?? []);
  const [still, setStill] = useState<string>(props.answer?.still_partners == null ? "" : String(props.answer.still_partners));
  const [note, setNote] = useState(props.answer?.note ?? "");
  const [answeredAt, setAnsweredAt] = useState(props.answer?.answered_at ?? null);
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const saved = await answerFollowUp(props.question, {
        indicators: chosen,
        still_partners: still === "" ? null : still === "true",
        note: note || null,
      });
      setAnsweredAt(saved.answered_at);
      return t("followUps.saved");
    });
  };
  return (
    <li>
      <h3>
        {props.name} {answeredAt && <small>{t("followUps.answered", { date: format.date(answeredAt) })}</small>}
      </h3>
      <form onSubmit={save}>
        <fieldset>
          <legend>{t("followUps.cameOf")}</legend>
          {props.indicators.map((indicator) => (
            <label key={indicator.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(indicator.id)}
                onChange={(event) =>
                  setChosen(event.target.checked ? [...chosen, indicator.id] : chosen.filter((c) => c !== indicator.id))
                }
              />
              {i18n.language === "da" ? indicator.label_da : indicator.label_en}
            </label>
          ))}
        </fieldset>
        <Field label={t("followUps.still")} error={action.fields.still_partners}>
          <select value={still} onChange={(event) => setStill(event.target.value)}>
            <option value="">{t("followUps.unknown")}</option>
            <option value="true">{t("followUps.yes")}</option>
            <option value="false">{t("followUps.no")}</option>
          </select>
        </Field>
        <Field label={t("followUps.note")} error={action.fields.note}>
          <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} />
        </Field>
        <button disabled={action.busy}>{t("followUps.save")}</button>
      </form>
      <Outcome state={action} />
    </li>
  );
}

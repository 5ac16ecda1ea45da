import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { patiently } from "../api/client";
import { evaluate } from "../api/feedback";
import { recommendationsOf, type Recommendation } from "../api/matching";
import { workshops as programme } from "../api/workshops";
import { Field, Loading, Outcome, useAction, useLoad } from "../ui";

interface Rated {
  rating: number;
  insight: string;
  insight_kind: "tip" | "ambition";
}

/** One participant's evaluation of the day: made for a phone. */
export default function EvaluationForm({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const { slug = "", participantId = "" } = useParams();
  const action = useAction();
  const loaded = useLoad(
    () =>
      Promise.all([
        programme(slug),
        recommendationsOf(slug, organizationId).catch(() => ({ recommendations: [] as Recommendation[] })),
      ]),
    [slug, organizationId],
  );
  const [day, setDay] = useState(0);
  const [rated, setRated] = useState<Record<string, Rated>>({});
  const [followUps, setFollowUps] = useState<Record<string, string>>({});
  const [comment, setComment] = useState("");
  const [mayQuote, setMayQuote] = useState(false);
  if (!loaded.data) return <Loading error={loaded.error} />;
  const [workshops, { recommendations }] = loaded.data;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const answer = await patiently(() =>
        evaluate(slug, participantId, {
          day_rating: day,
          workshops: Object.entries(rated).map(([workshop_id, r]) => ({
            workshop_id,
            rating: r.rating,
            insight: r.insight || null,
            insight_kind: r.insight ? r.insight_kind : null,
          })),
          follow_ups: Object.entries(followUps).map(([organization_id, topic]) => ({
            organization_id,
            topic: topic || null,
          })),
          comment: comment || null,
          may_quote: mayQuote,
        }),
      );
      return t("evaluate.sent", { version: answer.version });
    });
  };
  return (
    <form onSubmit={submit} className="evaluation">
      <h1>{t("evaluate.title")}</h1>
      <Stars label={t("evaluate.day")} value={day} onChange={setDay} error={action.fields.day_rating} name="day" />
      <h2>{t("evaluate.workshops")}</h2>
      {workshops.map((w) => {
        const mine = rated[w.id];
        return (
          <fieldset key={w.id}>
            <legend>{w.title}</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={!!mine}
                onChange={(event) => {
                  const next = { ...rated };
                  if (event.target.checked) next[w.id] = { rating: 0, insight: "", insight_kind: "tip" };
                  else delete next[w.id];
                  setRated(next);
                }}
              />
              {t("evaluate.attended")}
            </label>
            {mine && (
              <>
                <Stars
                  label={t("evaluate.rating")}
                  name={`rating-${w.id}`}
                  value={mine.rating}
                  onChange={(rating) => setRated({ ...rated, [w.id]: { ...mine, rating } })}
                />
                <Field label={t("evaluate.insight")}>
                  <textarea
                    value={mine.insight}
                    onChange={(event) => setRated({ ...rated, [w.id]: { ...mine, insight: event.target.value } })}
                  />
                </Field>
                <Field label={t("evaluate.kind")}>
                  <select
                    value={mine.insight_kind}
                    onChange={(event) =>
                      setRated({ ...rated, [w.id]: { ...mine, insight_kind: event.target.value as Rated["insight_kind"] } })
                    }
                  >
                    <option value="tip">{t("evaluate.tip")}</option>
                    <option value="ambition">{t("evaluate.ambition")}</option>
                  </select>
                </Field>
              </>
            )}
          </fieldset>
        );
      })}
      {recommendations.length > 0 && (
        <fieldset>
          <legend>{t("evaluate.followUps")}</legend>
          {recommendations.map((rec) => (
            <label key={rec.partner_id} className="check">
              <input
                type="checkbox"
                checked={rec.partner_id in followUps}
                onChange={(event) => {
                  const next = { ...followUps };
                  if (event.target.checked) next[rec.partner_id] = "";
                  else delete next[rec.partner_id];
                  setFollowUps(next);
                }}
              />
              {rec.partner_name}
            </label>
          ))}
        </fieldset>
      )}
      <Field label={t("evaluate.comment")}>
        <textarea value={comment} onChange={(event) => setComment(event.target.value)} />
      </Field>
      <label className="check">
        <input type="checkbox" checked={mayQuote} onChange={(event) => setMayQuote(event.target.checked)} />
        {t("evaluate.mayQuote")}
      </label>
      <button className="big" disabled={action.busy || day === 0}>
        {t("evaluate.send")}
      </button>
      <Outcome state={action} />
    </form>
  );
}

function Stars(props: { label: string; name: string; value: number; onChange: (value: number) => void; error?: string }) {
  return (
    <fieldset className="stars">
      <legend>{props.label}</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n}>
          <input type="radio" name={props.name} value={n} checked={props.value === n} onChange={() => props.onChange(n)} />
          {n}
        </label>
      ))}
      {props.error && (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </fieldset>
  );
}

import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { meetingPeriods, setMeetingPeriods, type MeetingPeriod, type RoundTime } from "../api/workshops";
import { Field, Loading, Outcome, useAction, useLoad } from "../ui";

const NEW: MeetingPeriod = { name: "", starts: "12:00", ends: "13:00", slot_minutes: 15, tables: 10 };
const minutes = (time: string) => time.slice(0, 5);

/** The day's meeting periods (outside or between the workshop rounds), where
 * recommended partners meet at tables, slot by slot; and when each round
 * runs, so no period lies across one. */
export default function MeetingPeriods({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => meetingPeriods(slug), [slug]);
  const [periods, setPeriods] = useState<MeetingPeriod[]>([]);
  const [rounds, setRounds] = useState<RoundTime[]>([]);
  const action = useAction();
  useEffect(() => {
    if (!loaded.data) return;
    setPeriods(loaded.data.periods.map((p) => ({ ...p, starts: minutes(p.starts), ends: minutes(p.ends) })));
    setRounds(loaded.data.rounds.map((r) => ({ ...r, starts: minutes(r.starts), ends: minutes(r.ends) })));
  }, [loaded.data]);
  if (!loaded.data) return <Loading error={loaded.error} />;
  const change = (index: number, field: keyof MeetingPeriod, value: string) =>
    setPeriods(
      periods.map((period, i) =>
        i !== index ? period : { ...period, [field]: field === "slot_minutes" || field === "tables" ? Number(value) : value },
      ),
    );
  const save = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        const saved = await setMeetingPeriods(slug, periods, rounds);
        return t("meetingPeriods.saved", { count: saved.slots.length });
      })
      .then((ok) => ok && loaded.reload());
  };
  return (
    <form onSubmit={save} className="panel" aria-label={t("meetingPeriods.title")}>
      <h3>{t("meetingPeriods.title")}</h3>
      <p>{t("meetingPeriods.intro")}</p>
      {periods.map((period, index) => (
        <fieldset key={index}>
          <Field label={t("meetingPeriods.name")}>
            <input required value={period.name} onChange={(e) => change(index, "name", e.target.value)} />
          </Field>
          <Field label={t("meetingPeriods.starts")}>
            <input type="time" required value={period.starts} onChange={(e) => change(index, "starts", e.target.value)} />
          </Field>
          <Field label={t("meetingPeriods.ends")}>
            <input type="time" required value={period.ends} onChange={(e) => change(index, "ends", e.target.value)} />
          </Field>
          <Field label={t("meetingPeriods.slotMinutes")}>
            <input
              type="number"
              min={5}
              max={240}
              value={period.slot_minutes}
              onChange={(e) => change(index, "slot_minutes", e.target.value)}
            />
          </Field>
          <Field label={t("meetingPeriods.tables")}>
            <input type="number" min={1} max={500} value={period.tables} onChange={(e) => change(index, "tables", e.target.value)} />
          </Field>
          <button type="button" className="secondary" onClick={() => setPeriods(periods.filter((_, i) => i !== index))}>
            {t("meetingPeriods.remove")}
          </button>
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => setPeriods([...periods, NEW])}>
        {t("meetingPeriods.add")}
      </button>
      <h4>{t("meetingPeriods.rounds")}</h4>
      <p>{t("meetingPeriods.roundsIntro")}</p>
      {rounds.map((round, index) => {
        const changeRound = (field: "starts" | "ends", value: string) =>
          setRounds(rounds.map((r, i) => (i === index ? { ...r, [field]: value } : r)));
        return (
          <fieldset key={round.round}>
            <legend>{t("programme.round", { round: round.round })}</legend>
            <Field label={t("meetingPeriods.starts")}>
              <input type="time" required value={round.starts} onChange={(e) => changeRound("starts", e.target.value)} />
            </Field>
            <Field label={t("meetingPeriods.ends")}>
              <input type="time" required value={round.ends} onChange={(e) => changeRound("ends", e.target.value)} />
            </Field>
            <button type="button" className="secondary" onClick={() => setRounds(rounds.filter((_, i) => i !== index))}>
              {t("meetingPeriods.remove")}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="secondary"
        onClick={() => setRounds([...rounds, { round: Math.max(0, ...rounds.map((r) => r.round)) + 1, starts: "10:00", ends: "11:00" }])}
      >
        {t("meetingPeriods.addRound")}
      </button>{" "}
      <button disabled={action.busy}>{t("meetingPeriods.save")}</button>
      {loaded.data.slots.length > 0 && (
        <p>
          {t("meetingPeriods.slots", {
            count: loaded.data.slots.length,
            first: loaded.data.slots[0].starts_at,
            last: loaded.data.slots[loaded.data.slots.length - 1].ends_at,
          })}
        </p>
      )}
      <Outcome state={action} />
    </form>
  );
}

import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../api/client";
import { followUpPlan, setFollowUpPlan } from "../api/matching";
import { allRegistrations, createEdition, edition as editionOf, invite, type Edition } from "../api/registration";
import { createTheme, createWorkshop, meetingPeriods, setMeetingPeriods, themes, workshops } from "../api/workshops";
import { Field, Outcome, useAction } from "../ui";

type Source = {
  edition: Edition;
  programme: Awaited<ReturnType<typeof workshops>>;
  ownThemes: Awaited<ReturnType<typeof themes>>;
  periods: Awaited<ReturnType<typeof meetingPeriods>>;
  plan: Awaited<ReturnType<typeof followUpPlan>>;
  organizations: string[];
};

const DAY = 24 * 3600 * 1000;

/** The other services learn of a new edition from its event, within seconds:
 * a call about it is tried again meanwhile (a 404, or a 409 "not yet"). */
async function once<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const early = error instanceof ApiError && [404, 409].includes(error.status);
      if (!early || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function read(slug: string): Promise<Source> {
  const [edition, programme, all, periods, plan, registered] = await Promise.all([
    editionOf(slug),
    workshops(slug),
    themes(slug),
    meetingPeriods(slug),
    followUpPlan(slug),
    allRegistrations(slug, { status: "active" }),
  ]);
  const ownThemes = all.filter((theme) => !theme.default);
  return { edition, programme, ownThemes, periods, plan, organizations: registered.map((r) => r.organization_id) };
}

/** "New edition from …": last year's programme (workshops, their themes,
 * rooms and seats), K, the meeting periods and the rounds' times, and the
 * follow-up plan, on the new day; the deadline moves with it. The organiser
 * sees what is copied before anything is made, and may invite last year's
 * organisations at once. */
export default function CopyEdition({ editions, onCreated }: { editions: Edition[]; onCreated: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [from, setFrom] = useState("");
  const [slug, setSlug] = useState("");
  const [title, setTitle] = useState("");
  const [date, setDate] = useState("");
  const [inviteThem, setInviteThem] = useState(false);
  const [source, setSource] = useState<Source | null>(null);

  const review = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setSource(await read(from));
      return t("copy.review");
    });
  };
  const create = () =>
    void action
      .run(async () => {
        const s = source!;
        const moved = new Date(`${date}T00:00:00Z`).getTime() - new Date(`${s.edition.date}T00:00:00Z`).getTime();
        const deadline = s.edition.registration_deadline
          ? new Date(new Date(s.edition.registration_deadline).getTime() + moved).toISOString()
          : null;
        await createEdition({
          slug,
          title,
          date,
          venue: s.edition.venue,
          starts_at: s.edition.starts_at,
          ends_at: s.edition.ends_at,
          registration_deadline: deadline,
          recommendations_per_organization: s.edition.recommendations_per_organization,
          retention_months: s.edition.retention_months,
        });
        for (const theme of s.ownThemes)
          await once(() => createTheme(slug, { id: theme.id, name_en: theme.name_en, name_da: theme.name_da }));
        for (const w of s.programme)
          await once(() =>
            createWorkshop(slug, { title: w.title, theme: w.theme, round: w.round, capacity: w.capacity, room: w.room, facilitator: w.facilitator }),
          );
        await once(() => setMeetingPeriods(slug, s.periods.periods, s.periods.rounds));
        await once(() => setFollowUpPlan(slug, s.plan));
        if (inviteThem && s.organizations.length) await invite(slug, s.organizations);
        return t("copy.done", { title, workshops: s.programme.length, days: Math.round(moved / DAY) });
      })
      .then((ok) => {
        if (ok) {
          setSource(null);
          onCreated();
        }
      });

  return (
    <form onSubmit={review} className="panel" aria-label={t("copy.title")}>
      <h2>{t("copy.title")}</h2>
      <p>{t("copy.intro")}</p>
      <Field label={t("copy.from")}>
        <select required value={from} onChange={(e) => setFrom(e.target.value)}>
          <option value="">{t("copy.pick")}</option>
          {editions.map((e) => (
            <option key={e.slug} value={e.slug}>
              {e.title} ({e.date})
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("copy.newSlug")} hint={t("editions.slugHint")} error={action.fields.slug}>
        <input required pattern="[a-z0-9-]+" value={slug} onChange={(e) => setSlug(e.target.value)} />
      </Field>
      <Field label={t("copy.newTitle")} error={action.fields.title}>
        <input required value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t("copy.newDate")} error={action.fields.date}>
        <input required type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      </Field>
      <button disabled={action.busy}>{t("copy.show")}</button>
      {source && (
        <section aria-label={t("copy.what")}>
          <h3>{t("copy.what")}</h3>
          <ul>
            <li>{t("copy.k", { k: source.edition.recommendations_per_organization })}</li>
            <li>{t("copy.workshops", { count: source.programme.length })}</li>
            {source.programme.map((w) => (
              <li key={w.id}>
                {t("programme.round", { round: w.round })}: {w.title} · {w.capacity}
                {w.room ? ` · ${w.room}` : ""}
              </li>
            ))}
            <li>{t("copy.periods", { count: source.periods.periods.length, rounds: source.periods.rounds.length })}</li>
            <li>{t("copy.followUps", { months: source.plan.months.join(", ") })}</li>
          </ul>
          <label className="check">
            <input type="checkbox" checked={inviteThem} onChange={(e) => setInviteThem(e.target.checked)} />
            {t("copy.invite", { count: source.organizations.length })}
          </label>
          <button type="button" disabled={action.busy || !slug || !title || !date} onClick={create}>
            {t("copy.create", { title })}
          </button>
        </section>
      )}
      <Outcome state={action} />
    </form>
  );
}

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { createWorkshop, themes as themesOf, workshops as programme, type Theme } from "../api/workshops";
import { themeName } from "../i18n";
import { Field, Loading, Outcome, useAction, useLoad } from "../ui";
import MeetingPeriods from "./MeetingPeriods";

export default function Programme({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const workshops = useLoad(() => programme(slug), [slug]);
  const themes = useLoad(() => themesOf(slug), [slug]);
  if (!workshops.data || !themes.data) return <Loading error={workshops.error ?? themes.error} />;
  const rounds = [...new Set(workshops.data.map((w) => w.round))].sort((a, b) => a - b);
  return (
    <div>
      <h2>{t("programme.title")}</h2>
      {rounds.length === 0 && <p>{t("programme.none")}</p>}
      {rounds.map((round) => (
        <section key={round}>
          <h3>{t("programme.round", { round })}</h3>
          <ul className="cards">
            {workshops.data!
              .filter((w) => w.round === round)
              .map((w) => (
                <li key={w.id}>
                  <strong>{w.title}</strong>
                  <span>{themeName(themes.data!, w.theme)}</span>
                  <meter min={0} max={w.capacity} value={w.seats_taken} aria-label={t("programme.seats")} />
                  <span>
                    {t("programme.taken", { taken: w.seats_taken, capacity: w.capacity })}
                    {w.waitlist_length > 0 && ` · ${t("programme.waitlist", { count: w.waitlist_length })}`}
                  </span>
                </li>
              ))}
          </ul>
        </section>
      ))}
      <NewWorkshop slug={slug} themes={themes.data} onCreated={workshops.reload} />
      <MeetingPeriods slug={slug} />
    </div>
  );
}

function NewWorkshop(props: { slug: string; themes: Theme[]; onCreated: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const empty = { title: "", theme: props.themes[0]?.id ?? "", round: "1", capacity: "20", room: "" };
  const [form, setForm] = useState(empty);
  const set = (key: keyof typeof form) => (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setForm({ ...form, [key]: event.target.value });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await createWorkshop(props.slug, {
          title: form.title,
          theme: form.theme,
          round: Number(form.round),
          capacity: Number(form.capacity),
          room: form.room || null,
        });
        return t("programme.created", { title: form.title });
      })
      .then((ok) => {
        if (ok) {
          setForm(empty);
          props.onCreated();
        }
      });
  };
  return (
    <form onSubmit={submit} className="panel">
      <h3>{t("programme.new")}</h3>
      <Field label={t("programme.titleField")} error={action.fields.title}>
        <input value={form.title} onChange={set("title")} required />
      </Field>
      <Field label={t("programme.theme")} error={action.fields.theme}>
        <select value={form.theme} onChange={set("theme")}>
          {props.themes.map((theme) => (
            <option key={theme.id} value={theme.id}>
              {themeName(props.themes, theme.id)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("programme.roundField")} error={action.fields.round}>
        <input type="number" min={1} value={form.round} onChange={set("round")} required />
      </Field>
      <Field label={t("programme.capacity")} error={action.fields.capacity}>
        <input type="number" min={1} value={form.capacity} onChange={set("capacity")} required />
      </Field>
      <Field label={t("programme.room")} error={action.fields.room}>
        <input value={form.room} onChange={set("room")} />
      </Field>
      <button disabled={action.busy}>{t("programme.create")}</button>
      <Outcome state={action} />
    </form>
  );
}

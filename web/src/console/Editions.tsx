import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { call, get } from "../api";
import type { Edition } from "../types";
import { Field, Loading, Outcome, useAction, useFormat, useLoad } from "../ui";

export default function Editions() {
  const { t } = useTranslation();
  const format = useFormat();
  const editions = useLoad(() => get<Edition[]>("/registration/editions"), []);
  return (
    <section>
      <h1>{t("editions.title")}</h1>
      {editions.data ? (
        <ul className="cards">
          {editions.data.map((edition) => (
            <li key={edition.slug}>
              <Link to={`/console/${edition.slug}`}>{edition.title}</Link>
              <span>
                {format.date(edition.date)}
                {edition.venue ? ` · ${edition.venue}` : ""}
              </span>
            </li>
          ))}
          {editions.data.length === 0 && <li>{t("editions.none")}</li>}
        </ul>
      ) : (
        <Loading error={editions.error} />
      )}
      <NewEdition onCreated={editions.reload} />
    </section>
  );
}

function NewEdition({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [form, setForm] = useState({ slug: "", title: "", date: "", venue: "", deadline: "" });
  const set = (key: keyof typeof form) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [key]: event.target.value });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await call("POST", "/registration/editions", {
          slug: form.slug,
          title: form.title,
          date: form.date,
          venue: form.venue || null,
          registration_deadline: form.deadline ? new Date(form.deadline).toISOString() : null,
        });
        return t("editions.created", { title: form.title });
      })
      .then((ok) => {
        if (ok) {
          setForm({ slug: "", title: "", date: "", venue: "", deadline: "" });
          onCreated();
        }
      });
  };
  return (
    <form onSubmit={submit} className="panel">
      <h2>{t("editions.new")}</h2>
      <Field label={t("editions.slug")} error={action.fields.slug} hint={t("editions.slugHint")}>
        <input value={form.slug} onChange={set("slug")} required pattern="[a-z0-9-]+" />
      </Field>
      <Field label={t("editions.titleField")} error={action.fields.title}>
        <input value={form.title} onChange={set("title")} required />
      </Field>
      <Field label={t("editions.date")} error={action.fields.date}>
        <input type="date" value={form.date} onChange={set("date")} required />
      </Field>
      <Field label={t("editions.venue")} error={action.fields.venue}>
        <input value={form.venue} onChange={set("venue")} />
      </Field>
      <Field label={t("editions.deadline")} error={action.fields.registration_deadline}>
        <input type="datetime-local" value={form.deadline} onChange={set("deadline")} />
      </Field>
      <button disabled={action.busy}>{t("editions.create")}</button>
      <Outcome state={action} />
    </form>
  );
}

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { call } from "../api";
import type { Edition } from "../types";
import { Field, Outcome, useAction } from "../ui";

/** The day's title, date, venue and deadline (its short name and K stay). */
export default function EditEdition({ edition, onSaved }: { edition: Edition; onSaved: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const local = (value: string | null) => (value ? toLocalInput(new Date(value)) : "");
  const [form, setForm] = useState({
    title: edition.title,
    date: edition.date,
    venue: edition.venue ?? "",
    deadline: local(edition.registration_deadline),
  });
  const set = (key: keyof typeof form) => (event: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [key]: event.target.value });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await call("PATCH", `/registration/editions/${edition.slug}`, {
          title: form.title,
          date: form.date,
          venue: form.venue || null,
          registration_deadline: form.deadline ? new Date(form.deadline).toISOString() : null,
        });
        return t("editions.saved");
      })
      .then((ok) => ok && onSaved());
  };
  return (
    <details className="panel">
      <summary>{t("editions.edit")}</summary>
      <form onSubmit={submit}>
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
        <button disabled={action.busy}>{t("editions.save")}</button>
        <Outcome state={action} />
      </form>
    </details>
  );
}

/** A moment as a datetime-local input shows it: the reader's own clock. */
function toLocalInput(moment: Date): string {
  const shifted = new Date(moment.getTime() - moment.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

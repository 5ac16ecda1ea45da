import { useState } from "react";
import { useTranslation } from "react-i18next";
import { changeEdition, type Edition } from "../api/registration";
import { Outcome, useAction } from "../ui";
import EditionFields, { editionBody, type EditionForm } from "./EditionFields";

/** The day's title, date, venue and deadline (its short name and K stay). */
export default function EditEdition({ edition, onSaved }: { edition: Edition; onSaved: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [form, setForm] = useState<EditionForm>({
    title: edition.title,
    date: edition.date,
    venue: edition.venue ?? "",
    startsAt: edition.starts_at ?? "",
    endsAt: edition.ends_at ?? "",
    deadline: edition.registration_deadline ? toLocalInput(new Date(edition.registration_deadline)) : "",
    retention: String(edition.retention_months),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await changeEdition(edition.slug, editionBody(form));
        return t("editions.saved");
      })
      .then((ok) => ok && onSaved());
  };
  return (
    <details className="panel">
      <summary>{t("editions.edit")}</summary>
      <form onSubmit={submit}>
        <EditionFields form={form} onChange={setForm} errors={action.fields} />
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

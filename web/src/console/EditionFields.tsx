import { useTranslation } from "react-i18next";
import { Field } from "../ui";

/** An impact day's fields, as the forms that create and change one show them. */
export interface EditionForm {
  title: string;
  date: string;
  venue: string;
  startsAt: string; // "HH:MM", Danish time, or empty
  endsAt: string;
  deadline: string; // as a datetime-local input holds it: the reader's clock
  retention: string; // months after the day at which personal data is erased
}

/** The API's fields for `form`. */
export function editionBody(form: EditionForm) {
  return {
    title: form.title,
    date: form.date,
    venue: form.venue || null,
    starts_at: form.startsAt || null,
    ends_at: form.endsAt || null,
    registration_deadline: form.deadline ? new Date(form.deadline).toISOString() : null,
    retention_months: Number(form.retention),
  };
}

export default function EditionFields(props: {
  form: EditionForm;
  onChange: (form: EditionForm) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const { form, errors } = props;
  const set = (key: keyof EditionForm) => (event: React.ChangeEvent<HTMLInputElement>) =>
    props.onChange({ ...form, [key]: event.target.value });
  return (
    <>
      <Field label={t("editions.titleField")} error={errors.title}>
        <input value={form.title} onChange={set("title")} required />
      </Field>
      <Field label={t("editions.date")} error={errors.date}>
        <input type="date" value={form.date} onChange={set("date")} required />
      </Field>
      <Field label={t("editions.venue")} error={errors.venue}>
        <input value={form.venue} onChange={set("venue")} />
      </Field>
      <Field label={t("editions.startsAt")} error={errors.starts_at} hint={t("editions.timeHint")}>
        <input type="time" value={form.startsAt} onChange={set("startsAt")} />
      </Field>
      <Field label={t("editions.endsAt")} error={errors.ends_at}>
        <input type="time" value={form.endsAt} onChange={set("endsAt")} />
      </Field>
      <Field label={t("editions.deadline")} error={errors.registration_deadline}>
        <input type="datetime-local" value={form.deadline} onChange={set("deadline")} />
      </Field>
      <Field label={t("editions.retention")} error={errors.retention_months} hint={t("editions.retentionHint")}>
        <input type="number" min={1} max={120} value={form.retention} onChange={set("retention")} required />
      </Field>
    </>
  );
}

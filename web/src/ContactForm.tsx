import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { contactOf, eraseContact, setContact, type ContactFields } from "./api/registration";
import { Field, Loading, Outcome, useAction, useLoad } from "./ui";

const EMPTY: ContactFields = { name: "", email: "", language: "da", share_with_partners: false };

/** The organisation's contact person: whom Synergi writes to about it
 * (invitations, waitlist notices, new links). Set, changed or erased by the
 * organisation itself or the organiser. */
export default function ContactForm({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const contact = useLoad(() => contactOf(organizationId), [organizationId]);
  const [form, setForm] = useState<ContactFields>(EMPTY);
  const action = useAction();
  useEffect(() => {
    const held = contact.data;
    setForm(
      held
        ? { name: held.name, email: held.email, language: held.language, share_with_partners: held.share_with_partners }
        : EMPTY,
    );
  }, [contact.data]);
  if (contact.data === null && contact.error) return <Loading error={contact.error} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await setContact(organizationId, form);
        return t("contact.saved");
      })
      .then((ok) => ok && contact.reload());
  };
  const erase = () =>
    void action
      .run(async () => {
        await eraseContact(organizationId);
        return t("contact.erased");
      })
      .then((ok) => ok && contact.reload());
  const unsubscribed = contact.data?.unsubscribed ?? [];
  return (
    <form onSubmit={submit} className="panel" aria-label={t("contact.title")}>
      <h2>{t("contact.title")}</h2>
      <p>{t("contact.intro")}</p>
      <Field label={t("contact.name")} error={action.fields.name}>
        <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
      </Field>
      <Field label={t("contact.email")} error={action.fields.email}>
        <input type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
      </Field>
      <Field label={t("contact.language")} error={action.fields.language}>
        <select
          value={form.language}
          onChange={(e) => setForm({ ...form, language: e.target.value as ContactFields["language"] })}
        >
          <option value="da">Dansk</option>
          <option value="en">English</option>
        </select>
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={form.share_with_partners ?? false}
          onChange={(e) => setForm({ ...form, share_with_partners: e.target.checked })}
        />{" "}
        {t("contact.share")}
      </label>
      {unsubscribed.length > 0 && (
        <p>{t("contact.unsubscribed", { kinds: unsubscribed.map((kind) => t(`mails.kinds.${kind}`)).join(", ") })}</p>
      )}
      <button type="submit" disabled={action.busy}>
        {t("contact.save")}
      </button>
      {contact.data && (
        <button type="button" className="secondary" onClick={erase} disabled={action.busy}>
          {t("contact.erase")}
        </button>
      )}
      <Outcome state={action} />
    </form>
  );
}

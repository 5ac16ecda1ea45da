import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { changeOrganization, editions as editionsOf, organization, type Organization } from "../api/registration";
import ContactForm from "../ContactForm";
import { Field, Loading, Outcome, SizeField, useAction, useFormat, useLoad } from "../ui";

const LISTS = ["target_groups", "regions", "offers", "needs"] as const;

/** An organisation's own page: its profile, and the editions it can join. */
export default function OrgHome({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const profile = useLoad(() => organization(organizationId), [organizationId]);
  const editions = useLoad(editionsOf, []);
  if (!profile.data || !editions.data) return <Loading error={profile.error ?? editions.error} />;
  return (
    <section>
      <h1>{profile.data.name}</h1>
      <h2>{t("org.editions")}</h2>
      <ul className="cards">
        {editions.data.map((edition) => (
          <li key={edition.slug}>
            <Link to={`/org/${edition.slug}`}>{edition.title}</Link>
            <span>{format.date(edition.date)}</span>
          </li>
        ))}
      </ul>
      <ProfileForm profile={profile.data} onSaved={profile.reload} />
      <ContactForm organizationId={organizationId} />
    </section>
  );
}

function ProfileForm({ profile, onSaved }: { profile: Organization; onSaved: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const asText = (p: Organization) => ({
    size: p.size,
    description: p.description ?? "",
    ...Object.fromEntries(LISTS.map((key) => [key, p[key].join(", ")])),
  }) as Record<string, string>;
  const [form, setForm] = useState(asText(profile));
  useEffect(() => setForm(asText(profile)), [profile]);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        const lists = Object.fromEntries(
          LISTS.map((key) => [key, form[key].split(",").map((tag) => tag.trim()).filter(Boolean)]),
        );
        await changeOrganization(profile.id, {
          size: form.size as Organization["size"],
          description: form.description || null,
          ...lists,
        });
        return t("org.saved");
      })
      .then((ok) => ok && onSaved());
  };
  return (
    <form onSubmit={submit} className="panel">
      <h2>{t("org.profile")}</h2>
      <SizeField value={form.size} onChange={(size) => setForm({ ...form, size })} error={action.fields.size} />
      {LISTS.map((key) => (
        <Field key={key} label={t(`org.${key}`)} hint={t("org.commaHint")} error={action.fields[key]}>
          <input value={form[key]} onChange={(event) => setForm({ ...form, [key]: event.target.value })} />
        </Field>
      ))}
      <Field label={t("org.description")} error={action.fields.description}>
        <textarea value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} />
      </Field>
      <button disabled={action.busy}>{t("org.save")}</button>
      <Outcome state={action} />
    </form>
  );
}

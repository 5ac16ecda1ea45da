import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { changeOrganization, editionsOfOrganization, organization, type Organization } from "../api/registration";
import { concepts as vocabulary } from "../api/matching";
import ContactForm from "../ContactForm";
import TagPicker, { withTyped } from "./TagPicker";
import { Field, Loading, Outcome, SizeField, useAction, useFormat, useLoad } from "../ui";

const LISTS = ["target_groups", "regions", "offers", "needs"] as const;

/** An organisation's own page: its editions and those it can join (the next
 * first), its profile, and its contact person. */
export default function OrgHome({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const profile = useLoad(() => organization(organizationId), [organizationId]);
  const editions = useLoad(() => editionsOfOrganization(organizationId), [organizationId]);
  if (!profile.data || !editions.data) return <Loading error={profile.error ?? editions.error} />;
  return (
    <section>
      <h1>{profile.data.name}</h1>
      <h2>{t("org.editions")}</h2>
      {editions.data.length === 0 && <p>{t("org.noEditions")}</p>}
      <ul className="cards">
        {editions.data.map((edition) => (
          <li key={edition.slug}>
            <Link to={`/org/${edition.slug}`}>{edition.title}</Link>
            <span>{format.date(edition.date)}</span>
            <span>{edition.registered ? t("org.registered") : edition.open ? t("org.openForRegistration") : ""}</span>
          </li>
        ))}
      </ul>
      <ProfileForm profile={profile.data} onSaved={profile.reload} />
      <ContactForm organizationId={organizationId} />
    </section>
  );
}

type Lists = Record<(typeof LISTS)[number], string[]>;

function ProfileForm({ profile, onSaved }: { profile: Organization; onSaved: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const words = useLoad(vocabulary, []);
  const asForm = (p: Organization) => ({ size: p.size as string, description: p.description ?? "" });
  const asLists = (p: Organization) => Object.fromEntries(LISTS.map((key) => [key, [...p[key]]])) as Lists;
  const [form, setForm] = useState(asForm(profile));
  const [lists, setLists] = useState<Lists>(asLists(profile));
  const [typed, setTyped] = useState<Record<string, string>>({});
  useEffect(() => {
    setForm(asForm(profile));
    setLists(asLists(profile));
    setTyped({});
  }, [profile]);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        const all = Object.fromEntries(
          LISTS.map((key) => [key, withTyped(lists[key], typed[key] ?? "", words.data ?? [])]),
        ) as Lists;
        await changeOrganization(profile.id, {
          size: form.size as Organization["size"],
          description: form.description || null,
          ...all,
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
        <TagPicker
          key={key}
          label={t(`org.${key}`)}
          values={lists[key]}
          onChange={(values) => setLists({ ...lists, [key]: values })}
          typed={typed[key] ?? ""}
          onTyped={(text) => setTyped({ ...typed, [key]: text })}
          concepts={words.data ?? []}
          error={action.fields[key]}
        />
      ))}
      <Field label={t("org.description")} error={action.fields.description}>
        <textarea value={form.description} onChange={(event) => setForm({ ...form, description: event.target.value })} />
      </Field>
      <button disabled={action.busy}>{t("org.save")}</button>
      <Outcome state={action} />
    </form>
  );
}

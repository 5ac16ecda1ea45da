import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { allRegistrations, editionsOfOrganization, register, type Registration } from "../api/registration";
import { themes as themesOf } from "../api/workshops";
import { themeName } from "../i18n";
import { Field, Outcome, useAction, useLoad } from "../ui";

interface Person {
  name: string;
  email: string;
  share_contact: boolean;
}

const nobody = (): Person => ({ name: "", email: "", share_contact: false });

/** The organisation's registration for its latest edition before this one, if any. */
async function lastRegistration(organizationId: string, slug: string): Promise<{ title: string; registration: Registration } | null> {
  const editions = await editionsOfOrganization(organizationId);
  const day = editions.find((e) => e.slug === slug)?.date ?? "9999";
  const earlier = editions.filter((e) => e.registered && e.slug !== slug && e.date < day).sort((a, b) => b.date.localeCompare(a.date));
  if (!earlier.length) return null;
  const [registration] = await allRegistrations(earlier[0].slug, { status: "active", organization_id: organizationId });
  return registration ? { title: earlier[0].title, registration } : null;
}

export default function RegisterForm(props: { slug: string; organizationId: string; onRegistered: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const themes = useLoad(() => themesOf(props.slug), [props.slug]);
  const [people, setPeople] = useState<Person[]>([nobody()]);
  const [challenges, setChallenges] = useState<string[]>([]);
  // A returning organisation starts from last time's people and themes; each
  // person's consent is asked again.
  const last = useLoad(() => lastRegistration(props.organizationId, props.slug), [props.organizationId, props.slug]);
  useEffect(() => {
    const before = last.data?.registration;
    if (!before) return;
    const returning = before.participants.filter((p) => p.name && p.email);
    if (returning.length) setPeople(returning.map((p) => ({ name: p.name!, email: p.email!, share_contact: false })));
    setChallenges(before.challenge_themes ?? []);
  }, [last.data]);
  const change = (index: number, person: Partial<Person>) =>
    setPeople(people.map((p, i) => (i === index ? { ...p, ...person } : p)));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await register(props.slug, {
          organization_id: props.organizationId,
          participants: people,
          challenge_themes: challenges,
        });
      })
      .then((ok) => ok && props.onRegistered());
  };
  return (
    <form onSubmit={submit} className="panel">
      <h2>{t("register.title")}</h2>
      {last.data && <p>{t("register.fromLastTime", { edition: last.data.title })}</p>}
      {people.map((person, index) => (
        <fieldset key={index}>
          <legend>{t("register.person", { number: index + 1 })}</legend>
          <Field label={t("register.name")} error={action.fields[`participants.${index}.name`]}>
            <input value={person.name} onChange={(event) => change(index, { name: event.target.value })} required />
          </Field>
          <Field label={t("register.email")} error={action.fields[`participants.${index}.email`]}>
            <input type="email" value={person.email} onChange={(event) => change(index, { email: event.target.value })} required />
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={person.share_contact}
              onChange={(event) => change(index, { share_contact: event.target.checked })}
            />
            {t("register.consent")}
          </label>
          {people.length > 1 && (
            <button type="button" className="secondary" onClick={() => setPeople(people.filter((_, i) => i !== index))}>
              {t("register.removePerson")}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="secondary" onClick={() => setPeople([...people, nobody()])}>
        {t("register.addPerson")}
      </button>
      {themes.data && (
        <fieldset>
          <legend>{t("register.challenges")}</legend>
          {themes.data
            .filter((theme) => theme.default) // an edition's own themes are for workshops only
            .map((theme) => (
              <label key={theme.id} className="check">
                <input
                  type="checkbox"
                  checked={challenges.includes(theme.id)}
                  onChange={(event) =>
                    setChallenges(event.target.checked ? [...challenges, theme.id] : challenges.filter((c) => c !== theme.id))
                  }
                />
                {themeName(themes.data!, theme.id)}
              </label>
            ))}
        </fieldset>
      )}
      <button disabled={action.busy}>{t("register.submit")}</button>
      <Outcome state={action} />
    </form>
  );
}

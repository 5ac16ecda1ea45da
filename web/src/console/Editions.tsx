import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { createEdition, editions as editionsOf, revokeOrganizerLinks } from "../api/registration";
import { Field, Loading, Outcome, useAction, useFormat, useLoad } from "../ui";
import CopyEdition from "./CopyEdition";
import EditionFields, { editionBody, type EditionForm } from "./EditionFields";

export default function Editions() {
  const { t } = useTranslation();
  const format = useFormat();
  const editions = useLoad(editionsOf, []);
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
      {editions.data && editions.data.length > 0 && <CopyEdition editions={editions.data} onCreated={editions.reload} />}
      <OrganizerLinks />
    </section>
  );
}

/** A link sent to the wrong person, a laptop lost: every unused organiser link
 * stops working and every other organiser session ends. */
function OrganizerLinks() {
  const { t } = useTranslation();
  const action = useAction();
  const revoke = () =>
    action.run(async () => {
      const { revoked } = await revokeOrganizerLinks();
      return t("editions.organizerRevoked", { count: revoked });
    });
  return (
    <div className="panel">
      <h2>{t("editions.organizerLinks")}</h2>
      <p>{t("editions.organizerLinksHint")}</p>
      <button className="secondary" onClick={() => void revoke()} disabled={action.busy}>
        {t("editions.organizerRevoke")}
      </button>
      <Outcome state={action} />
    </div>
  );
}

function NewEdition({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const empty = { title: "", date: "", venue: "", startsAt: "", endsAt: "", deadline: "", retention: "30" };
  const [slug, setSlug] = useState("");
  const [form, setForm] = useState<EditionForm>(empty);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await createEdition({ slug, ...editionBody(form) });
        return t("editions.created", { title: form.title });
      })
      .then((ok) => {
        if (ok) {
          setSlug("");
          setForm(empty);
          onCreated();
        }
      });
  };
  return (
    <form onSubmit={submit} className="panel">
      <h2>{t("editions.new")}</h2>
      <Field label={t("editions.slug")} error={action.fields.slug} hint={t("editions.slugHint")}>
        <input value={slug} onChange={(event) => setSlug(event.target.value)} required pattern="[a-z0-9-]+" />
      </Field>
      <EditionFields form={form} onChange={setForm} errors={action.fields} />
      <button disabled={action.busy}>{t("editions.create")}</button>
      <Outcome state={action} />
    </form>
  );
}

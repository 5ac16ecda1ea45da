import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  allOrganizations,
  allRegistrations,
  createOrganization,
  makeSignInLink,
  organizationsPage,
  revokeSignInLinks,
  type Organization,
  type Registration,
  type SignInLink,
} from "../api/registration";
import ContactForm from "../ContactForm";
import ImportSpreadsheet from "./ImportSpreadsheet";
import { save, toCsv } from "../csv";
import { Field, Loading, Outcome, Pager, SizeField, useAction, useFormat, useLoad } from "../ui";

const PAGE = 25;

export default function Organisations({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const [offset, setOffset] = useState(0);
  const directory = useLoad(() => organizationsPage(query, PAGE, offset), [query, offset]);
  const registrations = useLoad(() => allRegistrations(slug, { status: "active" }), [slug]);
  const registered = new Map((registrations.data ?? []).map((r) => [r.organization_id, r]));

  return (
    <div>
      <h2>{t("orgs.title")}</h2>
      <Field label={t("orgs.search")}>
        <input
          type="search"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setOffset(0);
          }}
        />
      </Field>
      {directory.data ? (
        <>
          <table>
            <thead>
              <tr>
                <th>{t("orgs.name")}</th>
                <th>{t("orgs.size")}</th>
                <th>{t("orgs.registration")}</th>
                <th>{t("orgs.signInLink")}</th>
              </tr>
            </thead>
            <tbody>
              {directory.data.items.map((org) => (
                <OrganisationRow key={org.id} org={org} registration={registered.get(org.id)} />
              ))}
            </tbody>
          </table>
          <Pager offset={offset} limit={PAGE} total={directory.data.total} onMove={setOffset} />
        </>
      ) : (
        <Loading error={directory.error} />
      )}
      <LinksForEveryone slug={slug} registrations={registrations.data ?? []} />
      <NewOrganisation onCreated={directory.reload} />
      <ImportSpreadsheet onImported={directory.reload} />
    </div>
  );
}

function OrganisationRow({ org, registration }: { org: Organization; registration?: Registration }) {
  const { t } = useTranslation();
  const format = useFormat();
  const action = useAction();
  const [link, setLink] = useState<SignInLink | null>(null);
  const make = () =>
    action.run(async () => {
      const made = await makeSignInLink(org.id);
      setLink(made);
      const url = window.location.origin + made.path;
      await navigator.clipboard?.writeText(url).catch(() => undefined);
      return t("orgs.linkMade");
    });
  const revoke = () =>
    action.run(async () => {
      const { revoked } = await revokeSignInLinks(org.id);
      setLink(null);
      return t("orgs.revoked", { count: revoked });
    });
  return (
    <tr>
      <td>
        {org.name}
        <ContactDetails org={org} />
      </td>
      <td>{t(`size.${org.size}`)}</td>
      <td>
        {registration
          ? t("orgs.registered", { count: registration.participants.filter((p) => !p.erased_at).length })
          : t("orgs.notRegistered")}
      </td>
      <td>
        <button onClick={() => void make()} disabled={action.busy}>
          {t("orgs.makeLink")}
        </button>{" "}
        <button className="secondary" onClick={() => void revoke()} disabled={action.busy}>
          {t("orgs.revoke")}
        </button>
        {link && (
          <p>
            <input
              readOnly
              aria-label={t("orgs.linkFor", { name: org.name })}
              value={window.location.origin + link.path}
              onFocus={(event) => event.target.select()}
            />
            <small>{t("orgs.validUntil", { when: format.dateTime(link.expires_at) })}</small>
          </p>
        )}
        <Outcome state={action} />
      </td>
    </tr>
  );
}

/** The organisation's contact person, whom invitations go to: read and
 * edited only when opened (a page of rows reads none). */
function ContactDetails({ org }: { org: Organization }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary aria-label={t("orgs.contactOf", { name: org.name })}>{t("contact.title")}</summary>
      {open && <ContactForm organizationId={org.id} />}
    </details>
  );
}

/** One link per registered organisation, as a CSV for a mail merge. */
function LinksForEveryone({ slug, registrations }: { slug: string; registrations: Registration[] }) {
  const { t } = useTranslation();
  const action = useAction();
  const download = () =>
    action.run(async () => {
      // The names in one read of the directory; then one new link each.
      const names = new Map((await allOrganizations()).map((o) => [o.id, o.name]));
      const rows = [];
      for (const registration of registrations) {
        const id = registration.organization_id;
        const link = await makeSignInLink(id);
        const contact = registration.participants.find((p) => p.email)?.email ?? "";
        rows.push([names.get(id) ?? id, contact, window.location.origin + link.path, link.expires_at]);
      }
      const header = ["organisation", "email", "sign_in_link", "valid_until"];
      save(toCsv(header, rows), `${slug}-sign-in-links.csv`);
      return t("orgs.csvMade", { count: rows.length });
    });
  return (
    <div className="panel">
      <button onClick={() => void download()} disabled={action.busy || registrations.length === 0}>
        {t("orgs.allLinks")}
      </button>
      <Outcome state={action} />
    </div>
  );
}

function NewOrganisation({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [name, setName] = useState("");
  const [size, setSize] = useState("small");
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await createOrganization({ name, size: size as Organization["size"] });
        return t("orgs.created", { name });
      })
      .then((ok) => {
        if (ok) {
          setName("");
          onCreated();
        }
      });
  };
  return (
    <form onSubmit={submit} className="panel">
      <h3>{t("orgs.new")}</h3>
      <Field label={t("orgs.name")} error={action.fields.name}>
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </Field>
      <SizeField value={size} onChange={setSize} error={action.fields.size} />
      <button disabled={action.busy}>{t("orgs.create")}</button>
      <Outcome state={action} />
    </form>
  );
}

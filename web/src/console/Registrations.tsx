import { useState } from "react";
import { useTranslation } from "react-i18next";
import { allOrganizations, allRegistrations, registrationsPage } from "../api/registration";
import { save, toCsv } from "../csv";
import { Field, Loading, Outcome, Pager, useAction, useFormat, useLoad } from "../ui";

const PAGE = 25;

/** The day's registrations: filtered by status, paged, and exported. */
export default function Registrations({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const action = useAction();
  const [status, setStatus] = useState<"" | "active" | "cancelled">("active");
  const [offset, setOffset] = useState(0);
  const filter = status ? { status } : {};
  const page = useLoad(() => registrationsPage(slug, filter, PAGE, offset), [slug, status, offset]);
  const directory = useLoad(allOrganizations, []);
  const names = new Map((directory.data ?? []).map((org) => [org.id, org.name]));

  const exportAll = () =>
    action.run(async () => {
      const all = await allRegistrations(slug, filter);
      const rows = all.flatMap((r) =>
        r.participants.map((p) => [names.get(r.organization_id) ?? r.organization_id, r.status, p.name ?? "", p.email ?? "", p.role ?? "", p.consent?.share_contact ? "yes" : "no"]),
      );
      const header = ["organisation", "status", "participant", "email", "role", "share_contact"];
      save(toCsv(header, rows), `${slug}-registrations.csv`);
      return t("registrations.exported", { count: rows.length });
    });

  return (
    <div>
      <h2>{t("registrations.title")}</h2>
      <Field label={t("registrations.status")}>
        <select
          value={status}
          onChange={(event) => {
            setStatus(event.target.value as typeof status);
            setOffset(0);
          }}
        >
          <option value="active">{t("registrations.active")}</option>
          <option value="cancelled">{t("registrations.cancelled")}</option>
          <option value="">{t("registrations.all")}</option>
        </select>
      </Field>
      {page.data ? (
        <>
          <table>
            <thead>
              <tr>
                <th>{t("orgs.name")}</th>
                <th>{t("registrations.people")}</th>
                <th>{t("registrations.status")}</th>
                <th>{t("registrations.when")}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((r) => (
                <tr key={r.id}>
                  <td>{names.get(r.organization_id) ?? r.organization_id}</td>
                  <td>{r.participants.filter((p) => !p.erased_at).map((p) => p.name).join(", ")}</td>
                  <td>{t(`registrations.${r.status}`)}</td>
                  <td>{format.dateTime(r.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager offset={offset} limit={PAGE} total={page.data.total} onMove={setOffset} />
        </>
      ) : (
        <Loading error={page.error} />
      )}
      <button className="secondary" onClick={() => void exportAll()} disabled={action.busy}>
        {t("registrations.export")}
      </button>
      <Outcome state={action} />
    </div>
  );
}

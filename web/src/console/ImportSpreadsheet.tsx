import { useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { importOrganizations, type ImportField, type ImportResult } from "../api/registration";
import { Field, Outcome, useAction } from "../ui";
import { FIELDS } from "./importFields";


/** The file's bytes as base64, as the API takes them. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The foundation's spreadsheet (CSV or XLSX): each column's field, every
 * row previewed (new, the same, changed, refused and why) before anything
 * is written; then imported. Importing the same file again writes nothing. */
export default function ImportSpreadsheet({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [mapping, setMapping] = useState<Record<string, ImportField | null>>({});
  const [preview, setPreview] = useState<ImportResult | null>(null);

  const look = (chosen: { name: string; content: string }, mapped: Record<string, ImportField | null>) =>
    action.run(async () => {
      setPreview(await importOrganizations(chosen.name, chosen.content, mapped, false));
      return t("import.previewed");
    });
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    if (!chosen) return;
    const read = { name: chosen.name, content: await base64Of(chosen) };
    setFile(read);
    setMapping({});
    void look(read, {});
  };
  const remap = (header: string, field: string) => {
    const mapped = { ...mapping, [header]: (field || null) as ImportField | null };
    setMapping(mapped);
    if (file) void look(file, mapped);
  };
  const commit = () =>
    void action
      .run(async () => {
        const done = await importOrganizations(file!.name, file!.content, mapping, true);
        setPreview(done);
        return t("import.done", { count: done.written });
      })
      .then((ok) => ok && onImported());

  return (
    <section className="panel" aria-label={t("import.title")}>
      <h3>{t("import.title")}</h3>
      <p>{t("import.intro")}</p>
      <Field label={t("import.file")}>
        <input type="file" accept=".csv,.xlsx" onChange={(e) => void pick(e)} />
      </Field>
      {preview && (
        <>
          <table aria-label={t("import.columns")}>
            <tbody>
              {preview.columns.map((column) => (
                <tr key={column.header}>
                  <th scope="row">{column.header}</th>
                  <td>
                    <select
                      aria-label={t("import.fieldOf", { header: column.header })}
                      value={column.field ?? ""}
                      onChange={(e) => remap(column.header, e.target.value)}
                    >
                      <option value="">{t("import.leaveOut")}</option>
                      {FIELDS.map((field) => (
                        <option key={field} value={field}>
                          {t(`import.fields.${field}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>{t("import.counts", preview.counts)}</p>
          <table aria-label={t("import.rows")}>
            <thead>
              <tr>
                <th>{t("import.row")}</th>
                <th>{t("orgs.name")}</th>
                <th>{t("import.status")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows
                .filter((row) => row.status !== "same")
                .slice(0, 200)
                .map((row) => (
                  <tr key={row.number}>
                    <td>{row.number}</td>
                    <td>{row.name}</td>
                    <td>
                      {t(`import.statuses.${row.status}`)}
                      {row.reason && `: ${row.reason}`}
                      {row.changes.length > 0 && `: ${row.changes.join(", ")}`}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <button disabled={action.busy || preview.written > 0 || preview.counts.new + preview.counts.changed === 0} onClick={commit}>
            {t("import.commit", { count: preview.counts.new + preview.counts.changed })}
          </button>
        </>
      )}
      <Outcome state={action} />
    </section>
  );
}

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { mergeTag, tags as tagsOf, unmergeTag, type TagUse } from "../api/matching";
import { Field, Loading, Outcome, useAction, useLoad } from "../ui";

/** The tags the organisations wrote, and the organiser's merges: two words
 * for one thing made one, so those who wrote them meet. */
export default function Tags({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const action = useAction();
  const tags = useLoad(() => tagsOf(slug), [slug]);
  const [merge, setMerge] = useState({ tag: "", into: "" });
  if (!tags.data) return <Loading error={tags.error} />;
  const label = (use: TagUse) => (i18n.language === "da" ? use.label_da : use.label_en);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await mergeTag(slug, merge.tag, merge.into);
        return t("tags.merged", merge);
      })
      .then((ok) => ok && tags.reload());
  };
  const undo = (use: TagUse) =>
    void action
      .run(async () => {
        await unmergeTag(slug, use.concept);
        return t("tags.undone", { tag: use.tag });
      })
      .then((ok) => ok && tags.reload());
  return (
    <div>
      <h2>{t("tags.title")}</h2>
      <p>{t("tags.intro")}</p>
      <form className="inline" onSubmit={submit}>
        <Field label={t("tags.tag")}>
          <select value={merge.tag} onChange={(e) => setMerge({ ...merge, tag: e.target.value })} required>
            <option value="" />
            {tags.data.map((use) => (
              <option key={use.tag} value={use.tag}>
                {use.tag}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("tags.into")}>
          <input list="tags-in-use" value={merge.into} onChange={(e) => setMerge({ ...merge, into: e.target.value })} required />
        </Field>
        <datalist id="tags-in-use">
          {tags.data.map((use) => (
            <option key={use.tag} value={use.counts_as} />
          ))}
        </datalist>
        <button disabled={action.busy}>{t("tags.merge")}</button>
      </form>
      <Outcome state={action} />
      <table>
        <thead>
          <tr>
            <th>{t("tags.tag")}</th>
            <th>{t("tags.countsAs")}</th>
            <th>{t("tags.organisations")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tags.data.map((use) => (
            <tr key={use.tag}>
              <td>{use.tag}</td>
              <td>{label(use)}</td>
              <td>{use.organizations}</td>
              <td>
                {use.counts_as !== use.concept && (
                  <button className="link" onClick={() => undo(use)}>
                    {t("tags.undo")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

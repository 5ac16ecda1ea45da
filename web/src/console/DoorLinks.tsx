import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { saveBadges } from "../api/matching";
import { doorLinks, makeDoorLink, revokeDoorLink, type DoorLink } from "../api/registration";
import { Field, Loading, Outcome, useAction, useFormat, useLoad } from "../ui";

/** The organiser's links for the volunteers' tablets: each signs a tablet in
 * to this edition's check-in, and nothing else, until the day is over or it
 * is revoked. A new link is shown once. */
export default function DoorLinks({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const loaded = useLoad(() => doorLinks(slug), [slug]);
  const [label, setLabel] = useState("");
  const [made, setMade] = useState<DoorLink | null>(null);
  const action = useAction();
  if (!loaded.data) return <Loading error={loaded.error} />;
  const make = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        setMade(await makeDoorLink(slug, label.trim() || null));
        setLabel("");
        return t("door.made");
      })
      .then((ok) => ok && loaded.reload());
  };
  const revoke = (id: string) =>
    void action
      .run(async () => {
        await revokeDoorLink(slug, id);
        return t("door.revoked");
      })
      .then((ok) => ok && loaded.reload());
  return (
    <form onSubmit={make} className="panel no-print" aria-label={t("door.title")}>
      <h2>{t("door.title")}</h2>
      <p>
        <button type="button" className="secondary" onClick={() => void saveBadges(slug, i18n.language === "da" ? "da" : "en")}>
          {t("door.badges")}
        </button>
      </p>
      <p>{t("door.intro")}</p>
      <Field label={t("door.label")}>
        <input value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} />
      </Field>
      <button disabled={action.busy}>{t("door.make")}</button>
      {made && (
        <Field label={t("door.link", { label: made.label ?? "" })} hint={t("door.once")}>
          <input readOnly value={`${window.location.origin}${made.path}`} onFocus={(e) => e.target.select()} />
        </Field>
      )}
      <Outcome state={action} />
      <ul>
        {loaded.data.items.map((link) => (
          <li key={link.id}>
            {link.label ?? t("door.unlabelled")} · {t("door.until", { until: format.dateTime(link.expires_at) })}
            {link.revoked_at ? (
              ` · ${t("door.isRevoked")}`
            ) : (
              <>
                {" "}
                <button type="button" className="secondary" onClick={() => revoke(link.id)}>
                  {t("door.revoke", { label: link.label ?? t("door.unlabelled") })}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </form>
  );
}

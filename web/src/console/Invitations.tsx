import { useState } from "react";
import { useTranslation } from "react-i18next";
import { allOrganizations, invitationsOf, invite, type InvitationsMade } from "../api/registration";
import { Loading, Outcome, useAction, useFormat, useLoad } from "../ui";

/** Invite organisations to the edition (each contact person gets a mail with
 * a sign-in link and the day as a calendar file), and see who was invited,
 * how the mail went and who has registered. */
export default function Invitations({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const directory = useLoad(allOrganizations, []);
  const invitations = useLoad(() => invitationsOf(slug), [slug]);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const action = useAction();
  if (!directory.data || !invitations.data) return <Loading error={directory.error ?? invitations.error} />;
  const invited = new Map(invitations.data.map((row) => [row.organization_id, row]));
  const names = new Map(directory.data.map((org) => [org.id, org.name]));
  const told = (made: InvitationsMade) =>
    [
      t("invitations.invited", { count: made.invited.length }),
      made.invited_lately.length ? t("invitations.lately", { count: made.invited_lately.length }) : "",
      made.no_contact.length
        ? t("invitations.noContact", { names: made.no_contact.map((id) => names.get(id) ?? id).join(", ") })
        : "",
      made.unsubscribed.length
        ? t("invitations.unsubscribed", { names: made.unsubscribed.map((id) => names.get(id) ?? id).join(", ") })
        : "",
    ]
      .filter(Boolean)
      .join(" ");
  const send = (ids: string[] | null) =>
    void action
      .run(async () => told(await invite(slug, ids)))
      .then((ok) => {
        if (ok) setChosen(new Set());
        invitations.reload();
      });
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (!next.delete(id)) next.add(id);
    setChosen(next);
  };
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t("invitations.title")}</h2>
      <p>{t("invitations.intro")}</p>
      <button type="button" onClick={() => send([...chosen])} disabled={action.busy || chosen.size === 0}>
        {t("invitations.inviteChosen", { count: chosen.size })}
      </button>
      <button type="button" className="secondary" onClick={() => send(null)} disabled={action.busy}>
        {t("invitations.inviteAll")}
      </button>
      <button type="button" className="secondary" onClick={invitations.reload}>
        {t("invitations.refresh")}
      </button>
      <Outcome state={action} />
      <table>
        <thead>
          <tr>
            <th>{t("invitations.choose")}</th>
            <th>{t("mails.organisation")}</th>
            <th>{t("invitations.when")}</th>
            <th>{t("mails.status")}</th>
            <th>{t("invitations.registered")}</th>
          </tr>
        </thead>
        <tbody>
          {directory.data.map((org) => {
            const row = invited.get(org.id);
            return (
              <tr key={org.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t("invitations.chooseOne", { name: org.name })}
                    checked={chosen.has(org.id)}
                    onChange={() => toggle(org.id)}
                  />
                </td>
                <td>{org.name}</td>
                <td>
                  {row ? format.dateTime(row.invited_at) : t("invitations.notInvited")}
                  {row && row.times > 1 && <small> ({t("invitations.times", { count: row.times })})</small>}
                </td>
                <td>
                  {row && t(`invitations.mail.${row.mail}`)}
                  {row?.unsubscribed && <small> {t("invitations.turnedOff")}</small>}
                </td>
                <td>{row ? (row.registered ? t("invitations.yes") : t("invitations.no")) : ""}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

import { useTranslation } from "react-i18next";
import { allMailsOf, type MailSent } from "../api/registration";
import { Loading, useFormat, useLoad } from "../ui";
import Invitations from "./Invitations";

/** The mail log of the edition: what Synergi sent to whom, when, and how it
 * went. Names and addresses as registration holds them (none once erased). */
export default function Mails({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const mails = useLoad(() => allMailsOf(slug), [slug]);
  if (!mails.data) return <Loading error={mails.error} />;
  const when = (mail: MailSent) => mail.sent_at ?? mail.failed_at;
  return (
    <div>
      <Invitations slug={slug} />
      <h2>{t("mails.title")}</h2>
      <p>{t("mails.intro")}</p>
      {mails.data.length === 0 ? (
        <p>{t("mails.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("mails.when")}</th>
              <th>{t("mails.kind")}</th>
              <th>{t("mails.to")}</th>
              <th>{t("mails.organisation")}</th>
              <th>{t("mails.status")}</th>
            </tr>
          </thead>
          <tbody>
            {mails.data.map((mail, row) => (
              <tr key={row}>
                <td>{when(mail) ? format.dateTime(when(mail)!) : ""}</td>
                <td>{t(`mails.kinds.${mail.kind}`)}</td>
                <td>{mail.recipient_name ? `${mail.recipient_name} <${mail.to}>` : t("mails.erased")}</td>
                <td>{mail.organization_name}</td>
                <td>
                  {t(`mails.statuses.${mail.status}`)}
                  {mail.failure && <small> — {mail.failure}</small>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { edition as editionOf, registrationsPage, saveCalendar } from "../api/registration";
import { Loading, useFormat, useLoad } from "../ui";
import FollowUps from "./FollowUps";
import Participants from "./Participants";
import Recommendations from "./Recommendations";
import RegisterForm from "./RegisterForm";
import Signups from "./Signups";

/** One edition as the organisation sees it: its registration and people,
 * their workshops, its recommendations, and the follow-ups after the day. */
export default function OrgEdition({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = "" } = useParams();
  const loaded = useLoad(
    () =>
      Promise.all([
        editionOf(slug),
        registrationsPage(slug, { status: "active", organization_id: organizationId }, 1, 0),
      ]),
    [slug, organizationId],
  );
  if (!loaded.data) return <Loading error={loaded.error} />;
  const [edition, registrations] = loaded.data;
  const registration = registrations.items[0];
  return (
    <section>
      <h1>{edition.title}</h1>
      <p>
        {format.date(edition.date)}
        {edition.starts_at && ` ${edition.starts_at}\u2013${edition.ends_at ?? ""}`}
        {edition.venue && `, ${edition.venue}`}{" "}
        <button type="button" className="secondary" onClick={() => void saveCalendar(slug)}>
          {t("org.calendar")}
        </button>{" "}
        {registration && <Link to={`/org/${slug}/schedule`}>{t("schedule.open")}</Link>}
      </p>
      {registration ? (
        <>
          <Participants slug={slug} registration={registration} onChanged={loaded.reload} />
          <Signups slug={slug} registration={registration} />
          <Recommendations slug={slug} organizationId={organizationId} />
          <FollowUps slug={slug} organizationId={organizationId} />
        </>
      ) : (
        <>
          <p>{t("register.notYet")}</p>
          <RegisterForm slug={slug} organizationId={organizationId} onRegistered={loaded.reload} />
        </>
      )}
    </section>
  );
}

import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { recommendationsOf } from "../api/matching";
import { partnerContactsOf, registrationsPage } from "../api/registration";
import { saveSchedule, scheduleOf } from "../api/workshops";
import { Loading, useFormat, useLoad } from "../ui";

/** The organisation's day on one page, to read on a phone or print: where
 * each of its people goes in each round, and its meetings with time, table,
 * partner, why they meet and (by consent) how to reach them. */
export default function Schedule({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { slug = "" } = useParams();
  const loaded = useLoad(
    () =>
      Promise.all([
        scheduleOf(slug, organizationId),
        registrationsPage(slug, { status: "active", organization_id: organizationId }, 1, 0),
        recommendationsOf(slug, organizationId),
        partnerContactsOf(slug, organizationId),
      ]),
    [slug, organizationId],
  );
  if (!loaded.data) return <Loading error={loaded.error} />;
  const [day, registrations, recommendations, contacts] = loaded.data;
  const people = new Map(
    (registrations.items[0]?.participants ?? []).map((person) => [person.id, person.name ?? person.id]),
  );
  const why = new Map(recommendations.recommendations.map((rec) => [rec.partner_id, rec.reasons]));
  const rounds = [...new Set(day.workshops.map((place) => place.round))].sort((a, b) => a - b);
  return (
    <section className="schedule">
      <p className="no-print">
        <Link to={`/org/${slug}`}>{t("schedule.back")}</Link>{" "}
        <button type="button" onClick={() => window.print()}>
          {t("schedule.print")}
        </button>{" "}
        <button type="button" className="secondary" onClick={() => void saveSchedule(slug, organizationId)}>
          {t("schedule.calendar")}
        </button>
      </p>
      <h1>{t("schedule.title")}</h1>
      {day.date && <p>{format.date(day.date)}</p>}
      <h2>{t("schedule.workshops")}</h2>
      {rounds.length === 0 && <p>{t("schedule.noWorkshops")}</p>}
      {rounds.map((round) => (
        <section key={round}>
          <h3>{t("programme.round", { round })}</h3>
          <ul>
            {day.workshops
              .filter((place) => place.round === round)
              .map((place) => (
                <li key={place.workshop_id + place.participant_id}>
                  {place.starts_at && `${place.starts_at}\u2013${place.ends_at} · `}
                  <strong>{people.get(place.participant_id) ?? place.participant_id}</strong>: {place.title}
                  {place.room && ` · ${place.room}`}
                  {place.status === "waitlisted" && ` · ${t("schedule.waitlisted")}`}
                </li>
              ))}
          </ul>
        </section>
      ))}
      <h2>{t("meetings.title")}</h2>
      {day.meetings.length === 0 && <p>{t("schedule.noMeetings")}</p>}
      <ol className="meetings">
        {day.meetings.map((meeting) => {
          const partner = meeting.requester === organizationId ? meeting.partner : meeting.requester;
          const shared = contacts.get(partner);
          const reach = shared ? [...shared.people, ...(shared.contact_person ? [shared.contact_person] : [])] : [];
          return (
            <li key={meeting.id}>
              <h3>
                {meeting.starts_at
                  ? `${meeting.starts_at}\u2013${meeting.ends_at}`
                  : meeting.proposed_at && format.dateTime(meeting.proposed_at)}
                {meeting.table ? ` · ${t("meetings.table", { table: meeting.table })}` : ""}
                {meeting.online ? ` · ${t("meetings.online")}` : ""}
              </h3>
              <p>
                <strong>{meeting.names[partner] ?? partner}</strong>
              </p>
              <ul>
                {(why.get(partner) ?? []).map((reason) => (
                  <li key={reason.kind + reason.detail}>{reason.detail}</li>
                ))}
              </ul>
              {reach.length > 0 && (
                <p>
                  {t("recommendations.contacts")}:{" "}
                  {reach.map((person) => `${person.name} <${person.email}>`).join(", ")}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

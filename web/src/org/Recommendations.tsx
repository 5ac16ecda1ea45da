import { useState } from "react";
import { useTranslation } from "react-i18next";
import { patiently } from "../api/client";
import { recommendationsOf, recordOutcome, type OutcomeStatus, type Recommendation } from "../api/matching";
import { partnerContactsOf, type PartnerContacts } from "../api/registration";
import { meetingPeriods, meetingsOf, type Meeting, type MeetingPeriods } from "../api/workshops";
import { Field, Loading, Outcome, useAction, useFormat, useLoad } from "../ui";
import { AskForMeeting, MeetingList } from "./Meetings";

const STATUSES: OutcomeStatus[] = ["contacted", "met", "partnership", "declined"];

/** Who the organisation should meet, and why; what came of it, in its own words. */
export default function Recommendations({ slug, organizationId }: { slug: string; organizationId: string }) {
  const { t, i18n } = useTranslation();
  const list = useLoad(
    () => patiently(() => recommendationsOf(slug, organizationId)),
    [slug, organizationId, i18n.language],
  );
  const contacts = useLoad(() => partnerContactsOf(slug, organizationId), [slug, organizationId]);
  const meetings = useLoad(
    () => Promise.all([meetingPeriods(slug), meetingsOf(slug, organizationId)]),
    [slug, organizationId],
  );
  if (!list.data) return <Loading error={list.error} />;
  const names = new Map(list.data.recommendations.map((rec) => [rec.partner_id, rec.partner_name ?? rec.partner_id]));
  const [periods, held] = meetings.data ?? [null, null];
  return (
    <section>
      {periods && held && (
        <MeetingList
          slug={slug}
          me={organizationId}
          meetings={held.meetings}
          names={names}
          slots={periods.slots}
          onChanged={meetings.reload}
        />
      )}
      <h2>{t("recommendations.title")}</h2>
      {list.data.recommendations.length === 0 && <p>{t("recommendations.none")}</p>}
      <ol className="recommendations">
        {list.data.recommendations.map((rec) => (
          <RecommendationCard
            key={rec.partner_id}
            slug={slug}
            me={organizationId}
            rec={rec}
            shared={contacts.data?.get(rec.partner_id)}
            periods={periods}
            open={held?.meetings.find((m) => isOpenWith(m, rec.partner_id))}
            onAsked={meetings.reload}
            onMarked={list.reload}
          />
        ))}
      </ol>
    </section>
  );
}

function RecommendationCard(props: {
  slug: string;
  me: string;
  rec: Recommendation;
  shared: PartnerContacts | undefined;
  periods: MeetingPeriods | null;
  open: Meeting | undefined;
  onAsked: () => void;
  onMarked: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const action = useAction();
  const [status, setStatus] = useState<OutcomeStatus>(props.rec.outcome ?? "contacted");
  const [note, setNote] = useState("");
  const { rec } = props;
  const mark = (event: React.FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const answer = await recordOutcome({ slug: props.slug, a: props.me, b: rec.partner_id }, status, note || null);
      props.onMarked();
      return t("recommendations.marked", { status: t(`outcome.${answer.status}`) });
    });
  };
  return (
    <li>
      <h3>
        {rec.partner_name ?? rec.partner_id} <small>{t("network.score", { score: format.number(rec.score) })}</small>
      </h3>
      <ul>
        {rec.reasons.map((reason) => (
          <li key={reason.kind + reason.detail}>{reason.detail}</li>
        ))}
      </ul>
      {props.shared && <SharedContacts shared={props.shared} />}
      {props.open ? (
        <p>{t(`meetings.status.${props.open.status}`)}</p>
      ) : (
        props.periods && (
          <AskForMeeting
            slug={props.slug}
            me={props.me}
            partnerId={rec.partner_id}
            slots={props.periods.slots}
            onAsked={props.onAsked}
          />
        )
      )}
      {rec.earlier && (
        <p>
          {t(rec.earlier.status === "lapsed" ? "recommendations.lapsed" : "recommendations.partnersSince", {
            edition: rec.earlier.edition,
          })}
        </p>
      )}
      {rec.outcome && <p>{t("recommendations.pairStatus", { status: t(`outcome.${rec.outcome}`) })}</p>}
      <form onSubmit={mark} className="inline">
        <Field label={t("recommendations.whatCame")} error={action.fields.status}>
          <select value={status} onChange={(event) => setStatus(event.target.value as OutcomeStatus)}>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`outcome.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("recommendations.note")} error={action.fields.note}>
          <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} />
        </Field>
        <button disabled={action.busy}>{t("recommendations.mark")}</button>
      </form>
      <Outcome state={action} />
    </li>
  );
}

/** The partner's people who agreed to share their contact, and its contact
 * person if it allows it: how to reach them. */
function SharedContacts({ shared }: { shared: PartnerContacts }) {
  const { t } = useTranslation();
  const people = shared.contact_person ? [...shared.people, shared.contact_person] : shared.people;
  if (people.length === 0) return <p className="muted">{t("recommendations.noContacts")}</p>;
  return (
    <div className="contacts">
      <h4>{t("recommendations.contacts")}</h4>
      <ul>
        {people.map((person) => (
          <li key={person.email}>
            {person.name}
            {"role" in person && person.role ? ` (${person.role})` : ""} <a href={`mailto:${person.email}`}>{person.email}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A request or meeting with the partner that is still on. */
function isOpenWith(meeting: Meeting, partnerId: string): boolean {
  const on = meeting.status === "requested" || meeting.status === "accepted";
  return on && (meeting.requester === partnerId || meeting.partner === partnerId);
}

import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { patiently } from "../api/client";
import { doorList } from "../api/registration";
import { checkIn as checkInAt, scheduleOf, workshops as programme } from "../api/workshops";
import { keepList, keptList, type KeptList } from "../door/offline";
import { unreachable, useDoorQueue } from "../door/queue";
import { currentSession } from "../session";
import { Field, Loading, Outcome, useAction, useLoad } from "../ui";
import DoorLinks from "./DoorLinks";
import QrScanner from "./QrScanner";

interface Person {
  id: string;
  name: string;
  organization: string;
  organizationId: string;
}

/** The edition's list from the APIs, kept on the tablet; without network,
 * the list kept last (until its day is over). */
async function loadList(slug: string): Promise<KeptList> {
  try {
    const [workshops, list] = await Promise.all([programme(slug), doorList(slug)]);
    const until = currentSession()?.expires_at ?? new Date().toISOString();
    const kept = { slug, people: list.people, programme: workshops, keptAt: new Date().toISOString(), until };
    await keepList(kept);
    return kept;
  } catch (error) {
    const kept = unreachable(error) ? await keptList(slug) : null;
    if (!kept) throw error;
    return kept;
  }
}

/** At the door, on a tablet: pick the workshop, find the person, one tap;
 * without network too (the taps wait on the tablet, and are sent when it is
 * back). The organiser's console, or a volunteer's door session (`door`),
 * which sees names and organisations only; the organiser also hands out the
 * door links. */
export default function CheckIn({ door = false }: { door?: boolean }) {
  const { t } = useTranslation();
  const { slug = "" } = useParams();
  const loaded = useLoad(() => loadList(slug), [slug]);
  const queue = useDoorQueue(slug);
  const [workshop, setWorkshop] = useState("");
  const [query, setQuery] = useState("");
  const [scanning, setScanning] = useState(false);
  const scanned = useCallback((text: string) => {
    setQuery(text.trim());
    setScanning(false);
  }, []);
  const people = useMemo<Person[]>(
    () =>
      (loaded.data?.people ?? []).map((p) => ({
        id: p.participant_id,
        name: p.name,
        organization: p.organization_name ?? "",
        organizationId: p.organization_id,
      })),
    [loaded.data],
  );
  if (!loaded.data) return <Loading error={loaded.error} />;
  // A QR scanner types the participant id from the confirmation page's code.
  const wanted = query.trim().toLowerCase();
  const found = wanted
    ? people.filter((p) => p.id === wanted || `${p.name} ${p.organization}`.toLowerCase().includes(wanted))
    : [];
  return (
    <section className="check-in">
      <h1>{t("checkIn.title")}</h1>
      <p className={queue.online ? "door-status" : "door-status offline"} aria-live="polite">
        {queue.online ? t("checkIn.online", { count: queue.count }) : t("checkIn.offline", { count: queue.count })}
      </p>
      {queue.refused.length > 0 && (
        <section className="panel" aria-label={t("checkIn.refused")}>
          <h2>{t("checkIn.refused")}</h2>
          <p>{t("checkIn.refusedHint")}</p>
          <ul>
            {queue.refused.map((item, index) => (
              <li key={index}>
                <strong>{item.name}</strong>: {item.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Field label={t("checkIn.workshop")}>
        <select value={workshop} onChange={(event) => setWorkshop(event.target.value)}>
          <option value="">{t("checkIn.pickWorkshop")}</option>
          {loaded.data.programme.map((w) => (
            <option key={w.id} value={w.id}>
              {t("programme.round", { round: w.round })}: {w.title}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("checkIn.find")} hint={t("checkIn.scanHint")}>
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} autoComplete="off" />
      </Field>
      <button type="button" className="secondary" onClick={() => setScanning(!scanning)}>
        {scanning ? t("checkIn.stopScan") : t("checkIn.scan")}
      </button>
      {scanning && <QrScanner onRead={scanned} />}
      <ul className="people">
        {found.slice(0, 30).map((person) => (
          <PersonRow key={person.id} slug={slug} workshop={workshop} person={person} keep={queue.keep} />
        ))}
      </ul>
      {!door && <DoorLinks slug={slug} />}
    </section>
  );
}

function PersonRow(props: {
  slug: string;
  workshop: string;
  person: Person;
  keep: ReturnType<typeof useDoorQueue>["keep"];
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [showing, setShowing] = useState(false);
  const checkIn = () =>
    action.run(async () => {
      const at = new Date().toISOString();
      const later = { slug: props.slug, workshopId: props.workshop, participantId: props.person.id, name: props.person.name, at };
      if (!navigator.onLine) {
        await props.keep(later);
        return t("checkIn.kept");
      }
      try {
        const answer = await patiently(() => checkInAt(props.slug, props.workshop, props.person.id, at));
        return answer.first_check_in ? t("checkIn.done") : t("checkIn.already");
      } catch (error) {
        if (!unreachable(error)) throw error;
        await props.keep(later); // the network went while it was sent
        return t("checkIn.kept");
      }
    });
  return (
    <li>
      <span>
        <strong>{props.person.name}</strong> · {props.person.organization}
      </span>
      <button className="big" disabled={!props.workshop || action.busy} onClick={() => void checkIn()}>
        {t("checkIn.button", { name: props.person.name })}
      </button>
      <button type="button" className="secondary" aria-expanded={showing} onClick={() => setShowing(!showing)}>
        {t("checkIn.whereToGo")}
      </button>
      <Outcome state={action} />
      {showing && <WhereToGo slug={props.slug} person={props.person} />}
    </li>
  );
}

/** The person's workshop in each round, and their organisation's meetings
 * with time and table: what the volunteer at the door points to. */
function WhereToGo({ slug, person }: { slug: string; person: Person }) {
  const { t } = useTranslation();
  const day = useLoad(() => scheduleOf(slug, person.organizationId), [slug, person.organizationId]);
  if (!day.data) return <Loading error={day.error} />;
  const places = day.data.workshops.filter((place) => place.participant_id === person.id);
  return (
    <ul className="where">
      {places.map((place) => (
        <li key={place.workshop_id}>
          {t("programme.round", { round: place.round })}
          {place.starts_at && ` (${place.starts_at}\u2013${place.ends_at})`}: {place.title}
          {place.room && ` · ${place.room}`}
        </li>
      ))}
      {day.data.meetings
        .filter((meeting) => meeting.starts_at)
        .map((meeting) => {
          const partner = meeting.requester === person.organizationId ? meeting.partner : meeting.requester;
          return (
            <li key={meeting.id}>
              {meeting.starts_at}{"\u2013"}{meeting.ends_at} · {t("meetings.table", { table: meeting.table })} ·{" "}
              {meeting.names[partner] ?? partner}
            </li>
          );
        })}
      {places.length === 0 && day.data.meetings.length === 0 && <li>{t("schedule.noMeetings")}</li>}
    </ul>
  );
}

import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  answerMeeting,
  proposeMeeting,
  requestMeeting,
  type Meeting,
  type MeetingAnswer,
  type MeetingPeriods,
} from "../api/workshops";
import { Field, Outcome, useAction, useFormat } from "../ui";

type Slots = MeetingPeriods["slots"];

/** When a meeting is asked for: a slot of the day, any free slot, or after the day. */
function WhenField(props: { slots: Slots; when: string; setWhen: (when: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Field label={t("meetings.when")} error={props.error}>
      <select value={props.when} onChange={(event) => props.setWhen(event.target.value)}>
        {props.slots.length > 0 && <option value="any">{t("meetings.anySlot")}</option>}
        {props.slots.map((slot) => (
          <option key={slot.number} value={String(slot.number)}>
            {t("meetings.slot", { number: slot.number, starts: slot.starts_at, ends: slot.ends_at })}
          </option>
        ))}
        <option value="after">{t("meetings.afterDay")}</option>
      </select>
    </Field>
  );
}

/** The slot or time a "when" asks for, as the API takes it. */
function asked(when: string, at: string): { slot?: number; proposed_at?: string } {
  if (when === "any") return {};
  if (when === "after") return { proposed_at: at ? new Date(at).toISOString() : undefined };
  return { slot: Number(when) };
}

/** Ask a partner on the list for a meeting. */
export function AskForMeeting(props: {
  slug: string;
  me: string;
  partnerId: string;
  slots: Slots;
  onAsked: () => void;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [when, setWhen] = useState(props.slots.length > 0 ? "any" : "after");
  const [at, setAt] = useState("");
  const [online, setOnline] = useState(false);
  const [note, setNote] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await requestMeeting(props.slug, props.me, {
          partner_id: props.partnerId,
          ...asked(when, at),
          online: when === "after" && online,
          note: note || null,
        });
        return t("meetings.asked");
      })
      .then((ok) => ok && props.onAsked());
  };
  return (
    <form onSubmit={submit} className="inline" aria-label={t("meetings.ask")}>
      <WhenField slots={props.slots} when={when} setWhen={setWhen} error={action.fields.slot} />
      {when === "after" && (
        <>
          <Field label={t("meetings.at")} error={action.fields.proposed_at}>
            <input type="datetime-local" required value={at} onChange={(event) => setAt(event.target.value)} />
          </Field>
          <label className="check">
            <input type="checkbox" checked={online} onChange={(event) => setOnline(event.target.checked)} />{" "}
            {t("meetings.online")}
          </label>
        </>
      )}
      <Field label={t("meetings.note")} error={action.fields.note}>
        <input value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />
      </Field>
      <button disabled={action.busy}>{t("meetings.ask")}</button>
      <Outcome state={action} />
    </form>
  );
}

/** The organisation's meetings: requests waiting for its answer, those it
 * asked for, and the meetings agreed, with time and table; "we met" after. */
export function MeetingList(props: {
  slug: string;
  me: string;
  meetings: Meeting[];
  names: Map<string, string>;
  slots: Slots;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  if (props.meetings.length === 0) return null;
  return (
    <section aria-labelledby="meetings-title">
      <h2 id="meetings-title">{t("meetings.title")}</h2>
      <ul className="meetings">
        {props.meetings.map((meeting) => (
          <MeetingRow key={meeting.id} {...props} meeting={meeting} />
        ))}
      </ul>
    </section>
  );
}

function MeetingRow(props: {
  slug: string;
  me: string;
  meeting: Meeting;
  names: Map<string, string>;
  slots: Slots;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const action = useAction();
  const { meeting, me } = props;
  const [when, setWhen] = useState("any");
  const [at, setAt] = useState("");
  const partner = meeting.requester === me ? meeting.partner : meeting.requester;
  const name = props.names.get(partner) ?? partner;
  const mine = meeting.status === "requested" && meeting.awaiting === me;
  // Once its time is over, each side is asked whether they met.
  const over = meeting.over_at !== null && meeting.over_at !== undefined && new Date(meeting.over_at) <= new Date();
  const answer = (how: MeetingAnswer, done: string) =>
    void action
      .run(async () => {
        await answerMeeting(props.slug, me, meeting.id, how);
        return done;
      })
      .then((ok) => ok && props.onChanged());
  const propose = (event: FormEvent) => {
    event.preventDefault();
    void action
      .run(async () => {
        await proposeMeeting(props.slug, me, meeting.id, asked(when, at));
        return t("meetings.proposed");
      })
      .then((ok) => ok && props.onChanged());
  };
  const time = meeting.slot
    ? t("meetings.slot", { number: meeting.slot, starts: meeting.starts_at, ends: meeting.ends_at })
    : meeting.proposed_at
      ? format.dateTime(meeting.proposed_at)
      : t("meetings.anySlot");
  return (
    <li>
      <h3>{name}</h3>
      <p>
        {t(`meetings.status.${meeting.status}`)} · {time}
        {meeting.table ? ` · ${t("meetings.table", { table: meeting.table })}` : ""}
        {meeting.online ? ` · ${t("meetings.online")}` : ""}
      </p>
      {meeting.note && <p className="muted">“{meeting.note}”</p>}
      {meeting.status === "requested" && !mine && <p>{t("meetings.waiting", { name })}</p>}
      {mine && (
        <>
          <button type="button" onClick={() => answer("accept", t("meetings.accepted"))} disabled={action.busy}>
            {t("meetings.accept")}
          </button>{" "}
          <button
            type="button"
            className="secondary"
            onClick={() => answer("decline", t("meetings.declined"))}
            disabled={action.busy}
          >
            {t("meetings.decline")}
          </button>
          <form onSubmit={propose} className="inline" aria-label={t("meetings.propose")}>
            <WhenField slots={props.slots} when={when} setWhen={setWhen} />
            {when === "after" && (
              <Field label={t("meetings.at")}>
                <input type="datetime-local" required value={at} onChange={(event) => setAt(event.target.value)} />
              </Field>
            )}
            <button className="secondary" disabled={action.busy}>
              {t("meetings.propose")}
            </button>
          </form>
        </>
      )}
      {meeting.status === "accepted" && (
        <>
          {meeting.held_by.includes(me) && <p>{t("meetings.held")}</p>}
          {!meeting.held_by.includes(me) && over && (
            <p>
              {t("meetings.askHeld")}{" "}
              <button type="button" onClick={() => answer("held", t("meetings.heldSaved"))} disabled={action.busy}>
                {t("meetings.didMeet")}
              </button>
            </p>
          )}{" "}
          <button
            type="button"
            className="secondary"
            onClick={() => answer("decline", t("meetings.calledOff"))}
            disabled={action.busy}
          >
            {t("meetings.callOff")}
          </button>
        </>
      )}
      <Outcome state={action} />
    </li>
  );
}

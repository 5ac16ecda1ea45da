import { useTranslation } from "react-i18next";
import {
  meetingBoard,
  proposedPlan,
  proposePlan,
  publishPlan,
  saveMeetingsCsv,
  type MeetingBoard,
  type MeetingPlan,
} from "../api/workshops";
import { Loading, Outcome, useAction, useFormat, useLoad } from "../ui";

/** The organiser's meetings: the board per slot, who has none yet, and the
 * plan Synergi proposes, reviewed beside best-pairs-first, then published. */
export default function Meetings({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(() => Promise.all([meetingBoard(slug), proposedPlan(slug)]), [slug]);
  const action = useAction();
  if (!loaded.data) return <Loading error={loaded.error} />;
  const [board, plan] = loaded.data;
  const run = (step: () => Promise<unknown>, done: (answer: unknown) => string) =>
    void action.run(async () => done(await step())).then((ok) => ok && loaded.reload());
  return (
    <div>
      <h2>{t("meetingBoard.title")}</h2>
      <Board board={board} />
      <p>
        <button type="button" className="secondary" onClick={() => void saveMeetingsCsv(slug)}>
          {t("meetingBoard.csv")}
        </button>
      </p>
      <section aria-labelledby="plan-title" className="panel">
        <h3 id="plan-title">{t("meetingPlan.title")}</h3>
        <p>{t("meetingPlan.intro")}</p>
        <button
          type="button"
          disabled={action.busy}
          onClick={() => run(() => proposePlan(slug), () => t("meetingPlan.proposed"))}
        >
          {t("meetingPlan.propose")}
        </button>{" "}
        {plan && !plan.published_at && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              run(
                () => publishPlan(slug),
                (answer) => t("meetingPlan.published", { placed: (answer as MeetingPlan).placed ?? 0 }),
              )
            }
          >
            {t("meetingPlan.publish", { count: plan.meetings.length })}
          </button>
        )}
        <Outcome state={action} />
        {plan && <Plan plan={plan} board={board} />}
      </section>
    </div>
  );
}

function Board({ board }: { board: MeetingBoard }) {
  const { t } = useTranslation();
  const statuses = ["requested", "accepted", "declined", "cancelled", "expired"] as const;
  return (
    <>
      <table>
        <caption>{t("meetingBoard.perSlot")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("meetingBoard.slot")}</th>
            {statuses.map((status) => (
              <th scope="col" key={status}>
                {t(`meetings.status.${status}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {board.slots.map((slot) => (
            <tr key={slot.number}>
              <th scope="row">
                {slot.number}: {slot.starts_at}
                {"\u2013"}
                {slot.ends_at} ({t("meetingBoard.tables", { count: slot.tables })})
              </th>
              {statuses.map((status) => (
                <td key={status}>{slot[status]}</td>
              ))}
            </tr>
          ))}
          <tr>
            <th scope="row">{t("meetingBoard.unplaced")}</th>
            {statuses.map((status) => (
              <td key={status}>{board.unplaced[status]}</td>
            ))}
          </tr>
        </tbody>
      </table>
      <p>
        {board.without_meeting.length === 0
          ? t("meetingBoard.everyone")
          : t("meetingBoard.without", {
              names: board.without_meeting.map((org) => org.name ?? org.organization_id).join(", "),
            })}
      </p>
    </>
  );
}

function Plan({ plan, board }: { plan: MeetingPlan; board: MeetingBoard }) {
  const { t } = useTranslation();
  const format = useFormat();
  const names = new Map<string, string>();
  for (const meeting of board.meetings) for (const [id, name] of Object.entries(meeting.names)) if (name) names.set(id, name);
  for (const org of board.without_meeting) if (org.name) names.set(org.organization_id, org.name);
  const share = (value: number) => format.number(Math.round(value * 100)) + " %";
  return (
    <>
      <p role="note">
        {t("meetingPlan.spread", {
          all: share(plan.spread.with_meeting),
          small: share(plan.spread.small_with_meeting),
          greedyAll: share(plan.greedy.with_meeting),
          greedySmall: share(plan.greedy.small_with_meeting),
        })}{" "}
        {plan.published_at
          ? t("meetingPlan.wasPublished", { when: format.dateTime(plan.published_at) })
          : t("meetingPlan.notYet")}
      </p>
      <ol>
        {plan.meetings.map((meeting) => (
          <li key={`${meeting.a}/${meeting.b}`}>
            {t("meetingBoard.slot")} {meeting.slot}: {names.get(meeting.a) ?? meeting.a} + {names.get(meeting.b) ?? meeting.b}{" "}
            ({format.number(meeting.score)})
          </li>
        ))}
      </ol>
    </>
  );
}

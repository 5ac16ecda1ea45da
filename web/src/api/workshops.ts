// The workshops service: the programme, sign-ups and check-in (docs/workshops.md).
import type { components } from "../schema/workshops";
import { answer, api, ApiError, saveFile, type Sent } from "./client";

type Schemas = components["schemas"];
export type Theme = Sent<Schemas["ThemePublic"]>;
export type Workshop = Sent<Schemas["WorkshopPublic"]>;
export type Signup = Sent<Schemas["SignupPublic"]>;
export type NewWorkshop = Schemas["WorkshopCreate"];

export const themes = (slug: string) =>
  answer(api.GET("/workshops/editions/{slug}/themes", { params: { path: { slug } } }));

export const workshops = (slug: string) =>
  answer(api.GET("/workshops/editions/{slug}/workshops", { params: { path: { slug } } }));

export const createWorkshop = (slug: string, body: NewWorkshop) =>
  answer(api.POST("/workshops/editions/{slug}/workshops", { params: { path: { slug } }, body }));

/** The participant's seats and waitlist places in the edition. */
export const signupsOf = (slug: string, participantId: string) =>
  answer(
    api.GET("/workshops/editions/{slug}/participants/{participant_id}/signups", {
      params: { path: { slug, participant_id: participantId } },
    }),
  );

export const signUp = (slug: string, workshopId: string, participantId: string) =>
  answer(
    api.POST("/workshops/editions/{slug}/workshops/{workshop_id}/signups", {
      params: { path: { slug, workshop_id: workshopId } },
      body: { participant_id: participantId },
    }),
  );

export const cancelSignup = (slug: string, workshopId: string, participantId: string) =>
  answer(
    api.DELETE("/workshops/editions/{slug}/workshops/{workshop_id}/signups/{participant_id}", {
      params: { path: { slug, workshop_id: workshopId, participant_id: participantId } },
    }),
  );

/** `at`: when it happened, for a check-in made offline and sent later. */
export const checkIn = (slug: string, workshopId: string, participantId: string, at?: string) =>
  answer(
    api.POST("/workshops/editions/{slug}/workshops/{workshop_id}/checkins", {
      params: { path: { slug, workshop_id: workshopId } },
      body: { participant_id: participantId, checked_in_at: at ?? null },
    }),
  );

// --- meetings between recommended partners (docs/workshops.md)

export type Meeting = Sent<Schemas["MeetingPublic"]>;
export type MeetingPeriods = Sent<Schemas["MeetingPeriodsPublic"]>;
export type MeetingPeriod = Schemas["MeetingPeriodBody"];
export type RoundTime = Schemas["RoundTimeBody"];
export type NewMeeting = Schemas["MeetingCreate"];
export type MeetingProposal = Schemas["MeetingProposal"];
export type MeetingAnswer = "accept" | "decline" | "held";

/** The day's meeting periods and their numbered slots. */
export const meetingPeriods = (slug: string) =>
  answer(api.GET("/workshops/editions/{slug}/meeting-periods", { params: { path: { slug } } }));

/** The meeting periods and the rounds' times, all at once (no period may lie across a round). */
export const setMeetingPeriods = (slug: string, periods: MeetingPeriod[], rounds: RoundTime[]) =>
  answer(api.PUT("/workshops/editions/{slug}/meeting-periods", { params: { path: { slug } }, body: { periods, rounds } }));

/** The meetings the organisation asked for and was asked for. */
export const meetingsOf = (slug: string, orgId: string) =>
  answer(
    api.GET("/workshops/editions/{slug}/organizations/{org_id}/meetings", {
      params: { path: { slug, org_id: orgId } },
    }),
  );

export const requestMeeting = (slug: string, orgId: string, body: NewMeeting) =>
  answer(
    api.POST("/workshops/editions/{slug}/organizations/{org_id}/meetings", {
      params: { path: { slug, org_id: orgId } },
      body,
    }),
  );

/** Accept or decline a request, call off a meeting, or say it took place. */
export const answerMeeting = (slug: string, orgId: string, meetingId: string, how: MeetingAnswer) => {
  const path = { slug, org_id: orgId, meeting_id: meetingId };
  const on = "/workshops/editions/{slug}/organizations/{org_id}/meetings/{meeting_id}" as const;
  if (how === "accept") return answer(api.POST(`${on}/accept`, { params: { path } }));
  if (how === "decline") return answer(api.POST(`${on}/decline`, { params: { path } }));
  return answer(api.POST(`${on}/held`, { params: { path } }));
};

/** "Not then, but": another slot (none: any free one) or a time after the day. */
export const proposeMeeting = (slug: string, orgId: string, meetingId: string, body: MeetingProposal) =>
  answer(
    api.POST("/workshops/editions/{slug}/organizations/{org_id}/meetings/{meeting_id}/proposal", {
      params: { path: { slug, org_id: orgId, meeting_id: meetingId } },
      body,
    }),
  );

export type Schedule = Sent<Schemas["Schedule"]>;

/** The organisation's day: its people's workshops and its agreed meetings. */
export const scheduleOf = (slug: string, orgId: string) =>
  answer(
    api.GET("/workshops/editions/{slug}/organizations/{org_id}/schedule", {
      params: { path: { slug, org_id: orgId } },
    }),
  );

/** The same day as one calendar file. */
export const saveSchedule = (slug: string, orgId: string) =>
  saveFile(
    api.GET("/workshops/editions/{slug}/organizations/{org_id}/schedule.ics", {
      params: { path: { slug, org_id: orgId } },
      parseAs: "blob",
    }),
    `${slug}-schedule.ics`,
  );

export type MeetingPlan = Sent<Schemas["MeetingPlanPublic"]>;
export type MeetingBoard = Sent<Schemas["MeetingBoard"]>;

/** Synergi proposes the day's meetings (nothing agreed until published). */
export const proposePlan = (slug: string) =>
  answer(api.POST("/workshops/editions/{slug}/meeting-plan", { params: { path: { slug } } }));

/** The plan last proposed; null before one. */
export const proposedPlan = (slug: string) =>
  answer(api.GET("/workshops/editions/{slug}/meeting-plan", { params: { path: { slug } } })).catch(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    },
  );

export const publishPlan = (slug: string) =>
  answer(api.POST("/workshops/editions/{slug}/meeting-plan/publish", { params: { path: { slug } } }));

/** Per slot: requested, agreed, declined, called off, expired; who has no meeting. */
export const meetingBoard = (slug: string) =>
  answer(api.GET("/workshops/editions/{slug}/meeting-board", { params: { path: { slug } } }));

export const saveMeetingsCsv = (slug: string) =>
  saveFile(
    api.GET("/workshops/editions/{slug}/meeting-board.csv", { params: { path: { slug } }, parseAs: "blob" }),
    `${slug}-meetings.csv`,
  );

/** An edition's own theme, beside the default catalogue's. */
export const createTheme = (slug: string, body: Schemas["ThemeCreate"]) =>
  answer(api.POST("/workshops/editions/{slug}/themes", { params: { path: { slug } }, body }));

// The workshops service: the programme, sign-ups and check-in (docs/workshops.md).
import type { components } from "../schema/workshops";
import { answer, api, type Sent } from "./client";

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

export const checkIn = (slug: string, workshopId: string, participantId: string) =>
  answer(
    api.POST("/workshops/editions/{slug}/workshops/{workshop_id}/checkins", {
      params: { path: { slug, workshop_id: workshopId } },
      body: { participant_id: participantId },
    }),
  );

// The feedback service: each participant's evaluation, and the edition's summary
// (docs/feedback.md).
import type { components } from "../schema/feedback";
import { answer, api, saveFile, type Sent } from "./client";

type Schemas = components["schemas"];
export type FeedbackSummary = Sent<Schemas["Summary"]>;
export type Evaluation = Schemas["ResponsePut"];

export const summary = (slug: string) =>
  answer(api.GET("/feedback/editions/{slug}/summary", { params: { path: { slug } } }));

export const saveSummaryCsv = (slug: string) =>
  saveFile(
    api.GET("/feedback/editions/{slug}/summary.csv", { params: { path: { slug } }, parseAs: "blob" }),
    `${slug}-summary.csv`,
  );

export const evaluate = (slug: string, participantId: string, body: Evaluation) =>
  answer(
    api.PUT("/feedback/editions/{slug}/responses/{participant_id}", {
      params: { path: { slug, participant_id: participantId } },
      body,
    }),
  );

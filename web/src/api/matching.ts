// The matching service: recommendations and their outcomes, the network, the
// quality report, tables, words, follow-ups and the board's report
// (docs/matching.md). Reasons come in the reader's language.
import type { components } from "../schema/matching";
import { allPages, answer, api, saveFile, type Sent } from "./client";

type Schemas = components["schemas"];
export type Recommendation = Sent<Schemas["Recommendation"]>;
export type OutcomeStatus = Schemas["OutcomePut"]["status"];
export type Pair = Sent<Schemas["PairChange"]>;
export type PairOutcome = Sent<Schemas["PairOutcome"]>;
export type Indicator = Sent<Schemas["Indicator"]>;
export type FollowUpPlan = Sent<Schemas["FollowUpPlan"]>;
export type FollowUpAnswer = Sent<Schemas["FollowUpAnswer"]>;
export type FollowUpRound = Sent<Schemas["FollowUpRound"]>;
export type Named = Sent<Schemas["Named"]>;
export type QualityReport = Sent<Schemas["QualityReport"]>;
export type TablePlan = Sent<Schemas["TablePlan"]>;
export type TagUse = Sent<Schemas["TagUse"]>;
export type TableSizes = { min_size: number; max_size: number; keep_partners_apart: boolean };

type Pairing = { slug: string; a: string; b: string };
const pairPath = ({ slug, a, b }: Pairing) => ({ path: { slug, org_a: a, org_b: b } });

// --- recommendations and outcomes

export const recommendationsOf = (slug: string, orgId: string) =>
  answer(
    api.GET("/matching/editions/{slug}/organizations/{org_id}/recommendations", {
      params: { path: { slug, org_id: orgId } },
    }),
  );

export const outcome = (pair: Pairing) =>
  answer(api.GET("/matching/editions/{slug}/recommendations/{org_a}/{org_b}/outcome", { params: pairPath(pair) }));

/** The caller's own view of what came of a recommendation. */
export const recordOutcome = (pair: Pairing, status: OutcomeStatus, note: string | null) =>
  answer(
    api.PUT("/matching/editions/{slug}/recommendations/{org_a}/{org_b}/outcome", {
      params: pairPath(pair),
      body: { status, note },
    }),
  );

export const allOutcomes = (slug: string) =>
  allPages((limit, offset) =>
    api.GET("/matching/editions/{slug}/outcomes", { params: { path: { slug }, query: { limit, offset } } }),
  );

export const currentPairs = (slug: string) =>
  answer(api.GET("/matching/editions/{slug}/current-pairs", { params: { path: { slug } } }));

export const quality = (slug: string) =>
  answer(api.GET("/matching/editions/{slug}/quality", { params: { path: { slug } } }));

// --- synergy tables

export const tables = (slug: string, sizes: TableSizes) =>
  answer(api.GET("/matching/editions/{slug}/tables", { params: { path: { slug }, query: sizes } }));

export const saveTablesCsv = (slug: string, sizes: TableSizes) =>
  saveFile(
    api.GET("/matching/editions/{slug}/tables.csv", { params: { path: { slug }, query: sizes }, parseAs: "blob" }),
    `${slug}-tables.csv`,
  );

/** A card for each synergy table, for the sizes chosen. */
export const saveTableCards = (slug: string, sizes: TableSizes, language: "da" | "en") =>
  saveFile(
    api.GET("/matching/editions/{slug}/table-cards.pdf", {
      params: { path: { slug }, query: { ...sizes, language } },
      parseAs: "blob",
    }),
    `${slug}-table-cards.pdf`,
  );

/** A name badge for each participant, 8 to an A4 sheet. */
export const saveBadges = (slug: string, language: "da" | "en") =>
  saveFile(
    api.GET("/matching/editions/{slug}/badges.pdf", { params: { path: { slug }, query: { language } }, parseAs: "blob" }),
    `${slug}-badges.pdf`,
  );

// --- words

export const tags = (slug: string) => answer(api.GET("/matching/editions/{slug}/tags", { params: { path: { slug } } }));

/** Count `tag` as `into` in the edition. */
export const mergeTag = (slug: string, tag: string, into: string) =>
  answer(api.PUT("/matching/editions/{slug}/tag-merges/{tag}", { params: { path: { slug, tag } }, body: { into } }));

export const unmergeTag = (slug: string, tag: string) =>
  answer(api.DELETE("/matching/editions/{slug}/tag-merges/{tag}", { params: { path: { slug, tag } } }));

// --- follow-ups

export const followUpPlan = (slug: string) =>
  answer(api.GET("/matching/editions/{slug}/follow-up-plan", { params: { path: { slug } } }));

/** Per round: the organisations asked, which answered, which were reminded. */
export const followUpSummary = (slug: string) =>
  answer(api.GET("/matching/editions/{slug}/follow-ups", { params: { path: { slug } } }));

export const followUpsOf = (slug: string, orgId: string) =>
  answer(
    api.GET("/matching/editions/{slug}/organizations/{org_id}/follow-ups", {
      params: { path: { slug, org_id: orgId } },
    }),
  );

export type FollowUpQuestion = { slug: string; orgId: string; months: number; partnerId: string };

export const answerFollowUp = (question: FollowUpQuestion, body: Schemas["FollowUpAnswerIn"]) =>
  answer(
    api.PUT("/matching/editions/{slug}/organizations/{org_id}/follow-ups/{months}/{partner_id}", {
      params: {
        path: {
          slug: question.slug,
          org_id: question.orgId,
          months: question.months,
          partner_id: question.partnerId,
        },
      },
      body,
    }),
  );

// --- the board's report

export const saveReport = (slug: string, format: "pdf" | "html", language: "da" | "en") =>
  saveFile(
    api.GET("/matching/editions/{slug}/report.{format}", {
      params: { path: { slug, format }, query: { language } },
      parseAs: "blob",
    }),
    `${slug}-report.${format}`,
  );

// --- the vocabulary profiles are matched by

export type Concept = Sent<Schemas["ConceptOut"]>;

export const concepts = () => answer(api.GET("/matching/concepts"));

export const setFollowUpPlan = (slug: string, body: Schemas["FollowUpPlan"]) =>
  answer(api.PUT("/matching/editions/{slug}/follow-up-plan", { params: { path: { slug } }, body }));

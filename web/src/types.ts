// The API's answers, as the services declare them: each an alias of a schema
// generated from docs/openapi/ (src/schema/, by tools/openapi/generate.mjs),
// so a field changed in a service fails `tsc` at the screen that reads it.
import type { components as feedback } from "./schema/feedback";
import type { components as matching } from "./schema/matching";
import type { components as registration } from "./schema/registration";
import type { components as workshops } from "./schema/workshops";

/** An answer as a service sends it. Pydantic writes every field, defaults
 * included, but the schema marks a field with a default as optional: here
 * every field is present (its value may still be null). */
type Sent<T> = T extends (infer Item)[]
  ? Sent<Item>[]
  : T extends object
    ? { [K in keyof T]-?: Sent<Exclude<T[K], undefined>> }
    : T;

export type Edition = Sent<registration["schemas"]["EditionPublic"]>;
export type Organization = Sent<registration["schemas"]["OrganizationPublic"]>;
export type Participant = Sent<registration["schemas"]["ParticipantPublic"]>;
export type Registration = Sent<registration["schemas"]["RegistrationPublic"]>;

export type Theme = Sent<workshops["schemas"]["ThemePublic"]>;
export type Workshop = Sent<workshops["schemas"]["WorkshopPublic"]>;

export type FeedbackSummary = Sent<feedback["schemas"]["Summary"]>;

export type Recommendation = Sent<matching["schemas"]["Recommendation"]>;
export type OutcomeStatus = matching["schemas"]["OutcomePut"]["status"];
export type Pair = Sent<matching["schemas"]["PairChange"]>;
export type PairOutcome = Sent<matching["schemas"]["PairOutcome"]>;
export type Indicator = Sent<matching["schemas"]["Indicator"]>;
export type FollowUpPlan = Sent<matching["schemas"]["FollowUpPlan"]>;
export type FollowUpAnswer = Sent<matching["schemas"]["FollowUpAnswer"]>;
export type FollowUpRound = Sent<matching["schemas"]["FollowUpRound"]>;
export type Named = Sent<matching["schemas"]["Named"]>;
export type QualityReport = Sent<matching["schemas"]["QualityReport"]>;
export type TablePlan = Sent<matching["schemas"]["TablePlan"]>;
export type TagUse = Sent<matching["schemas"]["TagUse"]>;

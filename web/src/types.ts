// The API's answers, as far as the app reads them (the services' OpenAPI
// pages, /<service>/docs, have them whole).

export interface Edition {
  slug: string;
  title: string;
  date: string;
  venue: string | null;
  registration_deadline: string | null;
  recommendations_per_organization: number;
  retention_months: number;
  personal_data_erased_at: string | null;
}

export interface Organization {
  id: string;
  name: string;
  size: "small" | "medium" | "large";
  target_groups: string[];
  regions: string[];
  offers: string[];
  needs: string[];
  description: string | null;
  version: number;
}

export interface Participant {
  id: string;
  name: string | null;
  email: string | null;
  role: string | null;
  consent: { share_contact: boolean } | null;
  erased_at: string | null;
}

export interface Registration {
  id: string;
  edition: string;
  organization_id: string;
  status: "active" | "cancelled";
  participants: Participant[];
  challenge_themes: string[];
}

export interface Theme {
  id: string;
  name_en: string;
  name_da: string;
  default: boolean;
}

export interface Workshop {
  id: string;
  title: string;
  theme: string;
  round: number;
  capacity: number;
  room: string | null;
  facilitator: string | null;
  seats_taken: number;
  waitlist_length: number;
}

export interface Reason {
  kind: string;
  weight: number;
  detail: string;
}

export type OutcomeStatus = "contacted" | "met" | "partnership" | "declined";

export interface Recommendation {
  partner_id: string;
  partner_name: string | null;
  score: number;
  reasons: Reason[];
  outcome: OutcomeStatus | null;
  /** Partners in an earlier edition: still (`partnership`) or no longer (`lapsed`). */
  earlier: { edition: string; status: "partnership" | "lapsed" } | null;
}

export interface Indicator {
  id: string;
  label_da: string;
  label_en: string;
}

export interface FollowUpPlan {
  months: number[];
  indicators: Indicator[];
}

export interface FollowUpAnswer {
  indicators: string[];
  still_partners: boolean | null;
  note: string | null;
  answered_at: string;
}

export interface FollowUpRound {
  edition: string;
  months: number;
  due_on: string;
  partners: { partner_id: string; partner_name: string | null; answer: FollowUpAnswer | null }[];
}

export interface Pair {
  organization_a: string;
  organization_b: string;
  organization_a_name: string | null;
  organization_b_name: string | null;
  score: number;
  reasons: Reason[];
  withdrawn: boolean;
  outcome: OutcomeStatus | null;
}

export interface OutcomeView {
  status: OutcomeStatus;
  note: string | null;
  updated_at: string;
}

export interface PairOutcome {
  organization_a: string;
  organization_b: string;
  status: OutcomeStatus;
  views: {
    organization_a: OutcomeView | null;
    organization_b: OutcomeView | null;
    organizer: OutcomeView | null;
  };
  updated_at: string;
}

export interface RatingSummary {
  count: number;
  average: number | null;
  distribution: Record<string, number>;
}

export interface FeedbackSummary {
  responses: number;
  checked_in: number;
  response_rate: number | null;
  day: RatingSummary;
  workshops: (RatingSummary & { id: string })[];
  themes: (RatingSummary & { id: string })[];
  insights: { kind: "tip" | "ambition"; theme: string; count: number }[];
}

export interface Named {
  id: string;
  name: string | null;
}

export interface QualityReport {
  edition: string;
  model_version: string;
  coverage: { organizations: number; share_with_at_least_3: number; fewer_than_3: Named[]; with_none: Named[] };
  exposure: {
    gini: number;
    largest_share: number;
    most_exposed: Named | null;
    most_lists: number;
    by_size: { size: string; share_of_exposure: number; share_of_edition: number }[];
  };
  reciprocity: number;
  scores: { count: number; median: number; p25: number; p75: number; minimum: number; maximum: number; histogram: number[] };
}

export interface SynergyTable {
  number: number;
  theme: string | null;
  theme_label: string | null;
  why: string;
  score: number;
  members: { id: string; name: string }[];
}

export interface TablePlan {
  organizations: number;
  min_size: number;
  max_size: number;
  keep_partners_apart: boolean;
  tables: SynergyTable[];
}

export interface TagUse {
  tag: string;
  concept: string;
  counts_as: string;
  label_en: string;
  label_da: string;
  organizations: number;
}

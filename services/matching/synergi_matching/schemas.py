"""The matching service's HTTP models."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from synergi_shared.contracts.events import Reason
from synergi_shared.contracts.text import SingleLine

Outcome = Literal["contacted", "met", "partnership", "declined"]


class EarlierPartnership(BaseModel):
    edition: str = Field(description="The latest earlier edition in which the pair were partners")
    status: Literal["partnership", "lapsed"] = Field(
        description="`partnership`: still partners, shown as such and not as new; "
        "`lapsed`: a follow-up said it ended, so the pair is suggested for renewal"
    )


class Recommendation(BaseModel):
    partner_id: str
    partner_name: str | None = Field(default=None, description="The partner's public name")
    score: float
    reasons: list[Reason]
    outcome: Outcome | None = Field(
        default=None, description="What came of it; `partnership` marks a pair already formed"
    )
    earlier: EarlierPartnership | None = Field(
        default=None, description="The pair's partnership in an earlier edition, if any"
    )
    updated_at: datetime


class OrganizationRecommendations(BaseModel):
    organization_id: str
    recommendations: list[Recommendation]


class PairChange(BaseModel):
    organization_a: str
    organization_b: str
    organization_a_name: str | None = Field(default=None, description="Its public name")
    organization_b_name: str | None = Field(default=None, description="Its public name")
    score: float
    reasons: list[Reason]
    listed_by: list[str] = Field(
        default=[], description="Which of the two have the other in their list"
    )
    withdrawn: bool = Field(description="No longer recommended (or below min_score)")
    outcome: Outcome | None = None
    earlier: EarlierPartnership | None = None
    version: int
    model_version: str
    updated_at: datetime


class ChangePage(BaseModel):
    items: list[PairChange]
    next_cursor: str = Field(description="Send it back as `cursor` for what changed since")


class OutcomePut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Outcome
    note: str | None = Field(default=None, max_length=2000)


class OutcomeView(BaseModel):
    status: Outcome
    note: str | None = None
    updated_at: datetime


class OutcomeViews(BaseModel):
    organization_a: OutcomeView | None = Field(default=None, description="What A recorded")
    organization_b: OutcomeView | None = Field(default=None, description="What B recorded")
    organizer: OutcomeView | None = Field(default=None, description="What the organiser recorded")


class PairOutcome(BaseModel):
    organization_a: str
    organization_b: str
    status: Outcome = Field(
        description="The pair's: `declined` if anyone declined; `partnership` if both "
        "organisations or the organiser say so; else the furthest step recorded "
        "(one side's `partnership` counts as `met`)"
    )
    views: OutcomeViews = Field(
        description="Each side's own status and note. An organisation reads only its own "
        "(the others are null); the organiser reads all three"
    )
    updated_at: datetime


class ConceptOut(BaseModel):
    id: str
    name_en: str
    name_da: str
    synonyms: list[str] = Field(description="Other words for it, in either language")


class TagUse(BaseModel):
    tag: str = Field(description="As organisations wrote it (normalised)")
    concept: str = Field(description="The catalogue concept it stands for, or the tag itself")
    counts_as: str = Field(description="The concept matching compares: `concept` after merges")
    label_en: str
    label_da: str
    organizations: int = Field(description="Organisations taking part that wrote it")


class TagMergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    into: str = Field(min_length=1, max_length=100, description="A tag or a concept's id")


class TagMerge(BaseModel):
    concept: str = Field(description="The concept merged (the tag in the path, as a concept)")
    into: str = Field(description="The concept it now counts as")


class Seat(BaseModel):
    id: str
    name: str


class Table(BaseModel):
    number: int
    theme: str | None = Field(description="The challenge theme two or more at the table share")
    theme_label: str | None = Field(description="The theme in the reader's language")
    why: str = Field(description="One sentence: why they sit together")
    score: float = Field(description="The sum of the pair scores at the table")
    members: list[Seat]


class TablePlan(BaseModel):
    edition: str
    min_size: int
    max_size: int
    keep_partners_apart: bool
    organizations: int = Field(description="Organisations taking part, every one seated")
    tables: list[Table]


class LedgerEntry(BaseModel):
    """One thing recorded about a pair, in the edition it was recorded in."""

    seq: int = Field(description="Its number in the ledger; pull with `cursor` after the last")
    edition: str
    organization_a: str
    organization_b: str
    organization_a_name: str | None = None
    organization_b_name: str | None = None
    kind: Literal["outcome", "follow-up"]
    side: Literal["organization_a", "organization_b", "organizer"] = Field(
        description="Whose word it is"
    )
    status: Outcome | None = Field(
        default=None, description="`outcome`: the status that side recorded"
    )
    note: str | None = Field(
        default=None, description="That side's note (hidden from tools and from the other side)"
    )
    months: int | None = Field(default=None, description="`follow-up`: months after the day")
    indicators: list[str] | None = Field(
        default=None, description="`follow-up`: the impact indicators named"
    )
    still_partners: bool | None = Field(
        default=None, description="`follow-up`: whether the partnership still runs"
    )
    pair_status: Outcome | None = Field(description="The pair's status after the entry")
    score: float | None = Field(description="The recommendation's score at the time")
    reasons: list[Reason] = Field(description="Its reasons at the time")
    at: datetime


class LedgerPage(BaseModel):
    items: list[LedgerEntry]
    next_cursor: str = Field(description="Send it back as `cursor` for the entries since")


class Indicator(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$", examples=["joint-application"])
    label_da: SingleLine = Field(min_length=1, max_length=100)
    label_en: SingleLine = Field(min_length=1, max_length=100)


class FollowUpPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    months: list[int] = Field(
        min_length=1, max_length=6, description="Months after the day to ask", examples=[[3, 6, 12]]
    )
    indicators: list[Indicator] = Field(min_length=1, max_length=12)

    @field_validator("months")
    @classmethod
    def _months_in_range(cls, months: list[int]) -> list[int]:
        if any(not 1 <= m <= 60 for m in months):
            raise ValueError("each month is 1 to 60")
        return sorted(months)


class FollowUpAnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    indicators: list[str] = Field(
        max_length=12, description="The plan's indicators that came of it (none: nothing yet)"
    )
    still_partners: bool | None = Field(
        default=None, description="For a partnership: does it still run?"
    )
    note: str | None = Field(default=None, max_length=2000)


class FollowUpAnswer(FollowUpAnswerIn):
    model_config = ConfigDict(extra="ignore")

    months: int
    partner_id: str
    answered_at: datetime


class FollowUpPartner(BaseModel):
    partner_id: str
    partner_name: str | None = None
    answer: FollowUpAnswer | None = None


class FollowUpRound(BaseModel):
    edition: str
    months: int
    due_on: str = Field(description="The day it fell due (ISO date)")
    partners: list[FollowUpPartner]


class FollowUpAsked(BaseModel):
    organization_id: str
    name: str | None = None
    answered: bool = Field(description="It answered about at least one partner")
    reminded: bool = Field(description="It was sent the one reminder (14 days without an answer)")


class FollowUpRoundSummary(BaseModel):
    months: int
    organizations_asked: int
    asked: list[FollowUpAsked] = Field(
        default=[], description="*Added* 2026-12: the organisations asked, by name"
    )
    organizations_answered: int
    answers: int
    indicators: dict[str, int] = Field(description="How many answers named each indicator")
    still_partners: int
    no_longer_partners: int


class FollowUpSummary(BaseModel):
    edition: str
    indicators: list[Indicator]
    rounds: list[FollowUpRoundSummary]


class FollowUpSent(BaseModel):
    months: int
    organizations: int = Field(description="Organisations newly asked (0: all were already)")


class HeldCheckIn(BaseModel):
    edition: str
    workshop_id: str


class HeldEvaluation(BaseModel):
    edition: str
    version: int = Field(description="The evaluation's version these facts come from")
    wishes: list[str] = Field(description="Organisations the person wished to follow up with")
    tip_themes: list[str] = Field(description="Themes of the tips they gave (not the words)")
    ambitions: list[str] = Field(description="Themes of the ambitions they named")


class MatchingHeld(BaseModel):
    """What the matching service keeps about one participant, to score pairs."""

    participant_id: str
    check_ins: list[HeldCheckIn]
    evaluations: list[HeldEvaluation]

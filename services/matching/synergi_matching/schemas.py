"""The matching service's HTTP models."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from synergi_shared.contracts.events import Reason

Outcome = Literal["contacted", "met", "partnership", "declined"]


class Recommendation(BaseModel):
    partner_id: str
    partner_name: str | None = Field(default=None, description="The partner's public name")
    score: float
    reasons: list[Reason]
    outcome: Outcome | None = Field(
        default=None, description="What came of it; `partnership` marks a pair already formed"
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

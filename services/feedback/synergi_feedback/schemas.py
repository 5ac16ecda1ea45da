"""Request and response bodies of the feedback API."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from synergi_feedback.commands import Evaluate, FollowUpWished, WorkshopRated
from synergi_shared.contracts.text import SingleLine


class WorkshopRating(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workshop_id: str
    rating: int = Field(ge=1, le=5)
    insight: str | None = Field(default=None, max_length=2000, description="What you took home")
    insight_kind: Literal["tip", "ambition"] | None = Field(
        default=None, description="`tip`: practical; `ambition`: to change the field together"
    )

    @model_validator(mode="after")
    def _insight_has_a_kind(self) -> "WorkshopRating":
        if bool(self.insight) != bool(self.insight_kind):
            raise ValueError("an insight needs its insight_kind (tip or ambition), and vice versa")
        return self


class FollowUp(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: str
    topic: SingleLine | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=2000)


class ResponsePut(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day_rating: int = Field(ge=1, le=5)
    workshops: list[WorkshopRating] = Field(default_factory=list, max_length=20)
    follow_ups: list[FollowUp] = Field(default_factory=list, max_length=50)
    comment: str | None = Field(default=None, max_length=5000)
    may_quote: bool = Field(
        default=False,
        description="May the foundation quote this person's tips and ambitions, without "
        "name or organisation, in its report? Default no.",
    )

    @model_validator(mode="after")
    def _no_repeats(self) -> "ResponsePut":
        ids = [w.workshop_id for w in self.workshops]
        if len(ids) != len(set(ids)):
            raise ValueError("each workshop may be rated once")
        orgs = [f.organization_id for f in self.follow_ups]
        if len(orgs) != len(set(orgs)):
            raise ValueError("each organisation may be named once in follow_ups")
        return self

    def command(self) -> Evaluate:
        return Evaluate(
            day_rating=self.day_rating,
            workshops=tuple(WorkshopRated(**item.model_dump()) for item in self.workshops),
            follow_ups=tuple(FollowUpWished(**wish.model_dump()) for wish in self.follow_ups),
            comment=self.comment,
            may_quote=self.may_quote,
        )


class RatedWorkshop(BaseModel):
    workshop_id: str
    theme: str
    rating: int
    insight: str | None = None
    insight_kind: Literal["tip", "ambition"] | None = None


class ResponsePublic(BaseModel):
    model_config = ConfigDict(extra="ignore")

    day_rating: int
    workshops: list[RatedWorkshop]
    follow_ups: list[FollowUp]
    comment: str | None = None
    may_quote: bool = False
    edition: str
    participant_id: str
    organization_id: str
    version: int
    submitted_at: datetime


class RatingSummary(BaseModel):
    count: int
    average: float | None
    distribution: dict[str, int]


class NamedRatingSummary(RatingSummary):
    id: str


class InsightCount(BaseModel):
    kind: Literal["tip", "ambition"]
    theme: str
    count: int


class Insight(BaseModel):
    kind: Literal["tip", "ambition"] = Field(validation_alias="insight_kind")
    theme: str
    workshop_id: str
    text: str = Field(validation_alias="insight")
    organization_id: str
    may_quote: bool = Field(
        default=False, description="The person allowed it to be quoted anonymously in the report"
    )


class FollowUpCount(BaseModel):
    organization_id: str
    wished_by: int


class Summary(BaseModel):
    edition: str
    responses: int
    checked_in: int = Field(description="Participants checked in at any workshop")
    response_rate: float | None = Field(description="responses / checked_in")
    day: RatingSummary
    workshops: list[NamedRatingSummary]
    themes: list[NamedRatingSummary]
    insights: list[InsightCount]
    most_wished_follow_ups: list[FollowUpCount]


class FeedbackHeld(BaseModel):
    """What the feedback service holds about one participant."""

    participant_id: str
    responses: list[ResponsePublic] = Field(description="Their evaluations, one per edition")
    checked_in_at: list[str] = Field(
        description="The workshops they were checked in at (what an evaluation may rate)"
    )

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


class OutcomePublic(OutcomePut):
    model_config = ConfigDict(extra="ignore")

    organization_a: str
    organization_b: str
    updated_at: datetime

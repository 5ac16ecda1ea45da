"""What a caller asks the registration service to do, as the use cases take
it: plain frozen data, checked for shape by the HTTP layer (`schemas`) and for
meaning by the rules (`domain`). In a change, a field left `KEEP` stays as it
is; `None` clears it where clearing is allowed."""

from dataclasses import dataclass, fields
from datetime import date as Date
from datetime import datetime
from enum import Enum
from typing import Any, Literal


class _Keep(Enum):
    KEEP = "keep"


KEEP = _Keep.KEEP
Size = Literal["small", "medium", "large"]


def given(change: Any) -> dict[str, Any]:
    """The fields a change sets (every one not left `KEEP`)."""
    return {
        field.name: getattr(change, field.name)
        for field in fields(change)
        if getattr(change, field.name) is not KEEP
    }


@dataclass(frozen=True)
class CreateEdition:
    slug: str
    title: str
    date: Date
    venue: str | None
    registration_deadline: datetime | None
    recommendations_per_organization: int
    retention_months: int
    starts_at: str | None = None
    ends_at: str | None = None


@dataclass(frozen=True)
class ChangeEdition:
    """The slug and K never change: other services know the edition by them."""

    title: str | _Keep | None = KEEP
    date: Date | _Keep | None = KEEP
    venue: str | _Keep | None = KEEP
    registration_deadline: datetime | _Keep | None = KEEP
    retention_months: int | _Keep | None = KEEP
    starts_at: str | _Keep | None = KEEP
    ends_at: str | _Keep | None = KEEP


@dataclass(frozen=True)
class CreateOrganization:
    name: str
    size: Size
    target_groups: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class ChangeOrganization:
    name: str | _Keep = KEEP
    size: Size | _Keep = KEEP
    target_groups: tuple[str, ...] | _Keep = KEEP
    regions: tuple[str, ...] | _Keep = KEEP
    offers: tuple[str, ...] | _Keep = KEEP
    needs: tuple[str, ...] | _Keep = KEEP
    description: str | _Keep | None = KEEP


@dataclass(frozen=True)
class AddParticipant:
    name: str
    email: str
    role: str | None = None
    share_contact: bool = False


@dataclass(frozen=True)
class Register:
    """An organisation's registration for an edition, with its participants."""

    organization_id: str
    participants: tuple[AddParticipant, ...]
    challenge_themes: tuple[str, ...] = ()
    expectations: str | None = None

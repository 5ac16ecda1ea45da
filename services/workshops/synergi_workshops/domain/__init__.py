"""Workshop rosters: capacity, a first-come-first-served waitlist, check-in. Pure."""

from dataclasses import dataclass, replace
from typing import Literal


class RosterConflict(Exception):
    """A change the roster cannot take (409)."""


class NotSignedUp(LookupError):
    """The participant holds no seat and no waitlist place here (404)."""


@dataclass(frozen=True)
class SignUp:
    status: Literal["confirmed", "waitlisted"]
    position: int | None = None  # 1-based place on the waitlist
    changed: bool = True


@dataclass(frozen=True)
class Cancellation:
    was: Literal["confirmed", "waitlisted"]
    promoted: str | None  # who moved up from the waitlist into the freed seat


@dataclass(frozen=True)
class CheckIn:
    first: bool  # False when the participant was checked in already
    walk_in: bool  # True when they came without a confirmed seat


@dataclass(frozen=True)
class Roster:
    capacity: int
    confirmed: tuple[str, ...] = ()
    waitlist: tuple[str, ...] = ()
    checked_in: tuple[str, ...] = ()

    @property
    def seats_free(self) -> int:
        return self.capacity - len(self.confirmed)

    def place_of(self, participant: str) -> SignUp | None:
        """The participant's seat or waitlist place here, if any."""
        if participant in self.confirmed:
            return SignUp("confirmed", changed=False)
        if participant in self.waitlist:
            return SignUp("waitlisted", self.waitlist.index(participant) + 1, changed=False)
        return None

    def sign_up(self, participant: str) -> tuple["Roster", SignUp]:
        """A seat while one is free, else the end of the waitlist. Signing up
        again answers as before and changes nothing."""
        if (place := self.place_of(participant)) is not None:
            return self, place
        if self.seats_free > 0:
            return replace(self, confirmed=(*self.confirmed, participant)), SignUp("confirmed")
        waitlist = (*self.waitlist, participant)
        return replace(self, waitlist=waitlist), SignUp("waitlisted", len(waitlist))

    def cancel(self, participant: str) -> tuple["Roster", Cancellation]:
        """Free the seat (the first on the waitlist takes it) or the waitlist place."""
        if participant in self.waitlist:
            waitlist = tuple(p for p in self.waitlist if p != participant)
            return replace(self, waitlist=waitlist), Cancellation("waitlisted", None)
        if participant not in self.confirmed:
            raise NotSignedUp(participant)
        confirmed = tuple(p for p in self.confirmed if p != participant)
        promoted = self.waitlist[0] if self.waitlist and len(confirmed) < self.capacity else None
        roster = replace(
            self,
            confirmed=(*confirmed, promoted) if promoted else confirmed,
            waitlist=self.waitlist[1:] if promoted else self.waitlist,
        )
        return roster, Cancellation("confirmed", promoted)

    def check_in(self, participant: str) -> tuple["Roster", CheckIn]:
        """Idempotent. A walk-in (no confirmed seat, even if waitlisted) is let in
        while a seat is free; a full room refuses them, since the capacity is
        the room's."""
        if participant in self.checked_in:
            return self, CheckIn(first=False, walk_in=False)
        checked_in = (*self.checked_in, participant)
        if participant in self.confirmed:
            return replace(self, checked_in=checked_in), CheckIn(first=True, walk_in=False)
        if self.seats_free <= 0:
            raise RosterConflict(
                f"the room is full ({self.capacity} seats) and {participant} has no seat"
            )
        return (
            replace(
                self,
                confirmed=(*self.confirmed, participant),
                waitlist=tuple(p for p in self.waitlist if p != participant),
                checked_in=checked_in,
            ),
            CheckIn(first=True, walk_in=True),
        )

    def without(self, participant: str) -> tuple["Roster", Cancellation | None]:
        """The participant gone from every list (their registration was cancelled
        or they were erased); a freed seat goes to the waitlist's first."""
        roster = replace(self, checked_in=tuple(p for p in self.checked_in if p != participant))
        if participant in roster.confirmed or participant in roster.waitlist:
            return roster.cancel(participant)
        return roster, None

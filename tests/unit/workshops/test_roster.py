import pytest

from synergi_workshops.domain import NotSignedUp, Roster, RosterConflict


def test_seats_go_first_come_first_served_then_the_waitlist_in_order() -> None:
    roster = Roster(capacity=2)
    outcomes = []
    for person in "abcd":
        roster, outcome = roster.sign_up(person)
        outcomes.append((outcome.status, outcome.position))
    assert outcomes == [
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert roster.confirmed == ("a", "b")
    assert roster.waitlist == ("c", "d")


def test_signing_up_again_changes_nothing() -> None:
    roster, _ = Roster(capacity=1).sign_up("a")
    roster, _ = roster.sign_up("b")
    assert roster.sign_up("a") == (roster, roster.sign_up("a")[1])
    assert not roster.sign_up("a")[1].changed
    assert roster.sign_up("b")[1].position == 1


def test_a_freed_seat_goes_to_the_first_on_the_waitlist() -> None:
    roster = Roster(capacity=1, confirmed=("a",), waitlist=("b", "c"))
    roster, cancellation = roster.cancel("a")
    assert cancellation.was == "confirmed"
    assert cancellation.promoted == "b"
    assert roster.confirmed == ("b",)
    assert roster.waitlist == ("c",)


def test_leaving_the_waitlist_promotes_no_one() -> None:
    roster = Roster(capacity=1, confirmed=("a",), waitlist=("b", "c"))
    roster, cancellation = roster.cancel("b")
    assert (cancellation.was, cancellation.promoted) == ("waitlisted", None)
    assert roster.waitlist == ("c",)
    with pytest.raises(NotSignedUp):
        roster.cancel("z")


def test_check_in_is_idempotent_and_lets_walk_ins_in_while_a_seat_is_free() -> None:
    roster = Roster(capacity=2, confirmed=("a",), waitlist=())
    roster, first = roster.check_in("a")
    assert (first.first, first.walk_in) == (True, False)
    roster, again = roster.check_in("a")
    assert not again.first
    roster, walk_in = roster.check_in("w")
    assert (walk_in.first, walk_in.walk_in) == (True, True)
    assert roster.confirmed == ("a", "w")
    assert roster.checked_in == ("a", "w")


def test_a_full_room_refuses_walk_ins_and_the_waitlisted() -> None:
    roster = Roster(capacity=1, confirmed=("a",), waitlist=("b",))
    for person in ("b", "w"):
        with pytest.raises(RosterConflict, match="full"):
            roster.check_in(person)


def test_without_removes_someone_everywhere_and_promotes() -> None:
    roster = Roster(capacity=1, confirmed=("a",), waitlist=("b",), checked_in=("a",))
    roster, cancellation = roster.without("a")
    assert roster.confirmed == ("b",)
    assert roster.checked_in == ()
    assert cancellation.promoted == "b"
    assert roster.without("nobody") == (roster, None)

"""Which dead letters count as replayed: every offset below a mark, and those
replayed one by one after it."""

from synergi_shared.tools.dead_letters import _Mark


def test_letters_replayed_one_by_one_stay_marked_and_close_up_when_contiguous() -> None:
    mark = _Mark().plus(2)
    assert [mark.covers(o) for o in range(4)] == [False, False, True, False]
    mark = mark.plus(0).plus(1)
    assert mark == _Mark(3, frozenset())  # 0, 1, 2: no list left to keep


def test_letters_the_retention_dropped_count_as_replayed() -> None:
    assert _Mark(0, frozenset({5, 7})).from_(6) == _Mark(6, frozenset({7}))
    assert _Mark(0, frozenset({5, 7})).from_(6).plus(6) == _Mark(8, frozenset())

"""The feedback summary recomputed from scratch, for the unit and the
FerretDB tests alike: what the stored counters must add up to."""

from collections import Counter

from synergi_feedback.domain import contribution


def recompute(responses) -> dict[str, int]:
    """The summary from scratch: every response's contribution added up."""
    total: Counter[str] = Counter()
    for one in responses:
        total.update(contribution(one))
    return {key: value for key, value in total.items() if value}

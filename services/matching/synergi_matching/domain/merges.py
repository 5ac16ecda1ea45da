"""The organiser's tag merges in one edition: a tag (its concept) counts as
another concept, so organisations that wrote it meet those that wrote the
other. One step only: a merge never points at a concept merged away itself.
Pure: the rules; the edition's facts apply them (`EditionFacts.merge`)."""

from collections.abc import Mapping

from synergi_shared.contracts.errors import Conflict, Unprocessable


def check_merge(merges: Mapping[str, str], concept: str, into: str) -> None:
    """Raise unless `concept` may count as `into` given the edition's `merges`."""
    if concept == into:
        raise Unprocessable(f"both words are the concept '{concept}' already: nothing to merge")
    if into in merges:
        raise Conflict(
            f"'{into}' is itself merged into '{merges[into]}': merge '{concept}' into that"
        )
    merged_here = sorted(tag for tag, target in merges.items() if target == concept)
    if merged_here:
        raise Conflict(
            f"{', '.join(repr(t) for t in merged_here)} merged into '{concept}': "
            "undo those merges first, or merge them into the new concept"
        )

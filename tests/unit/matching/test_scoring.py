from dataclasses import replace

import pytest

from synergi_matching.domain.scoring import (
    MET_CAP,
    MUTUAL_WISH_FACTOR,
    WEIGHTS,
    Organization,
    score,
    size_class,
)


def org(id: str, **tags: set[str]) -> Organization:
    return Organization(id=id, name=id.title(), **{k: frozenset(v) for k, v in tags.items()})


def kinds(a: Organization, b: Organization) -> set[str]:
    return {reason.kind for reason in score(a, b).reasons}


def test_unrelated_organisations_have_no_reason_and_score_zero() -> None:
    match = score(org("a", regions={"aarhus"}), org("b", regions={"odense"}))
    assert match.reasons == ()
    assert match.score == 0


@pytest.mark.parametrize(
    ("a", "b", "kind", "words"),
    [
        (
            org("a", offers={"impact-measurement"}),
            org("b", needs={"impact-measurement"}),
            "complementary",
            "A offers impact measurement, which B needs",
        ),
        (
            org("a", needs={"volunteers"}),
            org("b", offers={"volunteers"}),
            "complementary",
            "B offers volunteers, which A needs",
        ),
        (
            org("a", challenge_themes={"co-creation"}),
            org("b", challenge_themes={"co-creation"}),
            "shared-challenge",
            "co-creation",
        ),
        (
            org("a", target_groups={"young-mothers"}),
            org("b", target_groups={"young-mothers"}),
            "shared-target-group",
            "young mothers",
        ),
        (org("a", regions={"aarhus"}), org("b", regions={"aarhus"}), "same-region", "aarhus"),
    ],
)
def test_each_reason_is_found_weighted_and_explained(a, b, kind, words) -> None:
    match = score(a, b)
    assert [r.kind for r in match.reasons] == [kind]
    assert match.reasons[0].weight == WEIGHTS[kind]
    assert words in match.reasons[0].detail
    assert match.score == WEIGHTS[kind]


def test_complementary_either_way_is_one_reason_naming_both_directions() -> None:
    a = org("a", offers={"x"}, needs={"y"})
    b = org("b", offers={"y"}, needs={"x"})
    [reason] = score(a, b).reasons
    assert "A offers x, which B needs" in reason.detail
    assert "B offers y, which A needs" in reason.detail


def test_score_is_symmetric_and_deterministic() -> None:
    a = org("a", offers={"x"}, regions={"r"}, challenge_themes={"co-creation"})
    b = org("b", needs={"x"}, regions={"r"}, challenge_themes={"co-creation"})
    assert score(a, b) == score(b, a) == score(a, b)


def test_score_is_the_sum_of_reason_weights_capped_at_one() -> None:
    tags = dict(
        offers={"x"}, needs={"x"}, regions={"r"}, target_groups={"t"}, challenge_themes={"c"}
    )
    a = replace(
        org("a", **tags), workshops={"w": 2}, wishes=frozenset({"b"}), tips=frozenset({"c"})
    )
    b = replace(org("b", **tags), workshops={"w": 2}, wishes=frozenset({"a"}))
    match = score(a, b)
    assert {r.kind for r in match.reasons} == set(WEIGHTS)
    assert sum(r.weight for r in match.reasons) > 1
    assert match.score == 1.0


def test_a_small_workshop_counts_more_than_a_large_one() -> None:
    small = score(replace(org("a"), workshops={"w": 2}), replace(org("b"), workshops={"w": 2}))
    large = score(replace(org("a"), workshops={"w": 10}), replace(org("b"), workshops={"w": 10}))
    assert small.reasons[0].kind == large.reasons[0].kind == "met-at-workshop"
    assert small.score == WEIGHTS["met-at-workshop"]
    assert large.score == pytest.approx(WEIGHTS["met-at-workshop"] * 2 / 10)
    assert (
        large.reasons[0].detail == "People from both were at a workshop of up to 10 organisations"
    )
    many = score(
        replace(org("a"), workshops={"w1": 2, "w2": 2}),
        replace(org("b"), workshops={"w1": 2, "w2": 2}),
    )
    assert many.score == MET_CAP


def test_a_mutual_follow_up_wish_counts_most() -> None:
    one_way = score(replace(org("a"), wishes=frozenset({"b"})), org("b"))
    mutual = score(
        replace(org("a"), wishes=frozenset({"b"})), replace(org("b"), wishes=frozenset({"a"}))
    )
    assert one_way.reasons[0].detail == "A wants to follow up with B"
    assert one_way.score == WEIGHTS["follow-up-wish"]
    assert mutual.score == WEIGHTS["follow-up-wish"] * MUTUAL_WISH_FACTOR
    assert "both want to follow up" in mutual.reasons[0].detail


def test_a_tip_meets_an_ambition_or_a_challenge_in_its_theme() -> None:
    tipper = replace(org("a"), tips=frozenset({"co-creation"}))
    for taker in (
        replace(org("b"), ambitions=frozenset({"co-creation"})),
        org("b", challenge_themes={"co-creation"}),
    ):
        [reason] = [r for r in score(tipper, taker).reasons if r.kind == "insight-match"]
        assert reason.detail.startswith("A shared a tip on co-creation, where B ")
    assert score(tipper, replace(org("b"), ambitions=frozenset({"other"}))).reasons == ()


def test_an_organisation_is_never_matched_with_itself() -> None:
    with pytest.raises(ValueError):
        score(org("a"), org("a"))


def test_every_reason_has_a_danish_sentence_too() -> None:
    a = org(
        "a",
        offers={"frivillige"},
        challenge_themes={"co-creation"},
        target_groups={"unge mødre"},
        regions={"Fyn"},
        ambitions={"measurement-documentation"},
    )
    b = org(
        "b",
        needs={"frivillige"},
        challenge_themes={"co-creation"},
        target_groups={"unge mødre"},
        regions={"Fyn"},
    )
    a = replace(a, workshops={"w": 4}, wishes=frozenset({"b"}))
    b = replace(
        b,
        workshops={"w": 4},
        wishes=frozenset({"a"}),
        tips=frozenset({"measurement-documentation"}),
    )
    danish = {r.kind: r.detail_da for r in score(a, b).reasons}
    assert danish == {
        "complementary": "A tilbyder frivillige, som B har brug for",
        "shared-challenge": "Begge har peget på samskabelse som en udfordring: "
        "de kan lære af hinanden",
        "shared-target-group": "Begge arbejder med unge mødre",
        "same-region": "Begge er aktive i Fyn, så det er let at mødes lokalt",
        "met-at-workshop": "Folk fra begge var med i en workshop med op til 4 organisationer",
        "follow-up-wish": "A og B vil begge gerne følge op med hinanden",
        "insight-match": "B delte et tip om måling og dokumentation, hvor A har en ambition",
    }
    english = {r.kind: r.detail for r in score(a, b).reasons}
    assert english["insight-match"] == (
        "B shared a tip on measurement and documentation, where A has an ambition"
    )


@pytest.mark.parametrize(
    ("organizations", "size"), [(1, 2), (2, 2), (3, 4), (4, 4), (5, 8), (8, 8), (9, 16), (25, 32)]
)
def test_a_room_is_weighed_by_its_size_class(organizations, size) -> None:
    assert size_class(organizations) == size


def test_tags_are_named_in_the_readers_language_and_typed_ones_as_typed() -> None:
    a = org("a", target_groups={"young-mothers"}, regions={"fyn"}, offers={"peer-support-circles"})
    b = org("b", target_groups={"young-mothers"}, regions={"fyn"}, needs={"peer-support-circles"})
    reasons = {r.kind: r for r in score(a, b).reasons}
    assert reasons["shared-target-group"].detail == "Both work with young mothers"
    assert reasons["shared-target-group"].detail_da == "Begge arbejder med unge mødre"
    assert reasons["same-region"].detail.startswith("Both are active in Funen")
    assert reasons["same-region"].detail_da.startswith("Begge er aktive i Fyn")
    # A tag no list knows keeps the organisation's words, in both languages.
    assert reasons["complementary"].detail == "A offers peer support circles, which B needs"
    assert (
        reasons["complementary"].detail_da == "A tilbyder peer support circles, som B har brug for"
    )

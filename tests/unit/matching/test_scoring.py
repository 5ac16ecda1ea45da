import pytest

from synergi_matching.scoring import WEIGHTS, Organization, score


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
            "A offers impact-measurement, which B needs",
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
            "young-mothers",
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


def test_score_is_the_sum_of_reason_weights_within_zero_and_one() -> None:
    everything = dict(
        offers={"x"}, needs={"x"}, regions={"r"}, target_groups={"t"}, challenge_themes={"c"}
    )
    match = score(org("a", **everything), org("b", **everything))
    assert kinds(org("a", **everything), org("b", **everything)) == set(WEIGHTS)
    assert match.score == pytest.approx(min(1.0, sum(WEIGHTS.values())))
    assert 0 <= match.score <= 1


def test_an_organisation_is_never_matched_with_itself() -> None:
    with pytest.raises(ValueError):
        score(org("a"), org("a"))

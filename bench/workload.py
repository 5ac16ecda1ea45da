"""Organisations with realistic tag distributions, for the scale and consume
benchmarks: a few regions and target groups most organisations share, a long
tail of offers and needs, three themes, workshops of a few dozen."""

import random

from synergi_matching.domain.scoring import Organization
from synergi_shared.contracts.events import (
    Event,
    OrganizationProfileUpdated,
    OrganizationRegistered,
)

REGIONS = ["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"]
GROUPS = ["vulnerable-children", "young-mothers", "families", "teenagers", "refugee-families"]
THEMES = ["measurement-documentation", "co-creation", "public-affairs-communication"]
RESOURCES = [f"resource-{n}" for n in range(60)]


def _zipf(rng: random.Random, values: list[str]) -> str:
    """Popular values first: the n-th is chosen with weight 1/n."""
    return rng.choices(values, weights=[1 / (n + 1) for n in range(len(values))])[0]


def organizations(count: int, seed: int = 9) -> list[Organization]:
    rng = random.Random(seed)
    workshops = max(6, count // 25)  # rooms of about 25 organisations
    orgs = []
    for n in range(count):
        orgs.append(
            Organization(
                id=f"org-{n:05}",
                name=f"Organisation {n}",
                regions=frozenset([_zipf(rng, REGIONS)]),
                target_groups=frozenset({_zipf(rng, GROUPS) for _ in range(rng.randint(1, 2))}),
                offers=frozenset({_zipf(rng, RESOURCES) for _ in range(rng.randint(1, 3))}),
                needs=frozenset({_zipf(rng, RESOURCES) for _ in range(rng.randint(1, 3))}),
                challenge_themes=frozenset([rng.choice(THEMES)]),
                workshops={f"w{rng.randrange(workshops)}": 25 for _ in range(2)},
                wishes=frozenset(
                    f"org-{rng.randrange(count):05}" for _ in range(rng.randint(0, 2))
                ),
            )
        )
    return orgs


def joined(org: Organization, edition: str, org_id: str) -> list[Event]:
    """The events of `org` (as `org_id`) taking part: its profile, its registration."""
    return [
        OrganizationProfileUpdated(
            organization_id=org_id,
            version=1,
            name=org.name,
            size="small",
            target_groups=sorted(org.target_groups),
            regions=sorted(org.regions),
            offers=sorted(org.offers),
            needs=sorted(org.needs),
        ),
        OrganizationRegistered(
            edition=edition,
            registration_id=f"r-{org_id}",
            organization_id=org_id,
            challenge_themes=sorted(org.challenge_themes),
        ),
    ]

"""The candidate index: which organisations could possibly match one another.

Every organisation is stored with its `index_keys`; the organisations that may
share a reason with `a` are exactly those whose keys meet `probe_keys(a)`. So an
event about one organisation looks up its candidates through a multikey index
instead of scanning the edition: the cost grows with its candidates, not with
the number of organisations. The unit tests check the "exactly": a pair has a
reason if and only if the keys meet.
"""

from synergi_matching.scoring import Organization


def index_keys(org: Organization) -> list[str]:
    """What others look an organisation up by."""
    keys = {f"id:{org.id}"}
    keys |= {f"offer:{tag}" for tag in org.offers}
    keys |= {f"need:{tag}" for tag in org.needs}
    keys |= {f"group:{group}" for group in org.target_groups}
    keys |= {f"region:{region}" for region in org.regions}
    keys |= {f"challenge:{theme}" for theme in org.challenge_themes}
    keys |= {f"workshop:{workshop}" for workshop in org.workshops}
    keys |= {f"wish:{wished}" for wished in org.wishes}
    keys |= {f"tip:{theme}" for theme in org.tips}
    keys |= {f"ambition:{theme}" for theme in org.ambitions}
    return sorted(keys)


def probe_keys(org: Organization) -> list[str]:
    """The keys of every organisation that can share a reason with `org`."""
    keys = {f"need:{tag}" for tag in org.offers}  # complementary, either way
    keys |= {f"offer:{tag}" for tag in org.needs}
    keys |= {f"group:{group}" for group in org.target_groups}
    keys |= {f"region:{region}" for region in org.regions}
    keys |= {f"challenge:{theme}" for theme in org.challenge_themes}
    keys |= {f"workshop:{workshop}" for workshop in org.workshops}
    keys |= {f"id:{wished}" for wished in org.wishes}  # whom it wants to follow up with
    keys.add(f"wish:{org.id}")  # who wants to follow up with it
    keys |= {f"ambition:{theme}" for theme in org.tips}  # its tips meet their ambitions
    keys |= {f"challenge:{theme}" for theme in org.tips}  # ... or their challenges
    keys |= {f"tip:{theme}" for theme in org.ambitions | org.challenge_themes}
    return sorted(keys)

"""`synergi demo`: a realistic impact day, loaded through the public HTTP APIs of
a running Synergi, then its best recommendations with their reasons.

Thirty organisations (fictional, but the kind the foundation funds), the three
themes in two rounds of workshops, attendance and an evaluation. Four pairs
are ones a person would obviously connect: each needs what the other offers,
they work in the same region, sat in the same workshop and want to follow up
with each other. Everyone else gets a plausible, seeded profile. After the
day, two of the four pairs become partners, one meets and one makes contact,
and all answer the three-month follow-up, asked at once.
"""

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

THEMES = ["measurement-documentation", "co-creation", "public-affairs-communication"]
GROUPS = ["vulnerable-children", "young-mothers", "families", "teenagers", "refugee-families"]
RESOURCES = [
    "volunteer-training",
    "impact-measurement",
    "legal-advice",
    "parenting-courses",
    "psychologist-hours",
    "press-contacts",
    "homework-help",
    "interpreters",
    "fundraising",
    "meeting-rooms",
]


# Told what the demo is doing, as it goes: a line a person can read.
Progress = Callable[[str], None]


def _silent(_: str) -> None:
    pass


@dataclass
class Org:
    name: str
    region: str
    groups: list[str]
    offers: list[str]
    needs: list[str]
    challenge: str
    # Filled in as the day is loaded.
    id: str = ""
    participants: list[str] = field(default_factory=list)


# The pairs a person would connect: (needs help, can help, the resource, the theme).
OBVIOUS = [
    (
        Org("Mødrenetværket Aarhus", "Midtjylland", ["young-mothers"], [], [], ""),
        Org("Effektlab Jylland", "Midtjylland", ["families"], [], [], ""),
        "impact-measurement",
        "measurement-documentation",
    ),
    (
        Org("Lektiecafé Nørrebro", "Hovedstaden", ["teenagers"], [], [], ""),
        Org("Frivilligakademiet København", "Hovedstaden", ["teenagers"], [], [], ""),
        "volunteer-training",
        "co-creation",
    ),
    (
        Org("Familiehuset Odense", "Syddanmark", ["refugee-families"], [], [], ""),
        Org("Tolkenetværket Fyn", "Syddanmark", ["refugee-families"], [], [], ""),
        "interpreters",
        "public-affairs-communication",
    ),
    (
        Org("Børnestemmer Nord", "Nordjylland", ["vulnerable-children"], [], [], ""),
        Org("Kommunikationshuset Aalborg", "Nordjylland", ["families"], [], [], ""),
        "press-contacts",
        "public-affairs-communication",
    ),
]
OTHERS = [  # name, region
    ("Familieværkstedet Roskilde", "Sjælland"),
    ("Ungeguiden Esbjerg", "Syddanmark"),
    ("Morgenmadsklubben Vejle", "Syddanmark"),
    ("Sorggruppen for Børn", "Hovedstaden"),
    ("Barnets Hus Holbæk", "Sjælland"),
    ("Mor-Barn Fællesskabet", "Hovedstaden"),
    ("Fritidsbroen Herning", "Midtjylland"),
    ("Netværk for Enlige Forældre", "Hovedstaden"),
    ("Trygge Rammer Randers", "Midtjylland"),
    ("Læselyst Svendborg", "Syddanmark"),
    ("Ungdomsbasen Køge", "Sjælland"),
    ("Familiestøtten Viborg", "Midtjylland"),
    ("Nye Mødre Næstved", "Sjælland"),
    ("Børnekulturhuset Kolding", "Syddanmark"),
    ("Skolestart for Alle", "Hovedstaden"),
    ("Bydelsmødrene Vest", "Hovedstaden"),
    ("Mentorhuset Horsens", "Midtjylland"),
    ("Fællesskabsfonden Silkeborg", "Midtjylland"),
    ("Sommerlejren for Børn", "Sjælland"),
    ("Forældrecaféen Hjørring", "Nordjylland"),
    ("Venskabsfamilier Danmark", "Hovedstaden"),
    ("Hjemmebesøg Lolland", "Sjælland"),
]


def impact_day(seed: int = 2026) -> list[Org]:
    """The organisations of the day; the same for the same seed."""
    rng = random.Random(seed)
    orgs: list[Org] = []
    for needing, helping, resource, theme in OBVIOUS:
        needing.needs, helping.offers = [resource], [resource]
        needing.challenge = helping.challenge = theme
        orgs += [needing, helping]
    for name, region in OTHERS:
        offers = rng.sample(RESOURCES, 1)
        orgs.append(
            Org(
                name,
                region,
                rng.sample(GROUPS, 1),
                offers,
                rng.sample([r for r in RESOURCES if r not in offers], 1),
                rng.choice(THEMES),
            )
        )
    return orgs


@dataclass
class DemoResult:
    edition: str
    organizations: list[Org]
    # Organisation id -> its recommendations, best first, as the API gives them.
    recommendations: dict[str, list[dict[str, Any]]]
    # The day's meeting plan as published (workshops' answer), if made.
    meetings: dict[str, Any] | None = None

    def name(self, organization_id: str) -> str:
        return next(o.name for o in self.organizations if o.id == organization_id)


async def _call(
    send: Callable[[], Awaitable[httpx.Response]], expect: int, also_retry: int | None = None
) -> dict[str, Any]:
    """One API call; a 409 with Retry-After (an event still on its way to the
    service) and `also_retry` are retried, anything else unexpected stops the demo."""
    for _ in range(100):
        response = await send()
        retry = response.status_code == 409 and "retry-after" in response.headers
        if retry or response.status_code == also_retry:
            await asyncio.sleep(0.2)
            continue
        if response.status_code != expect:
            raise RuntimeError(
                f"{response.request.method} {response.request.url.path}: "
                f"{response.status_code} {response.text}"
            )
        return response.json()  # type: ignore[no-any-return]
    raise RuntimeError(f"{response.request.url.path}: still 409 after 20 s ({response.text})")


async def _organization(client: httpx.AsyncClient, profile: dict[str, Any]) -> str:
    """The id of the organisation with the profile's name: one a demo made
    before gets this profile (organisations return year after year, and names
    are unique), else a new one."""
    found = await client.get("/registration/organizations", params={"q": profile["name"]})
    found.raise_for_status()
    for existing in found.json():
        if existing["name"] == profile["name"]:
            path = f"/registration/organizations/{existing['id']}"
            changes = {k: v for k, v in profile.items() if k != "name"}
            await _call(lambda p=path, c=changes: client.patch(p, json=c), 200)
            return str(existing["id"])
    created = await _call(lambda: client.post("/registration/organizations", json=profile), 201)
    return str(created["id"])


def _in_half_a_year() -> str:
    """The demo's day: ahead, as an edition's date must be."""
    return (datetime.now(UTC).date() + timedelta(days=182)).isoformat()


async def load_impact_day(
    client: httpx.AsyncClient,
    edition: str,
    seed: int = 2026,
    progress: Progress = _silent,
    day: str | None = None,
) -> list[Org]:
    """Register, schedule, check in and evaluate a whole day through the API
    (`day`: its ISO date, half a year ahead unless given)."""
    orgs = impact_day(seed)
    rng = random.Random(seed + 1)
    await _call(
        lambda: client.post(
            "/registration/editions",
            json={
                "slug": edition,
                "title": "Indsatsdag",
                "date": day or _in_half_a_year(),
                "venue": "Nyborg",
                "starts_at": "09:30",
                "ends_at": "16:00",
            },
        ),
        201,
    )
    for n, org in enumerate(orgs, start=1):
        progress(f"registering organisations: {n}/{len(orgs)}")
        profile = {
            "name": org.name,
            "size": rng.choice(["small", "small", "medium", "large"]),
            "target_groups": org.groups,
            "regions": [org.region],
            "offers": org.offers,
            "needs": org.needs,
        }
        org.id = await _organization(client, profile)
        contact = {"name": f"Leder af {org.name}", "email": f"leder.org{n}@example.org"}
        await _call(
            lambda o=org, c=contact: client.put(
                f"/registration/organizations/{o.id}/contact", json=c
            ),
            200,
        )
        people = [
            {"name": f"Kontakt {k} fra {org.name}", "email": f"kontakt{k}.org{n}@example.org"}
            for k in range(1, rng.choice([1, 2]) + 1)
        ]
        registration = await _call(
            lambda o=org, p=people: client.post(
                f"/registration/editions/{edition}/registrations",
                json={
                    "organization_id": o.id,
                    "participants": p,
                    "challenge_themes": [o.challenge],
                },
            ),
            201,
        )
        org.participants = [p["id"] for p in registration["participants"]]

    # Every organisation in the directory is invited (its contact person
    # mailed, when an SMTP server is set), the returning ones from earlier days too.
    await _call(lambda: client.post(f"/registration/editions/{edition}/invitations", json={}), 202)

    workshops: dict[tuple[int, str], str] = {}
    for round_ in (1, 2):
        for theme in THEMES:
            created = await _call(
                lambda r=round_, t=theme: client.post(
                    f"/workshops/editions/{edition}/workshops",
                    json={"title": f"{t} ({r})", "theme": t, "round": r, "capacity": 30},
                ),
                201,
            )
            workshops[(round_, theme)] = created["id"]

    # Round 1: everyone goes to the theme they named as a challenge (so each
    # obvious pair meets there); round 2: another theme, at random.
    attended: dict[str, list[str]] = {}  # participant -> workshops
    for n, org in enumerate(orgs, start=1):
        progress(f"signing up and checking in: {n}/{len(orgs)} organisations")
        for person in org.participants:
            second = rng.choice([t for t in THEMES if t != org.challenge])
            for workshop in (workshops[(1, org.challenge)], workshops[(2, second)]):
                path = f"/workshops/editions/{edition}/workshops/{workshop}"
                body = {"participant_id": person}
                await _call(lambda p=path, b=body: client.post(f"{p}/signups", json=b), 201)
                await _call(lambda p=path, b=body: client.post(f"{p}/checkins", json=b), 201)
                attended.setdefault(person, []).append(workshop)

    partner: dict[str, Org] = {}
    insight: dict[str, tuple[str, str]] = {}  # organisation -> (kind, text)
    for needing, helping, resource, _ in OBVIOUS:
        partner[needing.id], partner[helping.id] = helping, needing
        insight[helping.id] = ("tip", f"Vi deler gerne vores erfaring med {resource}")
        insight[needing.id] = ("ambition", "Vi vil kunne vise, hvad vores indsats gør")
    for n, org in enumerate(orgs, start=1):
        progress(f"evaluating the day: {n}/{len(orgs)} organisations")
        for person in org.participants:
            wish = partner.get(org.id) or rng.choice([o for o in orgs if o is not org])
            said = insight.get(org.id)
            first = attended[person][0]  # the workshop on its challenge theme
            feedback = {
                "day_rating": rng.choice([4, 5]),
                "workshops": [
                    {
                        "workshop_id": workshop,
                        "rating": rng.choice([3, 4, 5]),
                        **(
                            {"insight_kind": said[0], "insight": said[1]}
                            if said and workshop == first
                            else {}
                        ),
                    }
                    for workshop in attended[person]
                ],
                "follow_ups": [{"organization_id": wish.id, "topic": "Mødes efter sommerferien"}],
                # Those who shared a tip let the board's report quote it.
                "may_quote": bool(said and said[0] == "tip"),
            }
            # A 409 with Retry-After until the check-in event reaches feedback.
            await _call(
                lambda p=person, f=feedback: client.put(
                    f"/feedback/editions/{edition}/responses/{p}", json=f
                ),
                200,
            )
    return orgs


class DemoTimeout(RuntimeError):
    """Matching did not catch up in time."""


async def wait_for_matching(
    client: httpx.AsyncClient,
    catch_up_seconds: float,
    progress: Progress = _silent,
    quiet_seconds: float = 1.0,
) -> None:
    """Until matching's consumer group has committed every event on the topics
    it reads (its lag, over every partition and instance, is zero) and no new
    event has arrived for `quiet_seconds` (the last changes may still be on
    their way out of an outbox)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + catch_up_seconds
    caught_up_at: tuple[float, list[int]] | None = None
    while True:
        lag = await _call(lambda: client.get("/matching/lag"), 200, also_retry=503)
        ends = [partition["end_offset"] for partition in lag["partitions"]]
        now = loop.time()
        if lag["lag"]:
            caught_up_at = None
            progress(f"matching: {lag['lag']} events still to take in")
        elif caught_up_at is None or caught_up_at[1] != ends:
            caught_up_at = (now, ends)
        elif now - caught_up_at[0] >= quiet_seconds:
            progress("matching has caught up: every event processed and committed")
            return
        if now > deadline:
            raise DemoTimeout(
                f"matching had not caught up after {catch_up_seconds:.0f} s ({lag['lag']} "
                f"events of group '{lag['group']}' not yet processed); is matching running? "
                "Its log, and `GET /matching/lag`, tell more. A larger --timeout waits longer."
            )
        await asyncio.sleep(0.25)


async def top_recommendations(
    client: httpx.AsyncClient, edition: str, orgs: list[Org], limit: int = 3
) -> dict[str, list[dict[str, Any]]]:
    """Each organisation's best `limit` recommendations, as the pull API serves them."""
    found = {}
    for org in orgs:
        answer = await _call(
            lambda o=org: client.get(
                f"/matching/editions/{edition}/organizations/{o.id}/recommendations",
                params={"limit": limit},
            ),
            200,
        )
        found[org.id] = answer["recommendations"]
    return found


# What came of the obvious pairs, in OBVIOUS's order, and what each side
# answers three months on: (status, indicators, still partners).
AFTERWARDS = [
    ("partnership", ["shared-activity", "knowledge-exchange"], True),
    ("partnership", ["joint-application"], True),
    ("met", ["knowledge-exchange"], None),
    ("contacted", [], None),
]


async def after_the_day(client: httpx.AsyncClient, edition: str, progress: Progress) -> None:
    """What came of the obvious pairs (as the organiser records it), the
    three-month follow-up asked at once rather than in three months, and
    both sides' answers to it."""
    progress("after the day: outcomes and the three-month follow-up")
    base = f"/matching/editions/{edition}"
    for (needing, helping, _, _), (status, _, _) in zip(OBVIOUS, AFTERWARDS, strict=True):
        path = f"{base}/recommendations/{needing.id}/{helping.id}/outcome"
        await _call(lambda p=path, s=status: client.put(p, json={"status": s}), 200)
    await _call(lambda: client.post(f"{base}/follow-ups/3"), 200)
    for (needing, helping, _, _), (_, indicators, still) in zip(OBVIOUS, AFTERWARDS, strict=True):
        for org, partner in ((needing, helping), (helping, needing)):
            path = f"{base}/organizations/{org.id}/follow-ups/3/{partner.id}"
            body = {"indicators": indicators, "still_partners": still}
            await _call(lambda p=path, b=body: client.put(p, json=b), 200)


LUNCH = {"name": "Frokost", "starts": "12:00", "ends": "13:00", "slot_minutes": 15, "tables": 10}


async def meeting_plan(
    client: httpx.AsyncClient, edition: str, progress: Progress, seconds: float = 60
) -> dict[str, Any]:
    """Lunch as meeting time, and Synergi's plan of meetings between the
    pairs that list each other, published (each side mailed). Proposed again
    until workshops has heard matching's lists (its own consumer)."""
    progress("the day's meetings: lunch, 4 slots of 10 tables, planned and published")
    workshops = f"/workshops/editions/{edition}"
    await _call(lambda: client.put(f"{workshops}/meeting-periods", json={"periods": [LUNCH]}), 200)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        plan = await _call(lambda: client.post(f"{workshops}/meeting-plan"), 200)
        if plan["candidates"] or loop.time() > deadline:
            break
        await asyncio.sleep(0.5)
    return await _call(lambda: client.post(f"{workshops}/meeting-plan/publish"), 200)


async def run_demo(
    client: httpx.AsyncClient,
    edition: str,
    seed: int = 2026,
    catch_up_seconds: float = 180,
    progress: Progress = _silent,
    day: str | None = None,
) -> DemoResult:
    orgs = await load_impact_day(client, edition, seed, progress, day)
    await wait_for_matching(client, catch_up_seconds, progress)
    meetings = await meeting_plan(client, edition, progress)
    # The agreed meetings' "contacted" recorded before what came of the pairs.
    await wait_for_matching(client, catch_up_seconds, progress)
    await after_the_day(client, edition, progress)
    recommendations = await top_recommendations(client, edition, orgs)
    if not any(recommendations.values()):
        # The demo's organisations always share reasons: none at all is a fault.
        raise RuntimeError(
            f"matching took in every event but recommends nothing in '{edition}'; "
            "its log should say why"
        )
    return DemoResult(edition, orgs, recommendations, meetings)


def report(result: DemoResult, strongest: int = 10) -> str:
    """What a foundation employee reads: the day's strongest pairs and why, then
    each organisation's top three."""
    pairs: dict[frozenset[str], tuple[str, dict[str, Any]]] = {}
    for org_id, recommendations in result.recommendations.items():
        for rec in recommendations:
            pairs.setdefault(frozenset((org_id, rec["partner_id"])), (org_id, rec))
    best = sorted(pairs.values(), key=lambda item: -item[1]["score"])[:strongest]
    lines = [
        f"Impact day '{result.edition}': {len(result.organizations)} organisations.",
        "",
        f"The {len(best)} strongest recommendations:",
    ]
    for rank, (org_id, rec) in enumerate(best, start=1):
        names = f"{result.name(org_id)} + {result.name(rec['partner_id'])}"
        lines.append(f"{rank:>3}. {names} (score {rec['score']:.2f})")
        lines += [f"       - {reason['detail']}" for reason in rec["reasons"]]
    lines += ["", "Each organisation's top three:"]
    for org in result.organizations:
        top = ", ".join(
            f"{result.name(rec['partner_id'])} ({rec['score']:.2f})"
            for rec in result.recommendations[org.id]
        )
        lines.append(f"  {org.name}: {top or '-'}")
    if result.meetings:
        spread, greedy = result.meetings["spread"], result.meetings["greedy"]
        lines += [
            "",
            f"Meetings at lunch: {result.meetings['placed']} agreed at tables; "
            f"{spread['with_meeting']:.0%} of the organisations have one "
            f"({spread['small_with_meeting']:.0%} of the small ones; best pairs first "
            f"would give {greedy['with_meeting']:.0%} and {greedy['small_with_meeting']:.0%}).",
        ]
    lines += ["", f"The board's report: synergi report --edition {result.edition}"]
    return "\n".join(lines)

"""Every endpoint, every kind of caller: allowed or denied as docs/api.md (and
PRODUCT.md) say. A new endpoint without a row here fails the coverage test."""

import itertools
import time

import jwt

from synergi_shared.runtime.auth import ALGORITHM, mint_token
from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.single_process import create_single_process_app
from tests.helpers import TEST_SECRET, settles

SLUG = "authz-2026"
ANYONE, ANY_TOKEN = "anyone", "any token"
# Any token, a door session of the edition too (a door session reaches only
# what it needs: `DOOR_MAY`, and at its own edition).
ANY_TOKEN_AND_THE_DOOR = "any token, the door too"
ORGANIZER = {"organizer"}
ORGANIZER_OR_OWN = {"organizer", "own"}
ORGANIZER_OR_TOOL = {"organizer", "tool"}
ORGANIZER_OWN_OR_TOOL = {"organizer", "own", "tool"}
# "participant": the session an evaluation link gives one of "own"'s people;
# "door": a door link's session at the edition, "door-elsewhere" at another.
CALLERS = (
    "none",
    "expired",
    "forged",
    "organizer",
    "own",
    "other",
    "tool",
    "participant",
    "door",
    "door-elsewhere",
)
_counter = itertools.count()

# (method, path, allowed, body). `{org}`, `{participant}`, ... are the caller
# "own"'s resources; "other" is an organisation with nothing to do with them.
MATRIX = [
    ("GET", "/{service}/healthz", ANYONE, None),
    ("GET", "/{service}/readyz", ANYONE, None),
    ("GET", "/{service}/metrics", ANYONE, None),
    ("GET", "/{service}/asyncapi", ANYONE, None),
    ("GET", "/{service}/asyncapi.json", ANYONE, None),
    ("GET", "/workshops/lag", ANYONE, None),
    ("GET", "/feedback/lag", ANYONE, None),
    ("GET", "/matching/lag", ANYONE, None),
    ("GET", "/registration/lag", ANYONE, None),
    ("GET", "/registration/editions", ANY_TOKEN, None),
    (
        "POST",
        "/registration/editions",
        ORGANIZER,
        lambda: {"slug": f"new-{next(_counter)}", "title": "T", "date": "2030-06-01"},
    ),
    ("GET", "/registration/editions/{slug}", ANY_TOKEN_AND_THE_DOOR, None),
    ("POST", "/registration/editions/{slug}/door-links", ORGANIZER, lambda: {"label": "Nord"}),
    ("GET", "/registration/editions/{slug}/door-links", ORGANIZER, None),
    ("DELETE", "/registration/editions/{slug}/door-links/{doorlink}", ORGANIZER, None),
    ("GET", "/registration/editions/{slug}/door-list", {"organizer", "door"}, None),
    ("PATCH", "/registration/editions/{slug}", ORGANIZER, lambda: {"venue": "Odense"}),
    (
        "POST",
        "/registration/organizations",
        ORGANIZER,
        lambda: {"name": f"N {next(_counter)}", "size": "small"},
    ),
    ("GET", "/registration/organizations", ORGANIZER_OR_TOOL, None),
    (
        "POST",
        "/registration/organizations/imports",
        ORGANIZER,
        lambda: {"filename": "a.csv", "content": "TmF2bjtTdMO4cnJlbHNlClg7bGlsbGUK"},
    ),
    ("GET", "/registration/organizations/{org}", ORGANIZER_OWN_OR_TOOL, None),
    ("GET", "/registration/organizations/{org}/editions", ORGANIZER_OR_OWN, None),
    ("PATCH", "/registration/organizations/{org}", ORGANIZER_OR_OWN, lambda: {"regions": ["fyn"]}),
    (
        "POST",
        "/registration/editions/{slug}/registrations",
        ORGANIZER_OR_OWN,
        lambda: {
            "organization_id": "{org}",
            "participants": [{"name": "P", "email": "p@example.org"}],
        },
    ),
    ("GET", "/registration/editions/{slug}/registrations", ORGANIZER, None),
    ("GET", "/registration/editions/{slug}/registrations/{registration}", ORGANIZER_OR_OWN, None),
    (
        "POST",
        "/registration/editions/{slug}/registrations/{registration}/participants",
        ORGANIZER_OR_OWN,
        lambda: {"name": "Q", "email": "q@example.org"},
    ),
    (
        "DELETE",
        "/registration/editions/{slug}/registrations/{registration}/participants/{second}",
        ORGANIZER_OR_OWN,
        None,
    ),
    (
        "PUT",
        "/registration/participants/{participant}/consent",
        ORGANIZER_OR_OWN,
        lambda: {"share_contact": True},
    ),
    ("GET", "/registration/participants/{participant}/export", ORGANIZER_OR_OWN, None),
    ("GET", "/workshops/participants/{participant}/export", ORGANIZER_OR_OWN, None),
    ("GET", "/feedback/participants/{participant}/export", ORGANIZER_OR_OWN, None),
    ("GET", "/matching/participants/{participant}/export", ORGANIZER_OR_OWN, None),
    ("GET", "/workshops/editions/{slug}/themes", ANY_TOKEN, None),
    (
        "POST",
        "/workshops/editions/{slug}/themes",
        ORGANIZER,
        lambda: {"id": f"theme-{next(_counter)}", "name_en": "Theme", "name_da": "Tema"},
    ),
    (
        "POST",
        "/workshops/editions/{slug}/workshops",
        ORGANIZER,
        lambda: {"title": "W", "theme": "co-creation", "round": 2, "capacity": 5},
    ),
    ("GET", "/workshops/editions/{slug}/workshops", ANY_TOKEN_AND_THE_DOOR, None),
    ("GET", "/workshops/editions/{slug}/workshops/{workshop}", ANY_TOKEN, None),
    ("GET", "/workshops/editions/{slug}/workshops/{workshop}/roster", ORGANIZER, None),
    (
        "POST",
        "/workshops/editions/{slug}/workshops/{workshop}/signups",
        ORGANIZER_OR_OWN,
        lambda: {"participant_id": "{participant}"},
    ),
    (
        "POST",
        "/workshops/editions/{slug}/workshops/{workshop}/checkins",
        {"organizer", "door"},
        lambda: {"participant_id": "{participant}"},
    ),
    (
        "PUT",
        "/feedback/editions/{slug}/responses/{participant}",
        {"organizer", "own", "participant"},
        lambda: {"day_rating": 4},
    ),
    (
        "GET",
        "/feedback/editions/{slug}/responses/{participant}",
        {"organizer", "own", "participant"},
        None,
    ),
    ("GET", "/feedback/editions/{slug}/summary", ORGANIZER, None),
    ("GET", "/feedback/editions/{slug}/insights", ORGANIZER, None),
    ("GET", "/feedback/editions/{slug}/summary.csv", ORGANIZER, None),
    ("GET", "/feedback/editions/{slug}/responses.csv", ORGANIZER, None),
    ("GET", "/matching/editions/{slug}/recommendations", ORGANIZER_OR_TOOL, None),
    ("GET", "/matching/editions/{slug}/recommendations.csv", ORGANIZER_OR_TOOL, None),
    ("GET", "/matching/editions/{slug}/current-pairs", ORGANIZER_OR_TOOL, None),
    (
        "GET",
        "/matching/editions/{slug}/organizations/{org}/recommendations",
        {"organizer", "own", "tool"},
        None,
    ),
    (
        "PUT",
        "/matching/editions/{slug}/recommendations/{org}/{partner}/outcome",
        ORGANIZER_OR_OWN,
        lambda: {"status": "contacted"},
    ),
    (
        "GET",
        "/matching/editions/{slug}/recommendations/{org}/{partner}/outcome",
        ORGANIZER_OR_OWN,
        None,
    ),
    ("GET", "/matching/editions/{slug}/outcomes", ORGANIZER, None),
    ("GET", "/matching/editions/{slug}/quality", ORGANIZER_OR_TOOL, None),
    ("GET", "/matching/editions/{slug}/tables", ORGANIZER_OR_TOOL, None),
    ("GET", "/matching/editions/{slug}/tables.csv", ORGANIZER_OR_TOOL, None),
    ("GET", "/matching/editions/{slug}/badges.pdf", ORGANIZER, None),
    ("GET", "/matching/editions/{slug}/table-cards.pdf", ORGANIZER, None),
    ("GET", "/matching/concepts", ANY_TOKEN, None),
    ("GET", "/matching/editions/{slug}/tags", ORGANIZER_OR_TOOL, None),
    ("GET", "/matching/editions/{slug}/tag-merges", ORGANIZER_OR_TOOL, None),
    ("PUT", "/matching/editions/{slug}/tag-merges/{tag}", ORGANIZER, lambda: {"into": "data"}),
    ("DELETE", "/matching/editions/{slug}/tag-merges/{tag}", ORGANIZER, None),
    ("GET", "/matching/editions/{slug}/report.html", ORGANIZER, None),
    ("GET", "/matching/ledger", {"organizer", "own", "other", "tool"}, None),
    ("GET", "/matching/ledger?organization={org}", ORGANIZER_OWN_OR_TOOL, None),
    ("GET", "/matching/editions/{slug}/follow-up-plan", ANY_TOKEN, None),
    (
        "PUT",
        "/matching/editions/{slug}/follow-up-plan",
        ORGANIZER,
        lambda: {
            "months": [3, 6, 12],
            "indicators": [{"id": "joint-application", "label_da": "A", "label_en": "A"}],
        },
    ),
    ("POST", "/matching/editions/{slug}/follow-ups/3", ORGANIZER, None),
    ("GET", "/matching/editions/{slug}/follow-ups", ORGANIZER_OR_TOOL, None),
    ("GET", "/matching/editions/{slug}/organizations/{org}/follow-ups", ORGANIZER_OR_OWN, None),
    (
        "PUT",
        "/matching/editions/{slug}/organizations/{org}/follow-ups/3/{partner}",
        ORGANIZER_OR_OWN,
        lambda: {"indicators": []},
    ),
    (
        "GET",
        "/workshops/editions/{slug}/participants/{participant}/signups",
        ORGANIZER_OR_OWN,
        None,
    ),
    # Last: these end the registration and erase the person.
    (
        "DELETE",
        "/workshops/editions/{slug}/workshops/{workshop}/signups/{participant}",
        ORGANIZER_OR_OWN,
        None,
    ),
    (
        "POST",
        "/registration/editions/{slug}/registrations/{registration}/cancel",
        ORGANIZER_OR_OWN,
        None,
    ),
    ("DELETE", "/registration/participants/{participant}", ORGANIZER_OR_OWN, None),
    ("POST", "/registration/sign-in-links", ORGANIZER, lambda: {"organization_id": "{org}"}),
    ("DELETE", "/registration/organizations/{org}/sign-in-links", ORGANIZER, None),
    ("DELETE", "/registration/organizer/sign-in-links", ORGANIZER, None),
    ("GET", "/registration/mail-log", ORGANIZER, None),
    ("POST", "/registration/sessions/logout", ANY_TOKEN_AND_THE_DOOR, None),
    (
        "PUT",
        "/registration/organizations/{org}/contact",
        ORGANIZER_OR_OWN,
        lambda: {"name": "K", "email": "k@example.org", "language": "da"},
    ),
    ("GET", "/registration/organizations/{org}/contact", ORGANIZER_OR_OWN, None),
    ("DELETE", "/registration/organizations/{org}/contact", ORGANIZER_OR_OWN, None),
    ("POST", "/registration/editions/{slug}/invitations", ORGANIZER, lambda: {}),
    ("GET", "/registration/editions/{slug}/invitations", ORGANIZER, None),
    ("GET", "/registration/editions/{slug}/calendar.ics", ANY_TOKEN, None),
    ("GET", "/registration/editions/{slug}/evaluation-mails", ORGANIZER, None),
    ("POST", "/registration/editions/{slug}/close", ORGANIZER, None),
    ("GET", "/workshops/editions/{slug}/meeting-periods", ANY_TOKEN, None),
    (
        "PUT",
        "/workshops/editions/{slug}/meeting-periods",
        ORGANIZER,
        lambda: {
            "periods": [
                {"name": "F", "starts": "12:00", "ends": "13:00", "slot_minutes": 15, "tables": 2}
            ]
        },
    ),
    (
        "POST",
        "/workshops/editions/{slug}/organizations/{org}/meetings",
        ORGANIZER_OR_OWN,
        lambda: {"partner_id": "{partner}", "slot": 1},
    ),
    ("GET", "/workshops/editions/{slug}/organizations/{org}/meetings", ORGANIZER_OR_OWN, None),
    *(
        (
            "POST",
            f"/workshops/editions/{{slug}}/organizations/{{org}}/meetings/{{meeting}}/{step}",
            ORGANIZER_OR_OWN,
            (lambda: {"slot": 1}) if step == "proposal" else None,
        )
        for step in ("accept", "decline", "proposal", "held")
    ),
    (
        "GET",
        "/workshops/editions/{slug}/organizations/{org}/schedule",
        {"organizer", "own", "door"},
        None,
    ),
    ("GET", "/workshops/editions/{slug}/organizations/{org}/schedule.ics", ORGANIZER_OR_OWN, None),
    ("POST", "/workshops/editions/{slug}/meeting-plan", ORGANIZER, None),
    ("GET", "/workshops/editions/{slug}/meeting-plan", ORGANIZER, None),
    ("POST", "/workshops/editions/{slug}/meeting-plan/publish", ORGANIZER, None),
    ("GET", "/workshops/editions/{slug}/meeting-board", ORGANIZER, None),
    ("GET", "/workshops/editions/{slug}/meeting-board.csv", ORGANIZER, None),
    # What partners share with an organisation: for its own eyes alone.
    ("GET", "/registration/editions/{slug}/organizations/{org}/partner-contacts", {"own"}, None),
    (
        "GET",
        "/registration/editions/{slug}/organizations/{org}/partner-contacts/{partner}",
        {"own"},
        None,
    ),
]
# Taken without a token; what they answer is tested in test_sign_in_links.py
# and test_invitations_and_links.py (an unsubscribe link carries its own
# signed token, which a session token is not), and test_meetings.py (the
# "we met" link, the same).
WITHOUT_A_TOKEN = {
    ("POST", "/registration/sessions"),
    ("POST", "/registration/sign-in-links/requests"),
    ("GET", "/registration/unsubscribe"),
    ("POST", "/registration/unsubscribe"),
    ("GET", "/workshops/meetings/met"),
    ("POST", "/workshops/meetings/met"),
}
SERVICES = ("registration", "workshops", "feedback", "matching")


def _token(caller: str, world: dict[str, str]) -> str | None:
    if caller == "none":
        return None
    if caller == "expired":
        return mint_token(TEST_SECRET, "organizer", ttl_seconds=-60)
    if caller == "forged":
        claims = {"role": "organizer", "exp": int(time.time()) + 600}
        return jwt.encode(claims, "not-the-secret-" * 3, algorithm=ALGORITHM)
    if caller in ("own", "other"):
        return mint_token(TEST_SECRET, "organization", world["org" if caller == "own" else "other"])
    if caller == "participant":
        return mint_token(
            TEST_SECRET, "participant", world["org"], participant=world["participant"]
        )
    if caller in ("door", "door-elsewhere"):
        edition = SLUG if caller == "door" else "elsewhere-2026"
        return mint_token(TEST_SECRET, "door", door=(edition, f"matrix-{caller}"))
    return mint_token(TEST_SECRET, caller)  # type: ignore[arg-type]


def _expected(allowed, caller: str, template: str = "") -> str:
    if allowed == ANYONE:
        return "allowed"
    if caller in ("none", "expired", "forged"):
        return "401"
    if caller == "door-elsewhere" and "{slug}" in template:
        return "403"  # its edition is another
    if caller in ("door", "door-elsewhere"):
        door_too = allowed == ANY_TOKEN_AND_THE_DOOR or (
            isinstance(allowed, set) and "door" in allowed
        )
        return "allowed" if door_too else "403"
    if allowed in (ANY_TOKEN, ANY_TOKEN_AND_THE_DOOR) or caller in allowed:
        return "allowed"
    return "403"


def _fill(template, world: dict[str, str]):
    if isinstance(template, str):
        return template.format(**world)
    if isinstance(template, dict):
        return {k: _fill(v, world) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, world) for v in template]
    return template


async def _world(api, organizer) -> dict[str, str]:
    """An edition; the caller's organisation with a registration of two people,
    one signed up and checked in; a partner; an unrelated organisation."""
    await api.post(
        "/registration/editions",
        headers=organizer,
        json={"slug": SLUG, "title": "T", "date": "2030-05-01"},
    )
    ids = {}
    for name in ("org", "partner", "other"):
        ids[name] = (
            await api.post(
                "/registration/organizations",
                headers=organizer,
                json={"name": name, "size": "small", "regions": ["fyn"]},
            )
        ).json()["id"]
    registrations = {}
    for name in ("org", "partner"):
        registrations[name] = (
            await api.post(
                f"/registration/editions/{SLUG}/registrations",
                headers=organizer,
                json={
                    "organization_id": ids[name],
                    "participants": [
                        {"name": "A", "email": "a@example.org"},
                        {"name": "B", "email": "b@example.org"},
                    ],
                },
            )
        ).json()
    workshop = (
        await api.post(
            f"/workshops/editions/{SLUG}/workshops",
            headers=organizer,
            json={"title": "W", "theme": "co-creation", "round": 1, "capacity": 5},
        )
    ).json()["id"]
    own = registrations["org"]
    participant = own["participants"][0]["id"]
    for step in ("signups", "checkins"):  # again while the registration is on its way

        async def taken(step=step) -> bool:
            answer = await api.post(
                f"/workshops/editions/{SLUG}/workshops/{workshop}/{step}",
                headers=organizer,
                json={"participant_id": participant},
            )
            return answer.status_code in (200, 201)

        await settles(taken)

    # Matching holds a person's facts once their check-in has reached it.
    async def matching_knows() -> bool:
        held = await api.get(f"/matching/participants/{participant}/export", headers=organizer)
        return bool(held.json()["check_ins"])

    await settles(matching_knows)
    made = await api.post(f"/registration/editions/{SLUG}/door-links", headers=organizer, json={})
    door_link = made.json()["id"]
    return {
        **ids,
        "slug": SLUG,
        "registration": own["id"],
        "participant": participant,
        "second": own["participants"][1]["id"],
        "workshop": workshop,
        "tag": "sms-reminders",
        "meeting": "no-such-meeting",
        "doorlink": door_link,
    }


async def test_every_endpoint_allows_and_denies_every_caller_as_documented(api, organizer):
    world = await _world(api, organizer)
    wrong = []
    for method, template, allowed, body in MATRIX:
        services = SERVICES if "{service}" in template else ("",)
        # Denied callers first: a refused call must change nothing the next caller sees.
        callers = sorted(CALLERS, key=lambda c: _expected(allowed, c, template) == "allowed")
        for service, caller in itertools.product(services, callers):
            path = template.format(service=service, **world)
            token = _token(caller, world)
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            json = _fill(body(), world) if body else None
            response = await api.request(method, path, headers=headers, json=json)
            expected = _expected(allowed, caller, template)
            got = str(response.status_code)
            if expected == "allowed":
                ok = got not in ("401", "403") and response.status_code < 500
            else:
                ok = got == expected
            if not ok:
                wrong.append(f"{method} {path} as {caller}: {got}, expected {expected}")
    assert wrong == []


def test_the_matrix_covers_every_endpoint() -> None:
    app = create_single_process_app(Settings(environment="test", jwt_secret=TEST_SECRET))
    served = {
        (method.upper(), path)
        for service in app.apps.values()
        for path, operations in service.openapi()["paths"].items()
        for method in operations
    }
    names = {
        "org": "org_id",
        "partner": "org_b",
        "registration": "registration_id",
        "participant": "participant_id",
        "second": "participant_id",
        "workshop": "workshop_id",
        "meeting": "meeting_id",
        "doorlink": "link_id",
    }
    covered = set()
    for method, template, _, _ in MATRIX:
        for service in SERVICES if "{service}" in template else ("",):
            path = template.replace("{service}", service)
            if "/outcome" in path:
                path = path.replace("{org}", "{org_a}")
            if "/follow-ups/" in path or "/partner-contacts/" in path:
                path = path.replace("/3", "/{months}").replace("{partner}", "{partner_id}")
            for ours, theirs in names.items():
                path = path.replace("{" + ours + "}", "{" + theirs + "}")
            path = path.replace("/report.html", "/report.{format}")
            covered.add((method, path.split("?")[0]))
    assert served - covered - WITHOUT_A_TOKEN == set(), "endpoints without a row in the matrix"
    assert covered - served == set(), "rows for endpoints that do not exist"

"""Poison on a consumed topic -- not JSON, the wrong schema, an unknown type,
too big, no key, not a CloudEvent -- goes to the topic's `.dlq` with the error
in headers, counted by a metric, while the consumers go on. `synergi dlq
list|replay` shows the dead letters and replays one after a fix."""

import asyncio
import json
import subprocess
import uuid

from aiokafka import AIOKafkaProducer

from synergi_shared.contracts.cloudevents import wrap
from synergi_shared.contracts.events import OrganizationProfileUpdated
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.auth import mint_token
from tests.helpers import TEST_SECRET
from tests.helpers.infra import KAFKA
from tests.helpers.processes import SYNERGI, client, eventually, kinds

# Every consumer of the registration topic (registration too: its own mail events).
GROUPS = ("registration", "workshops", "feedback", "matching")


def poison(run: str) -> dict[str, tuple[bytes | None, bytes | None, dict[str, str]]]:
    """kind -> (key, value, headers), each marked with this run."""
    good = wrap(
        OrganizationProfileUpdated(organization_id=f"o-{run}", version=1, name="X", size="small"),
        "/tests/poison",
    )
    headers = {**good.kafka_headers(), "x-test-run": run}
    key, value = good.key.encode(), good.kafka_value()
    return {
        "not-json": (key, b"{not json", headers),
        "wrong-schema": (key, b'{"organization_id": 5}', headers),
        "unknown-type": (key, value, {**headers, "ce_type": "synergi.registration.nonsense.v1"}),
        "too-big": (key, value[:-1] + b',"padding":"' + b"x" * 300_000 + b'"}', headers),
        "no-key": (None, value, headers),
        "not-a-cloudevent": (key, value, {"x-test-run": run}),
    }


async def send(topic: str, messages) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", max_request_size=1 << 20)
    await producer.start()
    try:
        for key, value, headers in messages:
            await producer.send_and_wait(
                topic, value, key=key, headers=[(k, v.encode()) for k, v in headers.items()]
            )
    finally:
        await producer.stop()


def synergi_dlq(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(SYNERGI), "dlq", *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def ours(env: dict[str, str], run: str) -> list[dict]:
    lines = synergi_dlq(env, "list", "--topic", Topic.REGISTRATION, "--json").splitlines()
    return [
        letter for letter in map(json.loads, lines) if letter["headers"].get("x-test-run") == run
    ]


def test_poison_is_dead_lettered_counted_and_replayable_while_consumers_go_on(stack) -> None:
    run = uuid.uuid4().hex[:8]
    token = mint_token(TEST_SECRET, "organizer")
    registration, matching = client(stack["registration"], token), client(stack["matching"], token)
    slug = f"poison-{run}"
    assert registration.post(
        "/editions", json={"slug": slug, "title": "T", "date": "2030-05-01"}
    ).is_success
    asyncio.run(send(Topic.REGISTRATION, poison(run).values()))

    # The consumers went on: registrations made after the poison are matched.
    a, b = (
        registration.post(
            "/organizations",
            json={"name": n, "size": "small", "regions": ["fyn"], "offers": ["legal-aid"]},
        ).json()["id"]
        for n in "AB"
    )
    for org in (a, b):
        registration.post(
            f"/editions/{slug}/registrations",
            json={"organization_id": org, "participants": [{"name": "P", "email": "p@x.org"}]},
        )
    path = f"/editions/{slug}/organizations/{a}/recommendations"
    assert kinds(eventually(lambda: matching.get(path), lambda r: kinds(r, b)), b) == {
        "same-region"
    }

    # Each poison is dead-lettered once per consumer group, with its error.
    env = stack["matching"].env
    letters = ours(env, run)
    errors = {(letter["group"], letter["error"].split(":")[0]) for letter in letters}
    assert len(letters) == 6 * len(GROUPS), letters
    for group in GROUPS:
        assert {error for g, error in errors if g.endswith(group)} == {
            "MalformedEvent",
            "UnknownEventType",
        }
    texts = " ".join(letter["error"] for letter in letters)
    for expected in (
        "not JSON",
        "does not match",
        "unknown event type",
        "byte limit",
        "no key",
        "missing CloudEvents headers",
    ):
        assert expected in texts, expected
    metrics = matching.get("/metrics").text
    assert (
        'synergi_events_dead_lettered_total{reason="malformed",service="matching",'
        'topic="synergi.registration.v1"} 6.0'
    ) in metrics

    # A fix deployed: an event dead-lettered by a bug is replayed and takes effect.
    fixed = wrap(
        OrganizationProfileUpdated(
            organization_id=b,
            version=9,
            name="B",
            size="small",
            regions=["fyn"],
            needs=["legal-aid"],
        ),
        "/registration",
    )
    asyncio.run(
        send(
            Topic.REGISTRATION.dlq,
            [
                (
                    b.encode(),
                    fixed.kafka_value(),
                    {
                        **fixed.kafka_headers(),
                        "x-test-run": run,
                        # Multi-line, as a pydantic error is.
                        "dlq_error": "RuntimeError: a bug since fixed\n  in line 2",
                        "dlq_original_topic": Topic.REGISTRATION.value,
                        "dlq_consumer_group": f"f{run}-matching",
                    },
                )
            ],
        )
    )
    [waiting] = [letter for letter in ours(env, run) if "since fixed" in letter["error"]]
    assert not waiting["replayed"]
    [row] = [line for line in synergi_dlq(env, "list").splitlines() if waiting["position"] in line]
    assert row.endswith("RuntimeError: a bug since fixed in line 2")  # one line per letter
    assert "replayed 1" in synergi_dlq(env, "replay", "--at", waiting["position"])
    # Marked as replayed at once, though letters before it on its partition are not.
    [replayed] = [letter for letter in ours(env, run) if "since fixed" in letter["error"]]
    assert replayed["replayed"]
    eventually(lambda: matching.get(path), lambda r: "complementary" in kinds(r, b))
    assert kinds(matching.get(path), b) == {"same-region", "complementary"}

    # --all replays what has not been, and then lists it as replayed.
    synergi_dlq(env, "replay", "--all")
    before = {letter["position"] for letter in letters}
    assert all(letter["replayed"] for letter in ours(env, run) if letter["position"] in before)

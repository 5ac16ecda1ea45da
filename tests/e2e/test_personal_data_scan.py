"""Personal data stays where erasure reaches it: during an impact day run
through the four services as processes, no participant's or contact person's
name, e-mail address or phone number (those shared with a listed partner
included), no word anyone typed (insights, topics, notes, comments,
expectations, outcome notes, a meeting's note) and no bearer token appears in any Kafka event,
any log line, or any span attribute (the spans exported over OTLP, as in
production, to a receiver in this test). And once the participant who wrote
their own name, e-mail address and phone number into every free-text field
of their evaluation is erased, and the contact person (invited, and asking
for a new link) too, none of it is left in any service's database, the mail
log included."""

import asyncio
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
from aiokafka import AIOKafkaConsumer
from bson import encode
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from pymongo import MongoClient

from synergi_shared.contracts.topics import all_topic_names
from synergi_shared.runtime.auth import mint_token
from synergi_shared.runtime.kafka_admin import end_offsets, topic_partitions
from tests.helpers import TEST_SECRET
from tests.helpers.infra import KAFKA, MONGO, start_group_at_the_end
from tests.helpers.processes import SERVICES, eventually, running, schedule_workshop, service_env

EMAIL = re.compile(rb"[\w.+-]{1,64}@[\w-]{1,63}\.[a-z]{2,}")
JWT = re.compile(rb"eyJ[\w-]+\.[\w-]+\.[\w-]+")


class OtlpReceiver(ThreadingHTTPServer):
    """Collects what the services export to /v1/traces (OTLP over HTTP, protobuf)."""

    def __init__(self) -> None:
        self.spans: list = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                request = ExportTraceServiceRequest()
                request.ParseFromString(self.rfile.read(int(self.headers["Content-Length"])))
                for resource in request.resource_spans:
                    for scope in resource.scope_spans:
                        receiver.spans.extend(scope.spans)
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


async def _ends_now():
    return await end_offsets(KAFKA, await topic_partitions(KAFKA, all_topic_names()))


async def read_new_events(start) -> list[bytes]:
    """Every message (headers, key, value) published since `start`."""
    partitions = list(start)
    ends = await end_offsets(KAFKA, partitions)
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    found: list[bytes] = []
    try:
        consumer.assign(partitions)
        for partition in partitions:
            consumer.seek(partition, start[partition])
        remaining = {p for p in partitions if start[p] < ends[p]}
        while remaining:
            for partition, records in (await consumer.getmany(timeout_ms=1000)).items():
                for record in records:
                    if record.offset < ends[partition]:
                        headers = b" ".join(k.encode() + b"=" + v for k, v in record.headers)
                        found.append(b" ".join([headers, record.key or b"", record.value or b""]))
                if await consumer.position(partition) >= ends[partition]:
                    remaining.discard(partition)
    finally:
        await consumer.stop()
    return found


def test_no_personal_data_in_events_logs_or_spans(tmp_path) -> None:
    run = uuid.uuid4().hex[:8]
    names = [f"Zelda Quuxington {run}", f"Ymir Blomqvist {run}"]
    emails = [f"zelda.{run}@example.org", f"ymir.{run}@example.org"]
    phones = [f"+45 20 {run[:2]} 11 22", f"+45 31 {run[2:4]} 33 44"]
    # What the evaluating participant (the first) writes about themselves, in
    # every free-text field of the evaluation.
    own = f"{names[0]}, {emails[0]}, {phones[0]}"
    private = [
        f"expectations: call {phones[1]} {run}",
        f"outcome: ask {names[1]} {run}",
        f"meeting: bring {names[1]} {run}",
    ]
    # The first organisation's contact person: invited, and asking for a new link.
    contact = {"name": f"Xenia Kontaktsen {run}", "email": f"xenia.{run}@example.org"}
    receiver = OtlpReceiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    env = service_env(
        SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX=f"pii{run}-",
        OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{receiver.server_address[1]}",
        OTEL_BSP_SCHEDULE_DELAY="200",
        SYNERGI_LOG_LEVEL="DEBUG",  # every line Synergi and its libraries write
    )
    start = asyncio.run(_ends_now())
    for name in SERVICES:  # read only this test's events, not every earlier run's
        asyncio.run(start_group_at_the_end(env["SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX"] + name))
    token = mint_token(TEST_SECRET, "organizer")
    tokens = [token]
    with running([(n, n) for n in SERVICES], env, tmp_path) as processes:
        url = {name: process.url for name, process in processes.items()}
        http = httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=15)
        slug = f"pii-{run}"
        http.post(
            f"{url['registration']}/editions",
            json={"slug": slug, "title": "T", "date": "2030-05-01"},
        )
        orgs, people = [], []
        for n, (name, email) in enumerate(zip(names, emails, strict=True)):
            org = http.post(
                f"{url['registration']}/organizations",
                json={"name": f"Org {n} of {run}", "size": "small"},
            ).json()["id"]
            registered = http.post(
                f"{url['registration']}/editions/{slug}/registrations",
                json={
                    "organization_id": org,
                    "participants": [{"name": name, "email": email}],
                    "expectations": private[0],
                },
            )
            assert registered.status_code == 201, registered.text
            orgs.append(org)
            people.append(registered.json()["participants"][0]["id"])
        put = http.put(
            f"{url['registration']}/organizations/{orgs[0]}/contact",
            json={**contact, "language": "da", "share_with_partners": True},
        )
        assert put.status_code == 200, put.text
        invited = http.post(f"{url['registration']}/editions/{slug}/invitations", json={})
        assert invited.json()["invited"] == [orgs[0]], invited.text
        for address in (contact["email"], emails[1], f"unknown.{run}@example.org"):
            asked = httpx.post(
                f"{url['registration']}/sign-in-links/requests", json={"email": address}
            )
            assert asked.status_code == 202, asked.text
        workshop = schedule_workshop(http.post, f"{url['workshops']}/editions/{slug}/workshops")
        for person in people:
            eventually(
                lambda p=person: http.post(
                    f"{url['workshops']}/editions/{slug}/workshops/{workshop}/checkins",
                    json={"participant_id": p},
                ),
                lambda r: r.status_code == 201,
            )
        own_token = mint_token(TEST_SECRET, "organization", orgs[0])
        tokens.append(own_token)
        answered = eventually(
            lambda: http.put(
                f"{url['feedback']}/editions/{slug}/responses/{people[0]}",
                headers={"Authorization": f"Bearer {own_token}"},
                json={
                    "day_rating": 4,
                    "comment": f"comment: {own}",
                    "workshops": [
                        {
                            "workshop_id": workshop,
                            "rating": 5,
                            "insight": f"tip: {own}",
                            "insight_kind": "tip",
                        }
                    ],
                    "follow_ups": [
                        {
                            "organization_id": orgs[1],
                            "topic": f"topic: {own}",
                            "note": f"note: {own}",
                        }
                    ],
                },
            ),
            lambda r: r.status_code == 200,
        )
        assert answered.status_code == 200, answered.text
        eventually(
            lambda: http.get(
                f"{url['matching']}/editions/{slug}/organizations/{orgs[0]}/recommendations"
            ),
            lambda r: r.is_success and r.json()["recommendations"],
        )
        # Each reads the other's contacts, shared by consent, and they agree a
        # meeting with a note: over HTTP alone, never in an event, a log or a span.
        other_token = mint_token(TEST_SECRET, "organization", orgs[1])
        tokens.append(other_token)
        as_first, as_other = ({"Authorization": f"Bearer {t}"} for t in (own_token, other_token))
        consent = http.put(
            f"{url['registration']}/participants/{people[1]}/consent", json={"share_contact": True}
        )
        assert consent.status_code == 200, consent.text
        shared = eventually(
            lambda: http.get(
                f"{url['registration']}/editions/{slug}/organizations/{orgs[0]}/partner-contacts",
                headers=as_first,
            ),
            lambda r: r.is_success and r.json()["partners"],
        ).json()["partners"]
        assert shared[0]["people"][0]["email"] == emails[1], shared
        theirs = http.get(
            f"{url['registration']}/editions/{slug}/organizations/{orgs[1]}/partner-contacts",
            headers=as_other,
        ).json()["partners"]
        assert theirs[0]["contact_person"]["email"] == contact["email"], theirs
        periods = {
            "periods": [
                {"name": "F", "starts": "12:00", "ends": "13:00", "slot_minutes": 15, "tables": 4}
            ]
        }
        assert http.put(f"{url['workshops']}/editions/{slug}/meeting-periods", json=periods)
        asked = eventually(
            lambda: http.post(
                f"{url['workshops']}/editions/{slug}/organizations/{orgs[0]}/meetings",
                headers=as_first,
                json={"partner_id": orgs[1], "slot": 2, "note": private[2]},
            ),
            lambda r: r.status_code == 201,
        )
        assert asked.status_code == 201, asked.text
        agreed = http.post(
            f"{url['workshops']}/editions/{slug}/organizations/{orgs[1]}/meetings/"
            f"{asked.json()['id']}/accept",
            headers=as_other,
        )
        assert agreed.status_code == 200, agreed.text
        outcome = http.put(
            f"{url['matching']}/editions/{slug}/recommendations/{orgs[0]}/{orgs[1]}/outcome",
            json={"status": "contacted", "note": private[1]},
        )
        assert outcome.status_code == 200, outcome.text
        erased = http.delete(f"{url['registration']}/participants/{people[0]}")
        assert erased.status_code == 204, erased.text
        erased = http.delete(f"{url['registration']}/organizations/{orgs[0]}/contact")
        assert erased.status_code == 204, erased.text
        # The mail log keeps the invitation's record (it failed: no SMTP
        # server here), with no address in it.
        logged = http.get(f"{url['registration']}/mail-log", params={"kind": "invitation"})
        assert [m["recipient_id"] for m in logged.json()] == [f"contact:{orgs[0]}"], logged.text
        gone = eventually(  # the feedback service has heard of the erasure
            lambda: http.get(f"{url['feedback']}/editions/{slug}/responses/{people[0]}"),
            lambda r: r.status_code == 404,
        )
        assert gone.status_code == 404, gone.text
        time.sleep(2)  # and matching, which consumes the same event
    receiver.shutdown()

    # Erased: the person's own data is in no service's database any more.
    prefix = env["SYNERGI_MONGO_DATABASE_PREFIX"]
    with MongoClient(MONGO) as mongo:
        stored = [
            encode(doc)
            for db in mongo.list_database_names()
            if db.startswith(prefix)
            for collection in mongo[db].list_collection_names()
            for doc in mongo[db][collection].find()
        ]
    assert len(stored) > 10
    for words in (names[0], emails[0], phones[0], contact["name"], contact["email"]):
        kept = [doc[:200] for doc in stored if words.encode() in doc]
        assert kept == [], f"{words!r} is still stored after the erasure: {kept[:2]}"

    events = asyncio.run(read_new_events(start))
    logs = [p.read_bytes() for p in tmp_path.glob("*.log")]
    spans = [
        b" ".join(
            [
                span.name.encode(),
                *(f"{a.key}={a.value}".encode() for a in span.attributes),
                *(f"{a.key}={a.value}".encode() for event in span.events for a in event.attributes),
            ]
        )
        for span in receiver.spans
    ]
    assert len(events) > 10 and len(spans) > 50 and sum(map(len, logs)) > 10_000
    secrets = [s.encode() for s in (*names, *emails, *phones, *private, *tokens, *contact.values())]
    for where, texts in (("Kafka", events), ("logs", logs), ("spans", spans)):
        for text in texts:
            leaked = [s for s in secrets if s in text]
            # Line by line, and only lines with an @: the pattern is slow on megabytes.
            leaked += [e for line in text.splitlines() if b"@" in line for e in EMAIL.findall(line)]
            leaked += JWT.findall(text)
            assert leaked == [], f"personal data in {where}: {leaked[:3]} in {text[:300]!r}"

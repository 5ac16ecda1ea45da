"""The `synergi` command."""

import argparse
import asyncio
import logging
import sys
from typing import Any

from synergi_shared.runtime.auth import mint_token
from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.services import service_factories

DEFAULT_PORTS = {"registration": 8001, "workshops": 8002, "feedback": 8003, "matching": 8004}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="synergi", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    token = commands.add_parser("token", help="mint a bearer token from SYNERGI_JWT_SECRET")
    token.add_argument("--role", required=True, choices=["organizer", "organization", "tool"])
    token.add_argument("--org", help="the organisation id (required for --role organization)")
    token.add_argument("--ttl", type=int, help="lifetime in seconds")

    link = commands.add_parser(
        "link", help="print a single-use sign-in link for the web app (asks the running Synergi)"
    )
    link.add_argument("--role", required=True, choices=["organizer", "organization"])
    link.add_argument("--org", help="the organisation id (required for --role organization)")
    link.add_argument("--url", default="http://127.0.0.1:8000", help="Synergi's base URL")

    serve = commands.add_parser("serve", help="run one service against real Kafka and MongoDB")
    serve.add_argument("service", choices=sorted(DEFAULT_PORTS))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, help="default: 8001-8004 by service")

    run = commands.add_parser(
        "run",
        help="the whole platform on this machine, data kept (from a checkout); "
        "--in-memory: every service in one process, nothing kept",
    )
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000, help="the gateway's")
    run.add_argument(
        "--in-memory",
        action="store_true",
        help="one process, an in-memory broker and store: for trying the API without Java or Go",
    )

    topics = commands.add_parser("topics", help="create every Synergi topic that is missing")
    topics.add_argument("--partitions", type=int, default=3)
    topics.add_argument("--replication-factor", type=int, default=1)

    demo = commands.add_parser(
        "demo", help="load a realistic impact day into a running Synergi and show its matches"
    )
    demo.add_argument("--url", default="http://127.0.0.1:8000", help="Synergi's base URL")
    demo.add_argument("--edition", help="the edition's slug (default: a new one)")
    demo.add_argument("--language", choices=["en", "da"], default="en", help="for the reasons")
    demo.add_argument(
        "--date",
        help="the day, YYYY-MM-DD (default: half a year ahead); a later demo edition "
        "shows an earlier one's partnerships as such",
    )
    demo.add_argument(
        "--timeout",
        type=float,
        default=180,
        help="seconds to wait for matching to catch up once the day is loaded (default 180)",
    )

    quality = commands.add_parser(
        "quality", help="an edition's quality report: coverage, exposure, reciprocity, scores"
    )
    quality.add_argument("--edition", required=True, help="the edition's slug")
    quality.add_argument("--url", default="http://127.0.0.1:8000", help="Synergi's base URL")
    quality.add_argument("--json", action="store_true", help="the report as the API gives it")

    report = commands.add_parser(
        "report", help="the board's report on an edition, as a PDF and an HTML page"
    )
    report.add_argument("--edition", required=True, help="the edition's slug")
    report.add_argument("--url", default="http://127.0.0.1:8000", help="Synergi's base URL")
    report.add_argument("--language", choices=["da", "en"], default="da")
    report.add_argument("--out", default=".", help="the folder to write the two files to")

    dlq = commands.add_parser("dlq", help="look at and replay dead-lettered events")
    dlq_commands = dlq.add_subparsers(dest="dlq_command", required=True)
    dlq_list = dlq_commands.add_parser("list", help="every dead letter, with its error")
    dlq_replay = dlq_commands.add_parser(
        "replay", help="publish dead letters again to their original topic (after a fix)"
    )
    for sub in (dlq_list, dlq_replay):
        sub.add_argument(
            "--topic", action="append", default=[], help="a topic whose .dlq to use (default: all)"
        )
    dlq_list.add_argument("--json", action="store_true", help="one JSON object per line")
    which = dlq_replay.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--all", action="store_true", help="every dead letter not replayed by --all before"
    )
    which.add_argument(
        "--at",
        action="append",
        metavar="TOPIC:PARTITION:OFFSET",
        help="one dead letter, as `dlq list` shows its position (repeatable)",
    )

    asyncapi = commands.add_parser(
        "asyncapi", help="write each service's AsyncAPI document (docs/asyncapi/<service>.json)"
    )
    asyncapi.add_argument("--out", default="docs/asyncapi", help="the folder to write to")

    openapi = commands.add_parser(
        "openapi", help="write each service's OpenAPI document (docs/openapi/<service>.json)"
    )
    openapi.add_argument("--out", default="docs/openapi", help="the folder to write to")

    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValueError as error:
        print(f"synergi: configuration error: {error}", file=sys.stderr)
        return 2
    commands = {
        "token": _token,
        "link": _link,
        "serve": _serve,
        "run": _run,
        "demo": _demo,
        "quality": _quality,
        "report": _report,
        "asyncapi": _asyncapi,
        "openapi": _openapi,
        "dlq": _dlq,
        "topics": _topics,
    }
    return commands[args.command](settings, args)


def _token(settings: Settings, args: argparse.Namespace) -> int:
    ttl = args.ttl or settings.jwt_ttl_seconds
    longest = settings.token_max_seconds()[args.role]
    if ttl > longest:
        print(
            f"synergi token: a {args.role} token may last at most {longest} s "
            "(the services refuse a longer one)",
            file=sys.stderr,
        )
        return 2
    try:
        print(mint_token(settings.jwt_secret.get_secret_value(), args.role, args.org, ttl))
    except ValueError as error:
        print(f"synergi token: {error}", file=sys.stderr)
        return 2
    return 0


def _link(settings: Settings, args: argparse.Namespace) -> int:
    """Ask the registration API, as the organiser, for a sign-in link."""
    if (args.role == "organization") != bool(args.org):
        print(
            "synergi link: --org goes with --role organization, and only with it", file=sys.stderr
        )
        return 2
    base = args.url.rstrip("/")
    path, body = "/registration/sign-in-links", {"organization_id": args.org}
    link = _ask(settings, "link", "POST", base, path, 201, body)
    if link is None:
        return 1
    print(f"{base}{link['path']}")
    print(f"single use, valid until {link['expires_at']}", file=sys.stderr)
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from synergi_shared.runtime.telemetry import setup_logging

    setup_logging()
    if problem := settings.secret_problem(args.host):
        print(f"synergi serve: {problem}", file=sys.stderr)
        return 2
    app = service_factories()[args.service](settings)
    # log_config=None: uvicorn logs through the root JSON handler too.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port or DEFAULT_PORTS[args.service],
        log_config=None,
        access_log=False,  # synergi.access logs each request, with its trace id
    )
    return 0


def _asyncapi(settings: Settings, args: argparse.Namespace) -> int:
    return _write_documents(settings, args.out, lambda app: app.state.asyncapi)


def _openapi(settings: Settings, args: argparse.Namespace) -> int:
    return _write_documents(settings, args.out, lambda app: app.openapi())


def _write_documents(settings: Settings, out: str, document_of: Any) -> int:
    """Each service's document into `out`, as `<service>.json`; a file whose
    document has not changed is left as it is (so builds that depend on it
    are not made again)."""
    import json
    from pathlib import Path

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    # Only the documents are made (no service serves): no secret is needed.
    settings = settings.model_copy(update={"environment": "development"})
    for name, factory in sorted(service_factories().items()):
        text = json.dumps(document_of(factory(settings)), indent=2, ensure_ascii=False) + "\n"
        path = folder / f"{name}.json"
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path}")
    return 0


def _dlq(settings: Settings, args: argparse.Namespace) -> int:
    from aiokafka.errors import KafkaError

    from synergi_shared.tools import dead_letters

    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # the sentence below says it
    bootstrap = settings.kafka_bootstrap_servers
    group = settings.consumer_group(dead_letters.REPLAY_GROUP)
    try:
        return asyncio.run(_dlq_command(args, bootstrap, group))
    except (KafkaError, OSError) as error:
        print(
            f"synergi dlq: Kafka is unreachable at {bootstrap} ({type(error).__name__}); "
            "start it (make infra-up) or set SYNERGI_KAFKA_BOOTSTRAP_SERVERS",
            file=sys.stderr,
        )
        return 1


async def _dlq_command(args: argparse.Namespace, bootstrap: str, group: str) -> int:
    import json

    from synergi_shared.tools import dead_letters

    letters = await dead_letters.list_dead_letters(bootstrap, args.topic, group)
    if args.dlq_command == "list":
        for letter in letters:
            fields = {
                "position": letter.position,
                "replayed": letter.replayed,
                "group": letter.header("dlq_consumer_group"),
                "key": (letter.key or b"").decode(errors="replace"),
                "type": letter.header("ce_type"),
                "id": letter.header("ce_id"),
                "error": letter.header("dlq_error"),
            }
            if args.json:
                headers = {name: letter.header(name) for name, _ in letter.headers}
                print(json.dumps({**fields, "headers": headers}, ensure_ascii=False))
            else:
                mark = "replayed" if letter.replayed else "waiting"
                error = " ".join(fields["error"].split())  # one line, whatever the error
                print(
                    f"{letter.position}  {mark}  {fields['group'] or '-'}  "
                    f"{fields['type'] or '-'}  {error}"
                )
        if not args.json:
            print(f"{len(letters)} dead letter(s)", file=sys.stderr)
        return 0
    if args.all:
        chosen = [letter for letter in letters if not letter.replayed]
    else:
        by_position = {letter.position: letter for letter in letters}
        unknown = [position for position in args.at if position not in by_position]
        if unknown:
            print(f"synergi dlq replay: no dead letter at {', '.join(unknown)}", file=sys.stderr)
            return 2
        chosen = [by_position[position] for position in args.at]
    count = await dead_letters.replay(bootstrap, chosen, group)
    print(f"replayed {count} dead letter(s)")
    return 0


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    import secrets

    import httpx

    from synergi_shared.tools.demo import report, run_demo

    token = mint_token(settings.jwt_secret.get_secret_value(), "organizer")
    edition = args.edition or f"indsatsdag-demo-{secrets.token_hex(3)}"
    show = _ProgressLine()

    async def demo() -> str:
        headers = {"Authorization": f"Bearer {token}", "Accept-Language": args.language}
        async with httpx.AsyncClient(base_url=args.url, headers=headers, timeout=30) as client:
            result = await run_demo(
                client, edition, catch_up_seconds=args.timeout, progress=show, day=args.date
            )
            return report(result)

    print(f"Loading an impact day into {args.url} as '{edition}' ...", flush=True)
    try:
        printed = asyncio.run(demo())
    except (httpx.HTTPError, RuntimeError) as error:
        show.done()
        print(f"synergi demo: {error}", file=sys.stderr)
        return 1
    show.done()
    print(printed)
    return 0


def _quality(settings: Settings, args: argparse.Namespace) -> int:
    import json

    from synergi_shared.tools.quality import describe

    path = f"/matching/editions/{args.edition}/quality"
    report = _ask(settings, "quality", "GET", args.url.rstrip("/"), path, 200)
    if report is None:
        return 1
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else describe(report))
    return 0


def _report(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from synergi_shared.reporting.render import pdf

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    path = f"/matching/editions/{args.edition}/report.html?language={args.language}"
    page = _ask(settings, "report", "GET", args.url.rstrip("/"), path, 200, raw=True)
    if page is None:
        return 1
    # The PDF of the page the server made, here: its figures are read once.
    for kind, document in (("pdf", pdf(page.decode())), ("html", page)):
        written = out / f"{args.edition}-report.{kind}"
        written.write_bytes(document)
        print(written)
    return 0


def _ask(
    settings: Settings,
    command: str,
    method: str,
    base: str,
    path: str,
    expect: int,
    body: dict[str, Any] | None = None,
    raw: bool = False,
) -> Any:
    """The running Synergi's JSON answer (`raw`: the body's bytes), asked as
    the organiser; None (the reason printed for the person) when it does not
    answer or says no."""
    import httpx

    token = mint_token(settings.jwt_secret.get_secret_value(), "organizer", ttl_seconds=300)
    try:
        answer = httpx.request(
            method,
            f"{base}{path}",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=120,
        )
    except httpx.HTTPError as error:
        print(f"synergi {command}: no Synergi answers at {base} ({error})", file=sys.stderr)
        return None
    if answer.status_code != expect:
        detail = (
            answer.json().get("detail")
            if answer.headers.get("content-type", "").startswith("application/json")
            else answer.text
        )
        print(f"synergi {command}: {answer.status_code} {detail}", file=sys.stderr)
        return None
    return answer.content if raw else answer.json()


class _ProgressLine:
    """Progress on stderr: one line rewritten in place on a terminal, else a
    line each time the step changes (the text before its colon)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.step = ""

    def __call__(self, message: str) -> None:
        if self.tty:
            print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)
            return
        step = message.split(":", 1)[0]
        if step != self.step:
            self.step = step
            print(message, file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def _run(settings: Settings, args: argparse.Namespace) -> int:
    if args.in_memory:
        return _run_in_memory(settings, args)
    import os
    from pathlib import Path

    # The real platform is started by the checkout's deploy/local/run.py: it
    # builds Kafka and FerretDB from the Go and Maven sources kept there.
    here = Path.cwd().resolve()
    for folder in (here, *here.parents, Path(__file__).resolve().parents[3]):
        runner = folder / "deploy" / "local" / "run.py"
        if runner.is_file():
            os.execv(
                sys.executable,
                [sys.executable, str(runner), "--host", args.host, "--port", str(args.port)],
            )
    print(
        "synergi run: the platform starts from a checkout of Synergi (its deploy/local/), "
        "and none was found here. Try `synergi run --in-memory`, or the compose stack.",
        file=sys.stderr,
    )
    return 2


def _run_in_memory(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from synergi_shared.runtime.telemetry import setup_logging
    from synergi_shared.tools.single_process import create_single_process_app

    setup_logging()
    base = f"http://{args.host}:{args.port}"
    if "environment" not in settings.model_fields_set:  # for trying it: development
        settings = settings.model_copy(update={"environment": "development"})
    if problem := settings.secret_problem(args.host):
        print(f"synergi run: {problem}", file=sys.stderr)
        return 2
    if "public_url" not in settings.model_fields_set:  # e-mails link people here
        settings = settings.model_copy(update={"public_url": base})
    if "consumer_max_attempts" not in settings.model_fields_set:
        # In memory the broker hands each event to every consumer in line, so
        # a failure retried (a mail, with no SMTP server set) holds up every
        # service, and Ctrl-C: set it aside at once (`synergi dlq`).
        settings = settings.model_copy(update={"consumer_max_attempts": 1})
    app = create_single_process_app(settings)
    token = mint_token(settings.jwt_secret.get_secret_value(), "organizer")
    print(
        f"\nSynergi, every service in one process, at {base}\n"
        "In memory: an in-memory broker and store; nothing is kept after exit.\n"
        "(`make run` starts the real platform: Kafka, FerretDB and four processes.)\n\n"
        "API docs (events at /<service>/asyncapi, metrics at /<service>/metrics):\n"
        + "".join(f"  {base}/{name}/docs\n" for name in app.apps)
        + f"\nAn organizer token to try the API with ({settings.jwt_ttl_seconds // 3600} h):\n"
        f"  export TOKEN={token}\n"
        f'  curl -H "Authorization: Bearer $TOKEN" {base}/registration/editions\n',
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_config=None, access_log=False)
    return 0


def _topics(settings: Settings, args: argparse.Namespace) -> int:
    from synergi_shared.runtime.kafka_admin import ensure_topics

    created = asyncio.run(
        ensure_topics(settings.kafka_bootstrap_servers, args.partitions, args.replication_factor)
    )
    print("created: " + (", ".join(created) if created else "nothing, every topic exists"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`synergi run` (`make run`) as a person uses it: the real platform comes up,
`synergi demo` completes against it, its follow-up e-mails arrive at the local
SMTP server once per organisation, `synergi report` writes the board's report,
Ctrl-C leaves no process behind, and a second run finds every edition and
recommendation where the first left them, and sends no e-mail again.

It runs on ports and a data folder of its own, beside the test servers."""

import mailbox
import os
import re
import socket
import subprocess
import time
from email.utils import getaddresses
from pathlib import Path

import httpx

from synergi_shared.runtime.auth import mint_token
from synergi_shared.tools.demo import AFTERWARDS
from tests.helpers import TEST_SECRET
from tests.helpers.platform import Run
from tests.helpers.processes import SYNERGI

ROOT = Path(__file__).resolve().parents[2]


def ps() -> str:
    return subprocess.run(["ps", "-ww", "-eo", "args"], capture_output=True, text=True).stdout


def platform_commands(env: dict[str, str], port: int) -> list[str]:
    """What the command lines of a platform's processes say (each names its own
    port or the data folder, so other tests' servers do not count)."""
    data, mongo = env["SYNERGI_DATA_DIR"], env["SYNERGI_MONGO_URL"].rsplit("/", 1)[1]
    services = ("registration", "workshops", "feedback", "matching")
    return [
        *(f"serve {name} --host 127.0.0.1 --port {port + n}" for n, name in enumerate(services, 1)),
        f"kafka.Kafka {data}/run/server.properties",
        f"postgres -D {data}/postgresql",
        f"ferretdb -listen {mongo}",
        f"nginx: master process /usr/sbin/nginx -p {data}/run/gateway",
        f"aiosmtpd -n -l 127.0.0.1:{port + 25} -c aiosmtpd.handlers.Mailbox {data}/mail",
    ]


def test_make_run_serves_the_demo_stops_cleanly_and_keeps_the_data(platform_env, tmp_path):
    data = platform_env["SYNERGI_DATA_DIR"]
    port = int(platform_env["GATEWAY_PORT"])
    organizer = {"Authorization": f"Bearer {mint_token(TEST_SECRET, 'organizer')}"}

    first = Run(platform_env, port, tmp_path / "first.log")
    try:
        first.wait_until_running()
        assert f"Synergi is running at {first.base}" in first.output()
        assert f"Data:  {data}" in first.output()
        printed_token = re.search(r"export TOKEN=(\S+)", first.output())
        assert printed_token, first.output()
        # The web app's sign-in link it prints signs in, once, as the organiser.
        printed_link = re.search(rf"{first.base}/sign-in#code=(\S+)", first.output())
        assert printed_link, first.output()
        session = httpx.post(f"{first.base}/registration/sessions", json={"code": printed_link[1]})
        assert session.status_code == 201 and session.json()["role"] == "organizer"
        assert httpx.get(first.base + "/console").headers["content-type"].startswith("text/html")
        # Four service processes, Kafka, PostgreSQL, FerretDB and the gateway.
        running = ps()
        for command in platform_commands(platform_env, port):
            assert command in running, command

        demo = subprocess.run(
            [str(SYNERGI), "demo", "--url", first.base, "--edition", "platform-day",
             "--timeout", "240"],
            env=platform_env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert demo.returncode == 0, demo.stdout + demo.stderr
        assert "30 organisations" in demo.stdout
        assert "Mødrenetværket Aarhus: Effektlab Jylland" in demo.stdout
        assert "matching has caught up" in demo.stderr  # progress, decided from the group's lag

        with httpx.Client(base_url=first.base, headers=organizer, timeout=30) as api:
            before = pull_everything(api, "platform-day")
            # What the demo printed is what the pull API serves.
            assert sorted(top_three_lines(demo.stdout)) == sorted(printed_tops(api, "platform-day"))
            # The next page's link, followed behind the gateway, is the next page
            # (relative, so no Host header a client sends can point it elsewhere).
            page = api.get("/registration/editions/platform-day/registrations?limit=5")
            assert page.status_code == 200
            link = re.match(r'<([^>]+)>; rel="next"', page.headers["link"])[1]
            assert link.startswith("/registration/editions/platform-day/registrations?")
            following = api.get(link)
            assert following.status_code == 200 and following.json()[0] not in page.json()
            follow_up_mails_arrive_once(api, Path(data) / "mail", "platform-day")
            sent = len(mailbox.Maildir(Path(data) / "mail", create=False))
            report_holds_the_answers(api, first.base, platform_env, tmp_path)
    finally:
        code = first.interrupt() if first.process.poll() is None else first.process.returncode
    assert code == 0, first.output()
    assert not [c for c in platform_commands(platform_env, port) if c in ps()]

    second = Run(platform_env, port, tmp_path / "second.log")
    try:
        second.wait_until_running()
        with httpx.Client(base_url=second.base, headers=organizer, timeout=30) as api:
            assert api.get("/registration/editions/platform-day").status_code == 200
            assert pull_everything(api, "platform-day") == before
            # The invitations and follow-ups are not sent again after the restart.
            time.sleep(5)
            assert len(mailbox.Maildir(Path(data) / "mail", create=False)) == sent
            a_second_start_is_refused_and_changes_nothing(platform_env, port, api)
        # Next year: the same organisations, unchanged, in a new edition, in
        # processes that never saw their profile events.
        next_year = subprocess.run(
            [str(SYNERGI), "demo", "--url", second.base, "--edition", "platform-day-next",
             "--date", "2031-09-09", "--timeout", "240"],
            env=platform_env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert next_year.returncode == 0, next_year.stdout + next_year.stderr
        assert "The 10 strongest recommendations" in next_year.stdout
        # Everyone who had partners last time has partners again.
        assert unlisted(next_year.stdout) <= unlisted(demo.stdout)
    finally:
        assert second.interrupt() == 0, second.output()
    assert not [c for c in platform_commands(platform_env, port) if c in ps()]


def a_second_start_is_refused_and_changes_nothing(
    env: dict[str, str], port: int, api: httpx.Client
) -> None:
    """Another `synergi run` on the running one's data folder (and port) is
    refused, and the running platform's servers go on answering."""
    refused = subprocess.run(
        [str(SYNERGI), "run", "--port", str(port)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert f"the data folder {env['SYNERGI_DATA_DIR']} is in use by another" in refused.stderr
    for service in ("registration", "workshops", "feedback", "matching"):
        ready = api.get(f"/{service}/readyz")
        assert ready.status_code == 200, ready.text
    assert api.get("/registration/editions/platform-day").status_code == 200


def follow_up_mails_arrive_once(api: httpx.Client, maildir: Path, edition: str) -> int:
    """The demo asked its three-month follow-up: one e-mail per participant of
    each organisation asked, each to that person alone, whose own link signs
    in as the organisation."""
    rounds = api.get(f"/matching/editions/{edition}/follow-ups").json()["rounds"]
    asked = next(r for r in rounds if r["months"] == 3)["organizations_asked"]
    assert asked > 0
    registrations = api.get(
        f"/registration/editions/{edition}/registrations", params={"limit": 50}
    ).json()
    organization_of = {
        p["email"]: r["organization_id"] for r in registrations for p in r["participants"]
    }

    def follow_ups() -> list:  # the demo's invitations go to the contact persons
        mails = mailbox.Maildir(maildir, create=False)
        return [m for m in mails if m["Message-ID"].startswith("<follow-up-")]

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len({organization_of[m["To"]] for m in follow_ups()}) >= asked:
            break
        time.sleep(0.5)
    time.sleep(2)  # and no more arrive
    mails = follow_ups()
    to = [address for mail in mails for _, address in getaddresses([mail["To"]])]
    assert len(to) == len(mails) == len(set(to))  # one person per mail, once each
    organizations = {organization_of[address] for address in to}
    assert len(organizations) == asked
    everyone = [a for a, org in organization_of.items() if org in organizations]
    assert sorted(to) == sorted(everyone)
    codes = set()
    for mail in mails:
        code = re.search(r"/sign-in#code=(\S+)", mail.get_payload(decode=True).decode())[1]
        codes.add(code)
        session = httpx.post(f"{api.base_url}/registration/sessions", json={"code": code})
        assert session.status_code == 201
        assert session.json()["organization_id"] == organization_of[mail["To"]]
    assert len(codes) == len(mails)
    return len(mails)


def report_holds_the_answers(api, base: str, env: dict[str, str], tmp_path: Path) -> None:
    """`synergi report` writes both files, and the PDF counts the follow-up
    answers the API counts, and names them in the ledger."""
    made = subprocess.run(
        [str(SYNERGI), "report", "--edition", "platform-day", "--url", base,
         "--out", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "platform-day-report.html").stat().st_size > 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "platform-day-report.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rounds = api.get("/matching/editions/platform-day/follow-ups").json()["rounds"]
    answered = next(r for r in rounds if r["months"] == 3)["organizations_answered"]
    assert re.search(rf"Svaret\s+{answered}\n", text)
    ledger = api.get("/matching/ledger", params={"limit": 1000}).json()["items"]
    answers = [e for e in ledger if e["edition"] == "platform-day" and e["kind"] == "follow-up"]
    # Both sides of each pair the demo followed up.
    pairs = {(e["organization_a"], e["organization_b"], e["side"]) for e in answers}
    assert len(pairs) == 2 * len(AFTERWARDS)


def pull_everything(api: httpx.Client, edition: str) -> list[dict]:
    """Every current recommendation of the edition, through the pull API."""
    items, cursor = [], ""
    while True:
        page = api.get(
            f"/matching/editions/{edition}/recommendations", params={"cursor": cursor}
        ).json()
        items += page["items"]
        if not page["items"]:
            return items
        cursor = page["next_cursor"]


def unlisted(printed: str) -> int:
    """How many organisations the demo printed with no recommendation."""
    return len([line for line in top_three_lines(printed) if line.endswith(": -")])


def top_three_lines(printed: str) -> list[str]:
    section = printed.split("Each organisation's top three:")[1].split("\n\n")[0]
    return [line.strip() for line in section.strip().splitlines()]


def printed_tops(api: httpx.Client, edition: str) -> list[str]:
    """The demo's last section, rebuilt from what the API serves now."""
    registrations = api.get(
        f"/registration/editions/{edition}/registrations", params={"limit": 50}
    ).json()
    names = {
        r["organization_id"]: api.get(f"/registration/organizations/{r['organization_id']}").json()[
            "name"
        ]
        for r in registrations
    }
    lines = []
    for org_id, name in names.items():
        recs = api.get(
            f"/matching/editions/{edition}/organizations/{org_id}/recommendations",
            params={"limit": 3},
        ).json()["recommendations"]
        top = ", ".join(f"{names[r['partner_id']]} ({r['score']:.2f})" for r in recs)
        lines.append(f"{name}: {top or '-'}")
    return lines


def test_a_taken_database_port_is_refused_before_anything_starts(platform_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**platform_env, "SYNERGI_MONGO_URL": f"mongodb://127.0.0.1:{port}"}
        run = subprocess.run(
            [str(SYNERGI), "run", "--port", platform_env["GATEWAY_PORT"]],
            env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"port {port} on 127.0.0.1, wanted for FerretDB (SYNERGI_MONGO_URL)" in run.stderr
    assert "already taken" in run.stderr
    assert not [c for c in platform_commands(env, int(env["GATEWAY_PORT"])) if c in ps()]


def test_synergi_run_refuses_a_taken_gateway_port(platform_env, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [str(SYNERGI), "run", "--port", str(port)],
            env=platform_env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"port {port} on 127.0.0.1, wanted for the gateway (--port), is already taken" in (
        run.stderr
    )


def test_a_data_folder_postgresql_cannot_enter_is_said_in_one_sentence(platform_env, tmp_path):
    # As root, PostgreSQL runs as `postgres`, which cannot pass a private folder
    # (pytest's own temporary folders are such). CI and these machines run as root.
    assert os.geteuid() == 0, "this case needs the tests to run as root, as CI does"
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    env = {**platform_env, "SYNERGI_DATA_DIR": str(private / "data")}
    run = subprocess.run(
        [str(SYNERGI), "run", "--port", platform_env["GATEWAY_PORT"]],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "the `postgres` user, which cannot enter" in run.stderr
    assert "SYNERGI_DATA_DIR" in run.stderr
    assert not [c for c in platform_commands(env, int(env["GATEWAY_PORT"])) if c in ps()]

"""`synergi run` (`make run`): the whole platform on this machine, its data kept.

Kafka, PostgreSQL and FerretDB (infra.py beside this file), then registration,
workshops, feedback and matching as four `synergi serve` processes, and nginx
as the gateway: one base URL routed by the first path segment, with the same
routes as the compose stack (deploy/gateway/routes.conf).

Data lives in SYNERGI_DATA_DIR (default: .data/ in the checkout), so stopping
and starting again keeps every edition, registration and recommendation.
Ctrl-C (or SIGTERM) stops every process this started, services first.
"""

import argparse
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import httpx
from infra import ROOT, InfraError, LocalInfra, log, port_taken

SERVICES = ("registration", "workshops", "feedback", "matching")
READY_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 20
GATEWAY = ROOT / "deploy" / "gateway"
ROUTES = GATEWAY / "routes.conf"
WEB = ROOT / "web" / "dist"  # built by `make run` (make web)


class Stopped(Exception):
    """Ctrl-C or SIGTERM: stop everything, in order."""


def _stop_on_signal(signum: int, _frame: object) -> None:
    raise Stopped(signal.Signals(signum).name)


class Platform:
    def __init__(self, data: Path, host: str, port: int) -> None:
        self.infra = LocalInfra(data, durable=True)
        self.host, self.port = host, port
        self.base = f"http://{host}:{port}"
        # The services on the ports after the gateway's: 8001-8004 by default,
        # as `synergi serve` would choose.
        self.service_ports = {name: port + 1 + n for n, name in enumerate(SERVICES)}
        # Follow-up e-mails go to a local SMTP server that keeps them in a
        # Maildir, unless SYNERGI_SMTP_HOST names a real one.
        self.mail_port = None if os.environ.get("SYNERGI_SMTP_HOST") else port + 25
        self.mail = self.infra.data / "mail"
        self.logs = self.infra.data / "logs"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.owns_infra = False
        self._lock: IO[str] | None = None

    def _hold_the_data_folder(self) -> None:
        """One `synergi run` per data folder, held until this process ends: a
        second one is refused before it starts or stops anything."""
        self.infra.data.mkdir(parents=True, exist_ok=True)
        lock = open(self.infra.data / "synergi-run.lock", "a+")  # noqa: SIM115 (held for life)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read().strip() or "another process"
            lock.close()
            raise InfraError(
                f"the data folder {self.infra.data} is in use by another `synergi run` "
                f"({holder}); stop it first, or give this one its own SYNERGI_DATA_DIR"
            ) from None
        lock.truncate(0)
        lock.write(f"pid {os.getpid()}, gateway {self.base}\n")
        lock.flush()
        self._lock = lock

    def start(self) -> None:
        self._hold_the_data_folder()
        wanted = {self.port: "the gateway (--port)"} | {
            port: f"the {name} service (--port + {port - self.port})"
            for name, port in self.service_ports.items()
        }
        if self.mail_port:
            wanted[self.mail_port] = "the local mail server (--port + 25)"
        for port, what in wanted.items():
            if port_taken(self.host, port):
                raise InfraError(
                    f"port {port} on {self.host}, wanted for {what}, is already taken; "
                    "stop whatever holds it or choose another --port"
                )
        self.owns_infra = True  # from here on, a stop stops the servers too
        self.infra.up(fresh=False)
        self.logs.mkdir(parents=True, exist_ok=True)
        synergi = Path(sys.executable).with_name("synergi")
        env = {
            # The services reach each other (the board report) and link people
            # (e-mails) through this gateway, unless told otherwise.
            "SYNERGI_GATEWAY_URL": self.base,
            "SYNERGI_PUBLIC_URL": self.base,
            **(
                {
                    "SYNERGI_SMTP_HOST": self.host,
                    "SYNERGI_SMTP_PORT": str(self.mail_port),
                    # The Maildir server beside it, on this machine: no TLS to speak.
                    "SYNERGI_SMTP_SECURITY": "none",
                    "SYNERGI_SMTP_LOCAL": "true",
                }
                if self.mail_port
                else {}
            ),
            **os.environ,
            "SYNERGI_KAFKA_BOOTSTRAP_SERVERS": self.infra.bootstrap,
            "SYNERGI_MONGO_URL": self.infra.mongo_url,
        }
        if self.mail_port:
            self._spawn("mail", [sys.executable, "-m", "aiosmtpd", "-n", "-l",
                                 f"{self.host}:{self.mail_port}", "-c",
                                 "aiosmtpd.handlers.Mailbox", str(self.mail)], env)  # fmt: skip
        for name, port in self.service_ports.items():
            self._spawn(name, [str(synergi), "serve", name, "--host", self.host,
                               "--port", str(port)], env)  # fmt: skip
        self._spawn("gateway", self._nginx_command(), dict(os.environ))
        self._wait_until_ready()

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        with open(self.logs / f"{name}.log", "ab") as out:
            self.processes[name] = subprocess.Popen(
                command,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C reaches this process only; it stops them in order
            )

    def _nginx_command(self) -> list[str]:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(nginx):
            raise InfraError("the gateway needs nginx: `make tools` installs it from Debian")
        run = self.infra.run / "gateway"
        run.mkdir(parents=True, exist_ok=True)
        temp = "\n".join(
            f"    {kind}_temp_path {run / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        upstreams = "\n".join(
            f"    upstream {name} {{ server {self.host}:{port}; }}"
            for name, port in self.service_ports.items()
        )
        # Included from beside the main file, as in compose.
        for name in ("headers.conf", "scrapers.conf"):
            shutil.copy(GATEWAY / name, run / name)
        config = run / "nginx.conf"
        config.write_text(
            f"daemon off;\npid {run / 'nginx.pid'};\nerror_log {self.logs / 'gateway.log'} warn;\n"
            "events {}\n\nhttp {\n"
            "    access_log off;  # each service logs its requests, with their trace ids\n"
            f"    include {GATEWAY / 'http.conf'};\n"
            f"{temp}\n{upstreams}\n"
            f"    server {{\n        listen {self.host}:{self.port};\n"
            f"        root {WEB};\n"
            f"        include {ROUTES};\n    }}\n}}\n"
        )
        return [nginx, "-p", str(run), "-e", str(self.logs / "gateway.log"), "-c", str(config)]

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        waiting = list(SERVICES)
        log("waiting for the services to answer /readyz through the gateway")
        while waiting:
            self.check_alive()
            for name in list(waiting):
                try:
                    if httpx.get(f"{self.base}/{name}/readyz", timeout=2).status_code == 200:
                        waiting.remove(name)
                except httpx.TransportError:
                    pass
            if waiting and time.monotonic() > deadline:
                raise InfraError(
                    f"not ready after {READY_TIMEOUT_SECONDS}s: {', '.join(waiting)}; "
                    f"logs in {self.logs}"
                )
            time.sleep(0.3)

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                tail = (self.logs / f"{name}.log").read_text(errors="replace")[-2000:]
                raise InfraError(f"{name} exited with {process.returncode}:\n{tail}")

    def stop(self) -> None:
        """Services first (each finishes what it is publishing), then the gateway,
        then Kafka and the database. Only for a run that got as far as
        starting them (`owns_infra`): a refused start stops nothing of another's."""
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for name, process in self.processes.items():
            try:
                process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop in {STOP_TIMEOUT_SECONDS}s; killed")
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.infra.down()

    def sign_in_link(self, token: str) -> str:
        """A single-use link into the web app as the organiser."""
        import httpx

        made = httpx.post(
            f"{self.base}/registration/sign-in-links",
            json={},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        made.raise_for_status()
        return f"{self.base}{made.json()['path']}"

    def welcome(self, token: str, ttl_hours: int, link: str) -> str:
        docs = "".join(f"  {self.base}/{name}/docs\n" for name in SERVICES)
        mail = f"Mail:  {self.mail} (a Maildir: the e-mails sent)\n" if self.mail_port else ""
        return (
            f"\nSynergi is running at {self.base}\n\n"
            "The web app, signed in as the organiser (the link works once; more with\n"
            f".venv/bin/synergi link --role organizer):\n  {link}\n\n"
            "API docs (events at /<service>/asyncapi, metrics at /<service>/metrics):\n"
            f"{docs}\n"
            f"Data:  {self.infra.data} (kept between runs; delete it to start afresh)\n"
            f"Logs:  {self.logs}/<service>.log\n"
            f"{mail}"
            f"Kafka: {self.infra.bootstrap}   MongoDB wire (FerretDB): {self.infra.mongo_url}\n\n"
            f"An organizer token to try the API with ({ttl_hours} h):\n"
            f"  export TOKEN={token}\n"
            f'  curl -H "Authorization: Bearer $TOKEN" {self.base}/registration/editions\n\n'
            "A whole impact day, in another terminal: .venv/bin/synergi demo\n"
            "Ctrl-C stops everything.\n"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="synergi run", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="the gateway's (services: +1..+4)")
    args = parser.parse_args(argv)

    from synergi_shared.runtime.auth import mint_token
    from synergi_shared.runtime.settings import Settings

    # This machine's platform, for trying and developing: development unless
    # told otherwise (the services then take the published development secret,
    # so only on loopback).
    os.environ.setdefault("SYNERGI_ENVIRONMENT", "development")
    settings = Settings()
    if problem := settings.secret_problem(args.host):
        print(f"synergi run: {problem}", file=sys.stderr)
        return 2
    data = Path(os.environ.get("SYNERGI_DATA_DIR") or ROOT / ".data")
    platform = Platform(data, args.host, args.port)
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    try:
        platform.start()
        token = mint_token(settings.jwt_secret.get_secret_value(), "organizer")
        link = platform.sign_in_link(token)
        print(platform.welcome(token, settings.jwt_ttl_seconds // 3600, link), flush=True)
        while True:
            platform.check_alive()
            time.sleep(0.5)
    except Stopped:
        log("stopping")
        return 0
    except InfraError as error:
        print(f"synergi run: {error}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C does not cut the stop short
        if platform.owns_infra:  # else this run started nothing
            platform.stop()
            log("stopped; nothing left running")


if __name__ == "__main__":
    sys.exit(main())

"""Real Apache Kafka, PostgreSQL and FerretDB on loopback, without Docker.

    python deploy/local/infra.py up      # build once into the cache, start afresh, wait until ready
    python deploy/local/infra.py down    # stop them all, leaving no process behind
    python deploy/local/infra.py status
    python deploy/local/infra.py kafka-stop|kafka-start   # the broker only, data kept
    python deploy/local/infra.py db-stop|db-start         # PostgreSQL and FerretDB, data kept
    python deploy/local/infra.py psql [-- psql options]   # what lies under FerretDB's collections

This command is for tests and benchmarks: every `up` starts from empty data in
.cache/local-infra/run, with PostgreSQL's fsync off. `synergi run` (`make run`)
uses the same servers on data it keeps (see run.py beside this file).

Kafka 4.x runs from its jars on Maven Central (single node, KRaft). FerretDB
v1.24.2 is built from the Go module proxy through the wrapper module beside
this file and stores in Debian's PostgreSQL 15. Builds are cached in
.cache/local-infra (git-ignored), so a second `up` starts in seconds.

Addresses come from the settings the services and tests read:
SYNERGI_KAFKA_BOOTSTRAP_SERVERS (host:port; the controller takes the next port)
and SYNERGI_MONGO_URL (FerretDB's proxy). PostgreSQL and FerretDB itself listen
on Unix sockets only. A port already taken is refused, never shared.
"""

import argparse
import asyncio
import glob
import hashlib
import logging
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from base64 import urlsafe_b64encode
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = Path(os.environ.get("SYNERGI_INFRA_CACHE", ROOT / ".cache" / "local-infra"))
READY_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 30
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"
FERRETDB_DATABASE = "ferretdb"
INDEX_MIRRORS = HERE / "postgresql" / "index-mirrors.sql"
SERVERS = ("kafka", "postgresql", "ferretdb")  # in the order they start
# For throw-away data only: a crash may lose it, which tests do not mind.
FAST_UNSAFE_POSTGRESQL = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class InfraError(Exception):
    """Something the person running it can act on; printed without a traceback."""


def log(message: str) -> None:
    print(f"[infra] {message}", flush=True)


def _digest(*parts: Path | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.read_bytes() if isinstance(part, Path) else part.encode())
    return h.hexdigest()[:12]


def _address(value: str, default_port: int) -> tuple[str, int]:
    parts = urlsplit(value if "//" in value else f"//{value}")
    return parts.hostname or "127.0.0.1", parts.port or default_port


# --- build once --------------------------------------------------------------


def kafka_libs() -> Path:
    pom = HERE / "kafka" / "pom.xml"
    libs = CACHE / f"kafka-{_digest(pom)}" / "libs"
    if not (libs / ".complete").exists():
        log("downloading Apache Kafka from Maven Central (once; about a minute)")
        shutil.rmtree(libs, ignore_errors=True)
        subprocess.run(
            [
                "mvn",
                "-B",
                "-Dstyle.color=never",
                "-f",
                str(pom),
                DEPENDENCY_PLUGIN,
                "-DincludeScope=runtime",
                f"-DoutputDirectory={libs}",
            ],
            check=True,
            stdout=subprocess.DEVNULL if os.environ.get("CI") else None,
        )
        (libs / ".complete").touch()
    return libs


def ferretdb_binary() -> Path:
    module = HERE / "ferretdb"
    digest = _digest(module / "go.mod", module / "go.sum", module / "main.go")
    binary = CACHE / f"ferretdb-{digest}" / "ferretdb"
    if not binary.exists():
        log("building FerretDB v1.24.2 from the Go module proxy (once; a few minutes)")
        binary.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["go", "build", "-trimpath", "-o", str(binary) + ".tmp", "."], cwd=module, check=True
        )
        os.replace(str(binary) + ".tmp", binary)
    return binary


def postgresql_bin() -> Path:
    """Debian's PostgreSQL binaries (not on PATH), the newest 15 or later."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/postgres")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found and int(found[-1].parent.name) >= 15:
        return found[-1]
    on_path = shutil.which("postgres")
    if on_path:
        return Path(on_path).resolve().parent
    raise InfraError("PostgreSQL 15 or newer is needed: `make tools` installs it from Debian")


# --- one set of servers --------------------------------------------------------


class LocalInfra:
    """Kafka, PostgreSQL and FerretDB with their data, pids and logs in `data`.

    `durable=False` is for throw-away data: PostgreSQL runs without fsync.
    """

    def __init__(self, data: Path, *, durable: bool) -> None:
        from synergi_shared.runtime.settings import Settings

        settings = Settings()
        self.data = data.resolve()
        self.durable = durable
        self.bootstrap = settings.kafka_bootstrap_servers
        self.kafka_host, self.kafka_port = _address(self.bootstrap, 9092)
        self.mongo_url = settings.mongo_url
        self.mongo_host, self.mongo_port = _address(self.mongo_url, 27017)
        self.run = self.data / "run"
        # Unix socket paths are limited to about 100 bytes: a short folder of
        # their own, one per data folder.
        self.sockets = Path(tempfile.gettempdir()) / f"synergi-{_digest(str(self.data))}"

    # Addresses ---------------------------------------------------------------

    def _refuse_taken_ports(self) -> None:
        """Before anything starts: a port another program holds is refused, so
        nothing reports ready against somebody else's server."""
        wanted = [
            (self.kafka_host, self.kafka_port, "Kafka (SYNERGI_KAFKA_BOOTSTRAP_SERVERS)"),
            (self.kafka_host, self.kafka_port + 1, "Kafka's controller (the Kafka port + 1)"),
            (self.mongo_host, self.mongo_port, "FerretDB (SYNERGI_MONGO_URL)"),
        ]
        for host, port, what in wanted:
            if port_taken(host, port):
                raise InfraError(
                    f"port {port} on {host}, wanted for {what}, is already taken by another "
                    "program (another Synergi, `make run`, or a server of its own). Stop it, or "
                    "choose other ports with SYNERGI_KAFKA_BOOTSTRAP_SERVERS and SYNERGI_MONGO_URL."
                )

    @property
    def postgresql_url(self) -> str:
        # Custom plans: FerretDB passes a filter's field name as a parameter,
        # so only a plan made with its value can use the index mirrors
        # (postgresql/index-mirrors.sql); a cached generic plan scans.
        return (
            f"postgres://postgres@/{FERRETDB_DATABASE}?host={self.sockets}"
            "&plan_cache_mode=force_custom_plan"
        )

    # Processes -------------------------------------------------------------------

    def _pid_file(self, name: str) -> Path:
        return self.run / f"{name}.pid"

    def running_pid(self, name: str) -> int | None:
        try:
            pid = int(self._pid_file(name).read_text())
            os.kill(pid, 0)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return None
        return pid

    def _start(self, name: str, command: list[str], **options: Any) -> None:
        with open(self.run / f"{name}.log", "ab") as out:
            process = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, so a stop reaches all of it
                **options,
            )
        self._pid_file(name).write_text(str(process.pid))

    def _stop(self, name: str, sig: signal.Signals = signal.SIGTERM) -> None:
        pid = self.running_pid(name)
        if pid is not None:
            os.killpg(pid, sig)
            deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
            while self.running_pid(name) and time.monotonic() < deadline:
                time.sleep(0.1)
                _reap(pid)
            if self.running_pid(name):
                os.killpg(pid, signal.SIGKILL)
                _reap(pid)
        self._pid_file(name).unlink(missing_ok=True)

    # Kafka ---------------------------------------------------------------------

    def _kafka_config(self) -> Path:
        data = self.data / "kafka"
        controller = self.kafka_port + 1
        config = self.run / "server.properties"
        config.write_text(
            "\n".join(
                [
                    "process.roles=broker,controller",
                    "node.id=1",
                    f"controller.quorum.voters=1@{self.kafka_host}:{controller}",
                    f"listeners=PLAINTEXT://{self.kafka_host}:{self.kafka_port},"
                    f"CONTROLLER://{self.kafka_host}:{controller}",
                    f"advertised.listeners=PLAINTEXT://{self.kafka_host}:{self.kafka_port}",
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    f"log.dirs={data}",
                    "num.partitions=3",
                    "offsets.topic.replication.factor=1",
                    "offsets.topic.num.partitions=3",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=false",
                    "",
                ]
            )
        )
        if not (data / "meta.properties").exists():
            subprocess.run(
                _java(
                    kafka_libs(),
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    _cluster_id(),
                    "-c",
                    str(config),
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        return config

    def kafka_start(self) -> None:
        if self.running_pid("kafka"):
            return
        self._start("kafka", _java(kafka_libs(), "kafka.Kafka", str(self._kafka_config())))

    def kafka_stop(self) -> None:
        self._stop("kafka")

    # PostgreSQL and FerretDB -------------------------------------------------------

    def _as_postgres_user(self) -> dict[str, Any]:
        """PostgreSQL refuses to run as root: as root, run it as Debian's `postgres`."""
        if os.geteuid() != 0:
            return {}
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            raise InfraError(
                "running as root needs Debian's `postgres` user: `make tools`"
            ) from None
        return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def _owned_by_postgres(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        user = self._as_postgres_user()
        if user:
            shutil.chown(path, user["user"], user["group"])

    def _postgresql_start(self) -> None:
        if self.running_pid("postgresql"):
            return
        bin, cluster = postgresql_bin(), self.data / "postgresql"
        as_postgres = self._as_postgres_user()
        self._owned_by_postgres(self.sockets)
        self._owned_by_postgres(cluster)
        if as_postgres and subprocess.run(["test", "-w", str(cluster)], **as_postgres).returncode:
            raise InfraError(
                f"PostgreSQL runs as the `postgres` user, which cannot enter {cluster} (a folder "
                "above it is private to root): set SYNERGI_DATA_DIR to a folder every user may "
                "pass through, or `chmod o+x` the folders above it"
            )
        if not (cluster / "PG_VERSION").exists():
            subprocess.run(
                [str(bin / "initdb"), "-D", str(cluster), "-U", "postgres", "--auth=trust",
                 "-E", "UTF8", "--locale=C.UTF-8"],
                check=True, stdout=subprocess.DEVNULL, **as_postgres,
            )  # fmt: skip
        options = ["-c", "listen_addresses=", "-c", f"unix_socket_directories={self.sockets}"]
        if not self.durable:
            options += [item for setting in FAST_UNSAFE_POSTGRESQL for item in ("-c", setting)]
        self._start("postgresql", [str(bin / "postgres"), "-D", str(cluster), *options],
                    **as_postgres)  # fmt: skip
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while subprocess.run(
            [str(bin / "pg_isready"), "-q", "-h", str(self.sockets), "-U", "postgres"]
        ).returncode:
            if not self.running_pid("postgresql") or time.monotonic() > deadline:
                raise InfraError(f"PostgreSQL did not start; see {self.run / 'postgresql.log'}")
            time.sleep(0.1)
        exists = subprocess.run(
            [str(bin / "psql"), "-h", str(self.sockets), "-U", "postgres", "-tAc",
             f"SELECT 1 FROM pg_database WHERE datname = '{FERRETDB_DATABASE}'"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        if not exists:
            subprocess.run(
                [str(bin / "createdb"), "-h", str(self.sockets), "-U", "postgres",
                 FERRETDB_DATABASE],
                check=True,
            )  # fmt: skip
        # Every start: the triggers are replaced by this release's, and
        # collections made without them are mirrored.
        subprocess.run(
            [str(bin / "psql"), "-h", str(self.sockets), "-U", "postgres", "-d", FERRETDB_DATABASE,
             "-q", "-v", "ON_ERROR_STOP=1", "-c", "SET client_min_messages = warning",
             "-f", str(INDEX_MIRRORS)],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def _ferretdb_start(self) -> None:
        if self.running_pid("ferretdb"):
            return
        internal = self.sockets / "ferretdb.sock"
        internal.unlink(missing_ok=True)
        self._start(
            "ferretdb",
            [
                str(ferretdb_binary()),
                "-listen",
                f"{self.mongo_host}:{self.mongo_port}",
                "-internal",
                str(internal),
                "-postgresql-url",
                self.postgresql_url,
            ],
        )

    def db_start(self) -> None:
        self._postgresql_start()
        self._ferretdb_start()

    def db_stop(self) -> None:
        self._stop("ferretdb")
        # SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to leave.
        self._stop("postgresql", signal.SIGINT)

    # The whole set -------------------------------------------------------------------

    def up(self, *, fresh: bool) -> None:
        if not fresh and all(self.running_pid(name) for name in SERVERS):
            log(f"already running, data in {self.data}")
            asyncio.run(self.wait_until_ready())
            return
        self.down(quiet=True)
        if fresh:
            shutil.rmtree(self.data, ignore_errors=True)
        self.run.mkdir(parents=True, exist_ok=True)
        kafka_libs(), ferretdb_binary()  # build before starting anything
        self._refuse_taken_ports()
        try:
            self.kafka_start()
            self.db_start()
            asyncio.run(self.wait_until_ready())
        except BaseException:
            log(f"not ready; logs in {self.run}")
            self.down(quiet=True)
            raise
        log(f"ready: Kafka at {self.bootstrap}, FerretDB at {self.mongo_url}, data in {self.data}")

    def down(self, quiet: bool = False) -> None:
        for name in reversed(SERVERS):
            was_running = self.running_pid(name) is not None
            if name == "postgresql":
                self._stop(name, signal.SIGINT)
            else:
                self._stop(name)
            if was_running and not quiet:
                log(f"stopped {name}")
        shutil.rmtree(self.sockets, ignore_errors=True)

    def psql(self, args: list[str]) -> int:
        """psql on FerretDB's PostgreSQL database (what lies under the collections)."""
        bin = postgresql_bin()
        command = [str(bin / "psql"), "-h", str(self.sockets), "-U", "postgres",
                   "-d", FERRETDB_DATABASE, *args]  # fmt: skip
        return subprocess.run(command).returncode

    def status(self) -> int:
        states = {name: self.running_pid(name) for name in SERVERS}
        for name, pid in states.items():
            print(f"{name}: {'running, pid ' + str(pid) if pid else 'stopped'}")
        return 0 if all(states.values()) else 1

    async def wait_until_ready(self) -> None:
        from pymongo import AsyncMongoClient

        from synergi_shared.runtime.kafka_admin import ensure_topics
        from synergi_shared.runtime.kafka_admin import wait_until_ready as kafka_ready

        # aiokafka logs every refused connection while the broker boots; that is expected here.
        logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
        started = time.monotonic()
        await kafka_ready(self.bootstrap, READY_TIMEOUT_SECONDS)
        client: AsyncMongoClient = AsyncMongoClient(
            self.mongo_url, serverSelectionTimeoutMS=READY_TIMEOUT_SECONDS * 1000
        )
        try:
            # listCollections reaches PostgreSQL; a ping is answered by FerretDB alone.
            await client[FERRETDB_DATABASE].list_collection_names()
        finally:
            await client.close()
        created = await ensure_topics(self.bootstrap)
        if created:
            log(f"created {len(created)} topics")
        log(f"Kafka and FerretDB answered after {time.monotonic() - started:.1f}s")


def port_taken(host: str, port: int) -> bool:
    with socket.socket() as probe:
        # As servers bind: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _cluster_id() -> str:
    """22 characters of URL-safe base64, never starting with '-' (the format
    tool would read it as an option; Kafka's own Uuid.randomUuid avoids it too)."""
    while True:
        cluster_id = urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


def _java(libs: Path, main_class: str, *args: str) -> list[str]:
    return [
        "java",
        "-Xmx512m",
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={HERE / 'log4j2.properties'}",
        "-cp",
        f"{libs}/*",
        main_class,
        *args,
    ]


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def test_infra() -> LocalInfra:
    """The servers tests and benchmarks use: throw-away data in the cache."""
    return LocalInfra(CACHE / "run", durable=False)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = ("up", "down", "status", "kafka-stop", "kafka-start", "db-stop", "db-start", "psql")
    parser.add_argument("command", choices=commands)
    parser.add_argument("psql_args", nargs=argparse.REMAINDER, help="with psql: its arguments")
    arguments = parser.parse_args()
    command = arguments.command
    infra = test_infra()
    try:
        if command == "psql":
            return infra.psql(arguments.psql_args)
        if command == "up":
            infra.up(fresh=True)
        elif command == "down":
            infra.down()
        elif command == "status":
            return infra.status()
        else:
            getattr(infra, command.replace("-", "_"))()
            if command.endswith("-start"):
                asyncio.run(infra.wait_until_ready())
            else:
                log(f"{command}: done (data kept)")
    except InfraError as error:
        print(f"infra: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

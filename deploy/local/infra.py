"""Real Apache Kafka and FerretDB on loopback, without Docker.

    python deploy/local/infra.py up      # build once into the cache, start, wait until ready
    python deploy/local/infra.py down    # stop both, leaving no process behind
    python deploy/local/infra.py status
    python deploy/local/infra.py kafka-stop|kafka-start   # the broker only, data kept
    python deploy/local/infra.py db-stop|db-start         # FerretDB only, data kept

Kafka 4.x runs from its jars on Maven Central (single node, KRaft); FerretDB
v1.24.2 (SQLite backend) is built from the Go module proxy through the wrapper
module beside this file. Both are cached in .cache/local-infra (git-ignored),
so a second `up` starts in seconds. Every `up` starts from empty data.
"""

import argparse
import asyncio
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from base64 import urlsafe_b64encode
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CACHE = Path(os.environ.get("SYNERGI_INFRA_CACHE", ROOT / ".cache" / "local-infra"))
RUN = CACHE / "run"
KAFKA_PORT = int(os.environ.get("SYNERGI_KAFKA_PORT", "9092"))
CONTROLLER_PORT = KAFKA_PORT + 1
MONGO_PORT = int(os.environ.get("SYNERGI_MONGO_PORT", "27017"))
# FerretDB itself; clients reach it through the serialising proxy on MONGO_PORT.
FERRETDB_INTERNAL_PORT = MONGO_PORT + 1
BOOTSTRAP = f"127.0.0.1:{KAFKA_PORT}"
MONGO_URL = f"mongodb://127.0.0.1:{MONGO_PORT}"
READY_TIMEOUT_SECONDS = 120
STOP_TIMEOUT_SECONDS = 30
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies"


def log(message: str) -> None:
    print(f"[infra] {message}", flush=True)


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


# --- build once --------------------------------------------------------------


def kafka_libs() -> Path:
    pom = HERE / "kafka" / "pom.xml"
    libs = CACHE / f"kafka-{_digest(pom)}" / "libs"
    if not (libs / ".complete").exists():
        log("downloading Apache Kafka from Maven Central (once)")
        shutil.rmtree(libs, ignore_errors=True)
        subprocess.run(
            [
                "mvn",
                "-q",
                "-B",
                "-Dstyle.color=never",
                "-f",
                str(pom),
                DEPENDENCY_PLUGIN,
                "-DincludeScope=runtime",
                f"-DoutputDirectory={libs}",
            ],
            check=True,
        )
        (libs / ".complete").touch()
    return libs


def ferretdb_binary() -> Path:
    module = HERE / "ferretdb"
    binary = (
        CACHE
        / f"ferretdb-{_digest(module / 'go.mod', module / 'go.sum', module / 'main.go')}"
        / "ferretdb"
    )
    if not binary.exists():
        log("building FerretDB v1.24.2 from the Go module proxy (once)")
        binary.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["go", "build", "-trimpath", "-o", str(binary) + ".tmp", "."], cwd=module, check=True
        )
        os.replace(str(binary) + ".tmp", binary)
    return binary


# --- processes ---------------------------------------------------------------


def _pid_file(name: str) -> Path:
    return RUN / f"{name}.pid"


def _running_pid(name: str) -> int | None:
    try:
        pid = int(_pid_file(name).read_text())
        os.kill(pid, 0)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid


def _start(name: str, command: list[str]) -> None:
    with open(RUN / f"{name}.log", "ab") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so `down` stops all of it
        )
    _pid_file(name).write_text(str(process.pid))


def _write_kafka_config() -> Path:
    data = RUN / "kafka-data"
    data.mkdir(parents=True)
    config = RUN / "server.properties"
    config.write_text(
        "\n".join(
            [
                "process.roles=broker,controller",
                "node.id=1",
                f"controller.quorum.voters=1@127.0.0.1:{CONTROLLER_PORT}",
                f"listeners=PLAINTEXT://127.0.0.1:{KAFKA_PORT},CONTROLLER://127.0.0.1:{CONTROLLER_PORT}",
                f"advertised.listeners=PLAINTEXT://127.0.0.1:{KAFKA_PORT}",
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
    return config


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


def up() -> None:
    if _running_pid("kafka") and _running_pid("ferretdb"):
        log("already running")
        asyncio.run(wait_until_ready())
        return
    down(quiet=True)
    libs, ferretdb = kafka_libs(), ferretdb_binary()
    shutil.rmtree(RUN, ignore_errors=True)
    RUN.mkdir(parents=True)

    config = _write_kafka_config()
    cluster_id = _cluster_id()
    subprocess.run(
        _java(libs, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(config)),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    _start("kafka", _java(libs, "kafka.Kafka", str(config)))
    _start("ferretdb", _ferretdb_command(ferretdb))
    try:
        asyncio.run(wait_until_ready())
    except BaseException:
        log(f"not ready; logs in {RUN}")
        down()
        raise
    log(f"ready: Kafka at {BOOTSTRAP}, FerretDB at {MONGO_URL}")


def _ferretdb_command(binary: Path) -> list[str]:
    return [
        str(binary),
        "-listen",
        f"127.0.0.1:{MONGO_PORT}",
        "-internal",
        f"127.0.0.1:{FERRETDB_INTERNAL_PORT}",
        "-dir",
        str(RUN / "ferretdb-data"),
    ]


async def wait_until_ready() -> None:
    from pymongo import AsyncMongoClient

    from synergi_shared.kafka_admin import ensure_topics
    from synergi_shared.kafka_admin import wait_until_ready as kafka_ready

    # aiokafka logs every refused connection while the broker boots; that is expected here.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    started = time.monotonic()
    await kafka_ready(BOOTSTRAP, READY_TIMEOUT_SECONDS)
    client = AsyncMongoClient(MONGO_URL, serverSelectionTimeoutMS=READY_TIMEOUT_SECONDS * 1000)
    try:
        await client.admin.command("ping")
    finally:
        await client.close()
    created = await ensure_topics(BOOTSTRAP)
    if created:
        log(f"created {len(created)} topics")
    log(f"Kafka and FerretDB answered after {time.monotonic() - started:.1f}s")


def kafka_stop() -> None:
    """Stop the broker only, keeping its data (for fault-injection tests)."""
    _stop("kafka")
    log("stopped kafka (data kept)")


def kafka_start() -> None:
    """Start the broker again on the data `up` created."""
    if _running_pid("kafka"):
        return
    _start("kafka", _java(kafka_libs(), "kafka.Kafka", str(RUN / "server.properties")))
    asyncio.run(wait_until_ready())


def db_stop() -> None:
    """Stop FerretDB only, keeping its data (for fault-injection tests)."""
    _stop("ferretdb")
    log("stopped ferretdb (data kept)")


def db_start() -> None:
    """Start FerretDB again on the data `up` created."""
    if _running_pid("ferretdb"):
        return
    _start("ferretdb", _ferretdb_command(ferretdb_binary()))
    asyncio.run(wait_until_ready())


def down(quiet: bool = False) -> None:
    for name in ("ferretdb", "kafka"):
        _stop(name)
        if not quiet:
            log(f"stopped {name}")


def _stop(name: str) -> None:
    pid = _running_pid(name)
    if pid is not None:
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
        while _running_pid(name) and time.monotonic() < deadline:
            time.sleep(0.2)
            _reap(pid)
        if _running_pid(name):
            os.killpg(pid, signal.SIGKILL)
    _pid_file(name).unlink(missing_ok=True)


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def status() -> int:
    states = {name: _running_pid(name) for name in ("kafka", "ferretdb")}
    for name, pid in states.items():
        print(f"{name}: {'running, pid ' + str(pid) if pid else 'stopped'}")
    return 0 if all(states.values()) else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = {
        "up": up,
        "down": down,
        "kafka-stop": kafka_stop,
        "kafka-start": kafka_start,
        "db-stop": db_stop,
        "db-start": db_start,
    }
    parser.add_argument("command", choices=[*commands, "status"])
    command = parser.parse_args().command
    if command == "status":
        return status()
    commands[command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())

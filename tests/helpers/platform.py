"""`synergi run` (`make run`) started by a test: its own ports and data folder,
beside the test servers."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.helpers.processes import SYNERGI

START_SECONDS = 180


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports on loopback."""
    for first in range(20000 + os.getpid() % 1000, 60000, 97):
        if all(_free(port) for port in range(first, first + count)):
            return first
    raise RuntimeError("no free ports")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Run:
    """One `synergi run`, its output in a file."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.log = log
        self.base = f"http://127.0.0.1:{port}"
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [str(SYNERGI), "run", "--port", str(port)], env=env, stdout=out, stderr=out
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_until_running(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while "Ctrl-C stops everything" not in self.output():
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.5)

    def interrupt(self) -> int:
        self.process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        return self.process.wait(timeout=120)

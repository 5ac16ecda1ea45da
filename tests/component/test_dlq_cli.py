"""`synergi dlq` without Kafka: a sentence, not a traceback."""

import subprocess
import sys
from pathlib import Path

SYNERGI = Path(sys.executable).with_name("synergi")


def test_dlq_without_kafka_says_so_in_a_sentence() -> None:
    done = subprocess.run(
        [str(SYNERGI), "dlq", "list"],
        env={"SYNERGI_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "Kafka is unreachable at 127.0.0.1:9" in done.stderr

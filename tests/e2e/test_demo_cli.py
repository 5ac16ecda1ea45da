"""Trying the API without Java or Go: `synergi run --in-memory`, then `synergi
demo` against it, as a person types them (tests/e2e/test_platform.py does the
same on the real platform)."""

import subprocess
import time

import httpx

from tests.helpers.processes import SYNERGI, free_port


def test_synergi_demo_against_the_in_memory_mode_prints_explained_matches(tmp_path) -> None:
    port = free_port()
    env = {"SYNERGI_ENVIRONMENT": "development", "PATH": "/usr/bin:/bin"}
    with open(tmp_path / "run.log", "wb") as log:
        command = [str(SYNERGI), "run", "--in-memory", "--port", str(port)]
        server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/matching/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "run.log").read_text()
            time.sleep(0.2)
        demo = subprocess.run(
            [str(SYNERGI), "demo", "--url", base, "--language", "da"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        server.terminate()
        server.wait(timeout=15)

    assert demo.returncode == 0, demo.stderr
    assert "30 organisations" in demo.stdout
    assert "Mødrenetværket Aarhus: Effektlab Jylland" in demo.stdout
    assert "vil begge gerne følge op med hinanden" in demo.stdout  # in Danish, as asked

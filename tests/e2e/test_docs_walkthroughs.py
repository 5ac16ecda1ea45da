"""The README's and docs' curl walkthroughs, run as a reader runs them: every
shell block marked `<!-- walkthrough -->`, in reading order, in one bash
session from the repository's folder, against the platform `synergi run`
(`make run`) starts. Only the gateway's address is changed, to this run's.

Every request must succeed. `curl` is wrapped the way a careful client
behaves: an answer of 400 or more stops the walkthrough, naming the command,
and a 409 with `Retry-After` ("not yet": an event still on its way) is sent
again after a second, as the docs tell readers to."""

import subprocess
import time
from pathlib import Path

import httpx

from synergi_shared.runtime.auth import mint_token
from tests.helpers import TEST_SECRET
from tests.helpers.platform import Run

ROOT = Path(__file__).resolve().parents[2]
READING_ORDER = [
    "README.md",
    *(f"docs/{name}.md" for name in ("registration", "workshops", "feedback", "matching")),
]
DOCUMENTED_BASE = "http://127.0.0.1:8000"

CAREFUL_CURL = r"""
set -euo pipefail
curl() {
  local args=() arg
  for arg in "$@"; do
    if [[ $arg == @- ]]; then  # a body from stdin, kept for a second attempt
      arg="@$(mktemp)"; cat > "${arg#@}"
    fi
    args+=("$arg")
  done
  local body head code
  body=$(mktemp); head=$(mktemp)
  for _ in $(seq 30); do
    code=$(command curl -sS -D "$head" -o "$body" -w '%{http_code}' "${args[@]}")
    [[ $code == 409 ]] && grep -qi '^retry-after:' "$head" || break
    sleep 1
  done
  cat "$body"; echo
  echo "$code ${*//$'\n'/ }" >> "$REQUESTS"
  if (( code >= 400 )); then echo "HTTP $code from: curl $*" >&2; return 22; fi
}
"""


def walkthrough_blocks(document: str) -> list[str]:
    """The shell blocks of `document` marked as walkthrough, in order."""
    lines = (ROOT / document).read_text().splitlines()
    blocks = []
    for n, line in enumerate(lines):
        if line.startswith("<!-- walkthrough"):
            assert lines[n + 1] == "```sh", f"{document}:{n + 2}: a walkthrough marks a sh block"
            end = lines.index("```", n + 2)
            blocks.append("\n".join(lines[n + 2 : end]))
    return blocks


def test_every_document_has_its_walkthrough() -> None:
    for document in READING_ORDER:
        assert walkthrough_blocks(document), document


def test_the_walkthroughs_run_against_make_run(platform_env, tmp_path) -> None:
    port = int(platform_env["GATEWAY_PORT"])
    run = Run(platform_env, port, tmp_path / "run.log")
    requests = tmp_path / "requests.log"
    script = CAREFUL_CURL + "\n".join(
        f"\n# --- {document}\n{block}"
        for document in READING_ORDER
        for block in walkthrough_blocks(document)
    )
    script = script.replace(DOCUMENTED_BASE, run.base)
    script += '\necho "KEPT A=$A B2=$B2 ORG=$ORG PARTNER=$PARTNER ANNA=$ANNA WS=$WS"\n'

    def untracked() -> str:  # a walkthrough that writes a file writes it in the reader's checkout
        listed = ["git", "status", "--porcelain", "--untracked-files=all"]
        return subprocess.run(listed, cwd=ROOT, capture_output=True, text=True).stdout

    files_before = untracked()
    try:
        run.wait_until_running()
        started = time.monotonic()
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=ROOT,
            env={**platform_env, "REQUESTS": str(requests)},
            capture_output=True,
            text=True,
            timeout=600,
        )
        answered = requests.read_text().splitlines()
        assert done.returncode == 0, (done.stderr[-3000:], answered[-5:])
        assert untracked() == files_before, "a walkthrough left files in the checkout"
        assert len(answered) >= 30, answered
        assert all(int(line.split()[0]) < 400 for line in answered), answered
        kept = dict(pair.split("=") for pair in done.stdout.split("KEPT ")[1].split())
        print(f"{len(answered)} requests in {time.monotonic() - started:.0f} s")

        organizer = {"Authorization": f"Bearer {mint_token(TEST_SECRET, 'organizer')}"}
        with httpx.Client(base_url=run.base, headers=organizer, timeout=30) as api:
            # What the README says its last call answers.
            path = f"/matching/editions/first-slice/organizations/{kept['A']}/recommendations"
            [recommendation] = api.get(path).json()["recommendations"]
            assert recommendation["partner_name"] == "Børnefonden"
            details = [reason["detail"] for reason in recommendation["reasons"]]
            assert "Børnefonden offers impact measurement, which Mor-Barn Fyn needs" in details
            assert "Both work with young mothers" in details
            # docs/matching.md: both sides said partnership, each view kept.
            outcome = api.get(
                f"/matching/editions/impact-2026/recommendations/{kept['ORG']}/{kept['PARTNER']}/outcome"
            ).json()
            assert outcome["status"] == "partnership"
            views = outcome["views"]
            notes = {views["organization_a"]["note"], views["organization_b"]["note"]}
            assert notes == {"Shared volunteer programme from August", None}
            # docs/feedback.md: Anna's evaluation of the workshop she was checked in at.
            response = api.get(f"/feedback/editions/impact-2026/responses/{kept['ANNA']}").json()
            assert [w["workshop_id"] for w in response["workshops"]] == [kept["WS"]]
    finally:
        assert run.interrupt() == 0, run.output()[-3000:]

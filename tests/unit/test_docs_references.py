"""Every repository path the documents name exists, and every `path:function`
(or pytest's `path::test`) names a function, class or method defined there: the
README, `docs/` (the map of the flows above all) and `pyproject.toml` cannot
point at code that moved or went."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP_FOLDERS = ("services/", "shared/", "web/", "deploy/", "tests/", "bench/", "docs/", ".ci/")
DOCUMENTS = sorted(
    {
        ROOT / "README.md",
        ROOT / "pyproject.toml",
        *ROOT.glob("docs/**/*.md"),
        *ROOT.glob("services/*/README.md"),
        *ROOT.glob("bench/*.md"),
        *ROOT.glob("deploy/**/*.md"),
    }
)
# In backticks, as a Markdown link's target, or as a quoted TOML string.
REFERENCE = re.compile(r"`([^`\s]+)`|\]\(([^)\s]+)\)|\"([^\"\s]+)\"")


def references(document: Path) -> list[str]:
    found = []
    for match in REFERENCE.finditer(document.read_text()):
        reference = next(group for group in match.groups() if group).split("#")[0]
        # A pattern (`<service>`, `*.json`, `{id}`) names no one file.
        if reference.startswith(TOP_FOLDERS) and not set("<>*{}$") & set(reference):
            found.append(reference)
    return found


def defines(source: str, name: str) -> bool:
    """A Python or TypeScript definition of `name` (or a TOML key)."""
    definition = (
        rf"^\s*(export\s+)?(default\s+)?(async\s+)?(def|class|function|const|let)\s+{name}\b"
    )
    return bool(re.search(definition, source, re.M) or re.search(rf"^\s*{name}\s*=", source, re.M))


def written_by_a_command(path: str) -> bool:
    """A path git ignores (`bench/results/`, `web/test-results/`) is an output a
    command writes, absent from a fresh clone until that command runs."""
    ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
    return ignored.returncode == 0


def missing(reference: str) -> str | None:
    path, _, name = reference.replace("::", ":").partition(":")
    path = path.split("[")[0]  # a parametrised test's id
    file = ROOT / path
    if not file.exists():
        return None if written_by_a_command(path) else "no such path"
    if name:
        last = name.split("[")[0].split(".")[-1]
        if not file.is_file() or not defines(file.read_text(), re.escape(last)):
            return f"{last} is not defined there"
    return None


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: str(d.relative_to(ROOT)))
def test_every_path_and_function_a_document_names_exists(document: Path) -> None:
    wrong = [f"{ref}: {why}" for ref in references(document) if (why := missing(ref))]
    assert wrong == []


def test_the_check_catches_a_path_or_function_that_went() -> None:
    assert missing("docs/flows.md") is None
    assert missing("docs/gone.md") == "no such path"
    assert missing("bench/results/never-written.json") is None
    assert missing("shared/synergi_shared/runtime/mail.py:send_mail") is None
    assert missing("shared/synergi_shared/runtime/mail.py:send_mails") is not None
    assert missing("shared/synergi_shared/runtime/outbox.py:OutboxRelay.run") is None
    assert missing("web/src/api/workshops.ts:checkIn") is None


def test_the_flows_are_mapped_within_their_budget() -> None:
    """The issue's measure of a newcomer's path: the files a flow crosses."""
    text = (ROOT / "docs" / "flows.md").read_text()
    flows = re.split(r"^## ", text, flags=re.M)[1:]
    files = {
        flow.splitlines()[0]: {
            ref.split(":")[0] for ref in re.findall(r"`([^`\s]+:[^`\s]+)`", flow)
        }
        for flow in flows
    }
    assert len(files) >= 4 and all(files.values())

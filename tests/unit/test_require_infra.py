"""With SYNERGI_REQUIRE_INFRA=1 (CI) a test that skips counts as failed."""

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
CONFTEST = ROOT / "tests" / "conftest.py"
SKIPPING_TEST = """
import pytest

def test_needs_something_missing():
    pytest.importorskip("a_module_that_is_not_installed")
"""


@pytest.mark.parametrize(("required", "outcome"), [("1", "failed"), ("", "skipped")])
def test_a_skip_fails_the_run_only_when_infrastructure_is_required(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, required: str, outcome: str
) -> None:
    pytester.makeconftest(CONFTEST.read_text())
    pytester.makepyfile(SKIPPING_TEST)
    monkeypatch.setenv("SYNERGI_REQUIRE_INFRA", required)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the conftest imports tests.helpers
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(**{outcome: 1})

"""What a service's image installs (the workspace without its dev group, as
the Dockerfile syncs it), read from uv.lock: no test double, no test library,
no tool-only library."""

import tomllib
from pathlib import Path

LOCK = Path(__file__).resolve().parents[2] / "uv.lock"
NOT_IN_AN_IMAGE = {
    "mongomock",
    "mongomock-motor",
    # (httpx is in: matching's board report reads the other services' APIs.)
    "aiosmtpd",
    "pytest",
    "pytest-asyncio",
    "pytest-timeout",
    "hypothesis",
    "schemathesis",
    "ruff",
    "import-linter",
}


def installed_without_dev(lock: dict) -> set[str]:
    """Every package the workspace root needs at run time, extras followed."""
    packages = {package["name"]: package for package in lock["package"]}
    needed: set[str] = set()
    todo = [
        (dep["name"], tuple(dep.get("extra", ())))
        for dep in packages["synergi-workspace"]["dependencies"]
    ]
    while todo:
        name, extras = todo.pop()
        package = packages[name]
        if name in needed and not extras:
            continue
        needed.add(name)
        deps = list(package.get("dependencies", []))
        for extra in extras:
            deps += package.get("optional-dependencies", {}).get(extra, [])
        todo += [(dep["name"], tuple(dep.get("extra", ()))) for dep in deps]
    return needed


def test_a_service_image_holds_no_test_double_and_no_tool_only_library() -> None:
    lock = tomllib.loads(LOCK.read_text())
    needed = installed_without_dev(lock)
    assert {"synergi-matching", "fastapi", "pymongo", "faststream"} <= needed  # the walk works
    assert needed & NOT_IN_AN_IMAGE == set()


def test_the_tools_extra_is_what_brings_them() -> None:
    lock = tomllib.loads(LOCK.read_text())
    shared = next(p for p in lock["package"] if p["name"] == "synergi-shared")
    extras = shared["optional-dependencies"]
    report = {dep["name"] for dep in extras["report"]}
    assert report == {"httpx", "jinja2", "matplotlib", "weasyprint", "segno"}
    assert {dep["name"] for dep in extras["tools"]} == {"mongomock-motor"} | report

"""The GitHub Actions workflows a site commits: one text for every site, this repository's
example included, written by `researchsite init` and again by `researchsite workflows`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FOLDER = Path(".github") / "workflows"
# site.yml builds and deploys; tutorials.yml checks the tutorials and deploys with their results.
NAMES = ("site.yml", "tutorials.yml")


def workflow_text(name: str) -> str:
    return (resources.files("researchsite") / "templates" / "workflows" / name).read_text(encoding="utf-8")


def workflow_files() -> dict[Path, str]:
    """Each workflow's path in a site, and its text."""
    return {FOLDER / name: workflow_text(name) for name in NAMES}

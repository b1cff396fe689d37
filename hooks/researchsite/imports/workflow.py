"""The scheduled workflow that runs `researchsite sync` and proposes the new papers as a pull
request. Its text lives in templates/sync.yml so that a new site can be given the same file."""

from __future__ import annotations

from importlib import resources

WORKFLOW_PATH = ".github/workflows/sync.yml"


def sync_workflow() -> str:
    return resources.files("researchsite").joinpath("templates", "sync.yml").read_text(encoding="utf-8")

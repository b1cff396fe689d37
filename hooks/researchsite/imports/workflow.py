"""The scheduled workflow that runs `researchsite sync` and proposes the new papers as a pull
request (templates/workflows/sync.yml, which every site gets)."""

from __future__ import annotations

from ..workflows import workflow_text

WORKFLOW_PATH = ".github/workflows/sync.yml"


def sync_workflow() -> str:
    return workflow_text("sync.yml")

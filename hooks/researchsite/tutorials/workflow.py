"""The GitHub Actions workflow that checks the tutorials: a job per tutorial and image.

The matrix is computed when the workflow runs (`researchsite tutorials list --json`), so adding
a tutorial needs no new workflow: the committed `.github/workflows/tutorials.yml` is exactly
what `workflow_yaml()` returns (a test keeps them equal). Each job runs this checker with
`--engine docker` on a hosted runner: the steps run in the tutorial's container, never on the
runner, and the job's report is the same JSON the site reads, uploaded as an artifact. A last
job gathers the reports into one artifact (`tutorial-reports`, which site.yml fetches for
the deploys that do not check) and, on the default branch, builds and deploys the site.
"""

from __future__ import annotations

import re

from ..workflows import workflow_text
from .structure import Tutorial

WORKFLOW_PATH = ".github/workflows/tutorials.yml"
REPORTS_ARTIFACT = "tutorial-reports"
# The job's limit on top of the tutorial's own: installing Python and pulling the image.
SETUP_MINUTES = 15


def matrix(tutorials: list[Tutorial]) -> list[dict]:
    """One entry per tutorial and image: the matrix's `include`, as `tutorials list --json` prints it."""
    rows = []
    for tutorial in sorted(tutorials, key=lambda t: t.id):
        images = getattr(tutorial, "images", None) or [tutorial.image]
        for image in images:
            rows.append({
                "tutorial": tutorial.id,
                "image": image,
                # An artifact's name may not hold ':' or '/'; one name per job.
                "artifact": "tutorial-" + re.sub(r"[^A-Za-z0-9._-]+", "-", f"{tutorial.id}-{image}"),
                "minutes": -(-int(tutorial.timeout) // 60) + SETUP_MINUTES,
            })
    return rows


def workflow_yaml(tutorials: list[Tutorial] | None = None) -> str:
    """The workflow's text (templates/workflows/tutorials.yml, kept as a file for its comments).

    `tutorials` is accepted for the callers of the time the matrix was written into the file;
    the matrix is now computed at run time, so the text does not depend on them."""
    return workflow_text("tutorials.yml")

"""A GitHub Actions workflow that checks each tutorial in its own job: a matrix over the tutorials.

Each job runs this same checker with `--engine docker` on a hosted runner, which starts the
tutorial's container: the steps run in the container, never on the runner, and the job's
report is the same JSON the site reads (uploaded as an artifact).
"""

from __future__ import annotations

import json
import math

from .structure import Tutorial

WORKFLOW_PATH = ".github/workflows/tutorials.yml"


def workflow_yaml(tutorials: list[Tutorial], python: str = "3.11") -> str:
    """The workflow as YAML text (written by hand: PyYAML would reorder keys and lose the comment)."""
    include = [{"tutorial": t.id, "image": t.image} for t in sorted(tutorials, key=lambda t: t.id)]
    # The job's limit: the longest tutorial, plus time to install Python and pull the image.
    minutes = max((math.ceil(t.timeout / 60) for t in tutorials), default=30) + 15
    matrix = json.dumps(include)  # JSON is YAML, and quotes whatever needs quoting
    return f"""# Written by `researchsite tutorials workflow`; write it again after adding a tutorial.
name: Tutorials

on:
  push:
    paths:
      - "content/tutorials/**"
      - "hooks/researchsite/tutorials/**"
      - "{WORKFLOW_PATH}"
  pull_request:
    paths:
      - "content/tutorials/**"
  schedule:
    - cron: "17 4 * * 1"  # weekly: mirrors and packages change under a tutorial that did not
  workflow_dispatch:

permissions:
  contents: read

jobs:
  check:
    name: ${{{{ matrix.tutorial }}}} (${{{{ matrix.image }}}})
    runs-on: ubuntu-latest
    timeout-minutes: {minutes}
    strategy:
      fail-fast: false
      matrix:
        include: {matrix}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "{python}"
      - name: Install the checker
        run: python -m pip install --constraint requirements.lock --editable .
      - name: Check ${{{{ matrix.tutorial }}}} in a container of ${{{{ matrix.image }}}}
        run: python -m researchsite.tutorials check "${{{{ matrix.tutorial }}}}" --engine docker
      - name: Keep the report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: tutorial-${{{{ matrix.tutorial }}}}
          path: reports/tutorials/
          if-no-files-found: error
"""

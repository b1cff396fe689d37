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


def workflow_yaml(tutorials: list[Tutorial] | None = None, python: str = "3.11") -> str:
    """The workflow as YAML text (written by hand: PyYAML would reorder keys and lose the comments).

    `tutorials` is accepted for the callers of the time the matrix was written into the file;
    the matrix is now computed at run time, so the text does not depend on them."""
    return f"""# Written by `researchsite tutorials workflow`; a test keeps this file equal to its output.
# The matrix is computed at run time from content/tutorials/*.yml: adding a tutorial needs no edit.
name: Tutorials

on:
  push:
    paths:
      - "content/tutorials/**"
      - "hooks/researchsite/tutorials/**"
      - "{WORKFLOW_PATH}"
  pull_request:  # checked, not deployed
    paths:
      - "content/tutorials/**"
      - "hooks/researchsite/tutorials/**"
  schedule:
    - cron: "17 4 * * 1"  # weekly: mirrors and packages change under a tutorial that did not
  workflow_dispatch:

permissions:
  contents: read

jobs:
  list:
    name: List the tutorials
    runs-on: ubuntu-latest
    timeout-minutes: 10
    outputs:
      matrix: ${{{{ steps.list.outputs.matrix }}}}
      count: ${{{{ steps.list.outputs.count }}}}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "{python}"
      - name: Install the checker
        run: python -m pip install --constraint requirements.lock --editable .
      - name: One job per tutorial and image
        id: list
        run: |
          rows=$(python -m researchsite.tutorials list --json)
          echo "matrix={{\\"include\\":$rows}}" >> "$GITHUB_OUTPUT"
          echo "count=$(echo "$rows" | python -c 'import json, sys; print(len(json.load(sys.stdin)))')" >> "$GITHUB_OUTPUT"

  check:
    name: ${{{{ matrix.tutorial }}}} (${{{{ matrix.image }}}})
    needs: list
    if: needs.list.outputs.count != '0'
    runs-on: ubuntu-latest
    timeout-minutes: ${{{{ matrix.minutes }}}}
    strategy:
      fail-fast: false
      matrix: ${{{{ fromJSON(needs.list.outputs.matrix) }}}}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "{python}"
      - name: Install the checker
        run: python -m pip install --constraint requirements.lock --editable .
      - name: Check ${{{{ matrix.tutorial }}}} in a container of ${{{{ matrix.image }}}}
        env:
          TUTORIAL: ${{{{ matrix.tutorial }}}}
          IMAGE: ${{{{ matrix.image }}}}
          ARTIFACT: ${{{{ matrix.artifact }}}}
        # One image per job; its report is reports/tutorials/<id>.json for the tutorial's first
        # image, <id>@<image>.json for the others, so the gathered reports never overwrite each other.
        run: python -m researchsite.tutorials check "$TUTORIAL" --image "$IMAGE" --engine docker --junit "junit/$ARTIFACT.xml"
      - name: Say the result in the job's summary
        if: always()
        run: python -m researchsite.tutorials summary >> "$GITHUB_STEP_SUMMARY"
      - name: Keep the report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: ${{{{ matrix.artifact }}}}
          path: |
            reports/tutorials/
            junit/
          if-no-files-found: error

  publish:
    name: Gather the reports, build the site
    needs: [list, check]
    # Also when a tutorial failed: the page then says so. Not when the run was cancelled.
    if: ${{{{ !cancelled() && needs.list.result == 'success' }}}}
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "{python}"
      - name: Gather the reports
        uses: actions/download-artifact@v4
        with:
          pattern: tutorial-*
          merge-multiple: true
          path: gathered/
      - name: Put them where the site build reads them
        run: |
          mkdir -p reports/tutorials
          if [ -d gathered/reports/tutorials ]; then cp -R gathered/reports/tutorials/. reports/tutorials/; fi
          # Each job's junit.xml listed its own report only, and the last one gathered won: dropped,
          # so that no junit.xml disagrees with the JSON reports (each job's is in junit/).
          rm -f reports/tutorials/junit.xml
          ls -l reports/tutorials
      - name: Keep them for the builds that do not check (site.yml fetches them)
        uses: actions/upload-artifact@v4
        with:
          name: {REPORTS_ARTIFACT}
          path: reports/tutorials/
          if-no-files-found: warn
          retention-days: 90
      - name: Build the site
        run: make site
      - name: Upload the site for GitHub Pages
        if: github.ref_name == github.event.repository.default_branch
        uses: actions/upload-pages-artifact@v3
        with:
          path: site/

  deploy:
    name: Deploy to GitHub Pages
    needs: publish
    if: ${{{{ !cancelled() && needs.publish.result == 'success' && github.ref_name == github.event.repository.default_branch }}}}
    runs-on: ubuntu-latest
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deploy.outputs.page_url }}}}
    concurrency:
      group: pages
      cancel-in-progress: false
    steps:
      - name: Deploy
        id: deploy
        uses: actions/deploy-pages@v4
"""

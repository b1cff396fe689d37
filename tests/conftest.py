"""Shared fixtures: where the repository and the shared corpus are, and real MkDocs builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_METRICS = REPO / "tests" / "fixtures" / "metrics" / "example-metrics.json"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
BIN = Path(sys.executable).parent


def checked_status(unit, number: int, fail_at: int | None) -> str:
    """A tutorial unit's status in a report as the checker writes it when step `fail_at` fails
    (None: none does): passed before it, not run after it, not checkable wherever it runs elsewhere."""
    from researchsite.tutorials.structure import FAILED, NOT_CHECKABLE, NOT_RUN, PASSED

    if not unit.checkable:
        return NOT_CHECKABLE
    if fail_at is None or number < fail_at:
        return PASSED
    return FAILED if number == fail_at else NOT_RUN


def unavailable(reason: str, required_by: str) -> None:
    """Skip a test whose real tool (a container engine, a validator, a browser) is not there, with
    the reason; fail instead where CI says the tool must be there (`required_by`=1)."""
    if os.environ.get(required_by) == "1":
        pytest.fail(f"{required_by}=1, but {reason}")
    pytest.skip(reason)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared BibTeX corpus is not beside the repository ({CORPUS} is missing)")
    return CORPUS


def run_mkdocs(project: Path, out: Path, **env_vars: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` as a user runs it, in its own process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env_vars)
    return subprocess.run(
        [BIN / "mkdocs", "build", "--strict", "-f", project / "mkdocs.yml", "-d", out],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def built_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site: two builds compare whole."""
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def run_cli(project: Path, *args: str, **env_vars: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "researchsite", "--root", project, *args], capture_output=True, text=True, timeout=600,
        env=dict(os.environ, **env_vars),
    )


def site_skeleton(project: Path, with_example_papers: bool = False) -> Path:
    """A copy of the example site's skeleton in `project`, with no papers unless asked."""
    for name in ("site_config", "content"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "hooks").mkdir()
    shutil.copy(REPO / "hooks" / "researchsite_hooks.py", project / "hooks")
    if with_example_papers:
        shutil.copytree(REPO / "papers", project / "papers")
        # The example ships no citation counts (none could be read from here, and invented ones
        # would misinform its visitors): its tests get the ones the recorded answers give.
        shutil.copy(EXAMPLE_METRICS, project / "papers" / "metrics.json")
    else:
        # The example's posts and talks name the example's papers: a site without them starts
        # with no news and no talks.
        (project / "papers").mkdir()
        for post in (project / "content" / "news" / "posts").glob("*.md"):
            post.unlink()
        (project / "site_config" / "talks.yml").unlink(missing_ok=True)
        # Nor citation counts.
        site = project / "site_config" / "site.yml"
        site.write_text(re.sub(r"(?m)^(# Citation counts.*\n)?citation_counts:\n(?:[ \t].*\n)*", "", site.read_text()))
    return project


# A one-pixel PNG: a picture that loads, for logos and photos.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5d1d2a60000000049454e44ae426082"
)


def with_group_and_teaching(project: Path) -> Path:
    """The example site (with its papers) given a group and a course, which no public source
    names for the example researcher: people.yml's `group:` (a current member with a photo, a
    former one with a page of their own) and a teaching.yml."""
    (project / "site_config" / "people.yml").write_text(
        """\
- name: Alireza Farshin
  url: https://aliireza.github.io/
- name: Massimo Girondi
  group: {role: PhD student, since: 2020, photo: img/massimo.png}
- name: Hamid Ghasemirahni
  url: https://example.org/hamid
  group: {role: PhD student, since: 2019, until: 2023, now: Researcher at Example}
"""
    )
    (project / "site_config" / "teaching.yml").write_text(
        '- {code: LINFO0000, title: Example networks course, institution: UCLouvain, role: Lecturer, years: "2022–", link: "https://example.org/course"}\n'
    )
    (project / "content" / "img").mkdir(exist_ok=True)
    (project / "content" / "img" / "massimo.png").write_bytes(PNG)
    return project


@pytest.fixture
def new_site(tmp_path: Path):
    """A copy of the example site's skeleton with no papers; the test adds its own files."""

    def make(with_example_papers: bool = False) -> Path:
        return site_skeleton(tmp_path / "project", with_example_papers)

    return make

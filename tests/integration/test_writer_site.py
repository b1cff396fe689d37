"""A one-off build's downloads are written by a child process (researchsite/writer.py) while
MkDocs reads the pages: the site is byte for byte the one written in the build's own process,
and a download that cannot be written stops the build, naming the file, without a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import built_files, run_mkdocs, site_skeleton  # noqa: E402

EPOCH = "1700000000"
# The same hook, its downloads written in the build's own process, as `mkdocs serve` writes them.
IN_PROCESS_HOOKS = """\
from researchsite.hooks import *  # noqa: F401,F403
import researchsite.hooks

researchsite.hooks.Writer = lambda: None
"""


def test_the_site_is_the_same_written_by_the_child_or_by_the_build(tmp_path):
    project = site_skeleton(tmp_path / "project", with_example_papers=True)
    (project / "papers" / "extra.bib").write_text(
        "\n".join(
            f"@article{{extra{number},\n  title = {{Extra {number}}},\n  author = {{Barbette, Tom}},\n  journal = {{J}},\n  year = {{2019}},\n}}\n"
            for number in range(20)
        )
    )
    aside = run_mkdocs(project, tmp_path / "aside", SOURCE_DATE_EPOCH=EPOCH)
    assert aside.returncode == 0, aside.stderr
    (project / "hooks" / "researchsite_hooks.py").write_text(IN_PROCESS_HOOKS)
    inside = run_mkdocs(project, tmp_path / "inside", SOURCE_DATE_EPOCH=EPOCH)
    assert inside.returncode == 0, inside.stderr

    ours, theirs = built_files(tmp_path / "aside"), built_files(tmp_path / "inside")
    assert sorted(ours) == sorted(theirs)
    assert [path for path in ours if ours[path] != theirs[path]] == []
    downloads = [path for path in ours if path.endswith((".bib", ".ris", ".json")) and path.startswith("publications/")]
    assert len(downloads) >= 3 * 20 + 3  # each paper's three and the whole list's


def test_a_download_that_cannot_be_written_stops_the_build_naming_it(tmp_path):
    project = site_skeleton(tmp_path / "project", with_example_papers=True)
    # A key a file name can hold, as the paper's folder and page do, but not with ".json" after it.
    key = "k" * 251
    (project / "papers" / "long.bib").write_text(
        f"@inproceedings{{{key},\n  title = {{Long}},\n  author = {{Barbette, Tom}},\n  booktitle = {{Workshop}},\n  year = {{2020}},\n}}\n"
    )
    built = run_mkdocs(project, tmp_path / "site")
    assert built.returncode == 1
    assert "Traceback" not in built.stderr
    assert "the build could not write these downloads:" in built.stderr
    assert f"  site/publications/{key}/{key}.json: File name too long" in built.stderr
    # Only that one: its BibTeX and RIS names fit.
    assert f"{key}.bib:" not in built.stderr and f"{key}.ris:" not in built.stderr

"""A build that finds what the last one kept in .cache/researchsite/ (compiled templates,
cv.pdf) gives the very files a build without it gives, and so does one after an edit."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import built_files, run_mkdocs, site_skeleton  # noqa: E402

EPOCH = "1700000000"  # the feeds' and the sitemap's date, the same for every build


def test_a_build_with_what_the_last_one_kept_gives_the_same_files(tmp_path):
    project = site_skeleton(tmp_path / "project", with_example_papers=True)
    cold = run_mkdocs(project, tmp_path / "cold", SOURCE_DATE_EPOCH=EPOCH)
    assert cold.returncode == 0, cold.stderr
    kept = project / ".cache" / "researchsite"
    assert [path.name for path in sorted(kept.iterdir())] == ["pages", "theme", "typst"]
    assert all(any(folder.iterdir()) for folder in kept.iterdir())
    warm = run_mkdocs(project, tmp_path / "warm", SOURCE_DATE_EPOCH=EPOCH)
    assert warm.returncode == 0, warm.stderr
    assert built_files(tmp_path / "warm") == built_files(tmp_path / "cold")


def test_an_edited_cv_and_template_override_are_not_taken_from_what_was_kept(tmp_path):
    project = site_skeleton(tmp_path / "project", with_example_papers=True)
    overrides = project / "overrides"
    overrides.mkdir()
    override = overrides / "main.html"
    override.write_text('{% extends "base.html" %}\n{% block announce %}The first.{% endblock %}\n')
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    assert run_mkdocs(project, tmp_path / "before", SOURCE_DATE_EPOCH=EPOCH).returncode == 0
    assert "The first." in (tmp_path / "before" / "index.html").read_text()
    cv = project / "site_config" / "cv.yml"
    cv.write_text(cv.read_text().replace("  - title: Assistant Professor", "  - title: Associate Professor", 1))
    override.write_text(override.read_text().replace("The first.", "The second."))
    edited = run_mkdocs(project, tmp_path / "edited", SOURCE_DATE_EPOCH=EPOCH)
    assert edited.returncode == 0, edited.stderr
    shutil.rmtree(project / ".cache")
    fresh = run_mkdocs(project, tmp_path / "fresh", SOURCE_DATE_EPOCH=EPOCH)
    assert fresh.returncode == 0, fresh.stderr
    assert built_files(tmp_path / "edited") == built_files(tmp_path / "fresh")
    assert (tmp_path / "edited" / "cv.pdf").read_bytes() != (tmp_path / "before" / "cv.pdf").read_bytes()
    assert "The second." in (tmp_path / "edited" / "index.html").read_text()

"""An import writes all its files or none, and a second identical run changes nothing."""

import pytest

from researchsite.imports.staging import Staging


def test_nothing_is_written_when_the_import_fails(tmp_path):
    (tmp_path / "papers").mkdir()
    with pytest.raises(RuntimeError):
        with Staging(tmp_path) as staging:
            staging.write("papers/dblp.bib", "@article{a, title={A}}\n")
            raise RuntimeError("the second source was unreachable")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["papers"]


def test_commit_moves_files_in_and_reports_what_changed(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "old.bib").write_text("old\n")
    (tmp_path / "papers" / "same.bib").write_text("same\n")
    with Staging(tmp_path) as staging:
        staging.write("papers/old.bib", "new\n")
        staging.write("papers/same.bib", "same\n")
        staging.write("content/news/posts/a.md", "post\n")
        written = staging.commit()
    assert [str(p) for p in written.created] == ["content/news/posts/a.md"]
    assert [str(p) for p in written.changed] == ["papers/old.bib"]
    assert [str(p) for p in written.unchanged] == ["papers/same.bib"]
    assert (tmp_path / "papers" / "old.bib").read_text() == "new\n"
    assert not list(tmp_path.glob(".researchsite-import-*"))


def test_a_path_outside_the_site_is_refused(tmp_path):
    with Staging(tmp_path) as staging, pytest.raises(ValueError, match="outside the site"):
        staging.write("../elsewhere.md", "x")

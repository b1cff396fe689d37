"""Loading again with a `LoadCache` (`mkdocs serve`): a file split an entry at a time, an entry's
result kept by its text, file and @strings. Whatever is kept, a load must give exactly what a
load from nothing gives: the same entries, fields, names, lines and problems."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
try:
    import researchsite  # noqa: F401
except ImportError:  # not installed yet: use the source tree
    sys.path.insert(0, str(REPO / "hooks"))

from researchsite.load import bibtex, middlewares
from researchsite.load.bibtex import LoadCache, load_bibliography
from researchsite.structure.problems import in_order

CORPUS = REPO.parent / "shared" / "corpus" / "bib"

BIB = """% Written by hand.
@string{nsdi = "USENIX NSDI"}

@inproceedings{first,
  author = {Tom Barbette and Others, Some},
  title = {The {First} Paper},
  booktitle = nsdi,
  year = 2020,
}

@inproceedings{second,
  author = {Georgios P. Katsikas},
  title = {Metron: {NFV} Service Chains at the True Speed of the Underlying Hardware},
  booktitle = nsdi # " '18",
  year = 2018,
  doi = {not a doi},
}

@proceedings{conf,
  title = {Proceedings of the Conference},
  year = 2019,
}

@inproceedings{child,
  author = {Tom Barbette},
  title = {A Child},
  crossref = {conf},
}

@comment{ignored}
Some text between entries.

@misc{third, title = {Third}, year = 2021, month = jan}
"""


def load(paths: list[Path], root: Path, cache: LoadCache | None):
    entries, problems = load_bibliography(paths, root, cache)
    return entries, [str(problem) for problem in in_order(problems)]


def same_as_a_load_from_nothing(paths: list[Path], root: Path, cache: LoadCache):
    kept = load(paths, root, cache)
    fresh = load(paths, root, None)
    assert kept[1] == fresh[1]
    assert kept[0] == fresh[0]  # every field of every entry, lines included
    assert [entry.line for entry in kept[0]] == [entry.line for entry in fresh[0]]
    return kept


def corpus_files() -> list[Path]:
    return sorted(CORPUS.rglob("*.bib")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared BibTeX corpus is not next to the repository ({CORPUS})")
@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_real_files_split_an_entry_at_a_time_load_as_when_split_whole(path):
    """The entry-by-entry split (bibtexparser's splitter run on each piece from one `@type{` to the
    next) against the whole file's, on real files: broken ones included, which fall back."""
    same_as_a_load_from_nothing([path], path.parent, LoadCache())


@pytest.fixture
def site(tmp_path):
    bib = tmp_path / "papers" / "main.bib"
    bib.parent.mkdir()
    bib.write_text(BIB, encoding="utf-8")
    return tmp_path, bib


EDITS = {
    "a title": lambda text: text.replace("The {First} Paper", "The {First} Paper, Edited"),
    "a line added above the others": lambda text: text.replace("  year = 2020,\n", "  year = 2020,\n  note = {New},\n"),
    "a line taken from the top": lambda text: text.replace("% Written by hand.\n", ""),
    "a @string": lambda text: text.replace('"USENIX NSDI"', '"NSDI, by USENIX"'),
    "a crossref parent": lambda text: text.replace("Proceedings of the Conference", "Proceedings of the Other Conference"),
    "a crossref child": lambda text: text.replace("{A Child}", "{A Grown Child}"),
    "a comment": lambda text: text.replace("Some text", "Other text"),
    "a repeated key": lambda text: text.replace("@misc{third", "@misc{first"),
    "an unclosed brace": lambda text: text.replace("{The {First} Paper}", "{The {First} Paper"),
    "a repeated field": lambda text: text.replace("  year = 2018,\n", "  year = 2018,\n  Year = 2017,\n"),
    "an undefined macro": lambda text: text.replace("booktitle = nsdi,", "booktitle = osdi,"),
    "an entry in parentheses": lambda text: text.replace("@misc{third, title = {Third}, year = 2021, month = jan}", "@misc(third, title = {Third}, year = 2021)"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_each_edit_loads_as_from_nothing(site, edit):
    root, bib = site
    cache = LoadCache()
    same_as_a_load_from_nothing([bib], root, cache)
    bib.write_text(EDITS[edit](BIB), encoding="utf-8")
    same_as_a_load_from_nothing([bib], root, cache)
    bib.write_text(BIB, encoding="utf-8")  # and back
    same_as_a_load_from_nothing([bib], root, cache)


def test_edits_one_after_another_load_as_from_nothing(site):
    root, bib = site
    cache, text = LoadCache(), BIB
    for edit in EDITS.values():
        text = edit(text)
        bib.write_text(text, encoding="utf-8")
        same_as_a_load_from_nothing([bib], root, cache)


def test_an_entry_moved_to_another_file_says_that_file(site):
    root, bib = site
    other = bib.with_name("other.bib")
    cache = LoadCache()
    same_as_a_load_from_nothing([bib], root, cache)
    third = "@misc{third, title = {Third}, year = 2021, month = jan}\n"
    bib.write_text(BIB.replace(third, ""), encoding="utf-8")
    other.write_text(third, encoding="utf-8")
    entries, _ = same_as_a_load_from_nothing([bib, other], root, cache)
    assert next(entry for entry in entries if entry.key == "third").path == "papers/other.bib"


def test_a_string_in_another_file_reaches_the_kept_entries(site):
    """The @strings of every file make each entry's values: a change there is a change of all."""
    root, bib = site
    strings = bib.with_name("a-strings.bib")
    strings.write_text('@string{osdi = "USENIX OSDI"}\n', encoding="utf-8")
    text = BIB.replace("booktitle = nsdi,", "booktitle = osdi,")
    bib.write_text(text, encoding="utf-8")
    cache = LoadCache()
    same_as_a_load_from_nothing([strings, bib], root, cache)
    strings.write_text('@string{osdi = "OSDI"}\n', encoding="utf-8")
    entries, _ = same_as_a_load_from_nothing([strings, bib], root, cache)
    assert next(entry for entry in entries if entry.key == "first").fields["booktitle"] == "OSDI"


def test_a_rebuild_runs_only_the_edited_entry_through_the_middlewares(site, monkeypatch):
    root, bib = site
    cache = LoadCache()
    load([bib], root, cache)
    read: list[str] = []
    every = middlewares.LowercaseFieldKeys.transform_entry

    def transform_entry(self, entry, library):
        read.append(entry.key)
        return every(self, entry, library)

    monkeypatch.setattr(middlewares.LowercaseFieldKeys, "transform_entry", transform_entry)
    split = []
    monkeypatch.setattr(bibtex, "Splitter", lambda text, real=bibtex.Splitter: split.append(text) or real(text))
    bib.write_text(EDITS["a title"](BIB), encoding="utf-8")
    load([bib], root, cache)
    assert read == ["first", "conf", "child"]  # the two ends of a crossref always go through again
    assert len(split) == 1 and split[0].startswith("@inproceedings{first,")  # the edited piece alone
    same_as_a_load_from_nothing([bib], root, cache)


def test_a_repeated_key_in_a_file_left_as_it_is_loads_the_same_after_an_edit_elsewhere(site):
    """The repeated entry is checked all the same, under a private key, by the middlewares: on
    a copy, not on the file's kept blocks (which the next load, after an edit to another file,
    would read renamed and evaluated already)."""
    root, bib = site
    other = bib.with_name("other.bib")
    bib.write_text(EDITS["a repeated key"](BIB), encoding="utf-8")
    other.write_text("@misc{other, title = {Other}, year = 2020}\n", encoding="utf-8")
    cache = LoadCache()
    same_as_a_load_from_nothing([bib, other], root, cache)
    other.write_text("@misc{other, title = {Other, Edited}, year = 2020}\n", encoding="utf-8")
    _, problems = same_as_a_load_from_nothing([bib, other], root, cache)
    assert any("duplicate key 'first'" in problem for problem in problems)

"""The BibTeX loading stage: entries as the files say them, and every problem located."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
try:
    import researchsite  # noqa: F401
except ImportError:  # not installed yet: use the source tree
    sys.path.insert(0, str(REPO / "hooks"))

from researchsite.load import latex
from researchsite.load.bibtex import LoadCache, load_bibliography
from researchsite.load.entries import Name

# Problems that mean "this entry block did not become a BibEntry".
DROPPED = ("could not parse this block", "duplicate key ", "unclosed '{'", "missing comma after the key")
ENTRY_BLOCK = re.compile(r"@[ \t]*(\w+)[ \t]*[{(]")
NOT_ENTRIES = {"comment", "string", "preamble"}


@pytest.fixture(scope="session")
def corpus() -> Path:
    shared = REPO.parent / "shared" / "corpus" / "bib"
    if not shared.is_dir():
        pytest.skip(f"the shared BibTeX corpus is not next to the repository ({shared})")
    return shared


def load(tmp_path: Path, *texts: str, cache: LoadCache | None = None):
    paths = []
    for number, text in enumerate(texts):
        path = tmp_path / "papers" / f"f{number}.bib"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return load_bibliography(paths, tmp_path, cache)


def messages(problems):
    return [str(problem) for problem in problems]


# --- the contract --------------------------------------------------------------------------


def test_an_entry_as_the_file_says_it(tmp_path):
    entries, problems = load(
        tmp_path,
        "% a comment\n"
        "@InProceedings{Key2020,\n"
        "  Title = {The {NFV} Caf{\\'e}},\n"
        "  author = {M{\\\"u}ller, Jan and Ann van Dyke and others},\n"
        "  year = 2020,\n"
        "  pages = {1--10},\n"
        "  url = {http://x.org/a--b},\n"
        "}\n",
    )
    assert problems == []
    [entry] = entries
    assert (entry.key, entry.entry_type, entry.path, entry.line) == ("Key2020", "inproceedings", "papers/f0.bib", 2)
    assert entry.fields == {
        "title": "The {NFV} Caf{\\'e}",
        "author": 'M{\\"u}ller, Jan and Ann van Dyke and others',
        "year": "2020",
        "pages": "1--10",
        "url": "http://x.org/a--b",
    }
    assert list(entry.fields) == ["title", "author", "year", "pages", "url"]
    assert entry.field_lines == {"title": 3, "author": 4, "year": 5, "pages": 6, "url": 7}
    assert entry.text["title"] == "The NFV Café"
    assert entry.text["pages"] == "1–10"
    assert "url" not in entry.text and "year" not in entry.text  # not displayed, not decoded
    assert entry.authors == [Name("Jan", "", "Müller"), Name("Ann", "van", "Dyke")]
    assert entry.authors_et_al and not entry.editors_et_al


def test_parenthesised_entries_bom_and_free_text(tmp_path):
    entries, problems = load(
        tmp_path,
        "\ufeffFree text before.\n@article(A1, title = {One})\nmore free text\n"
        "@Comment{jabref-meta: databaseType:bibtex;}\n@preamble{\"\\newcommand{\\x}{y}\"}\n"
        "@BOOK{B1,\n  TITLE = \"Two\"\n}\n",
    )
    assert problems == []
    assert [(e.key, e.entry_type, e.line, e.fields["title"]) for e in entries] == [
        ("A1", "article", 2, "One"),
        ("B1", "book", 6, "Two"),
    ]


# --- macros --------------------------------------------------------------------------------


def test_strings_concatenation_and_months(tmp_path):
    entries, problems = load(
        tmp_path,
        '@string{PROC = "Proc.\\ of"}\n@String{nsdi = {NSDI}}\n@STRING{full = proc # " " # NSDI}\n'
        "@inproceedings{k,\n"
        '  booktitle = PROC # " " # nsdi,\n'
        '  note = "a" # full # {b},\n'
        "  month = jan,\n"
        '  series = Full,\n'
        "  address = dec # {~5},\n"
        "}\n",
    )
    assert problems == []
    [entry] = entries
    assert entry.fields["booktitle"] == "Proc.\\ of NSDI"
    assert entry.text["booktitle"] == "Proc. of NSDI"
    assert entry.fields["note"] == "aProc.\\ of NSDIb"
    assert entry.fields["series"] == "Proc.\\ of NSDI"  # macro names are case-insensitive
    assert entry.fields["month"] == "January"  # as plain.bst defines `jan`
    assert entry.fields["address"] == "December~5"


def test_strings_from_an_earlier_file_are_visible(tmp_path):
    entries, problems = load(tmp_path, "@string{ton = {IEEE/ACM ToN}}\n", "@article{k, journal = ton}\n")
    assert problems == []
    assert entries[0].fields["journal"] == "IEEE/ACM ToN"


def test_an_undefined_macro_is_located(tmp_path):
    entries, problems = load(tmp_path, "@article{k,\n  title = {T},\n  journal = foo # { Letters},\n}\n")
    assert messages(problems) == ["papers/f0.bib:3: warning: undefined macro 'foo' in field 'journal' (left empty)"]
    assert entries[0].fields["journal"] == " Letters"  # as BibTeX: the macro is empty


def test_a_missing_comma_is_located_and_the_field_recovered(tmp_path):
    entries, problems = load(
        tmp_path,
        "@article{k,\n  title = {A Title}\n  author = {Jane Doe},\n  year = 2020\n  journal = \"J\",\n}\n",
    )
    assert messages(problems) == [
        "papers/f0.bib:3: missing comma before field 'author'?",
        "papers/f0.bib:5: missing comma before field 'journal'?",
    ]
    [entry] = entries
    assert entry.fields["title"] == "A Title"
    assert entry.fields["author"] == "Jane Doe"
    assert entry.fields["year"] == "2020"
    assert entry.fields["journal"] == "J"
    assert entry.authors == [Name("Jane", "", "Doe")]


def test_a_trailing_comma_is_not_required(tmp_path):
    _, problems = load(tmp_path, "@article{k,\n  title = {A},\n  year = {2013}\n}\n")
    assert problems == []


# --- crossref ------------------------------------------------------------------------------


def test_crossref_inheritance(tmp_path):
    entries, problems = load(
        tmp_path,
        "@inproceedings{paper,\n  title = {Paper},\n  crossref = {conf},\n  pages = {1--2},\n}\n"
        "@proceedings{conf,\n  title = {Proc. of {NSDI}},\n  year = 2020,\n  editor = {Ann Lee},\n"
        "  publisher = {USENIX},\n  pages = {999},\n  crossref = {series}\n}\n"
        "@book{series,\n  title = {Series},\n  address = {Boston}\n}\n",
    )
    assert problems == []
    paper = entries[0]
    assert paper.fields["title"] == "Paper"
    assert paper.fields["booktitle"] == "Proc. of {NSDI}"
    assert paper.text["booktitle"] == "Proc. of NSDI"
    assert paper.fields["pages"] == "1--2"  # own fields win
    assert paper.fields["address"] == "Boston"  # through the parent's own parent
    assert paper.editors == [Name("Ann", "", "Lee")]
    assert paper.inherited == {"booktitle", "year", "editor", "publisher", "address"}
    assert "booktitle" not in paper.field_lines


def test_crossref_across_files(tmp_path):
    entries, problems = load(
        tmp_path, "@inproceedings{p, title = {P}, crossref = {c}}\n", "@proceedings{c, title = {C}, year = 2001}\n"
    )
    assert problems == []
    assert entries[0].fields["booktitle"] == "C" and entries[0].fields["year"] == "2001"


def test_crossref_problems(tmp_path):
    _, problems = load(
        tmp_path,
        "@article{a,\n  crossref = {nowhere}\n}\n"
        "@book{b,\n  crossref = {c}\n}\n@book{c,\n  crossref = {b}\n}\n"
        "@book{self,\n  crossref = {self}\n}\n",
    )
    assert sorted(messages(problems)) == [
        "papers/f0.bib:11: warning: crossref cycle: self → self (not followed)",
        "papers/f0.bib:2: warning: crossref target 'nowhere' not found",
        "papers/f0.bib:5: warning: crossref cycle: b → c → b (not followed)",
        "papers/f0.bib:8: warning: crossref cycle: c → b → c (not followed)",
    ]


# --- parser problems -----------------------------------------------------------------------


def test_duplicate_keys_name_both_places(tmp_path):
    entries, problems = load(
        tmp_path, "@article{a, title={1}}\n\n@article{a, title={2}}\n", "\n@misc{a, title={3}}\n"
    )
    assert [entry.fields["title"] for entry in entries if not entry.duplicate] == ["1"]
    # The repeated entries come along, marked, so that their own fields are checked too.
    assert [(entry.key, entry.fields["title"], entry.line) for entry in entries if entry.duplicate] == [
        ("a", "2", 3),
        ("a", "3", 2),
    ]
    assert messages(problems) == [
        "papers/f0.bib:3: duplicate key 'a' (first defined at papers/f0.bib:1; rename one)",
        "papers/f1.bib:2: duplicate key 'a' (first defined at papers/f0.bib:1; rename one)",
    ]


def test_a_duplicate_entry_is_checked_like_any_other(tmp_path):
    _, problems = load(tmp_path, "@article{a, title={1}}\n@article{a,\n  title = {2},\n  journal = nope,\n}\n")
    assert messages(problems) == [
        "papers/f0.bib:2: duplicate key 'a' (first defined at papers/f0.bib:1; rename one)",
        "papers/f0.bib:4: warning: undefined macro 'nope' in field 'journal' (left empty)",
    ]


def test_duplicate_field_keeps_the_entry_and_the_first_value(tmp_path):
    entries, problems = load(tmp_path, "@article{a,\n  title = {1},\n  Title = {2},\n  title = {3}\n}\n")
    assert entries[0].fields["title"] == "1"
    assert messages(problems) == [
        "papers/f0.bib:3: duplicate field 'title' (the first value is used)",
        "papers/f0.bib:4: duplicate field 'title' (the first value is used)",
    ]


def test_a_broken_block_is_reported_and_the_rest_loads(tmp_path):
    entries, problems = load(tmp_path, "@article{a,\n  title = {unclosed,\n\n@article{b, title = {ok}}\n")
    assert [(entry.key, entry.unreadable) for entry in entries] == [("a", True), ("b", False)]
    assert messages(problems) == ["papers/f0.bib:2: unclosed '{' in field 'title': the fields after it are read as its text"]


def test_an_unclosed_brace_is_reported_at_its_own_line_not_where_the_parser_stopped(tmp_path):
    text = "@article{first,\n  author = {A. One},\n  title = {First {paper},\n  journal = {J},\n  year = 2020,\n}\n\n"
    text += "@article{second,\n  title = {Second},\n}\n"
    entries, problems = load(tmp_path, text)
    assert messages(problems) == ["papers/f0.bib:3: unclosed '{' in field 'title': the fields after it are read as its text"]
    assert [(entry.key, entry.unreadable) for entry in entries] == [("first", True), ("second", False)]


def test_a_missing_comma_after_the_key_is_named(tmp_path):
    _, problems = load(tmp_path, "@article{a\n  title = {x},\n  year = 2000}\n")
    assert messages(problems) == ["papers/f0.bib:1: missing comma after the key 'a'"]


def test_bibtexparsers_own_log_lines_do_not_reach_the_terminal(tmp_path, capfd):
    load(tmp_path, "@article{a,\n  title = {unclosed,\n\n@article{b, title = {ok}}\n")
    out, err = capfd.readouterr()
    assert "line 0" not in out + err and "bibtexparser" not in out + err


def test_unreadable_and_non_utf8_files(tmp_path):
    path = tmp_path / "latin.bib"
    path.write_bytes("@article{a,\n  title = {Caf\xe9}\n}\n".encode("latin-1"))
    entries, problems = load_bibliography([path, tmp_path / "missing.bib"], tmp_path)
    assert entries[0].text["title"] == "Café"
    assert [(p.path, p.line) for p in problems] == [("latin.bib", 2), ("missing.bib", None)]


@pytest.mark.parametrize(
    "text",
    ["@", "@article{", "@article{a,", "@article{a, title = {x}", '@article{a, t = "', "@string{x = }",
     "@article{a, author = {{}}}", "@article{a, author = {\\}", "@article{a, title = # }", "}}}}{{{",
     "@article{a, crossref = {a}}", "@article{, title={x}}"],
)
def test_garbage_never_raises(tmp_path, text):
    entries, problems = load(tmp_path, text)
    assert isinstance(entries, list) and isinstance(problems, list)


# --- caching -------------------------------------------------------------------------------


def test_results_are_cached_by_content(tmp_path, monkeypatch):
    text = "@article{a, title = {Caf{\\'e}}}\n"
    cache = LoadCache()
    first, _ = load(tmp_path, text, cache=cache)
    calls = []
    monkeypatch.setattr(latex, "_decode_text", lambda segment: calls.append(segment) or segment)
    again, _ = load(tmp_path, text, cache=cache)
    assert again[0].text == first[0].text and calls == []  # a rebuild decodes nothing again
    again[0].fields["title"] = "changed"  # callers get copies
    assert load(tmp_path, text, cache=cache)[0][0].fields["title"] == "Caf{\\'e}"
    changed, _ = load(tmp_path, text.replace("Caf", "Th"), cache=cache)
    assert changed[0].fields["title"] == "Th{\\'e}"
    assert len(cache.splits) == 1  # only what the latest build used is kept
    load(tmp_path, text)
    assert calls  # a load without the cache decodes again


# --- the real files ------------------------------------------------------------------------


def entry_blocks(text: str) -> int:
    return sum(1 for match in ENTRY_BLOCK.finditer(text) if match.group(1).lower() not in NOT_ENTRIES)


def corpus_files():
    shared = REPO.parent / "shared" / "corpus" / "bib"
    return sorted(shared.rglob("*.bib")) if shared.is_dir() else []


@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_no_entry_is_dropped_silently(corpus, path):
    entries, problems = load_bibliography([path], corpus)
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    assert len(entries) == entry_blocks(text)
    # Each entry that will not be shown is named by an error at its line.
    hidden = [entry for entry in entries if entry.duplicate or entry.unreadable]
    error_lines = {p.line for p in problems if p.is_error}
    assert all(entry.line in error_lines or entry.unreadable for entry in hidden)
    assert len([p for p in problems if p.message.startswith(DROPPED)]) >= len(hidden)
    relative = path.relative_to(corpus).as_posix()
    assert all(p.path == relative and p.line is not None for p in problems)
    assert all(entry.path == relative for entry in entries)


def by_message(problems, fragment):
    return [(p.line, p.message) for p in problems if fragment in p.message]


def test_corpus_feamster_duplicates(corpus):
    entries, problems = load_bibliography([corpus / "feamster-phd-thesis_ref.bib"], corpus)
    assert by_message(problems, "duplicate key") == [
        (4384, "duplicate key 'grover2013:nat' (first defined at feamster-phd-thesis_ref.bib:4156; rename one)"),
        (4409, "duplicate key 'mundada2013:silverline' (first defined at feamster-phd-thesis_ref.bib:4231; rename one)"),
    ]
    assert by_message(problems, "duplicate field") == [(3363, "duplicate field 'key' (the first value is used)")]
    inherited = [entry for entry in entries if entry.inherited]
    assert len(inherited) > 300  # 419 crossrefs in the file
    assert all("crossref target" not in p.message for p in problems)


def test_corpus_crossref_traps(corpus):
    folder = corpus / "python-bibtexparser-v1-testdata"
    _, problems = load_bibliography([folder / "crossref_cascading_cycle.bib"], corpus)
    assert sorted((p.line, p.message) for p in problems) == [
        (8, "crossref cycle: circ1 → circ2 → circ1 (not followed)"),
        (13, "crossref cycle: circ2 → circ1 → circ2 (not followed)"),
    ]
    _, problems = load_bibliography([folder / "crossref_missing_entries.bib"], corpus)
    assert [(p.line, p.message, p.severity) for p in problems] == [(6, "crossref target 'missing1' not found", "warning")]


def test_corpus_article_missing_coma_is_only_a_missing_trailing_comma(corpus):
    # The v1 "missing coma" file lacks the comma after the *last* field, which BibTeX allows:
    # reporting it would be a false alarm.
    entries, problems = load_bibliography([corpus / "python-bibtexparser-v1-testdata" / "article_missing_coma.bib"], corpus)
    assert problems == []
    assert [entry.key for entry in entries] == ["Cesar2013", "Baltazar2013", "Aimar2013", "Doute2013"]
    assert entries[0].fields["keyword"] == "keyword1, keyword2"


def test_corpus_large_file(corpus):
    entries, problems = load_bibliography([corpus / "large_efficient-biblio_ref.bib"], corpus)
    assert len(entries) == 4307
    assert by_message(problems, "duplicate @string") == [
        (18, "duplicate @string 'JSAC' (first defined at large_efficient-biblio_ref.bib:17; that definition is used)")
    ]
    assert [p.line for p in problems if "unbalanced" in p.message] == [19906]
    larson = next(e for e in entries if e.fields.get("author", "").startswith("Larson, Per-"))
    assert larson.authors[0] == Name("Per-Åke", "", "Larson")


def test_corpus_small_traps(corpus):
    folder = corpus / "python-bibtexparser-v1-testdata"
    entries, problems = load_bibliography([folder / "book_capital_AND.bib"], corpus)
    assert [name.last for name in entries[0].authors] == ["Bird", "Armstrong", "Hassager"]
    entries, problems = load_bibliography([folder / "features2.bib"], corpus)
    assert problems == []
    assert entries[0].fields["title"] == "Cool Stuff"
    assert entries[0].fields["note"] == "Email: John.Doe@example.com"
    assert entries[0].fields["pages"] == "1--10"
    assert entries[0].authors == [Name("John", "", "Doe")]
    entries, problems = load_bibliography([folder / "article_start_with_bom.bib"], corpus)
    assert problems == [] and len(entries) == 1 and not entries[0].key.startswith("\ufeff")


def test_an_entry_without_a_key_is_reported_not_dropped_silently(tmp_path):
    entries, problems = load(tmp_path, "@misc{ok, title={x}}\n@article{, title={no key}}\n")
    assert [entry.key for entry in entries] == ["ok"]
    assert messages(problems) == ["papers/f0.bib:2: could not parse this block: the entry has no key"]

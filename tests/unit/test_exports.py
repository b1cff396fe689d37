"""Citation exports, checked by reading them back with the parsers reference tools use."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy

from researchsite.generate.exports import (
    bibtex_entry,
    bibtex_file,
    csl_item,
    csl_json,
    ris_file,
    ris_record,
)
from researchsite.load.entries import BibEntry, Name
from researchsite.structure.fields import SITE_ONLY_FIELDS, is_exported
from researchsite.structure.paper import Author, Paper, Venue

CSL_SCHEMA = json.loads((Path(__file__).parents[1] / "fixtures" / "csl-data.json").read_text())

KOSTIC = Name(first="Dejan", last="Kostić")
BARBETTE = Name(first="Tom", last="Barbette")
IETF = Name(last="Internet Engineering Task Force")  # `{Internet Engineering Task Force}`
BEETHOVEN = Name(first="Ludwig", von="van", last="Beethoven")
MAGUIRE = Name(first="Gerald Q.", last="Maguire", jr="Jr.")


def entry(
    key="kostic22", entry_type="inproceedings", fields=None, text=None, authors=None, **more
) -> BibEntry:
    fields = fields or {
        "author": "Barbette, Tom and Kosti{\\'c}, Dejan",
        "title": "Packet Processing at {100 Gbps}",
        "booktitle": "Proceedings of NSDI",
        "year": "2022",
    }
    return BibEntry(
        key=key,
        entry_type=entry_type,
        path="papers/main.bib",
        line=1,
        fields=fields,
        text=text or {"title": "Packet Processing at 100 Gbps", "booktitle": "Proceedings of NSDI"},
        authors=[BARBETTE, KOSTIC] if authors is None else authors,
        **more,
    )


def person(name: Name) -> Author:
    return Author(name=name.display, last=name.last, first=name.first, von=name.von, jr=name.jr)


GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}


def paper(kind="conference", bib: BibEntry | None = None, **overrides) -> Paper:
    """A paper as papers.py makes it of an entry, without the venue rules and the checks."""
    bib = bib or entry()
    values = dict(
        key=bib.key,
        kind=kind,
        title=bib.text.get("title", ""),
        authors=[person(name) for name in bib.authors],
        authors_et_al=bib.authors_et_al,
        editors=[person(name) for name in bib.editors],
        venue=Venue("Proceedings of NSDI", "NSDI '22"),
        year=2022,
        month=4,
        day=None,
        entry_type=bib.entry_type,
        bibtex={name: value for name, value in bib.fields.items() if is_exported(name)},
        genre=GENRES.get(bib.entry_type),
        place=bib.text.get("address") or bib.text.get("location"),
        isbn=bib.fields.get("isbn"),
        issn=bib.fields.get("issn"),
        url=bib.fields.get("url"),
    )
    return Paper(**(values | overrides))


def bibtex_of(bib: BibEntry) -> str:
    return bibtex_entry(paper(bib=bib))


def reparse(bibtex: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(bibtex)
    assert not library.failed_blocks, bibtex
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


# --- BibTeX ------------------------------------------------------------------------------------


def test_site_only_fields_are_stripped_and_bibliographic_ones_kept():
    fields = {
        "author": "Barbette, Tom",
        "title": "FastClick",
        "journal": "IEEE/ACM Transactions on Networking",
        "year": "2022",
        "abbr": "ToN",
        "selected": "true",
        "pdf": "fastclick.pdf",
        "bibtex_show": "true",
        "google_scholar_id": "abc",
        "file": "/home/tom/Zotero/storage/fastclick.pdf",
        "timestamp": "2022-05-01",
        "bdsk-url-1": "https://example.org",
        "doi": "10.1109/TNET.2022.1",
        "url": "https://example.org/fastclick",
        "keywords": "packet processing",
        "eprint": "2101.00001",
        "archiveprefix": "arXiv",
        "abstract": "We make it fast.",
    }
    fields_out = reparse(bibtex_of(entry(entry_type="article", fields=fields)))["kostic22"]
    assert set(fields_out) == {
        "author", "title", "journal", "year", "doi", "url", "keywords", "eprint", "archiveprefix", "abstract",
    }
    assert {"abbr", "selected", "pdf", "file", "timestamp", "crossref"} <= SITE_ONLY_FIELDS


def test_crossref_parent_fields_are_written_in_and_crossref_dropped():
    fields = {
        "author": "Barbette, Tom",
        "title": "Packet Processing",
        "crossref": "nsdi22",
        "booktitle": "19th {USENIX} Symposium on Networked Systems Design and Implementation",
        "publisher": "{USENIX} Association",
        "year": "2022",
    }
    bib = entry(fields=fields, inherited=frozenset({"booktitle", "publisher", "year"}))
    out = reparse(bibtex_file([paper(bib=bib)]))["kostic22"]
    assert "crossref" not in out
    assert out["booktitle"] == fields["booktitle"]
    assert out["publisher"] == "{USENIX} Association"
    assert out["year"] == "2022"


def test_round_trip_keeps_every_field_with_its_latex():
    fields = {
        "title": "{$O(n^{2})$} Scheduling for Erd{\\H{o}}s and Caf{\\'e}s: 50\\% Faster",
        "author": "{Internet Engineering Task Force} and van Beethoven, Ludwig"
        " and Maguire, Jr., Gerald Q. and others",
        "journal": "Comm. {ACM}",
        "year": "2021",
        "volume": "64",
        "number": "3",
        "pages": "807--827",
        "note": "Say \"hi\" @ the venue",
        "abstract": "First paragraph.\n\nSecond, with $\\{x \\mid x > 0\\}$.",
        "zzz-custom": "kept",
    }
    bib = entry(entry_type="article", fields=fields)
    assert reparse(bibtex_of(bib)) == {"kostic22": fields}


def test_fields_come_in_a_stable_order_with_aligned_equals():
    fields = {
        "abstract": "A.",
        "zeta": "z",
        "doi": "10.1/x",
        "pages": "1--2",
        "year": "2020",
        "alpha": "a",
        "booktitle": "B",
        "title": "T",
        "author": "Doe, Jane",
        "month": "apr",
    }
    text = bibtex_of(entry(fields=fields))
    lines = text.splitlines()
    assert lines[0] == "@inproceedings{kostic22,"
    assert lines[-1] == "}"
    names = [line.split("=")[0].strip() for line in lines[1:-1]]
    assert names == [
        "author", "title", "booktitle", "year", "month", "pages", "doi", "alpha", "zeta", "abstract",
    ]
    assert len({line.index("=") for line in lines[1:-1]}) == 1
    assert text == bibtex_of(entry(fields=dict(reversed(fields.items()))))


@pytest.mark.parametrize("month", ["April", "apr", "4", "04", "Apr.", "APRIL"])
def test_month_is_written_as_the_macro(month):
    text = bibtex_of(entry(fields={"title": "T", "year": "2022", "month": month}))
    assert "  month = apr,\n" in text
    assert reparse(text)["kostic22"]["month"] == "apr"


def test_al_folios_author_marks_are_left_out_of_the_names():
    authors = "Einstein*†, A. and Podolsky*,\n  B. and N. Rosen* and A*B"
    text = bibtex_of(entry(fields={"title": "T", "author": authors}))
    assert reparse(text)["kostic22"]["author"] == "Einstein, A. and Podolsky,\n  B. and N. Rosen and A*B"


def test_a_month_that_is_not_one_stays_braced():
    text = bibtex_of(entry(fields={"title": "T", "month": "Spring"}))
    assert "month = {Spring}" in text


@pytest.mark.parametrize(
    "value, written",
    [
        ("a { b", "a  b"),
        ("a } b", "a  b"),
        ("}{", ""),
        ("50 \\{ percent", "50 \\textbraceleft{} percent"),  # BibTeX counts the escaped brace
        ("x\\", "x"),  # the backslash would escape the closing brace
        ("line\\\\", "line\\\\ "),
        ("{A\\\\}B", "{A\\\\ }B"),  # bibtexparser takes `\\}` for an escaped brace
        ("$\\{x\\}$ and {ACM}", "$\\{x\\}$ and {ACM}"),  # balanced: untouched
    ],
)
def test_values_with_unbalanced_braces_still_parse(value, written):
    fields = {"title": value, "year": "2022"}
    assert reparse(bibtex_of(entry(fields=fields)))["kostic22"] == {"title": written, "year": "2022"}


def test_no_value_makes_bibtex_that_fails_to_parse():
    # Every string of up to six of the characters that matter: braces, backslash, text.
    for length in range(7):
        for chars in itertools.product("{}\\a", repeat=length):
            value = "".join(chars)
            written = reparse(bibtex_of(entry(fields={"title": value})))["kostic22"]["title"]
            depth = 0
            for char in written:  # as BibTeX counts: every brace, escaped or not
                depth += {"{": 1, "}": -1}.get(char, 0)
                assert depth >= 0, value
            assert depth == 0, value


def test_a_file_holds_every_entry():
    entries = [entry(key=f"k{n}") for n in range(3)]
    assert list(reparse(bibtex_file([paper(bib=bib) for bib in entries]))) == ["k0", "k1", "k2"]


# --- RIS ---------------------------------------------------------------------------------------

MATH_TITLE = "$O(n^{2})$ Scheduling for Erdős and Cafés"
PLAIN_TITLE = "O(n²) Scheduling for Erdős and Cafés"  # what formats without math carry


def full_paper() -> Paper:
    bib = entry(
        entry_type="article",
        fields={
            "author": "Barbette, Tom and Kosti{\\'c}, Dejan",
            "title": "{$O(n^{2})$} Scheduling for Erd{\\H{o}}s and Caf{\\'e}s",
            "journal": "IEEE/ACM Transactions on Networking",
            "year": "2022",
            "url": "https://example.org/p",
            "issn": "1063-6692",
            "address": "New York",
        },
        text={"title": MATH_TITLE, "journal": "IEEE/ACM Transactions on Networking", "address": "New York"},
    )
    return paper(
        kind="journal",
        bib=bib,
        title=MATH_TITLE,
        venue=Venue("IEEE/ACM Transactions on Networking", "ToN"),
        day=5,
        volume="30",
        number="2",
        pages="807–827",
        first_page="807",
        last_page="827",
        publisher="IEEE",
        doi="10.1109/TNET.2022.1",
        abstract="First paragraph.\n\nSecond with café.",
    )


def test_ris_record_reads_back_with_its_fields():
    text = ris_record(full_paper())
    assert all(line.endswith("\r") for line in text.split("\n")[:-1])
    [record] = rispy.loads(text)
    assert record == {
        "type_of_reference": "JOUR",
        "authors": ["Barbette, Tom", "Kostić, Dejan"],
        "title": PLAIN_TITLE,
        "secondary_title": "IEEE/ACM Transactions on Networking",
        "year": "2022",
        "date": "2022/04/05/",
        "volume": "30",
        "number": "2",
        "start_page": "807",
        "end_page": "827",
        "publisher": "IEEE",
        "place_published": "New York",
        "issn": "1063-6692",
        "doi": "10.1109/TNET.2022.1",
        "urls": ["https://example.org/p"],
        "abstract": "First paragraph. Second with café.",
    }
    assert text.endswith("ER  - \r\n")


def test_ris_names_corporate_von_jr_and_others():
    bib = entry(authors=[IETF, BEETHOVEN, MAGUIRE], authors_et_al=True)
    [record] = rispy.loads(ris_record(paper(bib=bib)))
    # `and others` is dropped: RIS has no et-al, and an author named "others" would be wrong.
    assert record["authors"] == [
        "Internet Engineering Task Force", "van Beethoven, Ludwig", "Maguire, Gerald Q., Jr.",
    ]


def test_ris_date_to_the_precision_known():
    assert "DA  - 2022/04//\r\n" in ris_record(paper(month=4))
    year_only = rispy.loads(ris_record(paper(month=None)))[0]
    assert year_only["year"] == "2022" and "date" not in year_only
    undated = rispy.loads(ris_record(paper(year=None, month=None)))[0]
    assert "year" not in undated and "date" not in undated


def test_ris_editors_and_thesis_school():
    bib = entry(entry_type="book", authors=[], editors=[KOSTIC], text={"title": "N", "publisher": "Springer"})
    book = paper(kind="book", bib=bib, venue=Venue("Springer"), publisher="Springer")
    [record] = rispy.loads(ris_record(book))
    assert record["unknown_tag"]["ED"] == ["Kostić, Dejan"]
    assert "authors" not in record and "secondary_title" not in record  # the venue is the publisher
    thesis = entry(entry_type="phdthesis", text={"title": "T", "school": "KTH Royal Institute of Technology"})
    venue = Venue("KTH Royal Institute of Technology")
    [record] = rispy.loads(ris_record(paper(kind="thesis", bib=thesis, venue=venue)))
    assert record["publisher"] == "KTH Royal Institute of Technology"
    assert record["type_of_work"] == "PhD thesis"
    assert "secondary_title" not in record


KINDS = [
    # kind, entry type, RIS type, CSL type
    ("journal", "article", "JOUR", "article-journal"),
    ("conference", "inproceedings", "CPAPER", "paper-conference"),
    ("workshop", "inproceedings", "CPAPER", "paper-conference"),
    ("thesis", "phdthesis", "THES", "thesis"),
    ("thesis", "mastersthesis", "THES", "thesis"),
    ("report", "techreport", "RPRT", "report"),
    ("preprint", "article", "UNPB", "article"),
    ("preprint", "misc", "UNPB", "article"),
    ("book", "book", "BOOK", "book"),
    ("book", "proceedings", "BOOK", "book"),
    ("book", "incollection", "CHAP", "chapter"),
    ("book", "inbook", "CHAP", "chapter"),
    ("other", "misc", "GEN", "document"),
    ("other", "unpublished", "UNPB", "manuscript"),
    ("other", "online", "ELEC", "webpage"),
    ("other", "software", "GEN", "software"),
    ("journal", "incollection", "JOUR", "article-journal"),  # the kind, set in YAML, wins
]


@pytest.mark.parametrize("kind, entry_type, ris_type, csl_type", KINDS)
def test_every_kind_maps_to_a_type(kind, entry_type, ris_type, csl_type):
    item = paper(kind=kind, bib=entry(entry_type=entry_type))
    assert rispy.loads(ris_record(item))[0]["type_of_reference"] == ris_type
    assert csl_item(item)["type"] == csl_type
    jsonschema.validate([csl_item(item)], CSL_SCHEMA)


def test_ris_file_separates_records():
    records = rispy.loads(ris_file([paper(bib=entry(key=f"k{n}"), title=f"T{n}") for n in range(3)]))
    assert [record["title"] for record in records] == ["T0", "T1", "T2"]


# --- CSL-JSON ----------------------------------------------------------------------------------


def test_csl_item_has_the_paper_and_validates():
    item = csl_item(full_paper())
    jsonschema.validate([item], CSL_SCHEMA)
    assert item == {
        "id": "kostic22",
        "type": "article-journal",
        "title": PLAIN_TITLE,
        "author": [{"family": "Barbette", "given": "Tom"}, {"family": "Kostić", "given": "Dejan"}],
        "issued": {"date-parts": [[2022, 4, 5]]},
        "container-title": "IEEE/ACM Transactions on Networking",
        "volume": "30",
        "issue": "2",
        "page": "807-827",
        "publisher": "IEEE",
        "publisher-place": "New York",
        "ISSN": "1063-6692",
        "DOI": "10.1109/TNET.2022.1",
        "URL": "https://example.org/p",
        "abstract": "First paragraph.\n\nSecond with café.",
    }


def test_csl_names_corporate_von_jr_and_others():
    bib = entry(authors=[IETF, BEETHOVEN, MAGUIRE], authors_et_al=True)
    item = csl_item(paper(bib=bib))
    jsonschema.validate([item], CSL_SCHEMA)
    assert item["author"] == [
        {"literal": "Internet Engineering Task Force"},
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"family": "Maguire", "given": "Gerald Q.", "suffix": "Jr."},
    ]


@pytest.mark.parametrize(
    "year, month, day, issued",
    [
        (2022, 4, 5, {"date-parts": [[2022, 4, 5]]}),
        (2022, 4, None, {"date-parts": [[2022, 4]]}),
        (2022, None, None, {"date-parts": [[2022]]}),
        (2022, None, 5, {"date-parts": [[2022]]}),  # a day without its month says nothing
        (None, None, None, None),  # year unknown (the YAML says why): no date, still valid
    ],
)
def test_csl_issued_has_the_precision_the_paper_has(year, month, day, issued):
    missing = {"year": "forthcoming"} if year is None else {}
    item = csl_item(paper(year=year, month=month, day=day, missing=missing))
    jsonschema.validate([item], CSL_SCHEMA)
    assert item.get("issued") == issued


def test_csl_thesis_report_and_book():
    thesis = entry(entry_type="mastersthesis", text={"title": "T", "school": "KTH"})
    item = csl_item(paper(kind="thesis", bib=thesis, venue=Venue("KTH")))
    assert (item["publisher"], item["genre"], "container-title" in item) == ("KTH", "Master's thesis", False)
    techreport = paper(kind="report", bib=entry(entry_type="techreport"), venue=Venue("KTH"), number="TR-7")
    report = csl_item(techreport)
    assert (report["number"], "issue" in report) == ("TR-7", False)
    assert rispy.loads(ris_record(techreport))[0]["issn"] == "TR-7"  # rispy's name for SN
    edited = entry(entry_type="book", authors=[], editors=[KOSTIC])
    book = csl_item(paper(kind="book", bib=edited, venue=Venue("Springer"), publisher="Springer"))
    assert book["editor"] == [{"family": "Kostić", "given": "Dejan"}] and "author" not in book
    jsonschema.validate([item, report, book], CSL_SCHEMA)


def test_csl_json_is_unicode_and_reproducible():
    preprint = paper(kind="preprint", bib=entry(key="pre"), arxiv="2101.00001", year=None, month=None)
    papers = [full_paper(), preprint]
    text = csl_json(papers)
    assert "Erdős" in text and "\\u" not in text
    assert text == csl_json(papers)
    items = json.loads(text)
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[1]["URL"] == "https://arxiv.org/abs/2101.00001"


def test_papers_built_without_entry_names_use_the_display_authors():
    bib = entry(authors=[])
    item = paper(bib=bib, authors=[Author(name="Tom Barbette", last="Barbette", first="Tom")])
    assert csl_item(item)["author"] == [{"family": "Barbette", "given": "Tom"}]
    assert rispy.loads(ris_record(item))[0]["authors"] == ["Barbette, Tom"]


def test_the_whole_list_joined_from_each_papers_own_download_is_the_same_file():
    from researchsite.generate.exports import joined_bibtex, joined_csl_json, joined_ris

    papers = [full_paper(), paper(bib=entry(key="b", authors=[IETF, BEETHOVEN, MAGUIRE])), paper(bib=entry(key="c"))]
    assert joined_bibtex([bibtex_entry(p) for p in papers]) == bibtex_file(papers)
    assert joined_ris([ris_file([p]) for p in papers]) == ris_file(papers)
    assert joined_csl_json([csl_json([p]) for p in papers]) == csl_json(papers)
    assert joined_csl_json([]) == csl_json([])

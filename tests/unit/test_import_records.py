"""What makes two entries one paper, and BibTeX written back the way it is read."""

import pytest

from researchsite.imports.fetch import ImportFailed
from researchsite.imports.records import Record, escape, format_entry, normalised_title, parse_bibtex, same_paper

CONFERENCE = Record("DBLP:conf/asplos/FarshinBRMK21", "inproceedings", {"title": "PacketMill: toward per-Core 100-Gbps networking", "booktitle": "ASPLOS '21", "year": "2021"}, "DBLP x")
PREPRINT = Record("DBLP:journals/corr/abs-2101-99999", "article", {"title": "PacketMill: Toward Per-Core 100-Gbps Networking", "journal": "CoRR", "volume": "abs/2101.99999", "year": "2020"}, "DBLP x")


def test_titles_match_however_they_are_typed():
    assert normalised_title(r"{Metron}: {NFV} Service Chains") == normalised_title("Metron: NFV service chains")
    assert normalised_title(r"Kosti\'{c} {\"u}ber") == normalised_title("Kostić über") == "kosticuber"


def test_a_preprint_is_its_paper_across_a_year_but_two_papers_of_a_title_are_not():
    assert PREPRINT.preprint and not CONFERENCE.preprint
    assert PREPRINT.arxiv == "2101.99999"  # from DBLP's volume = {abs/...}
    assert same_paper(PREPRINT, CONFERENCE) == "same title, one the arXiv preprint"
    journal = Record("j", "article", {"title": CONFERENCE.fields["title"], "journal": "ToN", "year": "2023"}, "x")
    assert same_paper(journal, CONFERENCE) is None  # a journal version of the same title is another paper


@pytest.mark.parametrize("fields, expected", [
    ({"doi": "https://doi.org/10.1109/TNET.2021.3099240"}, ("doi", "10.1109/tnet.2021.3099240")),
    ({"doi": "10.48550/arXiv.2101.01234"}, ("arxiv", "2101.01234")),
    ({"eprint": "2101.01234v2", "archiveprefix": "arXiv"}, ("arxiv", "2101.01234")),
    ({"eprint": "123", "eprinttype": "hal"}, ("arxiv", None)),
])
def test_identifiers(fields, expected):
    record = Record("k", "misc", fields, "x")
    assert getattr(record, expected[0]) == expected[1]


def test_the_same_doi_in_any_case_or_form_is_one_paper():
    a = Record("a", "article", {"title": "A", "doi": "10.1109/TNET.2021.3099240", "year": "2021"}, "x")
    b = Record("b", "article", {"title": "Other words", "doi": "http://dx.doi.org/10.1109/tnet.2021.3099240"}, "y")
    assert same_paper(a, b) == "same DOI 10.1109/tnet.2021.3099240"


def test_an_entry_written_reads_back_the_same():
    record = Record("DBLP:conf/x/Y21", "inproceedings", {"author": "A and\n   B", "title": "{NSDI} paper", "month": "Dec", "year": "2021"}, "x")
    text = format_entry(record)
    assert text == (
        "@inproceedings{DBLP:conf/x/Y21,\n"
        "  author       = {A and B},\n"
        "  title        = {{NSDI} paper},\n"
        "  month        = dec,\n"
        "  year         = {2021}\n"
        "}"
    )
    again = parse_bibtex(text, "here")[0]
    assert (again.key, again.entry_type, again.fields["title"], again.fields["author"]) == (record.key, "inproceedings", "{NSDI} paper", "A and B")


def test_plain_text_keeps_its_braces_as_text():
    assert escape("A {set} of \\ things") == r"A \{set\} of \textbackslash{} things"


@pytest.mark.parametrize("text, message", [
    ("<!DOCTYPE html><html><body>Not here</body></html>", "u: not BibTeX: no entry in it (it starts with '<!DOCTYPE html><html><body>Not here</body></html>')"),
    ("@article{a, title = {A}}\n@misc{b, title = {B}\n", "u:2: not BibTeX the parser can read ('@misc{b, title = {B}')"),
    ("", "u: not BibTeX: no entry in it (it starts with '')"),
])
def test_what_is_not_bibtex_is_named_with_its_line(text, message):
    with pytest.raises(ImportFailed) as failure:
        parse_bibtex(text, "u")
    assert str(failure.value) == message

"""DBLP pids and ORCID iDs checked before any request; ORCID works as BibTeX; the network's
manners (User-Agent, Retry-After, retries, messages) against pytest-httpserver."""

import time

import pytest

from researchsite.imports import dblp, orcid
from researchsite.imports.fetch import ImportFailed, Network, get


@pytest.mark.parametrize("text, expected", [
    ("144/5003", "144/5003"),
    ("https://dblp.org/pid/144/5003.html", "144/5003"),
    ("https://dblp.uni-trier.de/pid/00/1234-1.bib", "00/1234-1"),
    ("h/JohnLHennessy", "h/JohnLHennessy"),
])
def test_dblp_pids(text, expected):
    assert dblp.pid(text) == expected


@pytest.mark.parametrize("text", ["144", "x y/1", "../etc/passwd", "144/5003?format=json"])
def test_what_is_not_a_pid_is_refused(text):
    with pytest.raises(ImportFailed, match="is not a DBLP pid"):
        dblp.pid(text)


@pytest.mark.parametrize("text, expected", [
    ("0000-0002-1825-0097", "0000-0002-1825-0097"),
    ("https://orcid.org/0000-0002-1694-233x", "0000-0002-1694-233X"),
    ("0000000151093700", "0000-0001-5109-3700"),
])
def test_orcid_ids_and_their_check_digit(text, expected):
    assert orcid.orcid_id(text) == expected


def test_an_orcid_id_with_a_wrong_check_digit_says_which_it_should_be():
    with pytest.raises(ImportFailed, match=r"its last character should be 7 \(the checksum does not match"):
        orcid.orcid_id("0000-0002-1825-0096")
    with pytest.raises(ImportFailed, match="looks like 0000-0002-1825-0097"):
        orcid.orcid_id("0000-0002-1825")


def work(**extra):
    base = {
        "put-code": 7,
        "title": {"title": {"value": "Fast {userspace} packet processing"}, "subtitle": None},
        "type": "conference-paper",
        "journal-title": {"value": "ANCS 2015"},
        "publication-date": {"year": {"value": "2015"}, "month": {"value": "05"}, "day": None},
        "external-ids": {"external-id": [
            {"external-id-type": "doi", "external-id-value": "10.1/x", "external-id-relationship": "self"},
            {"external-id-type": "doi", "external-id-value": "10.1/book", "external-id-relationship": "part-of"},
            {"external-id-type": "arxiv", "external-id-value": "arXiv:1501.00001", "external-id-relationship": "self"},
        ]},
        "contributors": {"contributor": [
            {"credit-name": {"value": "Tom Barbette"}, "contributor-attributes": {"contributor-sequence": "first", "contributor-role": "author"}},
            {"credit-name": {"value": "An Editor"}, "contributor-attributes": {"contributor-sequence": None, "contributor-role": "editor"}},
            {"credit-name": {"value": "Kostić, Dejan"}, "contributor-attributes": None},
        ]},
    }
    return base | extra


def test_a_work_without_a_citation_is_mapped_field_by_field():
    record = orcid.work_record(work(), "0000-0002-1825-0097", set())
    assert (record.key, record.entry_type) == ("barbette2015fast", "inproceedings")
    assert record.fields == {
        "author": "Tom Barbette and Kostić, Dejan",
        "title": r"Fast \{userspace\} packet processing",
        "booktitle": "ANCS 2015",
        "year": "2015",
        "month": "may",
        "doi": "10.1/x",
        "eprinttype": "arXiv",
        "eprint": "1501.00001",
    }
    assert record.where == "ORCID 0000-0002-1825-0097"


def test_a_works_bibtex_citation_is_used_and_keys_stay_unique():
    citation = {"citation-type": "bibtex", "citation-value": "@inproceedings{barbette2015fast,\n title={Fast userspace packet processing},\n booktitle={ANCS},\n year={2015}}"}
    taken = {"barbette2015fast"}
    record = orcid.work_record(work(citation=citation), "0000-0002-1825-0097", taken)
    assert record.key == "barbette2015fasta"
    assert record.fields["booktitle"] == "ANCS" and record.fields["doi"] == "10.1/x"  # the identifiers added


def test_a_work_without_a_title_is_named():
    with pytest.raises(ImportFailed, match="ORCID work 7 of 0000-0002-1825-0097: it has no title"):
        orcid.work_record(work(title={"title": None}), "0000-0002-1825-0097", set())


def test_requests_name_researchsite_and_the_researcher():
    network = Network(mailto="tom@example.org", contact="https://example.org/site/")
    assert network.user_agent.startswith("researchsite/")
    assert network.user_agent.endswith(" (+https://example.org/site/; mailto:tom@example.org)")


def test_a_429_is_retried_after_the_time_the_server_asks(httpserver):
    httpserver.expect_ordered_request("/x").respond_with_data("slow down", status=429, headers={"Retry-After": "1"})
    httpserver.expect_ordered_request("/x").respond_with_data("ok")
    started = time.monotonic()
    answer = get(httpserver.url_for("/x"), Network(retries=2, backoff=0, timeout=5))
    assert answer.text == "ok" and time.monotonic() - started >= 1
    assert httpserver.log[0][0].headers["User-Agent"].startswith("researchsite/")


def test_a_404_says_what_was_not_found(httpserver):
    httpserver.expect_request("/pid/x/123.bib").respond_with_data("Not Found", status=404)
    with pytest.raises(ImportFailed) as failure:
        get(httpserver.url_for("/pid/x/123.bib"), Network(retries=0), not_found="DBLP has no person with the pid 'x/123'")
    assert str(failure.value) == f"DBLP has no person with the pid 'x/123' ({httpserver.url_for('/pid/x/123.bib')}: 404)"


def test_a_setting_that_is_not_a_number_is_one_line(monkeypatch):
    monkeypatch.setenv("RESEARCHSITE_HTTP_TIMEOUT", "soon")
    with pytest.raises(ImportFailed, match="RESEARCHSITE_HTTP_TIMEOUT='soon': not a number of seconds"):
        Network.from_environment()

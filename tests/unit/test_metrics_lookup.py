"""Each service asked as its documentation says (OpenAlex's /works/doi: and title.search filter,
Crossref's /works/{doi}, Semantic Scholar's batch and title match), against pytest-httpserver
answering in those shapes; what is not found, what fails, and the network's manners."""

import json

import pytest
from werkzeug import Response

from researchsite.imports.fetch import ImportFailed, Network, Unreachable
from researchsite.imports.metrics import Found, Wanted, crossref, openalex, semantic_scholar_batch

NET = Network(timeout=2, retries=2, backoff=0, mailto="ada@example.org", contact="https://ada.example.org/")
PAPER = Wanted("ada2020engine", "10.1145/3387514.3405855", None, "The Analytical Engine, Revisited: A Study", 2020)


@pytest.fixture(autouse=True)
def services(httpserver, monkeypatch):
    monkeypatch.setenv("RESEARCHSITE_OPENALEX_URL", httpserver.url_for("/openalex"))
    monkeypatch.setenv("RESEARCHSITE_CROSSREF_URL", httpserver.url_for("/crossref"))
    monkeypatch.setenv("RESEARCHSITE_SEMANTIC_SCHOLAR_URL", httpserver.url_for("/s2"))
    return httpserver


def work(id="W3037584051", count=42, title=PAPER.title, year=2020):
    return {"id": f"https://openalex.org/{id}", "doi": "https://doi.org/10.1145/3387514.3405855", "display_name": title, "publication_year": year, "cited_by_count": count}


def test_openalex_by_doi_in_its_polite_pool(httpserver):
    httpserver.expect_request(
        "/openalex/works/doi:10.1145/3387514.3405855",
        query_string={"select": "id,doi,display_name,publication_year,cited_by_count", "mailto": "ada@example.org"},
    ).respond_with_json(work())
    assert openalex(PAPER, NET) == Found(42, "W3037584051", "doi")
    agent = httpserver.log[0][0].headers["User-Agent"]
    assert agent.startswith("researchsite/") and agent.endswith("(+https://ada.example.org/; mailto:ada@example.org)")


def test_openalex_knows_a_preprint_by_arxivs_doi(httpserver):
    preprint = Wanted("ada2021", None, "2101.00001", "Notes", 2021)
    httpserver.expect_request("/openalex/works/doi:10.48550/arxiv.2101.00001").respond_with_json(work("W1", 3))
    assert openalex(preprint, NET) == Found(3, "W1", "arxiv")


def test_openalex_by_title_and_year_takes_only_the_same_title(httpserver):
    untitled = Wanted("ada2020", None, None, PAPER.title, 2020)
    httpserver.expect_request(
        "/openalex/works", query_string={"filter": "title.search:The Analytical Engine Revisited A Study,publication_year:2020",
                                         "select": "id,doi,display_name,publication_year,cited_by_count", "per-page": "10", "mailto": "ada@example.org"},
    ).respond_with_json({"meta": {"count": 2}, "results": [work("W9", 500, "The Analytical Engine"), work("W2", 7, "The analytical engine revisited: a study")]})
    assert openalex(untitled, NET) == Found(7, "W2", "title")


def test_openalex_without_the_paper_says_none(httpserver):
    httpserver.expect_request("/openalex/works/doi:10.1145/3387514.3405855").respond_with_json({"error": "not found"}, status=404)
    httpserver.expect_request("/openalex/works").respond_with_json({"meta": {"count": 0}, "results": []})
    assert openalex(PAPER, NET) is None
    assert len(httpserver.log) == 2  # the DOI, then the title


def test_crossref_by_doi_only(httpserver):
    httpserver.expect_request("/crossref/works/10.1145/3387514.3405855", query_string={"mailto": "ada@example.org"}).respond_with_json(
        {"status": "ok", "message-type": "work", "message": {"DOI": "10.1145/3387514.3405855", "is-referenced-by-count": 17}}
    )
    assert crossref(PAPER, NET) == Found(17, "10.1145/3387514.3405855", "doi")
    assert crossref(Wanted("x", None, "2101.00001", "T", 2021), NET) is None
    assert len(httpserver.log) == 1  # no DOI, no request


def test_semantic_scholar_in_one_batch_then_by_title(httpserver):
    papers = [PAPER, Wanted("unknown", "10.1/none", None, "Nothing Like It", 2019), Wanted("titled", None, None, "Titled Only", 2018)]
    httpserver.expect_request(
        "/s2/graph/v1/paper/batch", method="POST", query_string={"fields": "title,year,citationCount,externalIds"},
        json={"ids": ["DOI:10.1145/3387514.3405855", "DOI:10.1/none"]},
    ).respond_with_json([{"paperId": "abc", "externalIds": {"DOI": PAPER.doi}, "title": PAPER.title, "year": 2020, "citationCount": 40}, None])
    httpserver.expect_request("/s2/graph/v1/paper/search/match", query_string={"query": "Nothing Like It", "year": "2019", "fields": "title,year,citationCount,externalIds"}).respond_with_json(
        {"error": "Title match not found"}, status=404
    )
    httpserver.expect_request("/s2/graph/v1/paper/search/match", query_string={"query": "Titled Only", "year": "2018", "fields": "title,year,citationCount,externalIds"}).respond_with_json(
        {"data": [{"paperId": "def", "title": "Titled only", "year": 2018, "citationCount": 2, "matchScore": 80.1}]}
    )
    assert semantic_scholar_batch(papers, NET) == {"ada2020engine": Found(40, "abc", "doi"), "unknown": None, "titled": Found(2, "def", "title")}


def test_a_batch_refused_then_answered_is_retried(httpserver):
    answers = iter([Response("busy", status=429, headers={"Retry-After": "0"}), Response(json.dumps([None]), content_type="application/json")])
    httpserver.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(lambda request: next(answers))
    httpserver.expect_request("/s2/graph/v1/paper/search/match").respond_with_json({"error": "Title match not found"}, status=404)
    assert semantic_scholar_batch([PAPER], NET) == {"ada2020engine": None}
    assert [entry[0].method for entry in httpserver.log] == ["POST", "POST", "GET"]


def test_a_failing_server_is_one_line_after_its_retries(httpserver):
    httpserver.expect_request("/openalex/works/doi:10.1145/3387514.3405855").respond_with_data("down", status=503)
    with pytest.raises(ImportFailed, match=r"/openalex/works/doi:10\.1145/3387514\.3405855\?select=.*: the server answered 503 SERVICE UNAVAILABLE after 3 tries$"):
        openalex(PAPER, NET)
    assert len(httpserver.log) == 3


@pytest.mark.parametrize("answer, missing", [({"id": "https://openalex.org/W1"}, "cited_by_count"), ({"cited_by_count": 3}, "work id")])
def test_an_answer_of_another_shape_is_said(httpserver, answer, missing):
    httpserver.expect_request("/openalex/works/doi:10.1145/3387514.3405855").respond_with_json(answer)
    with pytest.raises(ImportFailed, match=f"the answer has no {missing}$"):
        openalex(PAPER, NET)


def test_no_such_host_is_unreachable(monkeypatch):
    monkeypatch.setenv("RESEARCHSITE_OPENALEX_URL", "http://openalex.invalid")
    with pytest.raises(Unreachable, match=r"^http://openalex\.invalid/works/doi:.*: cannot reach openalex\.invalid \("):
        openalex(PAPER, Network(timeout=2, retries=0))

"""Citation counts: papers/metrics.json read with located warnings (never a failed build), one
declaration of the services, what a paper's line and the totals say (versions of one work
counted once), and what a lookup that fails keeps."""

import json
from datetime import date

import pytest

from researchsite.generate import metrics as shown
from researchsite.imports.fetch import ImportFailed, Network, Unreachable
from researchsite.imports.metrics import LOOKUPS, Found, Wanted, metrics_text, refresh
from researchsite.load.metrics import load_metrics, parse_metrics
from researchsite.load.schema import schema
from researchsite.structure.metrics import COUNT_SOURCES, Count, Failure, Metrics
from researchsite.structure.paper import Paper, Venue

DAY = date(2026, 12, 1)


def test_the_services_are_declared_once():
    assert set(schema("metrics")["properties"]["papers"]["additionalProperties"]["properties"]) == set(COUNT_SOURCES)
    assert schema("site")["properties"]["citation_counts"]["properties"]["sources"]["items"]["enum"] == list(COUNT_SOURCES)
    assert set(LOOKUPS) == set(COUNT_SOURCES)


def write(tmp_path, text: str):
    (tmp_path / "papers").mkdir(exist_ok=True)
    (tmp_path / "papers" / "metrics.json").write_text(text)


def test_no_file_is_no_count_and_no_problem(tmp_path):
    metrics, problems = load_metrics(tmp_path, {"a"})
    assert metrics.papers == {} and problems == []


def test_what_the_file_says_of_a_paper():
    text = metrics_text(Metrics({"a": {
        "openalex": Count("openalex", 123, DAY, "W1", "doi"),
        "crossref": Count("crossref", None, DAY),
        "semantic_scholar": Count("semantic_scholar", 7, date(2026, 11, 24), "abc", "title", Failure(DAY, "http://x: the server answered 503 after 4 tries")),
    }}))
    metrics, problems = parse_metrics(text)
    assert problems == []
    openalex, crossref, s2 = (metrics.count("a", source) for source in COUNT_SOURCES)
    assert (openalex.count, openalex.read, openalex.url) == (123, DAY, "https://openalex.org/works/W1")
    assert not crossref.found and crossref.url is None
    assert s2.failed.error.endswith("503 after 4 tries") and s2.read == date(2026, 11, 24)
    assert metrics_text(metrics) == text  # read and written again, the same file


def test_broken_json_is_one_located_warning_and_no_counts(tmp_path):
    write(tmp_path, '{\n "papers": {\n  "a": {"openalex": {"count": 1,,}}\n }\n}\n')
    metrics, problems = load_metrics(tmp_path, {"a"})
    assert metrics.papers == {}
    assert [str(problem) for problem in problems] == [
        "papers/metrics.json:3: warning: not valid JSON (Expecting property name enclosed in double quotes); "
        "no citation counts are shown: restore it from git, or run `researchsite metrics`"
    ]


def test_a_wrong_entry_costs_that_paper_only_and_says_where(tmp_path):
    good = '{"openalex": {"count": 5, "read": "2026-12-01", "id": "W5", "by": "doi"}}'
    write(tmp_path, "\n".join([
        '{"papers": {',
        f' "good": {good},',
        ' "negative": {"openalex": {"count": -3, "read": "2026-12-01"}},',
        ' "no-day": {"openalex": {"count": 3, "read": "2026-02-30"}},',
        f' "gone": {good}',
        "}}",
    ]))
    metrics, problems = load_metrics(tmp_path, {"good", "negative", "no-day"})
    assert set(metrics.papers) == {"good"}
    assert [(problem.line, problem.is_error) for problem in problems] == [(3, False), (4, False), (5, False)]
    assert "negative: openalex.count: -3 is less than the minimum of 0; its counts are not shown" in problems[0].message
    assert "no-day: day is out of range for month" in problems[1].message
    assert problems[2].message == "no paper has the key 'gone'; `researchsite metrics` drops its counts"


def paper(key, year=2020, extends=None, short=None) -> Paper:
    return Paper(key, "conference", key.title(), [], False, Venue(key, short) if short else None, year, None, None, extends=extends)


def counts(**by_key) -> Metrics:
    return Metrics({key: {"openalex": Count("openalex", n, DAY, record)} for key, (n, record) in by_key.items()})


def test_a_paper_and_its_journal_version_are_shown_together_and_counted_once():
    conference, journal, other = paper("conf", short="NSDI '20"), paper("journal", 2022, "conf", "ToN"), paper("other")
    metrics = counts(conf=(96, "W1"), journal=(21, "W2"), other=(3, "W3"))
    line = shown.cited_by(conference, [journal], metrics, "openalex", "d MMM y")
    assert [(count.count, count.version) for count in line.counts] == [(96, None), (21, "its ToN version")]
    assert (line.total, line.source, line.read, line.read_iso) == (117, "OpenAlex", "1 Dec 2026", "2026-12-01")
    totals = shown.totals([conference, journal, other], metrics, "openalex", "d MMMM y")
    assert (totals.citations, totals.h_index, totals.works, totals.read) == (120, 2, 2, "1 December 2026")


def test_two_versions_a_service_holds_as_one_record_count_once():
    conference, journal = paper("conf"), paper("journal", 2022, "conf")
    metrics = counts(conf=(50, "W1"), journal=(50, "W1"))
    assert shown.cited_by(journal, [conference], metrics, "openalex", "y").total is None
    assert shown.totals([conference, journal], metrics, "openalex", "y").citations == 50


def test_the_h_index_and_the_days_the_counts_were_read():
    papers = [paper(f"p{n}") for n in range(5)]
    metrics = counts(p0=(10, "a"), p1=(4, "b"), p2=(3, "c"), p3=(3, "d"), p4=(0, "e"))
    metrics.papers["p4"]["openalex"] = Count("openalex", 0, date(2026, 11, 24), "e")
    totals = shown.totals(papers, metrics, "openalex", "d MMMM y")
    assert (totals.citations, totals.h_index) == (20, 3)
    assert totals.read == "24 November 2026 – 1 December 2026" and totals.read_iso == "2026-12-01"


def test_a_line_whose_counts_were_read_on_different_days_gives_both():
    conference, journal = paper("conf"), paper("journal", 2022, "conf")
    metrics = counts(conf=(96, "W1"), journal=(21, "W2"))
    metrics.papers["conf"]["openalex"] = Count("openalex", 96, date(2026, 11, 30), "W1", failed=Failure(DAY, "503"))
    line = shown.cited_by(conference, [journal], metrics, "openalex", "d MMMM y")
    assert (line.read, line.read_iso, line.failed) == ("30 November 2026 – 1 December 2026", "2026-12-01", True)


def test_nothing_found_shows_nothing():
    metrics = Metrics({"a": {"openalex": Count("openalex", None, DAY)}})
    assert shown.cited_by(paper("a"), [], metrics, "openalex", "y") is None
    assert shown.totals([paper("a")], metrics, "openalex", "y") is None


WANTED = [Wanted("a", "10.1/a", None, "A", 2020), Wanted("b", None, None, "B", 2021)]


def lookups(monkeypatch, answers):
    monkeypatch.setitem(LOOKUPS, "openalex", lambda papers, network: answers(papers))


def test_a_failed_lookup_keeps_the_last_good_count_with_its_day(monkeypatch):
    before = Metrics({"a": {"openalex": Count("openalex", 90, date(2026, 11, 24), "W1", "doi")}})
    lookups(monkeypatch, lambda papers: {"a": ImportFailed("http://x/works/doi:10.1/a: the server answered 500 after 4 tries"), "b": None})
    after, report, failures = refresh(WANTED, ("openalex",), before, Network(), DAY)
    kept = after.count("a", "openalex")
    assert (kept.count, kept.read, kept.id, kept.failed) == (90, date(2026, 11, 24), "W1", Failure(DAY, "http://x/works/doi:10.1/a: the server answered 500 after 4 tries"))
    assert after.count("b", "openalex") == Count("openalex", None, DAY)  # never found: said so, with the day
    assert failures == 1
    assert report == [
        "OpenAlex: a: lookup failed (http://x/works/doi:10.1/a: the server answered 500 after 4 tries); kept 90 from 2026-11-24",
        "OpenAlex: b: not found (looked for by title and year 2021)",
        "OpenAlex: 0 found, 1 not found, 1 failed",
    ]


def test_a_service_that_cannot_be_reached_is_said_once_and_every_count_stays(monkeypatch):
    before = Metrics({"a": {"openalex": Count("openalex", 90, date(2026, 11, 24), "W1", "doi")}})

    def down(papers):
        raise Unreachable("http://x/works/doi:10.1/a: cannot reach x (the name does not resolve: offline, or no such host)")

    lookups(monkeypatch, down)
    after, report, failures = refresh(WANTED, ("openalex",), before, Network(), DAY)
    assert after.count("a", "openalex").count == 90 and after.count("b", "openalex").read is None
    assert failures == 2 and len(report) == 2 and report[0].endswith("every paper keeps its last count")


def test_a_found_count_replaces_the_old_one_and_says_by_how_much(monkeypatch):
    before = Metrics({"a": {"openalex": Count("openalex", 90, date(2026, 11, 24), "W1", "doi", Failure(date(2026, 11, 30), "x"))}})
    lookups(monkeypatch, lambda papers: {"a": Found(95, "W1", "doi"), "b": Found(1, "W2", "title")})
    after, report, _ = refresh(WANTED, ("openalex",), before, Network(), DAY)
    assert after.count("a", "openalex") == Count("openalex", 95, DAY, "W1", "doi")  # the failure is over
    assert report[:2] == ["OpenAlex: a: 95 (was 90; doi match, W1)", "OpenAlex: b: 1 (new; title match, W2)"]


@pytest.mark.parametrize("text", ["[]", '{"papers": []}', '{"papers": {}, "extra": 1}'])
def test_a_file_of_another_shape_is_a_warning(text):
    metrics, problems = parse_metrics(text)
    assert metrics.papers == {} and len(problems) == 1 and not problems[0].is_error
    assert problems[0].message.endswith("no citation counts are shown")


def test_the_written_file_follows_its_schema():
    from jsonschema import Draft202012Validator

    text = metrics_text(Metrics({"a": {"crossref": Count("crossref", None, None, failed=Failure(DAY, "down"))}}))
    Draft202012Validator(schema("metrics")).validate(json.loads(text))


@pytest.mark.parametrize("entry", [
    {"count": 1}, {"count": 1.5, "read": None}, {"count": True, "read": None}, {"count": -1, "read": None},
    {"count": 1, "read": "1 Dec 2026"}, {"count": 1, "read": None, "by": "isbn"}, {"count": 1, "read": None, "id": ""},
    {"count": 1, "read": None, "failed": {"on": "2026-12-01"}}, {"count": 1, "read": None, "extra": 1},
])
def test_the_builds_quick_check_refuses_what_the_schema_refuses(entry):
    from jsonschema import Draft202012Validator

    from researchsite.load.metrics import _errors

    data = {"papers": {"a": {"openalex": entry}}}
    assert list(Draft202012Validator(schema("metrics")).iter_errors(data))
    assert _errors(data)  # the compiled check let it through to jsonschema's words

"""Citation counts as a researcher gets them: `researchsite metrics` against a local server
replaying the services' recorded answers (tests/fixtures/metrics/recorded.json), then a real
MkDocs build with every other host unreachable, which shows them on the paper pages, the list,
the CV and the home page; a broken file and a failed lookup cost counts, never the build."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import BIN, EXAMPLE_METRICS, REPO, run_cli, run_mkdocs  # noqa: E402
from replay import Replay  # noqa: E402

RECORDING = REPO / "tests" / "fixtures" / "metrics" / "recorded.json"
DEAD = "http://127.0.0.1:9"  # the discard port: nothing answers there
OFFLINE = {"HTTP_PROXY": DEAD, "HTTPS_PROXY": DEAD, "http_proxy": DEAD, "https_proxy": DEAD, "NO_PROXY": "", "no_proxy": ""}


@pytest.fixture
def replay(httpserver) -> Replay:
    answers = Replay.from_file(RECORDING)
    httpserver.expect_request(re.compile(".*")).respond_with_handler(answers)
    return answers


@pytest.fixture
def env(httpserver) -> dict[str, str]:
    return {
        "RESEARCHSITE_OPENALEX_URL": httpserver.url_for("/openalex"),
        "RESEARCHSITE_CROSSREF_URL": httpserver.url_for("/crossref"),
        "RESEARCHSITE_SEMANTIC_SCHOLAR_URL": httpserver.url_for("/s2"),
        "RESEARCHSITE_HTTP_TIMEOUT": "2",
        "RESEARCHSITE_HTTP_RETRIES": "1",
        "RESEARCHSITE_HTTP_BACKOFF": "0",
    }


def text_of(page: Path) -> str:
    """The page's words, tags dropped and whitespace folded: what a visitor reads."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text())).split()).replace(" ,", ",").replace(" :", ":").replace("( ", "(").replace(" )", ")")


def without_days(text: str) -> dict:
    data = json.loads(text)
    for sources in data["papers"].values():
        for count in sources.values():
            count.pop("read")
    return data


def test_counts_read_from_the_recording_show_on_the_pages_of_a_site_built_offline(new_site, replay, env, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "papers" / "metrics.json").unlink()
    result = run_cli(project, "metrics", **env)
    assert result.returncode == 0, result.stderr
    assert "OpenAlex: 6 found, 1 not found" in result.stdout and result.stdout.rstrip().endswith("papers/metrics.json: 7 papers")
    written = (project / "papers" / "metrics.json").read_text()
    # The tests' example counts are what this recording gives (but for the day it was read).
    assert without_days(written) == without_days(EXAMPLE_METRICS.read_text())
    assert ("POST", "/s2/graph/v1/paper/batch") in replay.asked

    built = run_mkdocs(project, tmp_path / "site", **OFFLINE)
    assert built.returncode == 0, built.stderr
    day = re.search(r'"read": "(\d{4}-\d\d-\d\d)"', written).group(1)
    shown = f"(OpenAlex, {int(day[8:])} {['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][int(day[5:7]) - 1]} {day[:4]})"
    page = tmp_path / "site" / "publications" / "barbette2020cheetah" / "index.html"
    assert f"Cited by 96, and its IEEE/ACM ToN version by 21: 117 together {shown}" in text_of(page)
    assert '<a href="https://openalex.org/works/W3013442981">96</a>' in page.read_text()
    journal = tmp_path / "site" / "publications" / "barbette2022cheetah" / "index.html"
    assert f"Cited by 21, and its NSDI '20 version by 96: 117 together {shown}" in text_of(journal)
    never_found = tmp_path / "site" / "publications" / "katsikas-metron-tocs" / "index.html"
    assert f"Its NSDI '18 version is cited by 161 {shown}" in text_of(never_found)
    assert f"Cited by 41 {shown}" in text_of(tmp_path / "site" / "publications" / "index.html")  # the list's rows: in_list
    # A work counted once: 96 + 21 (Cheetah), 161 (Metron; its journal version never found), 41, 14, 12.
    for totals in ("cv/index.html", "index.html"):
        assert f"345 citations, h-index 5 {shown}" in text_of(tmp_path / "site" / totals)
    from pypdf import PdfReader

    assert f"345 citations, h-index 5 {shown}" in PdfReader(tmp_path / "site" / "cv.pdf").pages[0].extract_text()


def build(project: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "mkdocs", "build", *options, "-f", project / "mkdocs.yml", "-d", out], capture_output=True, text=True,
                          timeout=600, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **OFFLINE))


def test_a_broken_metrics_file_is_a_located_warning_and_the_site_still_builds(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    path = project / "papers" / "metrics.json"
    path.write_text(path.read_text().replace('"count": 96,', '"count": 96,,', 1))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if ",," in text)
    assert f"papers/metrics.json:{line}: warning: not valid JSON (Expecting property name enclosed in double quotes); no citation counts are shown" in result.stderr
    assert "Cited by" not in (tmp_path / "site" / "publications" / "barbette2020cheetah" / "index.html").read_text()
    assert (tmp_path / "site" / "publications" / "barbette2022cheetah" / "index.html").is_file()


def test_no_metrics_file_yet_builds_without_counts_and_without_a_word(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "papers" / "metrics.json").unlink()
    result = run_mkdocs(project, tmp_path / "site", **OFFLINE)  # strict: not even a warning
    assert result.returncode == 0, result.stderr
    assert "Cited by" not in (tmp_path / "site" / "publications" / "index.html").read_text()


def test_a_failed_lookup_keeps_the_last_count_and_its_day_on_the_page(new_site, httpserver, env, tmp_path):
    project = new_site(with_example_papers=True)
    path = project / "papers" / "metrics.json"
    before = json.loads(path.read_text())
    before["papers"]["barbette2020cheetah"]["openalex"]["read"] = "2026-11-24"
    path.write_text(json.dumps(before))
    site = project / "site_config" / "site.yml"
    site.write_text(site.read_text().replace("sources: [openalex, crossref, semantic_scholar]", "sources: [openalex]"))
    answers = Replay.from_file(RECORDING)
    httpserver.expect_request(re.compile(r"/openalex/works$")).respond_with_data("busy", status=503)
    httpserver.expect_request(re.compile(".*")).respond_with_handler(answers)

    result = run_cli(project, "metrics", **env)
    assert result.returncode == 0, result.stderr
    assert re.search(r"OpenAlex: barbette2020cheetah: lookup failed \(http://[^ ]+/openalex/works\?[^ ]+: the server answered 503 SERVICE UNAVAILABLE after 2 tries\); kept 96 from 2026-11-24", result.stdout)
    kept = json.loads(path.read_text())["papers"]["barbette2020cheetah"]["openalex"]
    assert (kept["count"], kept["read"], kept["id"]) == (96, "2026-11-24", "W3013442981")
    assert kept["failed"]["error"].endswith("the server answered 503 SERVICE UNAVAILABLE after 2 tries")

    built = run_mkdocs(project, tmp_path / "site", **OFFLINE)
    assert built.returncode == 0, built.stderr
    assert "Cited by 96, and its IEEE/ACM ToN version by 21: 117 together (OpenAlex," in text_of(tmp_path / "site" / "publications" / "barbette2020cheetah" / "index.html")


def test_every_lookup_failing_writes_nothing_and_says_so(new_site, env):
    project = new_site(with_example_papers=True)
    before = (project / "papers" / "metrics.json").read_text()
    result = run_cli(project, "metrics", **dict(env, RESEARCHSITE_OPENALEX_URL="http://openalex.invalid", RESEARCHSITE_CROSSREF_URL="http://crossref.invalid",
                                                   RESEARCHSITE_SEMANTIC_SCHOLAR_URL="http://s2.invalid", RESEARCHSITE_HTTP_RETRIES="0"))
    assert result.returncode == 1
    assert "OpenAlex: http://openalex.invalid/works/doi:10.1109/TNET.2021.3113370?select=" in result.stdout
    assert "cannot reach openalex.invalid (the name does not resolve: offline, or no such host); every paper keeps its last count" in result.stdout
    assert result.stderr.strip() == "researchsite: every lookup failed; papers/metrics.json is left as it was"
    assert (project / "papers" / "metrics.json").read_text() == before


def test_sync_refreshes_the_counts_and_a_service_down_never_fails_it(new_site, replay, env, tmp_path):
    project = new_site(with_example_papers=True)  # no dblp: or orcid:, citation counts asked for
    result = run_cli(project, "sync", "--summary", str(tmp_path / "sync.md"), **env)
    assert result.returncode == 0, result.stderr
    assert "OpenAlex: 6 found, 1 not found" in result.stdout
    assert "OpenAlex: 6 found, 1 not found" in (tmp_path / "sync.md").read_text()
    before = (project / "papers" / "metrics.json").read_text()
    down = dict(env, RESEARCHSITE_OPENALEX_URL="http://openalex.invalid", RESEARCHSITE_CROSSREF_URL="http://crossref.invalid",
                RESEARCHSITE_SEMANTIC_SCHOLAR_URL="http://s2.invalid", RESEARCHSITE_HTTP_RETRIES="0")
    result = run_cli(project, "sync", **down)
    assert result.returncode == 0
    assert result.stderr.strip().endswith("researchsite: the citation counts stay as they were")
    assert (project / "papers" / "metrics.json").read_text() == before

"""`researchsite import dblp|orcid|bibtex` and `researchsite sync`, run as a user runs them, against
pytest-httpserver replaying DBLP's and ORCID's answers (tests/fixtures/imports/, see PROVENANCE.md);
then a real MkDocs build of the site shows what came in."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from werkzeug import Response

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, run_cli, run_mkdocs  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "imports"
PID = "144/5003"
ORCID = "0000-0002-1825-0097"  # ORCID's own example iD (Josiah Carberry): its checksum holds
DBLP_BIB = (FIXTURES / "dblp-person.bib").read_text()
NEW_PAPER = """@inproceedings{DBLP:conf/conext/BarbetteNEW24,
  author       = {Tom Barbette},
  title        = {A Paper DBLP Lists Only Now},
  booktitle    = {Proceedings of CoNEXT 2024},
  year         = {2024},
  biburl       = {https://dblp.org/rec/conf/conext/BarbetteNEW24.bib},
  bibsource    = {dblp computer science bibliography, https://dblp.org}
}

"""


def snapshot(project: Path) -> dict[str, bytes]:
    return {str(p.relative_to(project)): p.read_bytes() for p in sorted((project / "papers").rglob("*")) if p.is_file()}


@pytest.fixture
def env(httpserver) -> dict[str, str]:
    return {
        "RESEARCHSITE_DBLP_URL": httpserver.url_for("/dblp"),
        "RESEARCHSITE_ORCID_URL": httpserver.url_for("/orcid/v3.0"),
        "RESEARCHSITE_HTTP_TIMEOUT": "1",
        "RESEARCHSITE_HTTP_RETRIES": "2",
        "RESEARCHSITE_HTTP_BACKOFF": "0",
    }


def serve_dblp(httpserver, text: str = DBLP_BIB) -> None:
    httpserver.clear()
    httpserver.expect_request(f"/dblp/pid/{PID}.bib").respond_with_data(text, content_type="application/x-bibtex; charset=utf-8")


def serve_orcid(httpserver) -> None:
    works = json.loads((FIXTURES / "orcid-works.json").read_text())
    codes = ",".join(str(group["work-summary"][0]["put-code"]) for group in works["group"])
    httpserver.expect_request(f"/orcid/v3.0/{ORCID}/works").respond_with_json(works)
    httpserver.expect_request(f"/orcid/v3.0/{ORCID}/works/{codes}").respond_with_json(json.loads((FIXTURES / "orcid-bulk.json").read_text()))


def test_dblp_import_adds_what_is_new_merges_the_preprint_and_the_site_shows_it(new_site, httpserver, env, tmp_path):
    project = new_site(with_example_papers=True)
    serve_dblp(httpserver)
    result = run_cli(project, "import", "dblp", PID, **env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # The researcher's own entries are recognised (papers/barbette.bib), named with their line.
    assert any(line.startswith("already yours: DBLP:conf/nsdi/GhasemirahniBKF22 (DBLP 144/5003) is ghasemirahni2022packet (papers/barbette.bib:14)") for line in lines), lines
    assert any("DBLP:conf/hpsr/GirondiCB21" in line and "same DOI 10.1109/hpsr52026.2021.9481841" in line for line in lines)
    # The CoRR copy and the ASPLOS paper become one entry, which keeps the arXiv id.
    assert "merged: DBLP:journals/corr/abs-2101-99999 (DBLP 144/5003) is the arXiv preprint of DBLP:conf/asplos/FarshinBRMK21 (DBLP 144/5003), same title and year: one entry, DBLP:conf/asplos/FarshinBRMK21 with eprint 2101.99999" in lines
    dblp_bib = (project / "papers" / "dblp.bib").read_text()
    assert dblp_bib.startswith("% This file is written by `researchsite sync` from DBLP 144/5003.")
    assert "DBLP:conf/asplos/FarshinBRMK21" in dblp_bib and "eprint       = {2101.99999}" in dblp_bib
    assert "abs-2101-99999" not in dblp_bib and "GhasemirahniBKF22" not in dblp_bib and "timestamp" not in dblp_bib
    assert json.loads((project / "papers" / "sync.json").read_text())["sources"] == [{"kind": "dblp", "id": PID}]

    out = tmp_path / "out"
    built = run_mkdocs(project, out)
    assert built.returncode == 0, built.stderr
    page = (out / "publications" / "dblp-conf-asplos-farshinbrmk21" / "index.html").read_text()
    assert "PacketMill" in page and "https://arxiv.org/abs/2101.99999" in page
    assert "PacketMill" in (out / "publications" / "index.html").read_text()

    before = snapshot(project)
    again = run_cli(project, "import", "dblp", PID, **env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Nothing new from DBLP 144/5003."
    assert snapshot(project) == before


def test_sync_stops_on_an_edited_entry_that_changed_upstream_and_writes_nothing(new_site, httpserver, env):
    project = new_site()
    (project / "site_config" / "site.yml").write_text(
        (project / "site_config" / "site.yml").read_text().replace("  github: tbarbette", f"  github: tbarbette\n  dblp: {PID}")
    )
    serve_dblp(httpserver)
    first = run_cli(project, "sync", **env)
    assert first.returncode == 0, first.stderr
    bib = project / "papers" / "dblp.bib"
    edited = bib.read_text().replace("{High-speed Connection Tracking in Modern Servers}", "{High-Speed Connection Tracking in Modern Servers}")
    bib.write_text(edited)
    line = edited[: edited.index("@inproceedings{DBLP:conf/hpsr/GirondiCB21")].count("\n") + 1

    # A new paper upstream, the edited entry unchanged there: the new one comes in, the edit stays.
    serve_dblp(httpserver, NEW_PAPER + DBLP_BIB)
    second = run_cli(project, "sync", **env)
    assert second.returncode == 0, second.stderr
    assert "new: DBLP:conf/conext/BarbetteNEW24: A Paper DBLP Lists Only Now (2024)" in second.stdout
    assert "{High-Speed Connection Tracking in Modern Servers}" in bib.read_text()

    # DBLP now changes the edited entry: sync says where and what, exits 1, writes nothing.
    serve_dblp(httpserver, NEW_PAPER + DBLP_BIB.replace("Paris, France, June 7-10, 2021", "Paris, France, June 7-10, 2021 (virtual)"))
    before = snapshot(project)
    third = run_cli(project, "sync", **env)
    assert third.returncode == 1
    assert third.stderr.splitlines()[0].startswith(
        f"papers/dblp.bib:{line}: DBLP:conf/hpsr/GirondiCB21 was edited by hand since the last sync, and DBLP {PID} has changed booktitle since"
    ), third.stderr
    assert snapshot(project) == before

    kept = run_cli(project, "sync", "--keep", "DBLP:conf/hpsr/GirondiCB21", **env)
    assert kept.returncode == 0, kept.stderr
    assert "{High-Speed Connection Tracking in Modern Servers}" in bib.read_text()
    assert run_cli(project, "sync", **env).stdout.strip() == f"Nothing new from DBLP {PID}."
    taken = run_cli(project, "sync", "--take", "DBLP:conf/hpsr/GirondiCB21", **env)
    assert taken.returncode == 0, taken.stderr
    assert "{High-speed Connection Tracking in Modern Servers}" in bib.read_text()
    assert "(virtual)" in bib.read_text()


def test_an_entry_deleted_by_hand_stays_deleted(new_site, httpserver, env):
    project = new_site()
    serve_dblp(httpserver)
    assert run_cli(project, "import", "dblp", PID, **env).returncode == 0
    bib = project / "papers" / "dblp.bib"
    text = bib.read_text()
    start = text.index("@inproceedings{DBLP:conf/nsdi/BarbetteTYKMPC20")
    bib.write_text(text[:start] + text[text.index("\n}\n", start) + 3:])
    assert run_cli(project, "import", "dblp", PID, **env).stdout.strip() == f"Nothing new from DBLP {PID}."
    assert "BarbetteTYKMPC20" not in bib.read_text()


def test_orcid_works_come_in_beside_dblp_once_each(new_site, httpserver, env, tmp_path):
    project = new_site()
    serve_dblp(httpserver)
    serve_orcid(httpserver)
    assert run_cli(project, "import", "dblp", PID, **env).returncode == 0
    result = run_cli(project, "import", "orcid", ORCID, **env)
    assert result.returncode == 0, result.stderr
    assert "already yours: orcid-no-key" not in result.stdout
    # HPSR is in DBLP's file already: named there, with its line, and not added twice.
    assert any(line.startswith("already yours: girondi2021high (ORCID 0000-0002-1825-0097) is DBLP:conf/hpsr/GirondiCB21 (papers/dblp.bib:") for line in result.stdout.splitlines()), result.stdout
    orcid_bib = (project / "papers" / "orcid.bib").read_text()
    assert "@inproceedings{barbette2015fast," in orcid_bib  # mapped from the work's fields
    assert "author       = {Tom Barbette and Cyril Soldani and Laurent Mathy}" in orcid_bib
    assert "@article{Barbette_2021," in orcid_bib  # the work's own BibTeX citation
    assert "girondi2021high" not in orcid_bib
    built = run_mkdocs(project, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "publications" / "barbette2015fast" / "index.html").is_file()


def test_bibtex_import_from_a_file_and_a_url(new_site, httpserver, env, tmp_path):
    project = new_site()
    local = tmp_path / "my-refs.bib"
    local.write_text(DBLP_BIB)
    result = run_cli(project, "import", "bibtex", str(local), **env)
    assert result.returncode == 0, result.stderr
    assert (project / "papers" / "my-refs.bib").read_text().count("\n@") == 4  # the CoRR copy merged
    assert json.loads((project / "papers" / "sync.json").read_text())["sources"] == []  # a file is read once
    accented = NEW_PAPER.replace("A Paper DBLP Lists Only Now", r"""{\"U}ber {NFV} --- Kosti\'{c}""")
    httpserver.expect_request("/files/cv.bib").respond_with_data(accented)
    result = run_cli(project, "import", "bibtex", httpserver.url_for("/files/cv.bib"), **env)
    assert result.returncode == 0, result.stderr
    assert "BarbetteNEW24" in (project / "papers" / "cv.bib").read_text()
    # The report reads as the site will show the title, not as LaTeX.
    assert "new: DBLP:conf/conext/BarbetteNEW24: Über NFV — Kostić (2024)" in result.stdout


@pytest.mark.parametrize("respond, expected", [
    (lambda server: server.expect_request(f"/dblp/pid/{PID}.bib").respond_with_data("Not Found", status=404), "researchsite: DBLP has no person with the pid '144/5003' (URL: 404)"),
    (lambda server: server.expect_request(f"/dblp/pid/{PID}.bib").respond_with_data("<!DOCTYPE html><html>Maintenance</html>", content_type="text/html"),
     "researchsite: URL: not BibTeX: no entry in it (it starts with '<!DOCTYPE html><html>Maintenance</html>')"),
    (lambda server: server.expect_request(f"/dblp/pid/{PID}.bib").respond_with_data("@inproceedings{DBLP:x,\n  title = {Unclosed\n", content_type="application/x-bibtex"),
     "researchsite: URL:1: not BibTeX the parser can read ('@inproceedings{DBLP:x,')"),
    (lambda server: server.expect_request(f"/dblp/pid/{PID}.bib").respond_with_data("oops", status=500),
     "researchsite: URL: the server answered 500 INTERNAL SERVER ERROR after 3 tries"),
])
def test_a_bad_answer_is_one_line_and_nothing_is_written(new_site, httpserver, env, respond, expected):
    project = new_site(with_example_papers=True)
    respond(httpserver)
    before = snapshot(project)
    result = run_cli(project, "import", "dblp", PID, **env)
    assert result.returncode == 1
    assert result.stderr.strip() == expected.replace("URL", httpserver.url_for(f"/dblp/pid/{PID}.bib"))
    assert snapshot(project) == before and not list(project.glob(".researchsite-import-*"))


def test_a_500_is_retried_before_giving_up(new_site, httpserver, env):
    project = new_site()
    httpserver.expect_request(f"/dblp/pid/{PID}.bib").respond_with_data("busy", status=503)
    result = run_cli(project, "import", "dblp", PID, **env)
    assert result.returncode == 1
    assert len(httpserver.log) == 3  # the first try and RESEARCHSITE_HTTP_RETRIES=2 more


def test_a_slow_server_times_out_with_a_message(new_site, httpserver, env):
    project = new_site()

    def slow(request):
        time.sleep(2)
        return Response(DBLP_BIB)

    httpserver.expect_request(f"/dblp/pid/{PID}.bib").respond_with_handler(slow)
    result = run_cli(project, "import", "dblp", PID, **dict(env, RESEARCHSITE_HTTP_RETRIES="0"))
    assert result.returncode == 1
    assert "no answer within 1 s (1 try); the server is slow or unreachable, try again later" in result.stderr


def test_offline_or_an_unknown_host_says_so(new_site, env):
    project = new_site()
    result = run_cli(project, "import", "dblp", PID, **dict(env, RESEARCHSITE_DBLP_URL="http://dblp.invalid", RESEARCHSITE_HTTP_RETRIES="0"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"researchsite: http://dblp.invalid/pid/{PID}.bib: cannot reach dblp.invalid (the name does not resolve: offline, or no such host)"


def test_orcid_checks_the_id_before_asking_and_names_an_unknown_one(new_site, httpserver, env):
    project = new_site()
    result = run_cli(project, "import", "orcid", "0000-0002-1825-0098", **env)
    assert result.returncode == 1
    assert "its last character should be 7" in result.stderr
    assert not [request for request, _ in httpserver.log if "/orcid/" in request.path]  # no request at all
    httpserver.expect_request("/orcid/v3.0/0000-0001-5109-3700/works").respond_with_json(
        {"response-code": 404, "developer-message": "404 Not Found: The resource was not found.", "user-message": "The resource was not found.", "error-code": 9016},
        status=404,
    )
    result = run_cli(project, "import", "orcid", "0000-0001-5109-3700", **env)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("researchsite: ORCID has no record with the iD 0000-0001-5109-3700 (")
    httpserver.expect_request(f"/orcid/v3.0/{ORCID}/works").respond_with_data("{not json", content_type="application/json")
    result = run_cli(project, "import", "orcid", ORCID, **env)
    assert result.returncode == 1 and "not JSON" in result.stderr
    assert not (project / "papers" / "orcid.bib").exists()


def test_sync_without_a_source_succeeds_and_says_how_to_name_one(new_site, env, tmp_path):
    # Nothing to do is no failure: a new site's weekly sync must not fail every week.
    project = new_site()
    result = run_cli(project, "sync", "--summary", str(tmp_path / "sync.md"), **env)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Nothing to sync: this site names no source of papers and asks for no citation counts. ")
    assert "Add `dblp:` (your pid) or `orcid:` under `owner:` in site_config/site.yml" in result.stdout
    assert (tmp_path / "sync.md").read_text().startswith("### Nothing to sync\n\nThis site names no source of papers")
    assert not (project / "papers" / "sync.json").exists()


def test_a_dblp_bib_of_the_researchers_own_is_never_taken_over(new_site, httpserver, env):
    project = new_site()
    (project / "papers" / "dblp.bib").write_text(DBLP_BIB)
    serve_dblp(httpserver)
    result = run_cli(project, "import", "dblp", PID, **env)
    assert result.returncode == 1
    assert "papers/dblp.bib is yours (sync did not write it): rename it" in result.stderr

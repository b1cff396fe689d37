"""How a sync plans its files: one entry per paper whatever order the versions come in, across
sources, and the researcher's own entries left alone."""

from researchsite.imports.records import Record
from researchsite.imports.sync import Source, State, plan

DBLP = Source("dblp", "144/5003")
ORCID = Source("orcid", "0000-0002-1825-0097")


def paper(key, where, **fields):
    return Record(key, fields.pop("entry_type", "inproceedings"), fields, where)


def test_a_preprint_listed_first_gives_way_to_its_paper_keeping_its_arxiv_id(tmp_path):
    (tmp_path / "papers").mkdir()
    preprint = paper("corr", "DBLP 144/5003", entry_type="article", title="PacketMill", journal="CoRR", volume="abs/2101.99999", year="2021")
    published = paper("asplos", "DBLP 144/5003", title="PacketMill", booktitle="ASPLOS", year="2021")
    outcome = plan(tmp_path, [DBLP], {DBLP: [preprint, published]}, State())
    text = outcome.files["papers/dblp.bib"]
    assert "@inproceedings{asplos," in text and "eprint       = {2101.99999}" in text and "corr" not in text.split("% an entry")[0] + text.split("\n\n", 1)[1]
    assert outcome.report[0].startswith("merged: corr (DBLP 144/5003) is the arXiv preprint of asplos (DBLP 144/5003)")


def test_orcid_gives_way_to_dblp_for_the_same_doi_and_the_researchers_own_entry_wins_over_both(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "mine.bib").write_text("% mine\n\n@article{mine2021, title = {Mine}, journal = {J}, year = 2021, doi = {10.1000/MINE}}\n")
    outcome = plan(
        tmp_path,
        [DBLP, ORCID],
        {
            DBLP: [paper("DBLP:a", "DBLP 144/5003", title="Shared", booktitle="B", year="2020", doi="10.1000/shared"),
                   paper("DBLP:mine", "DBLP 144/5003", title="Mine", booktitle="B", year="2021", doi="10.1000/mine")],
            ORCID: [paper("orcid2020shared", "ORCID 0000-0002-1825-0097", title="Shared!", booktitle="B", year="2020", doi="https://doi.org/10.1000/SHARED")],
        },
        State(),
    )
    assert "DBLP:a" in outcome.files["papers/dblp.bib"] and "DBLP:mine" not in outcome.files["papers/dblp.bib"]
    assert "@" not in outcome.files["papers/orcid.bib"].replace("`researchsite sync`", "")
    assert "already yours: DBLP:mine (DBLP 144/5003) is mine2021 (papers/mine.bib:3), same DOI 10.1000/mine: not added" in outcome.report
    assert "merged: orcid2020shared (ORCID 0000-0002-1825-0097) is DBLP:a (DBLP 144/5003), same DOI 10.1000/shared: kept DBLP:a only" in outcome.report
    assert [s.kind for s in outcome.state.sources] == ["dblp", "orcid"]


def test_an_untouched_entry_goes_when_the_researcher_adds_the_same_paper_to_their_own_bib(tmp_path):
    (tmp_path / "papers").mkdir()
    fetched = {DBLP: [paper("DBLP:a", "DBLP 144/5003", title="Shared", booktitle="B", year="2020", doi="10.1000/shared"),
                      paper("DBLP:b", "DBLP 144/5003", title="Other", booktitle="B", year="2020")]}
    first = plan(tmp_path, [DBLP], fetched, State())
    (tmp_path / "papers" / "dblp.bib").write_text(first.files["papers/dblp.bib"])
    (tmp_path / "papers" / "mine.bib").write_text("@inproceedings{mine, title = {Shared}, booktitle = {B}, year = 2020}\n")
    second = plan(tmp_path, [DBLP], fetched, first.state)
    assert "DBLP:a" not in second.files["papers/dblp.bib"] and "@inproceedings{DBLP:b," in second.files["papers/dblp.bib"]
    assert "removed: DBLP:a (papers/dblp.bib:6): the same paper as mine (papers/mine.bib:1)" in second.report
    assert list(second.state.entries["papers/dblp.bib"]) == ["DBLP:b"]


def test_the_summary_of_a_sync_for_its_ci_run_and_pull_request():
    from researchsite.imports.sync import summary_markdown

    done = summary_markdown(["new: x2024: A Paper (2024)", "papers/dblp.bib: 1 new", "```"], 0)
    assert done.startswith("New papers and refreshed citation counts, found by `researchsite sync`.")
    assert done.endswith("\n\n~~~~\nnew: x2024: A Paper (2024)\npapers/dblp.bib: 1 new\n```\n~~~~\n")  # a fence the report cannot close
    stopped = summary_markdown(["papers/dblp.bib:17: x was edited by hand since the last sync, ..."], 1)
    assert stopped.startswith("`researchsite sync` stopped, and proposes nothing.")

"""papers.py: BibTeX entries + YAML extras + site config joined into Papers, every problem located."""

from __future__ import annotations

from pathlib import Path

from researchsite.load.bibtex import load_bibliography
from researchsite.load.entries import BibEntry, Name
from researchsite.load.extras import load_extras
from researchsite.papers import build_publications
from researchsite.structure.problems import Problem
from researchsite.structure.site import Owner, Person, SiteConfig, VenueRule

NSDI = VenueRule("NSDI", "conference", ("Networked Systems Design and Implementation",))
TOCS = VenueRule("ACM TOCS", "journal", ("ACM Transactions on Computer Systems",))


def config(venues=(NSDI, TOCS), people=()) -> SiteConfig:
    owner = Owner("Tom Barbette", name_variants=["T. Barbette"])
    return SiteConfig(owner=owner, venues=list(venues), people=list(people))


def build(tmp_path: Path, bib: str, yamls: dict[str, str] | None = None, files=(), site=None):
    """Write papers/main.bib, papers/<key>.yml and content files, then load and join them."""
    (tmp_path / "papers").mkdir(exist_ok=True)
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (tmp_path / "papers" / "main.bib").write_text(bib)
    for old in (tmp_path / "papers").glob("*.yml"):  # tests may build several times in one folder
        old.unlink()
    for key, text in (yamls or {}).items():
        (tmp_path / "papers" / f"{key}.yml").write_text(text)
    for name in files:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_bytes(b"%PDF-1.4\n")
    entries, problems = load_bibliography([tmp_path / "papers" / "main.bib"], tmp_path)
    assert problems == [], problems
    extras, problems = load_extras(sorted((tmp_path / "papers").glob("*.yml")), tmp_path)
    assert problems == [], problems
    return build_publications(entries, extras, site or config(), content)


def only(tmp_path, bib, yamls=None, files=(), site=None):
    """The one paper built from `bib`, asserting nothing was wrong."""
    publications, problems = build(tmp_path, bib, yamls, files, site)
    assert problems == [], problems
    [paper] = publications.papers
    return paper


def inproceedings(booktitle="Proceedings of the 19th USENIX Symposium on Networked Systems Design and Implementation",
                  extra="", key="a22"):
    return f"""@inproceedings{{{key},
  author = {{Tom Barbette and Dejan Kosti{{\\'c}}}},
  title = {{Reframer}},
  booktitle = {{{booktitle}}},
  year = {{2022}},
{extra}}}
"""


# Kinds ---------------------------------------------------------------------------------------


def test_inproceedings_is_a_conference_and_workshop_in_the_booktitle_makes_it_a_workshop(tmp_path):
    assert only(tmp_path, inproceedings("Proc. of SIGCOMM")).kind == "conference"
    paper = only(tmp_path, inproceedings("Proceedings of the Workshop on Hot Topics in Networks"))
    assert paper.kind == "workshop"


def test_article_in_a_journal_is_journal_but_in_arxiv_or_corr_is_a_preprint(tmp_path):
    article = "@article{{a, author={{A. B}}, title={{T}}, journal={{{}}}, year=2021}}\n"
    assert only(tmp_path, article.format("IEEE/ACM Transactions on Networking")).kind == "journal"
    assert only(tmp_path, article.format("CoRR")).kind == "preprint"
    paper = only(tmp_path, article.format("arXiv preprint arXiv:2101.01234"))
    assert (paper.kind, paper.arxiv) == ("preprint", "2101.01234")


def test_misc_with_an_arxiv_eprint_is_a_preprint_linked_to_arxiv(tmp_path):
    paper = only(tmp_path, "@misc{a, author={A. B}, title={T}, year=2023, eprint={2301.00001}, archiveprefix={arXiv}}\n")
    assert paper.kind == "preprint"
    assert paper.link("arxiv").url == "https://arxiv.org/abs/2301.00001"


def test_thesis_report_and_book_kinds_come_from_the_entry_type(tmp_path):
    assert only(tmp_path, "@phdthesis{a, author={A. B}, title={T}, school={KTH}, year=2019}").kind == "thesis"
    assert only(tmp_path, "@techreport{a, author={A. B}, title={T}, institution={KTH}, year=2019}").kind == "report"
    assert only(tmp_path, "@book{a, author={A. B}, title={T}, publisher={MIT}, year=2019}").kind == "book"
    assert only(tmp_path, "@misc{a, author={A. B}, title={T}, year=2019}").kind == "other"


def test_venue_rule_kind_and_yaml_kind_override_the_entry_type(tmp_path):
    # The venue rule says TOCS is a journal even if exported as @inproceedings.
    assert only(tmp_path, inproceedings("ACM Transactions on Computer Systems")).kind == "journal"
    paper = only(tmp_path, inproceedings("Proc. of SIGCOMM", key="k"), {"k": "kind: workshop\n"})
    assert paper.kind == "workshop"


# Venue short names ---------------------------------------------------------------------------


def test_venue_rule_gives_a_conference_its_short_name_with_the_year(tmp_path):
    paper = only(tmp_path, inproceedings())
    assert paper.venue.short == "NSDI '22"
    assert paper.venue.name.startswith("Proceedings of the 19th USENIX")


def test_journal_short_name_has_no_year(tmp_path):
    bib = "@article{a, author={A. B}, title={T}, journal={ACM Transactions on Computer Systems}, year=2021}"
    assert only(tmp_path, bib).venue.short == "ACM TOCS"


def test_venue_rules_match_any_case(tmp_path):
    paper = only(tmp_path, inproceedings("proc. networked systems design and implementation"))
    assert paper.venue.short == "NSDI '22"


def test_abbr_from_yaml_or_bibtex_names_the_venue_with_the_year(tmp_path):
    # The schema says of `abbr`: "Short venue name, e.g. NSDI (the year is added)."
    assert only(tmp_path, inproceedings("Proc. of SIGCOMM", key="k"), {"k": "abbr: SIGCOMM\n"}).venue.short == "SIGCOMM '22"
    assert only(tmp_path, inproceedings("Proc. of SIGCOMM", "  abbr = {SIGCOMM},\n")).venue.short == "SIGCOMM '22"


def test_abbr_that_already_has_a_year_is_kept_as_it_is(tmp_path):
    paper = only(tmp_path, inproceedings("Proc. of SIGCOMM", key="k"), {"k": "abbr: SIGCOMM 2022\n"})
    assert paper.venue.short == "SIGCOMM 2022"


def test_yaml_abbr_wins_over_the_venue_rule(tmp_path):
    assert only(tmp_path, inproceedings(key="k"), {"k": "abbr: USENIX NSDI\n"}).venue.short == "USENIX NSDI '22"


# Dates ---------------------------------------------------------------------------------------


def test_month_macro_name_and_number_all_give_the_month(tmp_path):
    for month in ("apr", "{April}", "{4}", "{Apr.}"):
        paper = only(tmp_path, inproceedings(extra=f"  month = {month},\n"))
        assert (paper.year, paper.month) == (2022, 4), month


def test_biblatex_date_gives_year_month_and_day(tmp_path):
    bib = "@article{a, author={A. B}, title={T}, journaltitle={J}, date={2021-03-07}}"
    paper = only(tmp_path, bib)
    assert (paper.year, paper.month, paper.day) == (2021, 3, 7)
    assert paper.date_text == "2021-03-07"


def test_bad_year_and_bad_month_are_problems_at_their_lines(tmp_path):
    bib = "@article{a,\n  author={A. B},\n  title={T},\n  journal={J},\n  year={in press},\n  month={Avril},\n}\n"
    publications, problems = build(tmp_path, bib)
    assert [(p.line, p.message.split()[0]) for p in problems] == [(5, "year"), (6, "month")]
    assert publications.papers[0].year is None and publications.papers[0].month is None


def test_impossible_biblatex_date_is_a_problem_not_a_crash(tmp_path):
    bib = "@article{a,\n  author={A. B},\n  title={T},\n  journaltitle={J},\n  date={2021-13-40},\n}\n"
    publications, problems = build(tmp_path, bib)
    assert [p.line for p in problems] == [5]
    paper = publications.papers[0]
    assert paper.date is None or paper.date.year == 2021  # never a ValueError


def test_impossible_day_is_a_problem(tmp_path):
    publications, problems = build(tmp_path, inproceedings(extra="  month = feb,\n  day = {30},\n"))
    assert [(p.line, p.message.split()[0]) for p in problems] == [(7, "day")]
    assert publications.papers[0].date.isoformat() == "2022-02-01"


# DOI and URLs --------------------------------------------------------------------------------


def test_doi_written_as_a_url_is_used_with_a_warning_and_linked_once(tmp_path):
    for doi in ("https://doi.org/10.1145/3452296", "http://dx.doi.org/10.1145/3452296", "doi:10.1145/3452296"):
        publications, problems = build(tmp_path, inproceedings(extra=f"  doi = {{{doi}}},\n"))
        [paper] = publications.papers
        assert paper.doi == "10.1145/3452296"
        assert [link.url for link in paper.links if link.kind == "doi"] == ["https://doi.org/10.1145/3452296"]
        assert [(p.line, p.severity, p.message) for p in problems] == [
            (6, "warning", f"doi '{doi}' is a link, not a DOI: '10.1145/3452296' is used; write doi = {{10.1145/3452296}}")
        ]


def test_an_empty_doi_or_url_is_a_warning_and_no_link(tmp_path):
    publications, problems = build(tmp_path, inproceedings(extra="  doi = {},\n  url = {},\n"))
    assert [p.links for p in publications.papers] == [[]]
    assert [(p.line, p.severity, p.message) for p in problems] == [
        (6, "warning", "doi is empty; remove the field or give the DOI"),
        (7, "warning", "url is empty; the link is left out"),
    ]


def test_malformed_doi_is_a_problem_at_the_doi_line(tmp_path):
    publications, problems = build(tmp_path, inproceedings(extra="  doi = {3452296},\n"))
    assert [(p.path, p.line) for p in problems] == [("papers/main.bib", 6)]
    assert "not a DOI" in problems[0].message
    assert publications.papers[0].doi is None


def test_invalid_url_is_a_problem_at_the_field_or_key_line(tmp_path):
    bib = inproceedings(key="k", extra="  url = {www.example.org},\n")
    publications, problems = build(tmp_path, bib, {"k": "selected: true\ncode: ftp://example.org/x\n"})
    assert sorted((p.path, p.line) for p in problems) == [("papers/k.yml", 2), ("papers/main.bib", 6)]
    assert publications.papers[0].links == []


# Local files ---------------------------------------------------------------------------------


def test_local_file_from_yaml_is_linked_site_relative(tmp_path):
    paper = only(tmp_path, inproceedings(key="k"), {"k": "slides: files/slides.pdf\n"}, files=["files/slides.pdf"])
    assert paper.link("slides").url == "files/slides.pdf"
    assert paper.link("slides").is_local


def test_missing_local_file_is_a_problem_at_the_yaml_key_line(tmp_path):
    _, problems = build(tmp_path, inproceedings(key="k"), {"k": "selected: true\nslides: files/nope.pdf\n"})
    assert [(p.path, p.line) for p in problems] == [("papers/k.yml", 2)]
    assert "content/files/nope.pdf" in problems[0].message


def test_missing_local_file_from_bibtex_is_a_problem_at_the_field_line(tmp_path):
    _, problems = build(tmp_path, inproceedings(extra="  poster = {files/poster.pdf},\n"))
    assert [(p.path, p.line) for p in problems] == [("papers/main.bib", 6)]


def test_alfolio_pdf_name_is_found_in_assets_pdf(tmp_path):
    paper = only(tmp_path, inproceedings(extra="  pdf = {reframer.pdf},\n"), files=["assets/pdf/reframer.pdf"])
    assert paper.link("pdf").url == "assets/pdf/reframer.pdf"


def test_file_outside_content_is_not_accepted(tmp_path):
    (tmp_path / "secret.pdf").write_text("x")  # exists, but MkDocs would not publish it
    _, problems = build(tmp_path, inproceedings(key="k"), {"k": "pdf: ../secret.pdf\n"})
    assert [(p.path, p.line) for p in problems] == [("papers/k.yml", 1)]


def test_preview_is_a_picture_under_content(tmp_path):
    paper = only(tmp_path, inproceedings(key="k"), {"k": "preview: img/reframer.png\n"}, files=["img/reframer.png"])
    assert paper.preview == "img/reframer.png"
    assert [link.kind for link in paper.links] == []  # a picture beside the paper, not a link


def test_preview_from_another_host_is_left_out_with_a_warning(tmp_path):
    # Every visitor of the list would load it from that host.
    publications, problems = build(tmp_path, inproceedings(key="k"), {"k": "preview: https://cdn.example/a.png\n"})
    assert [(p.path, p.line, p.severity) for p in problems] == [("papers/k.yml", 1, "warning")]
    assert "must be a file under content/" in problems[0].message
    assert publications.papers[0].preview is None


def test_missing_preview_says_the_picture_is_left_out(tmp_path):
    publications, problems = build(tmp_path, inproceedings(extra="  preview = {nope.gif},\n"))
    assert [(p.path, p.line) for p in problems] == [("papers/main.bib", 6)]
    assert problems[0].message == (
        "preview: 'nope.gif' is not a file under content/ (looked for content/nope.gif and "
        "content/assets/img/publication_preview/nope.gif); the picture is left out"
    )
    assert publications.papers[0].preview is None


# Links ---------------------------------------------------------------------------------------


def test_links_come_in_the_fixed_order_whatever_the_yaml_order(tmp_path):
    yaml = "video: https://v.example/x\ncode: https://github.com/x/y\narxiv: '2101.01234'\n"
    paper = only(tmp_path, inproceedings(key="k", extra="  doi = {10.1145/x},\n  url = {https://e.org/p},\n"), {"k": yaml},
                 files=["files/k.pdf"])
    assert [link.kind for link in paper.links] == ["doi", "arxiv", "code", "video", "url"]


def test_yaml_wins_over_the_same_bibtex_field(tmp_path):
    bib = inproceedings(key="k", extra="  code = {https://old.example/code},\n  award = {Best Paper},\n  selected = {true},\n")
    paper = only(tmp_path, bib, {"k": "code: https://github.com/new\naward: Community Award\nselected: false\n"})
    assert [link.url for link in paper.links if link.kind == "code"] == ["https://github.com/new"]
    assert paper.awards == ["Community Award"]
    assert paper.selected is False


def test_alfolio_fields_in_bibtex_count_without_yaml(tmp_path):
    paper = only(tmp_path, inproceedings(extra="  code = {https://github.com/x},\n  award = {Best Paper},\n  selected = {true},\n"))
    assert paper.link("code").url == "https://github.com/x"
    assert paper.awards == ["Best Paper"]
    assert paper.selected is True


def test_an_alfolio_award_written_in_markdown_is_shown_as_its_text(tmp_path):
    award = "Albert Einstein received the **Nobel Prize in Physics** 1921 *for his services* & [more](https://x.org)"
    paper = only(tmp_path, inproceedings(extra=f"  award = {{{award}}},\n"))
    assert paper.awards == ["Albert Einstein received the Nobel Prize in Physics 1921 for his services & more"]
    paper = only(tmp_path, inproceedings(key="k"), {"k": "award: Best Paper (*runner-up*)\n"})
    assert paper.awards == ["Best Paper (runner-up)"]


def test_several_links_of_a_kind_are_numbered(tmp_path):
    paper = only(tmp_path, inproceedings(key="k"), {"k": "code: [https://a.example, https://b.example]\n"})
    assert [link.label for link in paper.links] == ["Code 1", "Code 2"]


# Required fields and `missing:` --------------------------------------------------------------


def test_required_field_absent_is_a_problem_at_the_entry_line(tmp_path):
    bib = "\n@inproceedings{a,\n  author = {A. B},\n  title = {T},\n  year = 2020,\n}\n"
    publications, problems = build(tmp_path, bib)
    assert [(p.path, p.line) for p in problems] == [("papers/main.bib", 2)]
    assert "'booktitle'" in problems[0].message
    assert len(publications.papers) == 1  # still a page: nothing dropped silently


def test_required_fields_depend_on_the_entry_type(tmp_path):
    _, problems = build(tmp_path, "@misc{a, title={T}}\n")
    assert problems == []
    _, problems = build(tmp_path, "@techreport{a, author={A. B}, title={T}, year=2020}\n")
    assert ["'institution'" in p.message for p in problems] == [True]
    _, problems = build(tmp_path, "@online{a, title={T}}\n")
    assert [p.message.split(" lacks ")[1].split(";")[0] for p in problems] == ["the required field 'doi' or 'eprint' or 'url'"]
    for locator in ("doi = {10.1000/x}", "eprint = {2101.01234}", "url = {https://x.example}"):
        for kind in ("online", "software", "dataset"):
            assert build(tmp_path, f"@{kind}{{a, title={{T}}, {locator}}}\n")[1] == []


def test_a_missing_required_field_is_a_warning_and_the_paper_is_shown(tmp_path):
    publications, problems = build(tmp_path, "@conference{a, author={A. B}, title={T}, year=2020}\n")
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "@conference{a} lacks the required field 'booktitle'; add it, or say why it is unknown under 'missing:' in papers/a.yml")
    ]
    assert [paper.title for paper in publications.papers] == ["T"]


def test_the_yaml_file_named_for_a_dblp_key_is_its_slug(tmp_path):
    _, problems = build(tmp_path, "@inproceedings{DBLP:conf/nsdi/KosticMG23, title={T}}\n")
    assert "under 'missing:' in papers/dblp-conf-nsdi-kosticmg23.yml" in problems[0].message


def test_an_unknown_entry_type_is_a_warning_and_shown_as_other(tmp_path):
    publications, problems = build(tmp_path, "@inproceeding{a, author={A. B}, title={T}, year=2020}\n")
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "unknown entry type '@inproceeding' (did you mean 'inproceedings'?); shown as 'other'")
    ]
    assert [paper.kind for paper in publications.papers] == ["other"]


def test_missing_acknowledges_an_absent_required_field(tmp_path):
    bib = "@article{k, author={A. B}, title={T}, journal={J}}\n"
    paper = only(tmp_path, bib, {"k": "missing:\n  year: in press\n"})
    assert paper.missing == {"year": "in press"}


def test_missing_may_name_any_field_of_the_required_group(tmp_path):
    # The problem says "'year' or 'date'": acknowledging the biblatex one must do as well.
    only(tmp_path, "@article{k, author={A. B}, title={T}, journal={J}}\n", {"k": "missing:\n  date: in press\n"})


def test_missing_naming_a_present_field_is_a_problem_at_its_line(tmp_path):
    yaml = "selected: true\nmissing:\n  author: unknown\n  year: not yet\n"
    _, problems = build(tmp_path, "@article{k, author={A. B}, title={T}, journal={J}}\n", {"k": yaml})
    assert [(p.path, p.line) for p in problems] == [("papers/k.yml", 3)]
    assert "missing.author" in problems[0].message


# extends -------------------------------------------------------------------------------------


TWO = inproceedings(key="conf20") + "@article{journal21, author={A. B}, title={T}, journal={J}, year=2021}\n"


def test_extends_derives_extended_by_on_the_other_paper(tmp_path):
    publications, problems = build(tmp_path, TWO, {"journal21": "extends: conf20\n"})
    assert problems == []
    by_key = publications.by_key()
    assert by_key["journal21"].extends == "conf20"
    assert by_key["conf20"].extended_by == ["journal21"]


def test_extends_an_unknown_key_is_a_problem_with_a_suggestion(tmp_path):
    _, problems = build(tmp_path, TWO, {"journal21": "selected: true\nextends: conf2O\n"})
    assert problems == [Problem("papers/journal21.yml", 2, "extends: no paper has the key 'conf2O' (did you mean 'conf20'?)")]


def test_a_paper_cannot_extend_itself(tmp_path):
    _, problems = build(tmp_path, TWO, {"journal21": "extends: journal21\n"})
    assert [(p.line, p.message) for p in problems] == [(1, "extends: a paper cannot extend itself")]


def test_yaml_for_a_key_without_entry_is_a_problem_with_a_suggestion(tmp_path):
    _, problems = build(tmp_path, TWO, {"conf2": "selected: true\n"})
    assert problems == [
        Problem(
            "papers/conf2.yml", 1, "no BibTeX entry has the key 'conf2' (did you mean 'conf20'? name the file papers/conf20.yml, or add `key: conf20` to it)"
        )
    ]


# Containers, order, authors ------------------------------------------------------------------


def test_crossref_parent_proceedings_is_a_container_not_a_paper(tmp_path):
    bib = """@inproceedings{child, author={A. B}, title={T}, crossref={nsdi22}}
@proceedings{nsdi22, title={Proc. NSDI}, booktitle={Proc. NSDI}, year=2022}
@proceedings{alone, title={Some proceedings}, year=2020}
"""
    publications, problems = build(tmp_path, bib)
    assert problems == []
    assert [paper.key for paper in publications.papers] == ["child", "alone"]
    assert [entry.key for entry in publications.containers] == ["nsdi22"]
    assert publications.papers[0].venue.name == "Proc. NSDI"  # inherited through crossref


def test_papers_are_newest_first_forthcoming_first_and_undated_last(tmp_path):
    bib = """@misc{old, title={T}, year=2019}
@misc{undated, title={T}}
@misc{inpress, title={T}}
@misc{march, title={T}, year=2022, month=mar}
@misc{december, title={T}, year=2022, month=dec}
@misc{noMonth, title={T}, year=2022}
"""
    publications, _ = build(tmp_path, bib, {"inpress": "missing:\n  year: in press\n"})
    papers = publications.papers
    assert [p.key for p in papers] == ["inpress", "noMonth", "december", "march", "old", "undated"]
    assert [p.year_label for p in papers] == ["Forthcoming", "2022", "2022", "2022", "2019", "Undated"]


def test_owner_is_marked_under_any_variant_and_people_get_their_links(tmp_path):
    bib = "@misc{a, title={T}, author={Barbette, T. and Dejan Kostic and Someone Else and others}}\n"
    site = config(people=[Person("Dejan Kostić", "https://kostic.example")])
    paper = only(tmp_path, bib, site=site)
    assert [(a.name, a.is_owner, a.url) for a in paper.authors] == [
        ("T. Barbette", True, None),
        ("Dejan Kostic", False, "https://kostic.example"),
        ("Someone Else", False, None),
    ]
    assert paper.authors_et_al is True


def test_editors_stand_in_for_missing_authors(tmp_path):
    paper = only(tmp_path, "@book{a, editor={Tom Barbette}, title={T}, publisher={P}, year=2020}\n")
    assert paper.authors == []
    assert [(a.name, a.is_owner) for a in paper.editors] == [("Tom Barbette", True)]


def test_pages_range_is_split(tmp_path):
    paper = only(tmp_path, inproceedings(extra="  pages = {807--827},\n"))
    assert (paper.pages, paper.first_page, paper.last_page) == ("807–827", "807", "827")
    paper = only(tmp_path, inproceedings(extra="  pages = {e12},\n"))
    assert (paper.pages, paper.first_page, paper.last_page) == ("e12", "e12", None)


def test_a_page_list_is_shown_whole_and_starts_at_its_first_page(tmp_path):
    paper = only(tmp_path, inproceedings(extra="  pages = {431--456, 791--823},\n"))
    assert (paper.pages, paper.first_page, paper.last_page) == ("431–456, 791–823", "431", None)


def test_pages_that_are_not_pages_are_shown_as_written_with_a_warning(tmp_path):
    publications, problems = build(tmp_path, inproceedings(extra="  pages = {to appear in vol. 3},\n"))
    [paper] = publications.papers
    assert (paper.pages, paper.first_page) == ("to appear in vol. 3", None)
    assert [(p.line, p.severity) for p in problems] == [(6, "warning")]


def test_entry_built_directly_works_without_the_loader(tmp_path):
    entry = BibEntry(
        key="x", entry_type="inproceedings", path="papers/x.bib", line=3,
        fields={"title": "T", "author": "A", "booktitle": "Workshop on X", "year": "2020"},
        text={"title": "T", "booktitle": "Workshop on X"}, authors=[Name(first="Tom", last="Barbette")],
    )
    publications, problems = build_publications([entry], {}, config(), tmp_path)
    assert problems == []
    [paper] = publications.papers
    assert (paper.kind, paper.year, paper.authors[0].is_owner) == ("workshop", 2020, True)


def test_yaml_file_matches_its_key_in_any_case_as_bibtex_keys_do(tmp_path):
    paper = only(tmp_path, inproceedings(key="Barbette2022Reframer"), {"barbette2022reframer": "selected: true\n"})
    assert paper.selected


def test_two_yaml_files_for_the_same_paper_are_reported(tmp_path):
    _, problems = build(tmp_path, inproceedings(key="a22"), {"a22": "selected: true\n", "A22": "topics: [x]\n"})
    assert [p.message for p in problems] == ["papers/A22.yml is for the same paper ('a22'): merge the two"]


def test_arxiv_eprint_from_bibtex_is_checked(tmp_path):
    good = 'eprint = {arXiv:2101.01234v2},\n  archiveprefix = {arXiv},\n'
    assert only(tmp_path, inproceedings(extra="  " + good)).arxiv == "2101.01234v2"
    _, problems = build(tmp_path, inproceedings(extra="  eprint = {21.0123},\n  archiveprefix = {arXiv},\n"))
    assert [(p.line, p.message) for p in problems] == [(6, "eprint '21.0123' is not an arXiv identifier (such as 2101.01234); left out")]


def test_a_web_page_or_publisher_link_is_named_by_its_host(tmp_path):
    paper = only(tmp_path, inproceedings(extra="  url = {https://ieeexplore.ieee.org/document/9503101},\n"
                                               "  html = {https://kth.diva-portal.org/smash/record.jsf?pid=diva2:1},\n"))
    assert {(link.kind, link.label) for link in paper.links} == {("url", "IEEE Xplore"), ("html", "DiVA record")}
    paper = only(tmp_path, inproceedings(extra="  url = {https://example.org/paper},\n"))
    assert [(link.kind, link.label) for link in paper.links] == [("url", "Web page")]


def test_the_three_export_bugs_of_issue_19(tmp_path):
    """A real lab file's @inproceedings with a `journal` (the city) too; a book's publisher;
    BibTeX's own `\\noopsort` year (xampl.bib)."""
    from researchsite.generate.exports import csl_item, ris_record

    papers, _ = build(tmp_path, r"""
@inproceedings{lab, author = {A. Author}, title = {T}, booktitle = {Proceedings of NSDI},
  journal = {Renton, WA}, year = 2022}
@book{knuth, author = {Donald E. Knuth}, title = {Seminumerical Algorithms}, publisher = {Addison-Wesley},
  year = "{\noopsort{1973c}}1981"}
@manual{chips, title = {The Chips Manual}, organization = {Chips-R-Us}, year = 1986}
""")
    by_key = {paper.key: paper for paper in papers.papers}
    assert csl_item(by_key["lab"])["container-title"] == "Proceedings of NSDI"
    knuth = csl_item(by_key["knuth"])
    assert (knuth.get("container-title"), knuth["publisher"], knuth["issued"]) == (None, "Addison-Wesley", {"date-parts": [[1981]]})
    assert "PB  - Addison-Wesley" in ris_record(by_key["knuth"]) and "T2  -" not in ris_record(by_key["knuth"])
    chips = csl_item(by_key["chips"])
    assert (chips.get("container-title"), chips["publisher"]) == (None, "Chips-R-Us")

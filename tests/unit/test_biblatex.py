"""biblatex as Zotero (Better BibTeX) and biber users write it: dates, title parts, types,
editors and translators, and the one venue line every page and announcement shares."""

from __future__ import annotations

import pytest

from researchsite.generate.venue import venue_line, venue_text

from test_papers import build, only


def shown(paper) -> str:
    return ", ".join(part.text for part in venue_line(paper))


@pytest.mark.parametrize(
    "date, parts",
    [
        ("2004", (2004, None, None)),
        ("2004-05", (2004, 5, None)),
        ("2004-05-17", (2004, 5, 17)),
        ("2004-05-17/2004-05-20", (2004, 5, 17)),  # a range: its start dates the paper
        ("1984/1986", (1984, None, None)),
        ("2004/..", (2004, None, None)),
        ("2020-03-17T10:22:31Z", (2020, 3, 17)),  # Better BibTeX keeps Zotero's time
        ("2004~", (2004, None, None)),  # EDTF: approximately
        ("-0379-02", (-379, 2, None)),  # 380 BCE, astronomical as biber keeps it
        ("199X", (1990, None, None)),  # unspecified digits: the decade
        ("1999-XX", (1999, 1, None)),
        ("/1997", (1997, None, None)),  # an open start: the end dates it
        ("../1997", (1997, None, None)),
        ("2004-22", (2004, None, None)),  # summer: a season, not month 22
    ],
)
def test_date_gives_year_month_and_day(tmp_path, date, parts):
    paper = only(tmp_path, f"@online{{a, title={{T}}, url={{https://x.example}}, date={{{date}}}}}\n")
    assert (paper.year, paper.month, paper.day) == parts


def test_date_wins_over_year_and_a_bad_one_is_a_warning(tmp_path):
    assert only(tmp_path, "@misc{a, title={T}, year={2019}, date={2020-02}}\n").month == 2
    publications, problems = build(tmp_path, "@misc{a, title={T}, date={spring 2020}}\n")
    assert publications.papers[0].year is None
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "date 'spring 2020' is not of the form YYYY, YYYY-MM, YYYY-MM-DD or a range of them")
    ]


def test_subtitle_and_titleaddon_are_part_of_the_title(tmp_path):
    paper = only(tmp_path, "@book{a, author={A. B}, title={Earl}, subtitle={The Orkney Earldom}, "
                           "titleaddon={A Musicological Study}, year=1985}\n")
    assert paper.title == "Earl: The Orkney Earldom. A Musicological Study"


def test_booksubtitle_and_journaltitle_name_the_venue(tmp_path):
    paper = only(tmp_path, "@incollection{a, author={A. B}, title={T}, booktitle={Space and Beyond}, "
                           "booksubtitle={The Frontier Theme}, year=2000}\n")
    assert paper.venue.name == "Space and Beyond: The Frontier Theme"
    paper = only(tmp_path, "@article{a, author={A. B}, title={T}, journaltitle={J. Org. Chem.}, date={2006}}\n")
    assert (paper.kind, paper.venue.name, paper.year) == ("journal", "J. Org. Chem.", 2006)


def test_editors_are_shown_as_editors_and_translators_apart(tmp_path):
    paper = only(tmp_path, "@book{a, editor={Ann Editor and Bob Editor}, translator={Tim Translator}, "
                           "title={T}, year=2000}\n")
    assert paper.authors == []
    assert [person.name for person in paper.editors] == ["Ann Editor", "Bob Editor"]
    assert [person.name for person in paper.translators] == ["Tim Translator"]


@pytest.mark.parametrize(
    "bib, line",
    [
        # a report's type and number, said once
        ("@techreport{a, author={A. B}, title={T}, institution={MIT}, number={42}, year=2020}",
         "MIT, Technical Report 42, 2020"),
        ("@report{a, author={A. B}, title={T}, institution={IBM}, type={resreport}, number={RC-6947}, date={1978}}",
         "IBM, Research Report RC-6947, 1978"),
        # an RFC as the RFC Editor exports it, and as a report
        ("@misc{a, author={A. B}, title={T}, howpublished={RFC 8457}, series={Request for Comments}, number={8457}, "
         "publisher={RFC Editor}, year=2018, month=sep}",
         "RFC 8457, RFC Editor, September 2018"),
        ("@techreport{a, author={A. B}, title={T}, institution={IETF}, type={RFC}, number={8457}, year=2018}",
         "IETF, RFC 8457, 2018"),
        # theses say what they are first
        ("@phdthesis{a, author={A. B}, title={T}, school={KTH}, year=2016}", "PhD thesis, KTH, 2016"),
        ("@thesis{a, author={A. B}, title={T}, institution={MIT}, type={mathesis}, date={1992}}",
         "Master's thesis, MIT, 1992"),
        ("@thesis{a, author={A. B}, title={T}, institution={ETH}, type={Habilitation}, date={2001}}",
         "Habilitation, ETH, 2001"),
        ("@patent{a, author={A. B}, title={T}, number={5668842}, type={patentus}, date={1997-09-16}}",
         "U.S. patent 5668842, September 1997"),
        # a page list, whole; no leading comma without a venue; a book's publisher once
        ("@article{a, author={A. B}, title={T}, journal={J}, volume={7}, pages={431--456, 791--823}, year=2001}",
         "J, vol. 7, pp. 431–456, 791–823, 2001"),
        ("@misc{a, author={A. B}, title={T}, volume={3}, pages={5}, year=2001}", "vol. 3, p. 5, 2001"),
        ("@book{a, author={A. B}, title={T}, publisher={MIT Press}, year=2001}", "MIT Press, 2001"),
        ("@inproceedings{a, author={A. B}, title={T}, booktitle={NSDI}, publisher={USENIX}, year=2022, month=apr}",
         "NSDI, USENIX, April 2022"),
        ("@misc{a, author={A. B}, title={T}, eprint={2101.01234}, archiveprefix={arXiv}, year=2021}",
         "arXiv:2101.01234, 2021"),
        # a venue that names its year does not get it again ("NSDI '22 2022"); the month stays
        ("@inproceedings{a, author={A. B}, title={T}, booktitle={2021 IEEE 22nd International Conference on High "
         "Performance Switching and Routing (HPSR)}, year=2021}",
         "2021 IEEE 22nd International Conference on High Performance Switching and Routing (HPSR)"),
        ("@inproceedings{a, author={A. B}, title={T}, booktitle={NSDI '22}, year=2022, month=apr}", "NSDI '22, April"),
        ("@inproceedings{a, author={A. B}, title={T}, booktitle={Proceedings of SIGCOMM 2020}, pages={1--9}, year=2020}",
         "Proceedings of SIGCOMM 2020, pp. 1–9"),
        # a bare number is an edition, not the year
        ("@inproceedings{a, author={A. B}, title={T}, booktitle={NSDI 22}, year=2022}", "NSDI 22, 2022"),
        # a field that ends in a separator of its own (al-folio's example)
        ("@article{a, author={A. B}, title={T}, journal={Phys. Rev.}, publisher={American Physical Society,}, year=1935}",
         "Phys. Rev., American Physical Society, 1935"),
    ],
)
def test_the_venue_line_says_each_thing_once_in_order(tmp_path, bib, line):
    assert shown(only(tmp_path, bib + "\n")) == line


def test_venue_text_puts_the_short_name_first(tmp_path):
    paper = only(tmp_path, "@inproceedings{a, author={A. B}, title={T}, booktitle={Proceedings of the 19th USENIX "
                           "Symposium on Networked Systems Design and Implementation}, year=2022}\n")
    assert venue_text(paper) == ("NSDI '22 · Proceedings of the 19th USENIX Symposium on Networked Systems Design "
                                 "and Implementation, 2022")


def test_a_set_has_no_page_its_members_have_theirs(tmp_path):
    bib = ("@set{s, entryset={a,b}}\n@article{a, author={A. B}, title={One}, journal={J}, year=2001}\n"
           "@article{b, author={A. B}, title={Two}, journal={J}, year=2001}\n")
    publications, problems = build(tmp_path, bib)
    assert problems == []
    assert sorted(paper.key for paper in publications.papers) == ["a", "b"]
    assert [entry.key for entry in publications.sets] == ["s"]
    _, problems = build(tmp_path, "@set{s, entryset={a,nowhere}}\n@article{a, author={A. B}, title={One}, journal={J}, year=2001}\n")
    assert [(p.severity, p.message) for p in problems] == [("warning", "entryset: no entry has the key 'nowhere'")]


def test_an_entry_without_a_title_still_has_something_to_click(tmp_path):
    publications, problems = build(tmp_path, "@phdthesis{a, author={A. B}, school={KTH}, year=2016}\n")
    assert publications.papers[0].heading == "Untitled PhD thesis"
    assert [p.severity for p in problems] == ["warning"]


def test_and_and_and_others_in_the_middle_are_warnings_and_every_name_is_kept(tmp_path):
    from researchsite.load.bibtex import load_bibliography

    (tmp_path / "papers").mkdir(exist_ok=True)
    (tmp_path / "papers" / "main.bib").write_text("@misc{a, title={T}, author={A. One and and B. Two and others and C. Three}}\n")
    entries, problems = load_bibliography([tmp_path / "papers" / "main.bib"], tmp_path)
    assert [(p.severity, p.message.split(":")[0]) for p in problems] == [("warning", "author"), ("warning", "author")]
    [entry] = entries
    assert [name.display for name in entry.authors] == ["A. One", "B. Two", "C. Three"] and entry.authors_et_al


@pytest.mark.parametrize(
    ("date_format", "named", "unnamed"),
    [("d MMMM y", "NSDI '22, April", "USENIX NSDI, April 2022"), ("MMM y", "NSDI '22, Apr", "USENIX NSDI, Apr 2022"),
     ("dd.MM.y", "NSDI '22", "USENIX NSDI, 04.2022")],
)
def test_the_venue_lines_date_follows_the_sites_date_format(tmp_path, date_format, named, unnamed):
    for venue, line in (("NSDI '22", named), ("USENIX NSDI", unnamed)):
        paper = only(tmp_path, f"@inproceedings{{a, author={{A. B}}, title={{T}}, booktitle={{{venue}}}, year=2022, month=apr}}\n")
        assert ", ".join(part.text for part in venue_line(paper, date_format)) == line


def test_a_range_of_years_shows_its_end_and_a_season_is_no_warning(tmp_path):
    paper = only(tmp_path, "@book{a, author={A. B}, title={T}, publisher={P}, date={1988/1992}}\n")
    assert (paper.year, paper.end_year) == (1988, 1992)
    assert shown(paper).endswith("1988–1992")
    same = only(tmp_path, "@book{a, author={A. B}, title={T}, publisher={P}, date={2002-01/2002-02}}\n")
    assert (same.end_year, shown(same).endswith("January 2002")) == (None, True)
    only(tmp_path, "@misc{a, title={T}, date={2004-22}}\n")  # `only` asserts no problem at all

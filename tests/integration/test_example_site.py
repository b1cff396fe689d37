"""The example site, built by the real mkdocs: every entry has its page, head tags and exports."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import bibtexparser
import pytest
import rispy

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, run_mkdocs  # noqa: E402
from sitecheck import broken_links, json_ld, meta, orphans, parse, text  # noqa: E402


def entry_keys() -> list[str]:
    keys = []
    for bib in sorted((REPO / "papers").glob("*.bib")):
        keys += re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", bib.read_text(), flags=re.MULTILINE)
    return keys


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run_mkdocs(REPO, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return out


def test_every_entry_has_exactly_one_page(site):
    keys = entry_keys()
    assert len(keys) == 7
    pages = sorted(p.parent.name for p in (site / "publications").glob("*/index.html"))
    assert pages == sorted(keys)


def test_publication_list_is_grouped_by_year_newest_first(site):
    tree = parse(site / "publications" / "index.html")
    headings = [text(h).rstrip("¶").strip() for h in tree.iter("h2")]
    assert headings == ["Forthcoming", "2022", "2021", "2020", "2018"]  # Metron TOCS: missing.year
    items = [li for li in tree.iter("li") if li.get("class") == "rs-paper"]
    assert len(items) == 7
    packet = next(li for li in items if li.get("id") == "ghasemirahni2022packet")
    assert packet.get("data-kind") == "conference"
    assert "Community Award" in text(packet)
    assert "NSDI '22" in text(packet)
    owner = [text(s) for s in packet.iter("strong") if s.get("class") == "rs-owner"]
    assert owner == ["Tom Barbette"]
    links = {text(a): a.get("href") for a in packet.iter("a")}
    assert links["Code"] == "https://github.com/hamidgh09/Reframer"
    assert links["Slides"].endswith("nsdi22_slides_ghasemirahni.pdf")
    assert links["Alireza Farshin"] == "https://aliireza.github.io/"


def test_filters_offer_only_kinds_and_topics_that_exist(site):
    tree = parse(site / "publications" / "index.html")
    options = {s.get("name"): [o.get("value") for o in s.iter("option")] for s in tree.iter("select")}
    assert options["kind"] == ["", "journal", "conference"]
    assert "load-balancing" in options["topic"]
    assert options["year"] == ["", "Forthcoming", "2022", "2021", "2020", "2018"]
    # Not "q": Material's search opens itself with that one.
    assert [i.get("name") for i in tree.iter("input") if i.get("type") == "search"] == ["text"]
    form = next(f for f in tree.iter("form") if f.get("class") == "rs-filter")
    # Shown from the first paint when scripts run (a class set in <head>, so that the list does not
    # move when the deferred scripts start); without them, not shown, and every paper is listed.
    assert form.get("hidden") is None
    assert '<script>document.documentElement.classList.add("rs-js")</script>' in (site / "publications" / "index.html").read_text()
    assert "html:not(.rs-js) .rs-filter" in (site / "assets" / "stylesheets" / "researchsite.css").read_text()


def test_a_row_reads_without_javascript_abstract_and_bibtex_open_in_place(site):
    tree = parse(site / "publications" / "index.html")
    rows = {li.get("id"): li for li in tree.iter("li") if li.get("class") == "rs-paper"}
    packet = rows["ghasemirahni2022packet"]
    toggles = {text(d.find("summary")): d for d in packet.iter("details")}
    assert list(toggles) == ["Abstract", "BibTeX"]
    assert "Reframer" in text(toggles["Abstract"])
    bibtex = text(next(toggles["BibTeX"].iter("pre")))
    assert bibtex.startswith("@inproceedings{ghasemirahni2022packet,") and "abstract" not in bibtex
    pre = next(toggles["BibTeX"].iter("pre"))
    assert pre.get("tabindex") == "0"  # it scrolls: the keyboard reaches it
    # An entry without an abstract has no empty toggle.
    assert [text(d.find("summary")) for d in rows["barbette2022cheetah"].iter("details")] == ["BibTeX"]


def test_the_link_to_read_the_paper_comes_first_and_the_badge_has_its_kinds_colour(site):
    tree = parse(site / "publications" / "index.html")
    rows = {li.get("id"): li for li in tree.iter("li") if li.get("class") == "rs-paper"}
    links = [a for a in rows["barbette2021combined"].iter("a") if "rs-link" in (a.get("class") or "")]
    assert text(links[0]) == "PDF" and "rs-link--read" in links[0].get("class")
    badge = next(s for s in rows["barbette2021combined"].iter("span") if s.get("class") == "rs-venue-short")
    assert text(badge) == "IEEE/ACM ToN"
    assert badge.get("style") == "background-color: #1b6e3a; color: #ffffff"  # a journal's green
    # Topics link to the list filtered by them.
    topics = {text(a): a.get("href") for a in rows["barbette2021combined"].iter("a") if a.get("class") == "rs-topic"}
    assert topics["packet processing"] == "./?topic=packet-processing"
    # Selected papers carry a star, named for screen readers.
    star = next(s for s in rows["barbette2021combined"].iter("span") if s.get("class") == "rs-selected")
    assert "Selected publication" in text(star)


def test_paper_page_carries_scholar_tags_json_ld_and_open_graph(site):
    tree = parse(site / "publications" / "barbette2021combined" / "index.html")
    assert meta(tree, "citation_title") == [
        "Combined Stateful Classification and Session Splicing for High-Speed NFV Service Chaining"
    ]
    assert meta(tree, "citation_author") == ["Barbette, Tom", "Soldani, Cyril", "Mathy, Laurent"]
    assert meta(tree, "citation_publication_date") == ["2021/12"]
    assert meta(tree, "citation_journal_title") == ["IEEE/ACM Transactions on Networking"]
    assert meta(tree, "citation_volume") == ["29"]
    assert meta(tree, "citation_issue") == ["6"]
    assert meta(tree, "citation_firstpage") == ["2560"]
    assert meta(tree, "citation_lastpage") == ["2573"]
    assert meta(tree, "citation_doi") == ["10.1109/TNET.2021.3099240"]
    assert meta(tree, "citation_pdf_url") == ["https://www.diva-portal.org/smash/record.jsf?pid=diva2%3A1582880"]
    (data,) = json_ld(tree)
    assert data["@type"] == "ScholarlyArticle"
    assert [a["name"] for a in data["author"]] == ["Tom Barbette", "Cyril Soldani", "Laurent Mathy"]
    assert data["datePublished"] == "2021-12"
    assert data["isPartOf"] == {"@type": "Periodical", "name": "IEEE/ACM Transactions on Networking"}
    assert data["identifier"]["value"] == "10.1109/TNET.2021.3099240"
    assert data["url"] == "https://perso.uclouvain.be/tom.barbette/publications/barbette2021combined/"
    assert meta(tree, "og:type") == ["article"]


def test_conference_paper_uses_the_conference_tag_and_its_abstract_as_description(site):
    tree = parse(site / "publications" / "ghasemirahni2022packet" / "index.html")
    assert meta(tree, "citation_conference_title") == [
        "19th USENIX Symposium on Networked Systems Design and Implementation (NSDI 22)"
    ]
    assert meta(tree, "citation_journal_title") == []
    assert len(meta(tree, "citation_author")) == 9
    assert meta(tree, "citation_author")[-1] == "Kostić, Dejan"
    (description,) = meta(tree, "description")
    assert description.startswith("Data centers increasingly deploy commodity servers")
    assert len(description) <= 160
    abstract = text(next(d for d in tree.iter("div") if d.get("class") == "rs-abstract"))
    assert "µs-scale delays" in abstract and "84%" in abstract


def test_extended_versions_link_both_ways(site):
    journal = parse(site / "publications" / "barbette2022cheetah" / "index.html")
    conference = parse(site / "publications" / "barbette2020cheetah" / "index.html")
    aside = next(a for a in journal.iter("aside"))
    assert "Extended version of" in text(aside)
    assert [a.get("href") for a in aside.iter("a")] == ["../barbette2020cheetah/"]
    aside = next(a for a in conference.iter("aside"))
    assert "Extended in" in text(aside)
    assert [a.get("href") for a in aside.iter("a")] == ["../barbette2022cheetah/"]


def test_paper_page_shows_its_bibtex_without_site_only_fields(site):
    tree = parse(site / "publications" / "ghasemirahni2022packet" / "index.html")
    code = text(next(c for c in tree.iter("code") if "@inproceedings" in text(c)))
    assert "ghasemirahni2022packet" in code
    assert "award" not in code and "github.com/hamidgh09" not in code
    exported = (site / "publications" / "ghasemirahni2022packet" / "ghasemirahni2022packet.bib").read_text()
    library = bibtexparser.parse_string(exported)
    assert [e.key for e in library.entries] == ["ghasemirahni2022packet"]
    assert not library.failed_blocks


def test_the_bibtex_shown_leaves_the_abstract_to_the_page_and_the_download_keeps_it(site):
    folder = site / "publications" / "ghasemirahni2022packet"
    tree = parse(folder / "index.html")
    code = text(next(c for c in tree.iter("code") if "@inproceedings" in text(c)))
    assert "abstract" not in code and "Abstract" in text(tree.find(".//article"))
    download = bibtexparser.parse_string((folder / "ghasemirahni2022packet.bib").read_text())
    assert "abstract" in download.entries[0].fields_dict


def test_a_web_page_link_is_named_by_where_it_goes(site):
    tree = parse(site / "publications" / "barbette2020cheetah" / "index.html")
    labels = {text(a) for a in tree.iter("a") if "rs-link" in (a.get("class") or "")}
    assert "USENIX page" in labels and "Web page" not in labels


def test_whole_list_exports_hold_every_paper(site):
    keys = sorted(entry_keys())
    library = bibtexparser.parse_string((site / "publications" / "all.bib").read_text())
    assert sorted(e.key for e in library.entries) == keys
    csl = json.loads((site / "publications" / "all.json").read_text())
    assert sorted(item["id"] for item in csl) == keys
    records = rispy.loads((site / "publications" / "all.ris").read_text())
    assert len(records) == len(keys)


def test_home_page_shows_profile_own_words_and_selected_papers(site):
    tree = parse(site / "index.html")
    assert text(next(tree.iter("h1"))).rstrip("¶") == "Tom Barbette"
    # The profile's links are icons named for screen readers; "Home page" would be this very site.
    profile = next(e for e in tree.iter("section") if e.get("class") == "rs-profile")
    links = {a.get("aria-label"): a for a in profile.iter("a") if "rs-profile__link" in (a.get("class") or "")}
    assert list(links) == ["GitHub"]
    assert links["GitHub"].get("href") == "https://github.com/tbarbette"
    assert re.search(r'<a [^>]*aria-label="GitHub"[^>]*><span class="twemoji"><svg ', (site / "index.html").read_text())
    # No photo in site.yml: a neutral placeholder, no broken image.
    assert not [img for img in profile.iter("img")]
    body = text(tree.find(".//article"))
    assert "Assistant Professor" in body and "UCLouvain" in body
    assert "I maintain FastClick" in body
    selected = [li.get("id") for li in tree.iter("li") if li.get("class") == "rs-paper"]
    assert sorted(selected) == sorted(
        ["ghasemirahni2022packet", "barbette2021combined", "barbette2020cheetah", "katsikas2018metron"]
    )
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert "publications/ghasemirahni2022packet/" in hrefs


def test_a_homepage_has_no_documentation_sidebar_but_tabs_and_a_footer(site):
    for page in ("index.html", "publications/index.html", "publications/ghasemirahni2022packet/index.html"):
        html = (site / page).read_text()
        tree = parse(site / page)
        sidebar = next(div for div in tree.iter("div") if "md-sidebar--primary" in (div.get("class") or ""))
        assert sidebar.get("hidden") is not None, page
        assert 'class="md-tabs"' in html, page  # the sections as header tabs
        footer = text(next(e for e in tree.iter("footer")))
        assert re.search(r"© \d{4} Tom Barbette · Last updated \d{1,2} \w+ \d{4}", footer), footer
        assert "Made with Material for MkDocs" in " ".join(footer.split())


def test_no_internal_link_is_broken(site):
    assert broken_links(site, base_path="/tom.barbette/") == []


def test_nothing_is_loaded_from_another_host(site):
    for page in site.rglob("*.html"):
        tree = parse(page)
        for element in (e for e in tree.iter() if e.tag in ("script", "link", "img")):
            url = element.get("src") or (element.get("href") if element.tag == "link" else None)
            if element.tag == "link" and element.get("rel") in ("canonical", "alternate"):
                continue
            assert not url or "://" not in url, f"{page}: {element.tag} loads {url}"


def test_no_source_maps_or_unused_search_languages_are_shipped(site):
    assert list(site.rglob("*.map")) == []
    # English needs no lunr language file: Material's worker imports them for other languages only.
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    assert (site / "assets" / "javascripts" / "workers").is_dir()
    assert (site / "search" / "search_index.json").is_file()


def test_two_builds_of_the_same_sources_are_identical(tmp_path):
    """Reproducible: the only date a build writes of its own is SOURCE_DATE_EPOCH's (make sets it)."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_mkdocs(REPO, first, SOURCE_DATE_EPOCH="1700000000").returncode == 0
    assert run_mkdocs(REPO, second, SOURCE_DATE_EPOCH="1700000000").returncode == 0
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    different = [str(name) for name in files if (first / name).read_bytes() != (second / name).read_bytes()]
    assert different == []
    assert "Tue, 14 Nov 2023" in (first / "feed_rss_created.xml").read_text()


def test_robots_txt_points_at_the_sitemap(site):
    robots = (site / "robots.txt").read_text()
    assert "Sitemap: https://perso.uclouvain.be/tom.barbette/sitemap.xml" in robots
    sitemap = (site / "sitemap.xml").read_text()
    assert "https://perso.uclouvain.be/tom.barbette/publications/ghasemirahni2022packet/" in sitemap
    assert (site / "404.html").is_file()


def test_every_page_has_a_description_and_a_link_preview_image(site):
    for page in site.rglob("*.html"):
        tree = parse(page)
        assert meta(tree, "description") and meta(tree, "description")[0], page
        assert meta(tree, "og:image") == ["https://perso.uclouvain.be/tom.barbette/assets/images/social-card.png"], page
        assert tree.get("lang") == "en"
    assert (site / "assets" / "images" / "social-card.png").is_file()


def test_no_page_is_an_orphan(site):
    assert orphans(site, base_path="/tom.barbette/") == []


def test_a_page_nothing_links_to_is_found_as_an_orphan(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "content" / "forgotten.md").write_text("# Forgotten\n\nNo page links here.\n")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert orphans(tmp_path / "out", base_path="/tom.barbette/") == ["forgotten/index.html"]


def test_the_tutorials_list_renders_the_summaries_markdown(site):
    tree = parse(site / "tutorials" / "index.html")
    assert "mptcpize" in [text(code) for code in tree.iter("code")]
    assert "`" not in text(tree.find(".//article"))


# What every date of the site reads as, under a numeric date_format and a month-only one: the
# home's news, a post, the news list, the CV (page and PDF: its months shortened, to keep a
# period on one line), a venue line, the talks (under their year's heading, without it; a month
# known alone is named there, as "04" under "2022" would read as a day).
DATES = {
    "dd.MM.y": {
        "news": "15.06.2022", "award post": "07.04.2022", "position": "09.2022 – present", "post-doc": "until 08.2022",
        "award": "04.2022", "venue": "04.2022", "talk": "April", "paper's talk": "04.2022",
    },
    "MMM y": {
        "news": "Jun 2022", "award post": "Apr 2022", "position": "Sep 2022 – present", "post-doc": "until Aug 2022",
        "award": "Apr 2022", "venue": "Apr 2022", "talk": "Apr", "paper's talk": "Apr 2022",
    },
}


@pytest.mark.parametrize("date_format", list(DATES))
def test_every_date_a_visitor_reads_follows_the_sites_date_format(new_site, tmp_path, date_format):
    import pypdf

    expected = DATES[date_format]
    project = new_site(with_example_papers=True)
    site_yml = project / "site_config" / "site.yml"
    site_yml.write_text(site_yml.read_text() + f"date_format: {date_format}\n")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out"

    def times(page: str, within: str | None = None) -> list[str]:
        tree = parse(site / page)
        roots = [e for e in tree.iter() if within in (e.get("class") or "").split()] if within else [tree]
        return [text(time) for root in roots for time in root.iter("time")]

    home = [text(time) for row in parse(site / "index.html").iter("tr") for time in row.iter("time")]
    assert home[0] == expected["news"]  # the home's news table, newest first
    # The citation counts' date too (the recorded counts were read on 7 December 2026).
    assert {"dd.MM.y": "07.12.2026", "MMM y": "Dec 2026"}[date_format] in times("index.html")
    assert times("news/index.html", "rs-post-row")[0] == expected["news"]
    award_post = "news/2022/04/07/packet-order-matters-won-the-nsdi-22-community-award/index.html"
    assert times(award_post, "rs-post-meta")[0] == expected["award post"]
    cv_page = text(parse(site / "cv" / "index.html"))
    for what in ("position", "post-doc", "award"):
        assert expected[what] in cv_page, what
    pdf = " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(site / "cv.pdf").pages)
    for what in ("position", "post-doc", "award"):
        assert expected[what] in pdf, what
    packet = next(li for li in parse(site / "publications" / "index.html").iter("li") if li.get("id") == "ghasemirahni2022packet")
    assert [text(time) for span in packet.iter("span") if span.get("class") == "rs-paper__venue" for time in span.iter("time")] == [expected["venue"]]
    assert times("talks/index.html", "rs-talk__date")[-1] == expected["talk"]  # NSDI '22, April 2022
    paper = "publications/ghasemirahni2022packet/index.html"
    assert times(paper, "rs-paper__venue") == [expected["venue"]]
    assert times(paper, "rs-talk__date") == [expected["paper's talk"]]
    assert text(parse(site / paper)).count(f"Award!, {expected['award post']}") == 1  # In the news

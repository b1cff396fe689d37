"""pages.py helpers: relative links in both URL styles, rich text with math, fences, slugs, badges, project tiles, dates."""

from __future__ import annotations

from datetime import date

import pytest

from researchsite.generate.pages import TILE_HUES, Urls, VenueBadge, initials, project_tile, tile_colour, venue_badge
from researchsite.generate.text import day_text, fence, readable_on, rich_text, slug, without_year
from researchsite.structure.activities import ResearchProject
from researchsite.structure.paper import KIND_COLOURS, Paper, Venue
from researchsite.structure.site import Owner, SiteConfig

HOME, LIST, PAPER, OTHER = "index.md", "publications/index.md", "publications/x.md", "publications/y.md"
FILE = "files/a.pdf"


def targets(urls: Urls) -> dict[str, str]:
    """Where each kind of page or file is, as templates name them."""
    return {"home": "", "list": "publications/", "paper": urls.page(PAPER), "other": urls.page(OTHER), "file": FILE}


DIRECTORY_URLS = {
    HOME: {"home": "./", "list": "publications/", "paper": "publications/x/", "other": "publications/y/",
           "file": "files/a.pdf"},
    LIST: {"home": "../", "list": "./", "paper": "x/", "other": "y/", "file": "../files/a.pdf"},
    PAPER: {"home": "../../", "list": "../", "paper": "./", "other": "../y/", "file": "../../files/a.pdf"},
}

# use_directory_urls: false is for browsing the built site from disk, where a folder link opens
# no index.html: every link to a page names its .html file, as MkDocs' own links do.
FILE_URLS = {
    HOME: {"home": "index.html", "list": "publications/index.html", "paper": "publications/x.html",
           "other": "publications/y.html", "file": "files/a.pdf"},
    LIST: {"home": "../index.html", "list": "index.html", "paper": "x.html", "other": "y.html",
           "file": "../files/a.pdf"},
    PAPER: {"home": "../index.html", "list": "index.html", "paper": "x.html", "other": "y.html",
            "file": "../files/a.pdf"},
}


@pytest.mark.parametrize("from_page", [HOME, LIST, PAPER])
def test_relative_links_with_directory_urls(from_page):
    urls = Urls(directory_urls=True)
    got = {name: urls.relative(from_page, target) for name, target in targets(urls).items()}
    assert got == DIRECTORY_URLS[from_page]


@pytest.mark.parametrize("from_page", [HOME, LIST, PAPER])
def test_relative_links_without_directory_urls(from_page):
    urls = Urls(directory_urls=False)
    got = {name: urls.relative(from_page, target) for name, target in targets(urls).items()}
    assert got == FILE_URLS[from_page]


def test_page_urls_are_those_mkdocs_gives():
    assert [Urls(True).page(p) for p in (HOME, LIST, PAPER)] == ["", "publications/", "publications/x/"]
    assert [Urls(False).page(p) for p in (HOME, LIST, PAPER)] == [
        "index.html", "publications/index.html", "publications/x.html"]


def test_absolute_urls_need_a_site_url_and_join_with_one_slash():
    assert Urls(site_url="https://e.org/me").absolute("publications/x/") == "https://e.org/me/publications/x/"
    assert Urls(site_url="https://e.org/me/").absolute("files/a.pdf") == "https://e.org/me/files/a.pdf"
    assert Urls(site_url=None).absolute("files/a.pdf") is None
    assert Urls(site_url="").absolute("files/a.pdf") is None


# rich_text -----------------------------------------------------------------------------------


def test_rich_text_escapes_html():
    assert str(rich_text('<script>alert("x")</script> & co')) == (
        "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co")


def test_rich_text_renders_math_as_mathml():
    html = str(rich_text("Sorting in $O(n^2)$ time <fast>"))
    assert html.startswith("Sorting in <math")
    assert "<msup>" in html and html.endswith(" time &lt;fast&gt;")
    assert "$" not in html


def test_rich_text_leaves_an_unparsable_formula_as_escaped_source():
    assert str(rich_text(r"a $\frac{$ <b>")) == r"a $\frac{$ &lt;b&gt;"


def test_rich_text_keeps_escaped_dollars_and_empty_text():
    assert str(rich_text(r"costs \$5 and \$10")) == r"costs \$5 and \$10"
    assert str(rich_text(None)) == "" and str(rich_text("")) == ""


@pytest.mark.parametrize(
    "formula",
    [
        r"$\text{<img src=x onerror=alert(1)>}$",
        r"$\text{<script>alert(1)</script>}$",
        r"$\href{javascript:alert(1)}{x}$",
        r"$\style{background:url(https://tracker.example)}{x}$",
    ],
)
def test_math_cannot_smuggle_html_or_links(formula):
    # BibTeX text is always shown as text: latex2mathml copies \text{} verbatim and emits href/style.
    html = str(rich_text(formula))
    assert "<script" not in html and "<img" not in html
    assert "href=" not in html and "style=" not in html


def test_math_with_comparison_operators_still_renders():
    html = str(rich_text("$a < b$"))
    assert html.startswith("<math") and "&#x0003C;" in html


# fence and slug ------------------------------------------------------------------------------


def test_fence_is_longer_than_any_backtick_run_inside():
    assert fence("no backticks") == "```"
    assert fence("a ``` b") == "````"
    assert fence("`````") == "``````"


def test_slug_is_lower_case_words_joined_by_hyphens():
    assert slug("Load Balancing") == "load-balancing"
    assert slug("  NFV service-chains!  ") == "nfv-service-chains"
    assert slug("P4") == "p4"
    assert slug("Réseaux") == "réseaux"


def test_topic_slugs_keep_plus_and_sharp_apart():
    assert slug("C++") == "c-plus-plus"
    assert slug("C#") == "c-sharp"
    assert slug("C") == "c"
    assert slug("+++") == "plus-plus-plus" and slug("!!") == "topic"


def test_dollars_that_are_money_are_not_math_and_every_math_delimiter_is():
    from researchsite.generate.text import plain, rich_text

    assert str(rich_text("costs $5 or $6")) == "costs $5 or $6"
    for source in ("$x^2$", "$$x^2$$", "\\(x^2\\)", "\\[x^2\\]"):
        assert str(rich_text(f"a {source} b")).count("<math") == 1, source
    assert plain("Scheduling in $O(n^2)$ with $\\lambda$") == "Scheduling in O(n²) with λ"


def _contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        digits = colour.lstrip("#")
        digits = "".join(d * 2 for d in digits) if len(digits) == 3 else digits
        channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("background", ["#1b6e3a", "#ffcc00", "#777", "#767676", "#ff0000", "#00f", "#fff", "#000", "#2a7"])
def test_a_badge_text_colour_always_reads_on_its_background(background):
    # Whatever colour venues.yml sets, the badge text reaches WCAG AA (4.5:1).
    assert _contrast(readable_on(background), background) >= 4.5


def test_the_default_kind_colours_take_white_text():
    for kind, colour in KIND_COLOURS.items():
        assert readable_on(colour) == "#ffffff", kind
        assert _contrast("#ffffff", colour) >= 4.5, kind


def test_the_venue_badge_is_the_short_name_or_the_kind_on_its_colour():
    config = SiteConfig(Owner("A"), kind_colours={"journal": "#004d40"})
    paper = Paper("k", "conference", "T", [], False, Venue("NSDI", "NSDI '22"), 2022, None, None)
    assert venue_badge(paper, config) == VenueBadge("NSDI '22", KIND_COLOURS["conference"], "#ffffff")
    journal = Paper("j", "journal", "T", [], False, Venue("J. of X", None, "#ffcc00"), 2022, None, None)
    assert venue_badge(journal, config) == VenueBadge("Journal", "#ffcc00", "#000000")  # the venue's own wins
    unnamed = Paper("t", "journal", "T", [], False, None, 2022, None, None)
    assert venue_badge(unnamed, config) == VenueBadge("Journal", "#004d40", "#ffffff")  # venues.yml's kind colour


@pytest.mark.parametrize(("pattern", "shown"), [("d MMMM y", "29 November 2026"), ("MMMM d, y", "November 29, 2026"), ("y-MM-dd", "2026-11-29")])
def test_dates_are_written_in_the_sites_pattern(pattern, shown):
    assert day_text(date(2026, 11, 29), pattern) == shown


@pytest.mark.parametrize(("pattern", "shown"), [("d MMMM y", "29 November"), ("MMMM d, y", "November 29"), ("y-MM-dd", "11-29"), ("dd/MM/yyyy", "29/11")])
def test_a_date_under_its_years_heading_leaves_the_year_out(pattern, shown):
    assert day_text(date(2026, 11, 29), without_year(pattern)) == shown


@pytest.mark.parametrize(("name", "shown"), [
    ("FastClick", "FC"), ("MiddleClick", "MC"), ("NPF", "NPF"), ("Cheetah", "C"), ("metron", "M"),
    ("Network Performance Framework", "NP"), ("eBPF tools", "ET"), ("RSS++", "RSS"), ("Ångström", "Å"), ("++", "+"),
])
def test_a_project_without_a_logo_shows_initials_that_tell_it_apart(name, shown):
    assert initials(name) == shown


def test_every_tile_colour_takes_white_text_and_the_same_id_always_gets_the_same():
    colours = [tile_colour(hue) for hue in range(TILE_HUES)]
    assert len(set(colours)) == TILE_HUES
    assert all(_contrast("#ffffff", colour) >= 4.5 for colour in colours)
    # A checksum of the id, not Python's per-process hash: the same colour on every build.
    fastclick = ResearchProject("fastclick", "FastClick", "p")
    assert project_tile(fastclick) == project_tile(ResearchProject("fastclick", "FastClick", "other pitch"))
    assert project_tile(fastclick).background == tile_colour(1)  # crc32("fastclick") % 24
    assert project_tile(ResearchProject("npf", "NPF", "p")).background != project_tile(fastclick).background


def test_front_matter_reads_back_as_written_even_with_the_characters_json_and_yaml_read_apart():
    import yaml

    from researchsite.generate.pages import _front_matter

    data = {
        "title": "Line\u2028separator, next\x85line, paragraph\u2029end, C1 \x9b, tab\t, quote \" and \\ and: # not a comment",
        "description": "Kostić, Ørsted, 😀 and a very long line " * 20,
        "hide": ["navigation", "toc"],
        "researchsite": {"scholar": [["citation_title", "A & B <c>"]], "jsonld": {"@type": "ScholarlyArticle", "n": 3, "x": None}},
    }
    text = _front_matter(data)
    assert text.startswith("---\n") and text.endswith("---\n\n")
    # MkDocs reads front matter with libyaml's loader.
    assert yaml.load(text[4:-5], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == data


def test_front_matter_with_a_date_stays_yaml_and_keeps_the_date():
    from datetime import date

    import yaml

    from researchsite.generate.pages import _front_matter

    text = _front_matter({"date": date(2024, 5, 1), "title": "A post"})
    assert yaml.safe_load(text[4:-5]) == {"date": date(2024, 5, 1), "title": "A post"}


def test_later_content_is_made_once_when_first_asked_for():
    from researchsite.generate.pages import GeneratedFile, Later

    made = []
    file = GeneratedFile("cv/index.md", Later(lambda: made.append(1) or "# CV\n"))
    assert made == [] and file.later is not None and not file.later.made
    assert file.content == "# CV\n" and file.data == b"# CV\n" and made == [1]
    assert file.later.made and file == GeneratedFile("cv/index.md", "# CV\n")


def test_a_papers_authors_and_venue_are_rendered_once_a_build_and_alike_outside_one():
    from researchsite.generate.pages import _environment, _once
    from researchsite.structure.paper import Author

    macros = _environment().get_template("macros.html.j2").module
    paper = Paper("k", "conference", "A Title", [Author("Ada Lovelace", "Lovelace", "Ada")], False, Venue("NSDI", "NSDI '22"), 2022, 4, None)
    twin = Paper("k", "conference", "A Title", [Author("Ada Lovelace", "Lovelace", "Ada")], False, Venue("NSDI", "NSDI '22"), 2022, 4, None)
    assert _once(paper, "authors") == macros.authors(paper) and "Lovelace" in _once(paper, "authors")
    assert _once(paper, "venue", "MMM y") == macros.venue(paper, "MMM y") and "Apr 2022" in _once(paper, "venue", "MMM y")
    _once.start()
    try:
        first = _once(paper, "venue", "MMM y")
        assert _once(paper, "venue", "MMM y") is first  # made once
        assert _once(paper, "venue", "d MMMM y") is not first and "April 2022" in _once(paper, "venue", "d MMMM y")
        assert _once(twin, "authors") is not _once(paper, "authors")  # kept by the paper itself
    finally:
        _once.stop()
    assert _once(paper, "venue", "MMM y") is not first  # outside a build nothing is kept

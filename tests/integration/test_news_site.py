"""News in the built example site: the feed read by a real feed parser, links both ways."""

from __future__ import annotations

import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, run_mkdocs  # noqa: E402
from sitecheck import parse, text  # noqa: E402

SITE_PATH = "/tom.barbette/"
POSTS = sorted((REPO / "content" / "news" / "posts").glob("*.md"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = run_mkdocs(REPO, out)
    assert result.returncode == 0, result.stderr
    return out


def built(site: Path, url: str) -> Path:
    path = urlsplit(url).path
    assert path.startswith(SITE_PATH), url
    target = site / path[len(SITE_PATH) :]
    return target / "index.html" if url.endswith("/") else target


def test_feed_is_valid_rss_with_every_post_dated_from_its_front_matter(site):
    feed = feedparser.parse((site / "feed_rss_created.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    titles = [entry.title for entry in feed.entries]
    # six hand-written posts and the announcement of the NSDI '20 paper
    assert len(feed.entries) == len(POSTS) + 1 == 7
    assert "Packet Order Matters won the NSDI '22 Community Award!" in titles
    award = next(e for e in feed.entries if e.title.startswith("Packet Order Matters"))
    published = datetime(*award.published_parsed[:6], tzinfo=timezone.utc)
    assert published.date().isoformat() == "2022-04-07"
    assert "Our paper on Reframer won the Community Award" in award.summary
    for entry in feed.entries:
        assert entry.link and built(site, entry.link).is_file(), entry.link
        assert entry.published_parsed.tm_year in (2020, 2021, 2022)


def test_every_page_links_the_feed_in_its_head(site):
    for page in [site / "index.html", site / "publications" / "index.html", site / "news" / "index.html"]:
        links = [l for l in parse(page).iter("link") if l.get("rel") == "alternate"]
        assert any(l.get("type") == "application/rss+xml" for l in links), page


def test_home_shows_the_five_latest_news(site):
    tree = parse(site / "index.html")
    heading = next(h for h in tree.iter("h2") if text(h).startswith("Latest news"))
    # A compact dated table: the date, then the post's title linked.
    rows = [[text(cell) for cell in row.iter("td")] for row in tree.iter("tr")]
    rows = [row for row in rows if row]
    assert heading is not None and len(rows) == 5
    assert rows[0] == ["15 June 2022", "New position: assistant professor at UCLouvain"]
    assert rows[4] == ["10 August 2021", "MiddleClick in IEEE/ACM Transactions on Networking"]
    dates = [time.get("datetime") for row in tree.iter("tr") for time in row.iter("time")]  # the news table's
    assert dates[:2] == ["2022-06-15", "2022-04-07"]


def test_paper_page_lists_the_news_that_name_it(site):
    tree = parse(site / "publications" / "ghasemirahni2022packet" / "index.html")
    section = next(h for h in tree.iter("h2") if text(h).startswith("In the news"))
    assert section is not None
    links = {text(a): a.get("href") for a in tree.iter("a")}
    href = links["Packet Order Matters won the NSDI '22 Community Award!"]
    assert href == "../../news/2022/04/07/packet-order-matters-won-the-nsdi-22-community-award/"


def test_post_links_the_papers_it_names(site):
    post = site / "news" / "2022" / "04" / "07" / "packet-order-matters-won-the-nsdi-22-community-award" / "index.html"
    tree = parse(post)
    links = {text(a): a.get("href") for a in tree.iter("a")}
    title = "Packet Order Matters! Improving Application Performance by Deliberately Delaying Packets"
    assert links[title] == "../../../../../publications/ghasemirahni2022packet/"


def test_announcement_is_a_post_linking_its_paper(site):
    folder = site / "news" / "2020" / "02" / "25"
    (post,) = folder.glob("*/index.html")
    tree = parse(post)
    assert text(tree.find(".//h1")).startswith("New paper at NSDI '20: A High-Speed Load-Balancer Design")
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert "../../../../../publications/barbette2020cheetah/" in hrefs
    paper = parse(site / "publications" / "barbette2020cheetah" / "index.html")
    assert any("news/2020/02/25/" in (a.get("href") or "") for a in paper.iter("a"))


def test_archive_categories_and_tags_pages_exist(site):
    assert (site / "news" / "archive" / "2021" / "index.html").is_file()
    assert (site / "news" / "category" / "awards" / "index.html").is_file()
    tags = text(parse(site / "news" / "tags" / "index.html").find(".//article"))
    assert "Reframer" in tags and "NSDI" in tags


def test_drafts_and_future_posts_stay_out_of_the_site_and_the_feed(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    posts = project / "content" / "news" / "posts"
    (posts / "draft.md").write_text("---\ndate: 2021-01-01\ndraft: true\n---\n\n# A draft\n\nx\n\n<!-- more -->\n")
    (posts / "future.md").write_text("---\ndate: 2999-01-01\n---\n\n# From the future\n\nx\n\n<!-- more -->\n")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((tmp_path / "out" / "feed_rss_created.xml").read_bytes())
    titles = [entry.title for entry in feed.entries]
    assert "A draft" not in titles and "From the future" not in titles
    html = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert "A draft" not in html and "From the future" not in html


def test_bad_post_stops_the_build_with_its_line(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    (project / "content" / "news" / "posts" / "bad.md").write_text(
        "---\ndate: 2022-02-30\npapers: [ghasemirahni2022pakcet]\n---\n\n# Bad\n"
    )
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/news/posts/bad.md:2: date: '2022-02-30' is not a date" in result.stderr
    assert "bad.md:3: papers: no paper has the key 'ghasemirahni2022pakcet' (did you mean 'ghasemirahni2022packet'?)" in result.stderr


def test_tags_are_listed_without_regard_to_case(site):
    article = parse(site / "news" / "tags" / "index.html").find(".//article")
    tags = [text(heading).rstrip("¶").strip() for heading in article.iter("h2")]
    assert len(tags) > 5 and any(tag[0].islower() for tag in tags) and any(tag[0].isupper() for tag in tags)
    assert tags == sorted(tags, key=str.casefold)  # "connection tracking" between Cheetah and FastClick


def _cards(page: Path) -> list:
    return [li for li in parse(page).iter("li") if li.get("class") == "rs-paper"]


def _shape(element) -> list[tuple[str, str | None]]:
    """The elements of a card and their classes, less the list's star for a selected paper."""
    if element.get("class") == "rs-selected":
        return []
    return [(element.tag, element.get("class"))] + [piece for child in element for piece in _shape(child)]


def _target(page: Path, link: str) -> Path:
    """The file a relative link of `page` leads to."""
    resolved = (page.parent / urlsplit(link).path).resolve() if urlsplit(link).path else page
    return resolved / "index.html" if resolved.is_dir() else resolved


def _resolves(site: Path, page: Path, link: str) -> bool:
    """Whether a relative link of `page` leads to a file of the built site (and its id, if any)."""
    target, fragment = _target(page, link), urlsplit(link).fragment
    if not target.is_file() or site.resolve() not in target.parents:
        return False
    return not fragment or any(e.get("id") == fragment for e in parse(target).iter())


# Under both kinds of URLs, and a post_url_format of the site's own (the blog's slugify of the
# categories, a post's own `slug:`): the post's address is the blog plugin's, which the links follow.
@pytest.mark.parametrize(
    "directory_urls, url_format",
    [(True, "{date}/{slug}"), (False, "{categories}/{slug}")],
    ids=["directory-urls", "html-files-by-category"],
)
def test_a_post_about_a_paper_shows_the_lists_card_and_every_link_of_it_leads_somewhere(new_site, tmp_path, directory_urls, url_format):
    project = new_site(with_example_papers=True)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace('post_url_format: "{date}/{slug}"', f'post_url_format: "{url_format}"')
        + f"use_directory_urls: {str(directory_urls).lower()}\n"
    )
    award = project / "content" / "news" / "posts" / "2022-04-07-nsdi-community-award.md"
    award.write_text(award.read_text().replace("---\n", "---\nslug: community-award\n", 1))
    out = tmp_path / "out"
    result = run_mkdocs(project, out)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower()
    announcement = "new-paper-at-nsdi-20-a-high-speed-load-balancer-design-with-guaranteed-per-connection-consistency"
    if directory_urls:
        posts = {
            "announcement": out / "news" / "2020" / "02" / "25" / announcement / "index.html",
            "hand-written": out / "news" / "2022" / "04" / "07" / "community-award" / "index.html",
        }
    else:
        posts = {"announcement": out / "news" / "papers" / f"{announcement}.html", "hand-written": out / "news" / "awards" / "community-award.html"}
    papers = out / "publications"
    listed = {li.get("id"): li for li in _cards(papers / "index.html")}
    for kind, post in posts.items():
        assert post.is_file(), (kind, sorted(p.relative_to(out).as_posix() for p in (out / "news").rglob("*.html")))
        # In a list of its own, as on the publication list.
        cards = [li for ol in parse(post).iter("ol") if ol.get("class") == "rs-papers rs-papers--post" for li in ol]
        assert len(cards) == len(_cards(post))
        assert [card.get("id") for card in cards] == (["barbette2020cheetah"] if kind == "announcement" else ["ghasemirahni2022packet"])
        for card in cards:
            row = listed[card.get("id")]
            # The list's card: the same pieces with the same classes, the same buttons.
            assert _shape(card) == _shape(row), kind
            assert [text(a) for a in card.iter("a")] == [text(a) for a in row.iter("a")], kind
            links = [e.get("href") or e.get("src") for e in card.iter() if e.tag in ("a", "img")]
            relative = [link for link in links if not urlsplit(link).scheme]
            assert len(relative) >= 3, (kind, links)  # the paper's page and its topics at least
            for link in relative:
                assert _resolves(out, post, link), (kind, post.relative_to(out).as_posix(), link)
            title = next(span for span in card.iter("span") if span.get("class") == "rs-paper__title").find("a")
            page = papers / card.get("id") / "index.html" if directory_urls else papers / f"{card.get('id')}.html"
            assert _target(post, title.get("href")) == page.resolve(), title.get("href")
    # The news list shows the posts' excerpts, which end before the card.
    assert not _cards(out / "news" / "index.html")


def _article_outside_cards(page: Path) -> tuple[str, str]:
    """The post's h1 and what else its article says, less its date line and its cards (the text
    a visitor reads around them)."""
    article = parse(page).find(".//article")
    title = text(article.find(".//h1"))
    for parent in list(article.iter()):
        for child in list(parent):
            if child.tag == "h1" or (child.get("class") or "").split()[-1:] in (["rs-papers--post"], ["rs-post-meta"]):
                parent.remove(child)
    return title, text(article)


CHEETAH_TITLE = "A High-Speed Load-Balancer Design with Guaranteed Per-Connection-Consistency"
METRON_TITLE = "Metron: NFV Service Chains at the True Speed of the Underlying Hardware"


def test_an_announcement_says_its_papers_title_in_its_heading_and_card_only(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    bib = project / "papers" / "barbette.bib"
    abstract = "Load balancers are a critical part of data centers. We present Cheetah, a load balancer that keeps every connection on its server."
    bib.write_text(re.sub(r"(@\w+\{barbette2020cheetah,\n)", rf"\1  abstract = {{{abstract}}},\n", bib.read_text(), count=1))
    metron = project / "papers" / "katsikas2018metron.yml"
    metron.write_text(metron.read_text() + 'announce: {date: 2018-04-10, text: "Our paper with Ericsson is at NSDI this week."}\n')
    out = tmp_path / "out"
    result = run_mkdocs(project, out)
    assert result.returncode == 0, result.stderr
    (cheetah,) = (out / "news" / "2020" / "02" / "25").glob("*/index.html")
    (metron_post,) = (out / "news" / "2018" / "04" / "10").glob("*/index.html")
    for post, paper_title, lead in [
        (cheetah, CHEETAH_TITLE, "Load balancers are a critical part of data centers."),  # no `text:`: the abstract's start
        (metron_post, METRON_TITLE, "Our paper with Ericsson is at NSDI this week."),  # the researcher's words
    ]:
        heading, around = _article_outside_cards(post)
        assert paper_title in heading
        assert paper_title not in around and "A new paper" not in around, around
        assert around.startswith(lead), around
        # The card is still there, with the title linked to the paper's page.
        assert [text(s) for s in parse(post).iter("span") if s.get("class") == "rs-paper__title"] == [paper_title]
    # The news list's one-line summary is that lead, not the title again.
    cheetah_row = next(row for row in map(text, parse(out / "news" / "index.html").iter("article")) if CHEETAH_TITLE in row)
    assert "Load balancers are a critical part" in cheetah_row
    assert cheetah_row.count(CHEETAH_TITLE) == 1
    # Feeds and search results get the same lead.
    description = next(m.get("content") for m in parse(cheetah).iter("meta") if m.get("name") == "description")
    assert description.startswith("Load balancers are a critical part"), description


def test_the_examples_announcement_without_abstract_or_text_is_its_card(site):
    (post,) = (site / "news" / "2020" / "02" / "25").glob("*/index.html")
    heading, around = _article_outside_cards(post)
    assert CHEETAH_TITLE in heading
    assert CHEETAH_TITLE not in around, around
    assert len(_cards(post)) == 1
    # The news list's summary names the authors (the stylesheet shows it there only: on the post,
    # the card names them).
    authors = "By Tom Barbette, Chen Tang, Haoran Yao, Dejan Kostić, Gerald Q. Maguire Jr., Panagiotis Papadimitratos, Marco Chiesa."
    row = next(a for a in parse(site / "news" / "index.html").iter("article") if CHEETAH_TITLE in text(a))
    assert [text(p) for p in row.iter("p") if p.get("class") == "rs-post-summary"] == [authors]


AWARD_POST = "2022-04-07-nsdi-community-award.md"


def _without_separator(project: Path, excerpt: str, separator: str | None = None) -> None:
    """The example's award post (which names a paper) without its `<!-- more -->`, on a blog
    with `post_excerpt: <excerpt>` (and a separator of its own)."""
    config = project / "mkdocs.yml"
    setting = f"post_excerpt: {excerpt}" + (f"\n      post_excerpt_separator: '{separator}'" if separator else "")
    config.write_text(config.read_text().replace("post_excerpt: required", setting))
    post = project / "content" / "news" / "posts" / AWARD_POST
    post.write_text(post.read_text().replace("<!-- more -->\n\n", ""))
    for other in (project / "content" / "news" / "posts").glob("*.md"):
        if separator:
            other.write_text(other.read_text().replace("<!-- more -->", separator))


# A blog that takes a post without a separator whole as its excerpt: the news list shows all the
# researcher wrote, and the card (whose links are written for the post's address) stays on the post.
@pytest.mark.parametrize("separator", [None, "<!-- cut -->"], ids=["more", "own-separator"])
def test_a_whole_post_as_its_excerpt_leaves_its_cards_on_the_post(new_site, tmp_path, separator):
    project = new_site(with_example_papers=True)
    _without_separator(project, "optional", separator)
    out = tmp_path / "out"
    result = run_mkdocs(project, out)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr.lower(), result.stderr
    post = out / "news" / "2022" / "04" / "07" / "packet-order-matters-won-the-nsdi-22-community-award" / "index.html"
    assert [card.get("id") for card in _cards(post)] == ["ghasemirahni2022packet"]
    for view in ["news/index.html", "news/category/awards/index.html", "news/archive/2022/index.html"]:
        page = out / view
        (row,) = [a for a in parse(page).iter("article") if "Packet Order Matters won" in text(a)]
        # All the post's text (its last paragraph too) and none of its cards.
        assert "Our paper on Reframer won" in text(row) and "Links: paper, slides, code" in text(row), view
        assert not [li for li in row.iter("li") if li.get("class") == "rs-paper"], view
        links = [e.get("href") or e.get("src") for e in row.iter() if e.tag in ("a", "img")]
        for link in [link for link in links if link and not urlsplit(link).scheme]:
            assert _resolves(out, page, link), (view, link)


def test_a_blog_that_requires_a_separator_still_names_the_post_without_one(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    _without_separator(project, "required")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # By the researcher's own file (the plugin's error named the copy the build wrote of it).
    expected = f"content/news/posts/{AWARD_POST}: no '<!-- more -->' where the teaser ends, which the news list shows (post_excerpt: required in mkdocs.yml)"
    assert expected in result.stderr, result.stderr
    assert "researchsite-generated" not in result.stderr

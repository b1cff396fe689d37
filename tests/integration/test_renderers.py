"""The same sources build with MkDocs (the hook), ProperDocs (the same hook) and Zensical (no
hooks: fed by `researchsite source`), into the same site: the same pages, the same metadata in
every <head>, the same text in what the generation step makes, the same feed entries.

What differs, on purpose, is listed here: the generator tag, the theme's own files, and
Zensical's blog theme putting a post's tags above it (and no ¶ on the tags page).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import BIN, REPO, run_cli  # noqa: E402
from sitecheck import broken_links, json_ld, parse, text  # noqa: E402

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("renderers")
    built = {}
    for renderer, command in (
        ("mkdocs", [BIN / "mkdocs", "build", "--strict", "-f", REPO / "mkdocs.yml", "-d", out / "mkdocs"]),
        ("properdocs", [BIN / "properdocs", "build", "--strict", "-f", REPO / "mkdocs.yml", "-d", out / "properdocs"]),
    ):
        result = subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=600)
        assert result.returncode == 0, result.stderr
        built[renderer] = out / renderer
    # Dated as the builds are: the CV says when it was updated.
    source = run_cli(REPO, "source", str(out / "zensical-source"), SOURCE_DATE_EPOCH=ENV["SOURCE_DATE_EPOCH"])
    assert source.returncode == 0, source.stderr
    config = out / "zensical-source" / "mkdocs.yml"
    assert "hooks" not in config.read_text()
    result = subprocess.run(
        [BIN / "zensical", "build", "--strict", "-f", config], capture_output=True, text=True, env=ENV, timeout=600
    )
    assert result.returncode == 0 and "No issues found" in result.stdout + result.stderr, result.stdout + result.stderr
    built["zensical"] = out / "zensical-source" / "site"
    return built


def html_pages(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*.html")}


def head(tree) -> dict:
    found: dict = {"title": text(tree.find(".//title")), "jsonld": json_ld(tree)}
    for meta in tree.iter("meta"):
        name = meta.get("name") or meta.get("property")
        if name and name != "generator":
            found.setdefault(name, []).append(meta.get("content"))
    return found


def article(tree, leave_out: tuple[str, ...] = ()) -> str:
    """The text of the page's (first) article, less the elements of the classes `leave_out`."""
    element = tree.find(".//article")
    if element is None:
        return ""
    for parent in list(element.iter()) if leave_out else ():
        for child in list(parent):
            if set(leave_out) & set((child.get("class") or "").split()):
                parent.remove(child)
    return text(element)


def post_links(tree) -> list[str]:
    """The posts a list of news links to, in order, once each."""
    links = [a.get("href") for a in tree.iter("a") if re.fullmatch(r"(\.\./)*\d{4}/\d\d/\d\d/[^/]+/", a.get("href") or "")]
    return list(dict.fromkeys(links))


def test_properdocs_builds_the_very_same_site(sites):
    ours, theirs = sites["mkdocs"], sites["properdocs"]
    files = sorted(str(path.relative_to(ours)) for path in ours.rglob("*") if path.is_file())
    assert files == sorted(str(path.relative_to(theirs)) for path in theirs.rglob("*") if path.is_file())
    generator = re.compile(r'<meta name="generator"[^>]*>')
    for name in files:
        mine, other = (ours / name).read_bytes(), (theirs / name).read_bytes()
        if name.endswith(".html"):
            mine, other = generator.sub("", mine.decode()), generator.sub("", other.decode())
        assert mine == other, name


def test_zensical_builds_the_same_pages_with_the_same_metadata_and_text(sites):
    ours, theirs = sites["mkdocs"], sites["zensical"]
    pages = html_pages(ours)
    assert pages == html_pages(theirs)  # a page type missing from one renderer fails here
    assert any(page.startswith("tutorials/") for page in pages) and "publications/index.html" in pages
    for page in sorted(pages):
        mine, other = parse(ours / page), parse(theirs / page)
        assert head(mine) == head(other), page
        if page.startswith("news/20"):  # the post's tags stand above it in Zensical's blog theme,
            # and its date and categories beside it: ours are a line under its title (blog-post.html)
            assert sorted(article(mine, leave_out=("rs-post-meta__filed", "rs-post-meta__label")).split()) == sorted(article(other).split()), page
        elif page.startswith("news/") and post_links(mine):  # a list of posts: ours as rows (partials/post.html)
            assert post_links(mine) == post_links(other), page
        elif page == "news/tags/index.html":  # and ¶ permalinks only on some of its headings
            assert article(mine).replace("¶", "") == article(other).replace("¶", ""), page
        else:
            assert article(mine) == article(other), page
    assert broken_links(theirs, base_path="/tom.barbette/") == []


def test_each_renderer_publishes_the_same_news_feed(sites):
    def entries(site: Path) -> list[tuple]:
        feed = feedparser.parse((site / "feed_rss_created.xml").read_bytes())
        return [(entry.title, entry.link, entry.published_parsed[:3], entry.summary) for entry in feed.entries]

    mkdocs = entries(sites["mkdocs"])
    assert len(mkdocs) == 7
    assert entries(sites["properdocs"]) == mkdocs
    zensical = entries(sites["zensical"])
    assert [entry[:3] for entry in zensical] == [entry[:3] for entry in mkdocs]
    # An announcement's entry is its plain description, without a link the feed cannot resolve.
    announced = next(entry for entry in mkdocs if entry[0].startswith("New paper at NSDI"))
    assert ".md" not in announced[3]


def test_a_posts_paper_cards_lead_to_the_same_pages_under_every_renderer(sites):
    """The cards are HTML: written for the post's address under MkDocs and ProperDocs (where the
    blog serves it), from its source for Zensical (which rewrites them); either way, the same targets."""

    def card_targets(site: Path) -> dict[str, list[str]]:
        found = {}
        for page in sorted(site.glob("news/20*/**/index.html")):
            cards = [li for li in parse(page).iter("li") if li.get("class") == "rs-paper"]
            targets = []
            for card in cards:
                for element in card.iter():
                    link = element.get("href") or element.get("src") if element.tag in ("a", "img") else None
                    if link and "://" not in link:
                        path, _, rest = link.partition("?")
                        resolved = (page.parent / path).resolve()
                        targets.append(resolved.relative_to(site.resolve()).as_posix() + (f"?{rest}" if rest else ""))
            if cards:
                found[page.relative_to(site).as_posix()] = targets
        return found

    mkdocs = card_targets(sites["mkdocs"])
    assert len(mkdocs) == 6  # the announcement and the five hand-written posts that name papers
    assert all(targets for targets in mkdocs.values())
    assert card_targets(sites["properdocs"]) == mkdocs
    assert card_targets(sites["zensical"]) == mkdocs
    for site in sites.values():
        assert broken_links(site, base_path="/tom.barbette/") == []

"""An old blog imported into a new site with the real command line, then built by MkDocs
(strict): the posts with their teasers and pictures, `papers:` links both ways, old addresses."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import BIN, run_cli, run_mkdocs  # noqa: E402
from sitecheck import broken_links, parse, text  # noqa: E402

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
WXR = FIXTURES / "wordpress" / "blog.wordpress.xml"


def files(project: Path) -> dict[str, bytes]:
    return {path.relative_to(project).as_posix(): path.read_bytes() for path in project.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from conftest import site_skeleton

    project = site_skeleton(tmp_path_factory.mktemp("blog") / "project", with_example_papers=True)
    outputs = {}
    for source, where in (("wordpress", WXR), ("jekyll", FIXTURES / "jekyll"), ("hugo", FIXTURES / "hugo")):
        result = run_cli(project, "import", source, str(where))
        assert result.returncode == 0, result.stderr
        outputs[source] = result.stdout
    site = tmp_path_factory.mktemp("site")
    built = run_mkdocs(project, site)
    assert built.returncode == 0, built.stderr
    return project, site, outputs


def page(site: Path, url: str) -> Path:
    return site / url / "index.html"


def forwards_to(site: Path, old: str) -> str:
    """Where the page at an old address sends the visitor, as a path in the site."""
    link = next(a for a in parse(page(site, old)).iter("a") if a.get("id") == "rs-moved")
    return posixpath.normpath(posixpath.join(old, link.get("href"))) + "/"


def test_the_report_says_what_was_imported_skipped_and_not_converted(imported):
    report = imported[2]["wordpress"].splitlines()
    assert report[0] == "Read 5 posts (1 draft): 9 files created, 0 changed, 0 unchanged."
    assert "Not imported: 1 page (a page of the site is yours to write in content/)." in report
    assert "Not imported: 3 comments (the site has none; they stay in blog.wordpress.xml)." in report
    assert '"Cheetah in IEEE/ACM ToN": names the paper barbette2022cheetah (DOI 10.1109/TNET.2021.3113370): papers: [barbette2022cheetah] links both ways' in report
    # The example site has this post already (its slug from its title): not overwritten.
    assert any(line.startswith('"New position: assistant professor at UCLouvain": not imported: the site has a post with the slug') for line in report)


def test_a_second_run_changes_nothing(imported):
    project = imported[0]
    before = files(project)
    result = run_cli(project, "import", "wordpress", str(WXR))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Read 5 posts (1 draft): 0 files created, 0 changed, 9 unchanged."
    assert files(project) == before


def test_posts_are_built_with_their_teaser_pictures_and_non_ascii_text(imported):
    site = imported[1]
    post = page(site, "news/2022/06/20/packet-order-matters")
    tree = parse(post)
    assert "Packet Order Matters at NSDI ’22 – with Dejan Kostić" in text(next(tree.iter("h1")))
    assert "网络很快" in text(tree.find(".//article"))
    # The typed emoji is drawn by the site (inline SVG), named for screen readers.
    assert [e.get("aria-label") for e in tree.iter("span") if "rs-emoji" in (e.get("class") or "")] == ["party popper"]
    pictures = [img.get("src") for img in tree.iter("img") if "reframer-latency" in (img.get("src") or "")]
    assert pictures and (post.parent / pictures[0]).resolve().is_file()
    news = text(parse(site / "news" / "index.html").find(".//main"))
    assert "Dejan Kostić, is at NSDI" in news  # the teaser ...
    assert "How it works" not in news  # ... and not the rest
    assert not broken_links(site, "/tom.barbette/")
    notes = text(parse(page(site, "news/2021/03/01/notes-a-post-with-broken-html")).find(".//article"))
    assert "Edit C:\\Users\\$USER\\.wslconfig and #include <stdio.h>." in notes  # text stays text


def test_drafts_are_imported_but_not_published(imported):
    project, site, _ = imported
    assert "draft: true" in (project / "content/news/posts/2022-08-01-half-written-thoughts.md").read_text()
    assert not page(site, "news/2022/08/01/half-written-thoughts").exists()
    assert not page(site, "p/104").exists()


def test_papers_named_by_a_post_link_both_ways(imported):
    site = imported[1]
    paper = parse(page(site, "publications/barbette2022cheetah"))
    links = {text(a): a.get("href") for a in paper.iter("a")}
    assert links["Cheetah in IEEE/ACM ToN"] == "../../news/2021/10/05/cheetah-tnet/"
    post = parse(page(site, "news/2021/10/05/cheetah-tnet"))
    heading = next(h for h in post.iter("h2") if text(h).startswith("Papers in this post"))
    assert heading is not None
    assert any(a.get("href") == "../../../../../publications/barbette2022cheetah/" for a in post.iter("a"))


@pytest.mark.parametrize(
    "old, new",
    [
        ("2022/06/20/packet-order-matters", "news/2022/06/20/packet-order-matters/"),  # WordPress's date-based
        ("archives/cheetah-tnet", "news/2021/10/05/cheetah-tnet/"),  # the item's own <link>
        ("2021/03/01/网络-notes", "news/2021/03/01/notes-a-post-with-broken-html/"),  # a slug the site could not keep
        ("p/101", "news/2022/06/20/packet-order-matters/"),  # where the home page sends /?p=101
        ("blog/2018/metron-at-nsdi", "news/2018/04/10/metron-at-nsdi/"),  # al-folio's permalink
        ("metron", "news/2018/04/10/metron-at-nsdi/"),  # redirect_from
        ("post/reframer-nsdi", "news/2022/04/04/reframer-nsdi/"),  # Hugo's section/slug
        ("2022/04/reframer", "news/2022/04/04/reframer-nsdi/"),  # Hugo's aliases
    ],
)
def test_old_addresses_forward_to_the_new_ones(imported, old, new):
    site = imported[1]
    assert forwards_to(site, old) == new
    assert page(site, new.rstrip("/")).is_file()
    script = next(s for s in parse(page(site, old)).iter("script") if "rs-moved" in (s.text or ""))
    assert "location.replace" in script.text


def test_zensical_builds_the_same_forwarding_pages(imported, tmp_path):
    project, site, _ = imported
    source = run_cli(project, "source", str(tmp_path / "source"))
    assert source.returncode == 0, source.stderr
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    built = subprocess.run([BIN / "zensical", "build", "--strict", "-f", tmp_path / "source" / "mkdocs.yml"], capture_output=True, text=True, env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    for old in ("archives/cheetah-tnet", "p/101", "post/reframer-nsdi"):
        assert forwards_to(tmp_path / "source" / "site", old) == forwards_to(site, old)


def test_the_home_page_sends_wordpress_ids_to_their_pages(imported):
    home = (imported[1] / "index.html").read_text()
    moved = re.search(r"var moved = (\{.*?\})", home)
    assert moved and moved.group(1) == '{"101": "p/101/", "102": "p/102/", "103": "p/103/"}'


@pytest.mark.parametrize(
    "args, message",
    [
        (["wordpress", "broken.xml"], r"^researchsite import: .*broken.xml:4: not well-formed XML \(mismatched tag, column 3\)\n$"),
        (["wordpress", "feed.xml"], r"^researchsite import: .*feed.xml: not a WordPress export .*\n$"),
        (["wordpress", "missing.xml"], r"^researchsite import: .*missing.xml: no such file\n$"),
        (["jekyll", "nowhere"], r"^researchsite import: .*nowhere: no such folder\n$"),
        (["hugo", "."], r"^researchsite import: .*: no content/post/ .*\n$"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(new_site, tmp_path, args, message):
    project = new_site()
    (tmp_path / "broken.xml").write_text('<?xml version="1.0"?>\n<rss><channel>\n<item><title>x</title>\n</channel></rss>\n')
    (tmp_path / "feed.xml").write_text('<?xml version="1.0"?>\n<feed/>\n')
    before = files(project)
    source, where = args
    result = run_cli(project, "import", source, str(tmp_path / where))
    assert result.returncode == 1
    assert re.match(message, result.stderr), result.stderr
    assert files(project) == before

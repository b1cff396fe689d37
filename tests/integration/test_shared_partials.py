"""The navigation, the tabs, the search box and the colour switch, rendered once for the pages
they look the same on (researchsite/partials.py), give every page of a site the very bytes
rendering them on each page gives: the example site with a group, a course, more papers and
enough posts for the news to run over two pages (its archive and categories too), with and
without directory URLs."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import built_files, run_mkdocs, site_skeleton, with_group_and_teaching  # noqa: E402

EPOCH = "1700000000"  # the feeds' and the sitemap's date, the same for both builds
# The same hook, less the reuse: each page renders its navigation and tabs itself.
UNSHARED_HOOKS = """\
from researchsite.hooks import *  # noqa: F401,F403
import researchsite.partials

researchsite.partials.render_once = lambda env, names=(): None
"""


def more_papers(count: int) -> str:
    return "\n".join(
        f"@inproceedings{{extra{number},\n  title = {{Extra paper {number}}},\n  author = {{Barbette, Tom and Doe, Jane}},\n"
        f"  booktitle = {{Proceedings of the Workshop {number}}},\n  year = {{{2010 + number % 12}}},\n}}\n"
        for number in range(count)
    )


def more_posts(folder: Path, count: int) -> None:
    for number in range(count):
        (folder / f"2020-01-{number + 1:02d}-extra-{number}.md").write_text(
            f"---\ndate: 2020-01-{number + 1:02d}\ncategories: [{'Talks' if number % 2 else 'Papers'}]\n"
            f"tags: [extra{number % 3}]\n---\n\n# Extra post {number}\n\nA short post.\n\n<!-- more -->\n\nThe rest.\n"
        )


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_every_page_is_byte_identical_with_the_navigation_rendered_once(tmp_path, directory_urls):
    project = with_group_and_teaching(site_skeleton(tmp_path / "project", with_example_papers=True))
    (project / "papers" / "extra.bib").write_text(more_papers(30))
    more_posts(project / "content" / "news" / "posts", 12)  # the news: 18 posts, 10 a page
    if not directory_urls:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text() + "use_directory_urls: false\n")
    shared = run_mkdocs(project, tmp_path / "shared", SOURCE_DATE_EPOCH=EPOCH)
    assert shared.returncode == 0, shared.stderr
    (project / "hooks" / "researchsite_hooks.py").write_text(UNSHARED_HOOKS)
    unshared = run_mkdocs(project, tmp_path / "unshared", SOURCE_DATE_EPOCH=EPOCH)
    assert unshared.returncode == 0, unshared.stderr

    ours, theirs = built_files(tmp_path / "shared"), built_files(tmp_path / "unshared")
    assert sorted(ours) == sorted(theirs)
    index = "index.html" if directory_urls else ".html"
    assert any(path.startswith("news/page/2") for path in ours), "the news list runs over two pages"
    assert sum(path.startswith("publications/extra") and path.endswith(index) for path in ours) == 30
    different = [path for path in ours if ours[path] != theirs[path]]
    assert different == []

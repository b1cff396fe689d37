"""News: hand-written posts, announcements from papers, and what replaces what."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from researchsite.authoring import new_post
from researchsite.project import load_project
from researchsite.structure.problems import ProblemsFound

BIB = """@inproceedings{fast2022,
  title = {Fast Packets},
  author = {Barbette, Tom},
  booktitle = {19th USENIX Symposium on Networked Systems Design and Implementation},
  year = 2022, month = apr,
}
@article{journal2023,
  title = {Fast Packets, Extended},
  author = {Barbette, Tom},
  journal = {IEEE/ACM Transactions on Networking},
  year = 2023,
}
"""
TODAY = date(2024, 1, 1)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "site.yml").write_text("owner:\n  name: Tom Barbette\n")
    (tmp_path / "site_config" / "venues.yml").write_text(
        "- short: NSDI\n  kind: conference\n  match: [Networked Systems Design]\n"
    )
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "p.bib").write_text(BIB)
    (tmp_path / "content" / "news" / "posts").mkdir(parents=True)
    return tmp_path


def post(site: Path, name: str, text: str) -> None:
    (site / "content" / "news" / "posts" / name).write_text(text)


def problems(site: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        load_project(site, today=TODAY)
    return [str(problem) for problem in caught.value.problems]


def test_announce_generates_a_post_named_after_the_venue(site):
    (site / "papers" / "fast2022.yml").write_text("announce: 2022-04-04\n")
    news = load_project(site, today=TODAY).news
    (announcement,) = news.posts
    assert announcement.title == "New paper at NSDI '22: Fast Packets"
    assert announcement.date == date(2022, 4, 4)
    assert announcement.announces == "fast2022"
    assert announcement.path == "news/posts/2022-04-04-fast2022.md"
    assert [p.title for p in news.about("fast2022")] == [announcement.title]


def test_journal_announcement_says_in_and_may_carry_its_own_title_and_text(site):
    (site / "papers" / "journal2023.yml").write_text(
        "announce:\n  date: 2023-02-01\n  text: The long version is out.\n"
    )
    (announcement,) = load_project(site, today=TODAY).news.posts
    assert announcement.title == "New paper in IEEE/ACM Transactions on Networking: Fast Packets, Extended"
    assert announcement.excerpt == "The long version is out."
    (site / "papers" / "journal2023.yml").write_text("announce:\n  date: 2023-02-01\n  title: Out now\n")
    assert load_project(site, today=TODAY).news.posts[0].title == "Out now"


def test_hand_written_post_on_the_same_paper_and_date_replaces_the_announcement(site):
    (site / "papers" / "fast2022.yml").write_text("announce: 2022-04-04\n")
    post(site, "award.md", "---\ndate: 2022-04-04\npapers: [fast2022]\n---\n\n# We won\n\nYes.\n")
    news = load_project(site, today=TODAY).news
    assert [p.title for p in news.posts] == ["We won"]
    assert not news.posts[0].is_generated


def test_hand_written_post_on_another_date_leaves_the_announcement(site):
    (site / "papers" / "fast2022.yml").write_text("announce: 2022-04-04\n")
    post(site, "award.md", "---\ndate: 2022-04-08\npapers: [fast2022]\n---\n\n# We won\n\nYes.\n")
    news = load_project(site, today=TODAY).news
    assert [p.title for p in news.posts] == ["We won", "New paper at NSDI '22: Fast Packets"]
    assert [p.title for p in news.about("fast2022")] == ["We won", "New paper at NSDI '22: Fast Packets"]


def test_drafts_and_future_posts_are_not_published(site):
    post(site, "a.md", "---\ndate: 2023-05-01\ndraft: true\npapers: [fast2022]\n---\n# Draft\n")
    post(site, "b.md", "---\ndate: 2024-06-01\npapers: [fast2022]\n---\n# Future\n")
    post(site, "c.md", "---\ndate: 2023-01-01\npapers: [fast2022]\n---\n# Past\n")
    news = load_project(site, today=TODAY).news
    assert [p.title for p in news.posts] == ["Future", "Draft", "Past"]
    assert [p.title for p in news.published] == ["Past"]
    assert [p.title for p in news.about("fast2022")] == ["Past"]


def test_title_slug_and_excerpt_come_from_the_post(site):
    post(site, "a.md", "---\ndate: 2023-05-01\n---\n\n# Hello, World!\n\nFirst part.\n\n<!-- more -->\n\nRest.\n")
    (only,) = load_project(site, today=TODAY).news.posts
    assert (only.title, only.slug, only.excerpt) == ("Hello, World!", "hello-world", "First part.")


def test_bad_posts_are_reported_all_at_once_with_lines(site):
    post(site, "a.md", "---\ndate: 2023-13-45\ntitle: Bad date\n---\nText\n")
    post(site, "b.md", "---\ndate: 2023-01-01\ncategory: [x]\npapers: [fast2021]\n---\n# B\n")
    post(site, "c.md", "# No front matter\n")
    post(site, "d.md", "---\ndate: 2023-01-02\n---\n# B\n")
    (site / "papers" / "journal2023.yml").write_text("selected: true\nannounce: someday\n")
    found = problems(site)
    assert "content/news/posts/a.md:2: date: '2023-13-45' is not a date (YYYY-MM-DD)" in found
    assert "content/news/posts/b.md:3: unknown key 'category' (did you mean 'categories'?)" in found
    assert "content/news/posts/b.md:4: papers: no paper has the key 'fast2021' (did you mean 'fast2022'?)" in found
    assert any(p.startswith("content/news/posts/c.md:1: a news post starts with front matter") for p in found)
    assert any(p.startswith("content/news/posts/d.md:1: another post has the slug 'b'") for p in found)
    assert "papers/journal2023.yml:2: announce: 'someday' is not a date (YYYY-MM-DD)" in found


def test_new_post_starts_a_valid_post_and_never_overwrites(site):
    project = load_project(site, today=TODAY)
    path = new_post(project, "Metron's code is out", ["fast2022"], today=date(2024, 2, 3))
    assert path == site / "content" / "news" / "posts" / "2024-02-03-metrons-code-is-out.md"
    (written,) = load_project(site, today=date(2024, 3, 1)).news.posts
    assert (written.title, written.date, written.papers) == ("Metron's code is out", date(2024, 2, 3), ["fast2022"])
    with pytest.raises(ValueError, match="exists already"):
        new_post(load_project(site, today=TODAY), "Metron's code is out", [], today=date(2024, 2, 3))
    with pytest.raises(ValueError, match="did you mean 'fast2022'"):
        new_post(project, "Other", ["fast2020"])


def test_old_addresses_lead_to_published_posts_and_wrong_ones_are_errors_with_lines(site):
    post(site, "2022-06-20-a.md", "---\ndate: 2022-06-20\nslug: a\n---\n\n# A\n")
    post(site, "2022-06-21-draft.md", "---\ndate: 2022-06-21\ndraft: true\n---\n\n# Draft\n")
    redirects = site / "site_config" / "redirects.yml"
    redirects.write_text("2022/06/20/a/: news/posts/2022-06-20-a.md\n'?p=12': news/posts/2022-06-20-a.md\n'?p=13': news/posts/2022-06-21-draft.md\n")
    project = load_project(site, today=TODAY)
    assert [(r.old, r.post.slug) for r in project.news.redirects] == [("2022/06/20/a/", "a"), ("?p=12", "a")]  # not the draft's
    redirects.write_text("2022/06/20/a/: news/posts/2022-06-20-b.md\npublications/x/: news/posts/2022-06-20-a.md\n'?q=1': x\n")
    assert problems(site) == [
        "site_config/redirects.yml:1: '2022/06/20/a/' leads to news/posts/2022-06-20-b.md, which is no post (did you mean 'news/posts/2022-06-20-a.md'?)",
        "site_config/redirects.yml:2: 'publications/x/' is under a section of the site (publications/): its page would hide the site's",
        "site_config/redirects.yml:3: '?q=1' is neither a folder path such as 2022/06/15/slug/ nor ?p=123",
    ]

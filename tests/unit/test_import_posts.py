"""What the blog imports share: slugs, teasers, the papers a post names, and writing posts."""

from datetime import date

import pytest

from researchsite.imports.posts import (
    ImportedPost,
    Report,
    UnreadableSource,
    papers_named,
    site_slug,
    teaser_split,
    write_posts,
)
from researchsite.structure.paper import Paper


@pytest.mark.parametrize(
    "wanted, title, expected",
    [
        ("packet-order-matters", "x", ("packet-order-matters", True)),
        ("Kostić-visit", "x", ("kostic-visit", False)),  # accents fold without loss
        ("网络-notes", "网络 notes: broken HTML", ("notes-broken-html", False)),  # never a bare "notes"
        ("논문-리뷰", "논문 리뷰", ("post-7", False)),
        ("", "Hello, World!", ("hello-world", False)),
    ],
)
def test_site_slug(wanted, title, expected):
    assert site_slug(wanted, title, "post-7") == expected


def test_teaser_is_the_old_separator_or_the_first_paragraph_a_reader_sees():
    assert teaser_split("A\n\n<!-- more -->\n\nB\n") == ("A\n\n<!-- more -->\n\nB\n", True)
    assert teaser_split("<!--StartFragment-->\n\nFirst.\n\nSecond.\n") == (
        "<!--StartFragment-->\n\nFirst.\n\n<!-- more -->\n\nSecond.\n",
        False,
    )
    assert teaser_split("Only.\n") == ("Only.\n\n<!-- more -->\n", False)


def paper(key, title, doi=None, arxiv=None):
    return Paper(key=key, kind="conference", title=title, authors=[], authors_et_al=False, venue=None, year=2022, month=None, day=None, doi=doi, arxiv=arxiv)


PAPERS = [
    paper("reframer", "Packet Order Matters! Improving Application Performance by Deliberately Delaying Packets"),
    paper("cheetah", "Cheetah", doi="10.1109/TNET.2021.3113370"),
    paper("pre", "A preprint", arxiv="2105.00001v2"),
    paper("metron", "Metron"),
]


def test_papers_are_named_by_doi_arxiv_id_or_whole_title():
    text = (
        "See [it](https://doi.org/10.1109/tnet.2021.3113370). Also arXiv:2105.00001, and "
        "*packet order matters: improving application performance by deliberately delaying packets*. Metron too."
    )
    assert papers_named(text, PAPERS) == [("reframer", "its title"), ("cheetah", "DOI 10.1109/TNET.2021.3113370"), ("pre", "arXiv 2105.00001v2")]


def post(slug="hello", day=date(2022, 6, 20), **fields):
    return ImportedPost(source="x", title="Hello, Kostić", date=day, slug=slug, body="Teaser.\n\n<!-- more -->\n\nRest.\n", **fields)


def test_a_post_is_written_with_its_pictures_and_old_addresses_and_a_second_run_changes_nothing(tmp_path):
    picture = tmp_path / "fig.png"
    picture.write_bytes(b"png")
    made = post(old_addresses=["2022/06/20/hello/", "?p=3", "news/hello/"], images={"fig.png": picture}, tags=["P4"], draft=True)
    report = Report()
    written = write_posts(tmp_path, [made], report, PAPERS)
    assert sorted(map(str, written.created)) == [
        "content/news/posts/2022-06-20-hello.md",
        "content/news/posts/images/hello/fig.png",
        "site_config/redirects.yml",
    ]
    text = (tmp_path / "content/news/posts/2022-06-20-hello.md").read_text()
    assert text == "---\ndate: 2022-06-20\ntitle: Hello, Kostić\nslug: hello\ntags: [P4]\ndraft: true\n---\n\nTeaser.\n\n<!-- more -->\n\nRest.\n"
    redirects = (tmp_path / "site_config/redirects.yml").read_text()
    assert "2022/06/20/hello/: news/posts/2022-06-20-hello.md\n?p=3: news/posts/2022-06-20-hello.md\n" in redirects
    assert report.notes == ['"Hello, Kostić": old address not redirected: \'news/hello/\' is under a section of the site (news/): its page would hide the site\'s']
    again = write_posts(tmp_path, [made], Report(), PAPERS)
    assert not again.created and not again.changed and len(again.unchanged) == 3


def test_a_post_whose_slug_the_site_has_is_left_alone_and_said(tmp_path):
    mine = tmp_path / "content/news/posts/2020-01-01-mine.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ndate: 2020-01-01\nslug: hello\n---\n\n# Mine\n")
    report = Report()
    written = write_posts(tmp_path, [post(old_addresses=["?p=1"])], report, [])
    assert not written.created
    assert mine.read_text() == "---\ndate: 2020-01-01\nslug: hello\n---\n\n# Mine\n"
    assert report.notes == [f'"Hello, Kostić": not imported: the site has a post with the slug \'hello\' (content/news/posts/2020-01-01-mine.md)']


def test_an_edited_import_is_not_overwritten(tmp_path):
    write_posts(tmp_path, [post()], Report(), [])
    path = tmp_path / "content/news/posts/2022-06-20-hello.md"
    path.write_text(path.read_text() + "\nMy addition.\n")
    report = Report()
    write_posts(tmp_path, [post()], report, [])
    assert path.read_text().endswith("My addition.\n")
    assert "exists and differs" in report.notes[0]


def test_a_broken_redirects_file_stops_the_import_before_anything_is_written(tmp_path):
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config/redirects.yml").write_text("2022/06/20/a/: x.md\n/abs: y.md\n")
    with pytest.raises(UnreadableSource, match=r"^site_config/redirects.yml:2: '/abs' is neither"):
        write_posts(tmp_path, [post()], Report(), [])
    assert not (tmp_path / "content").exists()


def test_categories_and_tags_are_spelt_as_the_site_spells_them(tmp_path):
    mine = tmp_path / "content/news/posts/2020-01-01-mine.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ndate: 2020-01-01\ncategories: [Papers]\n---\n\n# Mine\n")
    write_posts(tmp_path, [post(categories=["papers", "Talks"], tags=["talks", "P4"])], Report(), [])
    text = (tmp_path / "content/news/posts/2022-06-20-hello.md").read_text()
    assert "categories: [Papers, Talks]\ntags: [Talks, P4]\n" in text  # one URL, one spelling

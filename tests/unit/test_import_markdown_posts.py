"""Jekyll (al-folio) and Hugo posts read into posts: front matter, Liquid and shortcodes, bad input."""

from pathlib import Path

import pytest

from researchsite.imports.markdown_posts import read_hugo, read_jekyll
from researchsite.imports.posts import Report, UnreadableSource

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


@pytest.fixture(scope="module")
def jekyll():
    report = Report()
    return {post.slug: post for post in read_jekyll(FIXTURES / "jekyll", report)}, report


@pytest.fixture(scope="module")
def hugo():
    report = Report()
    return {post.slug: post for post in read_hugo(FIXTURES / "hugo", report)}, report


def test_jekyll_front_matter(jekyll):
    posts, report = jekyll
    assert sorted(posts) == ["code", "half-an-idea", "metron-at-nsdi"]
    code = posts["code"]
    assert (code.title, code.date.isoformat(), code.tags, code.categories) == ("a post with code", "2015-07-15", ["formatting", "code"], ["sample-posts"])
    assert code.description == "an example of a blog post with some code"
    assert posts["half-an-idea"].draft  # published: false
    assert report.skipped == {("file in _posts/", "files in _posts/", "not named YYYY-MM-DD-slug.md"): 1}


def test_liquid_highlight_raw_and_figure(jekyll):
    posts, report = jekyll
    code = posts["code"].body
    assert "```c++\nint main(int argc, char const \\*argv[])\n{\n    return 0;\n}\n```" in code
    assert "{% highlight c++ linenos %} <br/> code code code <br/> {% endhighlight %}" in code  # {% raw %} kept as written
    metron = posts["metron-at-nsdi"]
    teaser, rest = metron.body.split("<!-- more -->")  # its own excerpt_separator
    assert "祝贺 🎉" in teaser
    assert "![Metron's design: the switch tags, the cores dispatch.](images/metron-at-nsdi/metron.png)" in rest
    assert "![The design again](images/metron-at-nsdi/metron.png)" in rest  # {{ '...' | relative_url }}
    assert metron.images == {"metron.png": FIXTURES / "jekyll/assets/img/metron.png"}
    assert '"Metron at NSDI: NFV service chains at the true speed of the hardware": Liquid {% cite barbette2015fast %} left out: no Markdown for it' in report.notes


def test_jekyll_old_addresses_follow_the_sites_permalink_and_redirect_from(jekyll):
    assert jekyll[0]["metron-at-nsdi"].old_addresses == ["blog/2018/metron-at-nsdi/", "metron/"]


def test_hugo_bundle_yaml_and_shortcodes(hugo):
    posts, report = hugo
    assert sorted(posts) == ["notes-in-toml", "post-2023-06-05", "reframer-nsdi"]
    post = posts["reframer-nsdi"]
    assert (post.date.isoformat(), post.tags, post.categories) == ("2022-04-04", ["Reframer", "NSDI"], ["Papers"])
    assert post.description == "Deliberately delaying packets speeds applications up."
    assert "<figcaption>Tail latency, with and without Reframer.</figcaption>" in post.body
    assert "```go\nfunc delay(p Packet) { queue <- p }\n```" in post.body
    assert "<https://www.youtube.com/watch?v=dQw4w9WgXcQ>" in post.body
    assert sorted(post.images) == ["latency.png", "testbed.png"]  # beside the post, and from static/
    assert post.old_addresses == ["post/reframer-nsdi/", "2022/04/reframer/"]
    assert any("shortcode {{< tweet >}} left out" in note for note in report.notes)
    assert any("old address /talks/reframer.html not redirected" in note for note in report.notes)


def test_hugo_toml_front_matter_and_draft(hugo):
    post = hugo[0]["notes-in-toml"]
    assert (post.title, post.draft, post.tags) == ("Notes in TOML", True, ["notes"])


def test_hugo_non_ascii_bundle_name(hugo):
    post = hugo[0]["post-2023-06-05"]
    assert post.title == "논문 리뷰"
    assert post.old_addresses == ["post/논문-리뷰/"]


@pytest.mark.parametrize("read", [read_jekyll, read_hugo])
def test_a_missing_folder_is_one_line(tmp_path, read):
    with pytest.raises(UnreadableSource, match=r"nowhere: no such folder$"):
        read(tmp_path / "nowhere", Report())
    with pytest.raises(UnreadableSource, match=r"no (_posts/|content/post/)"):
        read(tmp_path, Report())


def test_broken_front_matter_names_its_line(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts/2020-01-01-a.md").write_text("---\ntitle: A\ntags: [a, b\n---\nText.\n")
    with pytest.raises(UnreadableSource, match=r"^_posts/2020-01-01-a.md:\d+: invalid YAML"):
        read_jekyll(tmp_path, Report())
    (tmp_path / "content/post").mkdir(parents=True)
    (tmp_path / "content/post/a.md").write_text('+++\ntitle = "A"\ndate = \n+++\n')
    with pytest.raises(UnreadableSource, match=r"^content/post/a.md:3: invalid TOML front matter"):
        read_hugo(tmp_path, Report())

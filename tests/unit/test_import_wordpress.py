"""A WordPress export (WXR) read into posts: every construct of the fixture, and bad input."""

from pathlib import Path

import pytest

from researchsite.imports.posts import Report, UnreadableSource
from researchsite.imports.wordpress import read_wordpress

FIXTURE = Path(__file__).parents[1] / "fixtures" / "imports" / "wordpress"


@pytest.fixture(scope="module")
def read():
    report = Report()
    posts = read_wordpress(FIXTURE / "blog.wordpress.xml", FIXTURE / "uploads", report)
    return {post.slug: post for post in posts}, report


def test_only_posts_are_read_and_the_rest_is_counted_with_why(read):
    posts, report = read
    assert len(posts) == 5
    skipped = {several: count for (one, several, why), count in report.skipped.items()}
    assert skipped == {"pages": 1, "attachments": 3, "navigation menu items": 1, "comments": 3}


def test_a_block_editor_post_keeps_its_slug_date_terms_and_teaser(read):
    post = read[0]["packet-order-matters"]
    assert post.title == "Packet Order Matters at NSDI ’22 – with Dejan Kostić"  # entities decoded
    assert post.date.isoformat() == "2022-06-20"
    assert (post.categories, post.tags) == (["Papers"], ["NSDI", "Reframer"])
    teaser, rest = post.body.split("<!-- more -->")
    assert "Dejan Kostić, is at NSDI. 网络很快 🎉" in teaser
    assert "wp:" not in post.body  # Gutenberg's block comments are gone
    assert "## How it works" in rest and "- Delay packets a little," in rest
    assert "```python\nif flow_id < 4:\n    delay(packet)\n```" in rest


def test_pictures_come_from_uploads_even_when_only_the_original_size_is_there(read):
    post = read[0]["packet-order-matters"]
    # The post shows reframer-latency-1024x512.png; uploads/ has the original.
    assert post.images == {"reframer-latency.png": FIXTURE / "uploads/2022/06/reframer-latency.png"}
    assert '<figure markdown="span">\n![Latency with and without Reframer](images/packet-order-matters/reframer-latency.png)' in post.body
    assert "<figcaption>Tail latency drops by half.</figcaption>" in post.body


def test_classic_editor_shortcodes_are_converted(read):
    post = read[0]["cheetah-tnet"]
    assert "[read it](https://doi.org/10.1109/TNET.2021.3113370).  \nIt keeps" in post.body  # a line break is a <br>
    assert "<figcaption>Cheetah's design: the cookie carries the server.</figcaption>" in post.body
    assert "```c\n#include <stdint.h>\nuint16_t cookie = hash(flow) & 0xffff;\n```" in post.body
    assert "```bash\nmake -j4 && sudo ./cheetah\n```" in post.body
    assert "<https://vimeo.com/123456>" in post.body
    assert "![Testbed, front](images/cheetah-tnet/testbed-1.png)" in post.body
    assert sorted(post.images) == ["cheetah-design.png", "testbed-1.png", "testbed-2.png"]
    assert post.description == "Cheetah's journal version, in IEEE/ACM Transactions on Networking."


def test_what_cannot_be_converted_is_reported_post_by_post(read):
    notes = read[1].notes
    assert '"Cheetah in IEEE/ACM ToN": picture https://blog.example.org/wp-content/uploads/2019/01/lost.png not in ' f"{FIXTURE / 'uploads'}: linked to the old site" in notes
    assert '"网络 notes: a post with broken HTML": shortcode [contact-form-7] left as text: no Markdown for it' in notes
    assert any(note.startswith('"Cheetah in IEEE/ACM ToN": embedded https://vimeo.com/123456 became a link') for note in notes)


def test_broken_html_is_read_as_a_browser_reads_it(read):
    post = read[0]["notes-a-post-with-broken-html"]
    assert post.body.startswith("First paragraph with **bold and *italic text that never closes.***\n\n<!-- more -->")
    assert "- an item\n- another item" in post.body


def test_text_stays_text_in_markdown(read):
    body = read[0]["notes-a-post-with-broken-html"].body
    assert "Edit C:\\\\Users\\\\$USER\\\\.wslconfig and #include &lt;stdio.h>." in body


def test_a_slug_the_site_cannot_keep_is_made_from_the_title_and_the_old_address_kept(read):
    post = read[0]["notes-a-post-with-broken-html"]
    assert post.old_addresses == ["2021/03/01/网络-notes/", "?p=103"]


def test_old_addresses_are_the_permalink_the_date_based_one_and_the_id(read):
    assert read[0]["cheetah-tnet"].old_addresses == ["archives/cheetah-tnet/", "2021/10/05/cheetah-tnet/", "?p=102"]


def test_a_draft_stays_a_draft(read):
    post = read[0]["half-written-thoughts"]
    assert post.draft and post.date.isoformat() == "2022-08-01"
    assert post.old_addresses == ["?p=104"]


@pytest.mark.parametrize(
    "text, message",
    [
        ('<?xml version="1.0"?>\n<rss>\n<channel>\n<item>\n</channel></rss>\n', "export.xml:5: not well-formed XML (mismatched tag, column 3)"),
        ('<?xml version="1.0"?>\n<feed><entry/></feed>\n', "export.xml: not a WordPress export"),
        ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<rss><channel/></rss>\n', "export.xml: refused: an entity declaration"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_line(tmp_path, text, message):
    export = tmp_path / "export.xml"
    export.write_text(text)
    with pytest.raises(UnreadableSource) as error:
        read_wordpress(export, None, Report())
    assert str(error.value).replace(str(tmp_path) + "/", "").startswith(message)
    assert "\n" not in str(error.value)

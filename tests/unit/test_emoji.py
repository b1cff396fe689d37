"""emoji.py: pymdownx.emoji with the site's generator draws icons inline and never links a CDN."""

from __future__ import annotations

import markdown
from material.extensions.emoji import twemoji

from researchsite.emoji import icons_inline


def convert(text: str) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.emoji"],
        extension_configs={"pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": icons_inline}},
    )
    return md.convert(text)


def test_an_icon_is_inline_svg():
    html = convert(":fontawesome-brands-orcid:")
    assert '<span class="twemoji"><svg' in html


def test_an_emoji_shortcode_is_its_character_and_loads_nothing():
    html = convert("It works :smile: :thumbsup:")
    assert html == "<p>It works 😄 👍</p>"
    assert "http" not in html and "<img" not in html


def test_emoji_typed_as_characters_stay_characters():
    assert convert("MPTCP instead of TCP 🙂") == "<p>MPTCP instead of TCP 🙂</p>"

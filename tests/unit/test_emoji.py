"""emoji.py: icons and emoji, as shortcodes or typed, drawn inline from what the package ships;
never a CDN image, never a character that needs the visitor's emoji font; code left as typed."""

from __future__ import annotations

import re

import markdown
from material.extensions.emoji import twemoji

from researchsite.emoji import icons_inline


def convert(text: str) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.emoji", "researchsite.emoji"],
        extension_configs={"pymdownx.emoji": {"emoji_index": twemoji, "emoji_generator": icons_inline}},
    )
    return md.convert(text)


def test_an_icon_is_inline_svg():
    html = convert(":fontawesome-brands-orcid:")
    assert '<span class="twemoji"><svg' in html


def drawn(html: str) -> list[str]:
    """The emoji drawn inline, by the names screen readers hear."""
    assert "http" not in html and "<img" not in html
    return re.findall(r'<span aria-label="([^"]*)" class="twemoji rs-emoji" role="img"[^>]*><svg aria-hidden="true"', html)


def test_an_emoji_shortcode_is_drawn_inline_and_loads_nothing():
    html = convert("It works :smile: :thumbsup:")
    assert drawn(html) == [":smile:", ":thumbsup:"]
    assert 'fill="#FFCC4D"' in html  # Twemoji's own drawing


def test_emoji_typed_as_characters_are_drawn_too_as_one_emoji_each():
    html = convert("MPTCP instead of TCP 🙂, a family 👨‍👩‍👧, Belgium 🇧🇪, a thumb 👍🏽 and a heart ❤️")
    assert drawn(html) == ["slightly smiling face", "family: man, woman, girl", "flag: Belgium", "thumbs up: medium skin tone", "red heart"]


def test_text_symbols_and_code_stay_as_typed():
    assert convert("A ↔ B, © 2026, 5 ™, ♥, 中文") == "<p>A ↔ B, © 2026, 5 ™, ♥, 中文</p>"  # text unless U+FE0F follows
    assert convert("`🙂`") == "<p><code>🙂</code></p>"


def test_an_emoji_newer_than_the_drawings_shipped_stays_its_character():
    assert convert("🫩") == "<p>🫩</p>"  # face with bags under eyes, Unicode 16

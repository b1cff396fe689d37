"""Emoji and icons for this site's Markdown: Material's icons inline, and every emoji, as a
shortcode (`:smile:`) or typed as a character (🙂), drawn inline with Twemoji's SVG, which the
package ships (`data/`): no visitor needs an emoji font, and nothing is loaded from elsewhere.

Material's own `to_svg` links each emoji to an image on a CDN (jsDelivr), one request to another
host per emoji; and pymdownx.emoji reads only shortcodes, so a typed 🙂 stayed a character that a
visitor without an emoji font sees as a box. `mkdocs.yml` names both halves:

    markdown_extensions:
      - pymdownx.emoji:
          emoji_index: !!python/name:material.extensions.emoji.twemoji
          emoji_generator: !!python/name:researchsite.emoji.icons_inline
      - researchsite.emoji     # the typed emoji too
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from importlib import resources
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from material.extensions.emoji import to_svg
from pymdownx import twemoji_db
from pymdownx.emoji import to_alt

_DRAWINGS = "twemoji-15.0.0.json.gz"


def icons_inline(index, shortname, alias, uc, alt, title, category, options, md):
    if not uc:  # one of Material's icons (material-, fontawesome-, octicons-, simple-): its SVG inline
        return to_svg(index, shortname, alias, uc, alt, title, category, options, md)
    drawing = _drawings().get(uc)
    if drawing is None:  # newer than the Twemoji shipped: the character, for the visitor's font
        return to_alt(index, shortname, alias, uc, alt, title, category, options, md)
    return _emoji_element(drawing, alt, title, md)


def _emoji_element(drawing: str, alt: str, title: str | None, md: Markdown) -> Element:
    # Named for screen readers by its character's name; the drawing itself is decoration.
    element = Element("span", {"class": "twemoji rs-emoji", "role": "img", "aria-label": title or alt})
    if title:
        element.set("title", title)
    # In HTML an inline <svg> needs no namespace: the bytes are the page's.
    svg = drawing.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1).replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    element.text = md.htmlStash.store(svg)
    return element


@functools.cache
def _drawings() -> dict[str, str]:
    data = resources.files("researchsite").joinpath("data", _DRAWINGS).read_bytes()
    return json.loads(gzip.decompress(data))


class _TypedEmoji(InlineProcessor):
    """An emoji typed as its character(s), drawn as pymdownx.emoji draws its shortcode. Inline
    patterns never see code, so 🙂 in a code span or block stays as typed."""

    def handleMatch(self, match: re.Match, data: str):
        typed = match.group(0)
        uc = _file_name(typed)
        # A character that is text by default (↔, ▶, ©, ♥) is an emoji only with U+FE0F after it.
        emoji_by_default = len(typed) > 1 or _shown_as_emoji(typed)
        drawing = _drawings().get(uc) if emoji_by_default else None
        if drawing is None:
            return None, None, None
        entry = _by_file_name().get(uc)
        return _emoji_element(drawing, typed, entry["name"] if entry else None, self.md), match.start(0), match.end(0)


def _file_name(typed: str) -> str:
    """Twemoji's file name for an emoji: its code points in hex, without the emoji variation
    selector (U+FE0F) except inside a sequence joined by U+200D, as Twemoji keeps it there."""
    points = [f"{ord(character):x}" for character in typed]
    return "-".join(points if "200d" in points else [point for point in points if point != "fe0f"])


@functools.cache
def _by_file_name() -> dict[str, dict]:
    # Material adds its icons to this very index, without code points.
    return {entry["unicode"]: entry for entry in twemoji_db.emoji.values() if "unicode" in entry}


# What may be an emoji: a pair of regional indicators (a flag), or a symbol of the blocks emoji
# come from with its modifiers (variation selector, skin tone, keycap, tags), joined by U+200D
# into one. Whether Twemoji draws it is looked up only then: the drawings load with the first.
_SYMBOL = "[\u00a9\u00ae\u203c-\u3299\U0001f000-\U0001faff]"
_MODIFIERS = "(?:\ufe0f|\u20e3|[\U0001f3fb-\U0001f3ff]|[\U000e0020-\U000e007f])*"
_TYPED = f"[\U0001f1e6-\U0001f1ff]{{2}}|{_SYMBOL}{_MODIFIERS}(?:\u200d{_SYMBOL}{_MODIFIERS})*"


def _shown_as_emoji(character: str) -> bool:
    """Unicode's Emoji_Presentation (emoji-data.txt, Unicode 15): below U+1F000 only these few
    characters are emoji by default; above it, nearly all (the few that are not, 🌡 or 🕊, are
    drawn as emoji by every system that has an emoji font)."""
    point = ord(character)
    return point >= 0x1F000 or any(first <= point <= last for first, last in _EMOJI_PRESENTATION)


_EMOJI_PRESENTATION = [
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE), (0x2614, 0x2615),
    (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1), (0x26AA, 0x26AB), (0x26BD, 0x26BE),
    (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5),
    (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C),
    (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
]


class TypedEmojiExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After pymdownx.emoji's shortcodes (75), before the text is left alone.
        md.inlinePatterns.register(_TypedEmoji(_TYPED, md), "researchsite-typed-emoji", 74)


def makeExtension(**kwargs) -> TypedEmojiExtension:
    return TypedEmojiExtension(**kwargs)

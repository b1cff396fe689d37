"""Citations in a page's Markdown, in pandoc's syntax: `[@key]`, `[see @a, p. 33; @b]`,
`[-@key]` (without the author), and `@key` in the running text (`@key [p. 33]`).

Only the text a reader sees is searched: not code (fenced or inline), HTML tags and comments,
link targets or front matter, so an e-mail address, a decorator or `@inproceedings{` in a
BibTeX block is never a citation. Which keys exist is the next stage's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# pandoc's citation key: a letter, digit or _, then those and internal punctuation; or any
# key at all in braces (@{DBLP:conf/nsdi/X}).
_KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<plain>\w(?:[\w:.#$%&\-+?<>~/]*\w)?))"
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<minus>-?)@{_KEY}(?P<suffix>.*)$", re.DOTALL)
# A bracketed citation: [...@key...], neither a link's text ([@x](url), [@x][ref]) nor an image's.
_BRACKETED = re.compile(r"(?<![!\\\]])\[(?P<body>[^\[\]]*?-?@[^\[\]]*?)\](?![(\[:])")
# In the text: @key, not inside a word or an address (a@b), optionally with [a locator].
_IN_TEXT = re.compile(rf"(?<![\w@\\\[;-])@{_KEY}(?:[ \t]\[(?P<locator>[^\[\]@]*)\](?![(\[]))?")

_HIDDEN = [
    re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL),  # front matter
    re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,}).*?(?:^[ \t]*(?P=fence)[`~]*[ \t]*$|\Z)", re.DOTALL | re.MULTILINE),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL),
    re.compile(r"<(?:pre|code|script|style)\b.*?</(?:pre|code|script|style)>", re.DOTALL | re.IGNORECASE),
    re.compile(r"</?[A-Za-z][^>\n]*>"),  # tags and autolinks
    re.compile(r"\]\([^)\n]*\)"),  # a link's target
]


@dataclass(frozen=True)
class Cited:
    """One paper in a citation, with the words around it: [see @a, p. 33]."""

    key: str
    prefix: str = ""
    suffix: str = ""
    without_author: bool = False  # [-@key]


@dataclass(frozen=True)
class Citation:
    items: tuple[Cited, ...]
    start: int  # where the citation is in the Markdown
    end: int
    line: int  # in the file, for problems
    in_text: bool = False  # @key, which names the authors: only a known key is one

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def find_citations(markdown: str, first_line: int = 1) -> list[Citation]:
    """Every citation in `markdown`, in order; `first_line` is the file's line of its first line."""
    if "@" not in markdown:
        return []
    visible = _mask(markdown)
    found = []
    taken: list[tuple[int, int]] = []
    for match in _BRACKETED.finditer(visible):
        items = [_item(part) for part in match["body"].split(";")]
        if not items or any(item is None for item in items):
            continue  # [a@b; text]: not all of it is citations, so none of it is
        found.append(Citation(tuple(items), match.start(), match.end(), _line(markdown, match.start(), first_line)))
        taken.append((match.start(), match.end()))
    for match in _IN_TEXT.finditer(visible):
        if any(start <= match.start() < end for start, end in taken):
            continue
        key = match["braced"] or match["plain"]
        suffix = (match["locator"] or "").strip()
        found.append(Citation((Cited(key, suffix=suffix),), match.start(), match.end(), _line(markdown, match.start(), first_line), in_text=True))
    return sorted(found, key=lambda citation: citation.start)


def _item(text: str) -> Cited | None:
    match = _ITEM.match(text.strip())
    if match is None or "@" in match["prefix"]:
        return None
    suffix = match["suffix"].strip()
    return Cited(match["braced"] or match["plain"], match["prefix"].strip(), suffix.removeprefix(",").strip(), bool(match["minus"]))


def _mask(markdown: str) -> str:
    """The Markdown with what a reader does not see as prose blanked out, offsets and lines kept."""
    text = markdown
    for pattern in _HIDDEN:
        text = pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)
    return text


def _line(markdown: str, offset: int, first_line: int) -> int:
    return first_line + markdown.count("\n", 0, offset)

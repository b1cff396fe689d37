"""Citations in a page's Markdown, in pandoc's syntax: `[@key]`, `[see @a, p. 33; @b]`,
`[-@key]` (without the author), and `@key` in the running text (`@key [p. 33]`).

Only the text a reader sees is searched: not code (fenced or inline), HTML tags and comments,
link targets or front matter, so an e-mail address, a decorator or `@inproceedings{` in a
BibTeX block is never a citation. Which keys exist is the next stage's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

# pandoc's citation key: a letter, digit or _, then those and internal punctuation; or any
# key at all in braces (@{DBLP:conf/nsdi/X}).
_KEY = r"(?:\{(?P<braced>[^{}\s]+)\}|(?P<plain>\w(?:[\w:.#$%&\-+?<>~/]*\w)?))"
_ITEM = re.compile(rf"^(?P<prefix>.*?)(?P<minus>-?)@{_KEY}(?P<suffix>.*)$", re.DOTALL)
# In the text: @key, not inside a word or an address (a@b); `-@key` after a space is `@key`.
_IN_TEXT = re.compile(rf"(?<![\w@\\;])(?<!\w-)@{_KEY}")
_BRACKET = re.compile(r"(?<!\\)[\[\]]")
# Example lists, `(@good) text`: their labels are not citation keys (pandoc's `example_lists`).
_EXAMPLE_LABEL = re.compile(r"^[ \t]*\(@(?P<label>[\w-]+)\)(?:[ \t]|$)", re.MULTILINE)
# A reference link's definition, `[label]: url`; `[@key]: ...` is a citation, not one.
_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?!-?@)(?P<label>[^\]\n]+)\]:", re.MULTILINE)
# What indents its content by four spaces without making it code: list items, notes, and
# Material's admonitions (`!!! note`, `??? tip`) and content tabs (`=== "Tab"`).
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)]|\(?@?[\w-]*\)|\[\^[^\]]+\]:|!!!|\?\?\?\+?|===)[ \t]")

_HIDDEN = [
    re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL),  # front matter
    re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,}).*?(?:^[ \t]*(?P=fence)[`~]*[ \t]*$|\Z)", re.DOTALL | re.MULTILINE),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"(?<!`)(?P<ticks>`+)(?!`).+?(?<!`)(?P=ticks)(?!`)", re.DOTALL),
    re.compile(r"<(?:pre|code|script|style)\b.*?</(?:pre|code|script|style)>", re.DOTALL | re.IGNORECASE),
    re.compile(r"</?[A-Za-z][^>\n]*>"),  # tags and autolinks
    re.compile(r"(?<=\]\()[^)\n]*(?=\))"),  # a link's target (its brackets kept: a link's text is no citation)
    # TeX math, as pandoc's `tex_math_dollars` reads it: `$x$` with no space inside the dollars
    # and no digit after the closing one ("from $5 to $10" is text); `$$...$$` for display.
    re.compile(r"(?<![\\$])\$\$.+?(?<!\\)\$\$|(?<![\\$])\$(?![\s$]).*?(?<![\s\\])\$(?!\d)", re.DOTALL),
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
    # Where a reader meets it: its own place, or for a footnote's citation the note's mark in
    # the text (as pandoc numbers them), wherever the note's text is written.
    read_at: int = -1

    @property
    def keys(self) -> list[str]:
        return [item.key for item in self.items]


def in_reading_order(citations: list[Citation]) -> list[Citation]:
    """The citations in the order a reader meets them, which numbers them."""
    return sorted(citations, key=lambda citation: (citation.read_at, citation.start))


def find_citations(markdown: str, first_line: int = 1) -> list[Citation]:
    """Every citation in `markdown`, in order; `first_line` is the file's line of its first line."""
    if "@" not in markdown:
        return []
    visible = _mask(markdown)
    examples = {match["label"] for match in _EXAMPLE_LABEL.finditer(visible)}
    links = {match["label"].strip().lower() for match in _LINK_DEFINITION.finditer(visible)}
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []  # brackets read as citations: no @ in them is another one
    groups = _bracket_groups(visible)
    # A link's text: the marker that a citation becomes is a link, and links do not nest, so
    # `[@a](url)` stays a link (pandoc reads a citation inside it).
    taken += [(start, end) for start, end in groups if visible[end : end + 1] in ("(", "[")]
    after_key: dict[int, tuple[int, int]] = {}  # a group's opening offset -> the group
    for start, end in groups:
        after_key[start] = (start, end)
        if any(a <= start < b for a, b in taken) or not _citation_brackets(visible, start, end, links):
            continue
        items = _items(markdown, visible, start + 1, end - 1)
        if items and not any(item.key in examples for item in items):
            found.append(Citation(tuple(items), start, end, _line(markdown, start, first_line)))
            taken.append((start, end))
    for match in _IN_TEXT.finditer(visible):
        key = match["braced"] or match["plain"]
        if key in examples or any(start <= match.start() < end for start, end in taken):
            continue
        items, end = [Cited(key)], match.end()
        # `@key [p. 33]` and `@key [p. 33; @other]`: one citation, the first part its locator.
        space = re.match(r"[ \t]?", visible[end:])
        group = after_key.get(end + space.end())
        if group and _citation_brackets(visible, group[0], group[1], links):
            parts = _parts(visible, group[0] + 1, group[1] - 1)
            first = markdown[parts[0][0] : parts[0][1]] if parts else ""
            rest = _items(markdown, visible, parts[1][0], group[1] - 1) if len(parts) > 1 else []
            if "@" not in visible[parts[0][0] : parts[0][1]] and (len(parts) == 1 or rest):
                items, end = [Cited(key, suffix=first.strip().removeprefix(",").strip()), *rest], group[1]
            elif (whole := _items(markdown, visible, group[0] + 1, group[1] - 1)):
                items, end = [items[0], *whole], group[1]
            found = [citation for citation in found if citation.start != group[0]]
            taken.append(group)
        found.append(Citation(tuple(items), match.start(), end, _line(markdown, match.start(), first_line), in_text=True))
    notes = _notes(visible)
    found = [replace(citation, read_at=_read_at(citation.start, notes)) for citation in found]
    return sorted(found, key=lambda citation: citation.start)


_NOTE_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:", re.MULTILINE)
_NOTE_MARK = re.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
_NOTE_END = re.compile(r"\n[ \t]*\n(?=\S)")  # a blank line, then a line not indented


def _notes(visible: str) -> list[tuple[int, int, int]]:
    """Each footnote's text (start, end) and where its mark stands in the text."""
    if "[^" not in visible:
        return []
    definitions = list(_NOTE_DEFINITION.finditer(visible))
    notes = []
    for number, definition in enumerate(definitions):
        end = definitions[number + 1].start() if number + 1 < len(definitions) else len(visible)
        if (stop := _NOTE_END.search(visible, definition.end(), end)) is not None:
            end = stop.start()
        marks = (mark.start() for mark in _NOTE_MARK.finditer(visible) if mark["label"] == definition["label"])
        mark = next((at for at in marks if not definition.start() <= at < end), None)
        if mark is not None:
            notes.append((definition.start(), end, mark))
    return notes


def _read_at(start: int, notes: list[tuple[int, int, int]]) -> int:
    return next((mark for begin, end, mark in notes if begin <= start < end), start)


def _bracket_groups(visible: str) -> list[tuple[int, int]]:
    """Every `[...]` with its brackets balanced, escaped ones (`\\[`) not counted, by its start."""
    groups, opened = [], []
    for match in _BRACKET.finditer(visible):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            groups.append((opened.pop(), match.end()))
    return sorted(groups)


def _citation_brackets(visible: str, start: int, end: int, links: set[str]) -> bool:
    """Whether the brackets at `start` can hold a citation rather than be a link's text
    (`[@a](url)`, `[@a][ref]`, `[@a]{.class}`, `[ref]` defined below) or a note (`^[...]`)."""
    if visible[start - 1 : start] == "^" or visible[end : end + 1] in ("(", "[", "{"):
        return False
    if visible[end : end + 1] == ":" and not re.match(r"\[-?@", visible[start:end]):
        return False
    return visible[start + 1 : end - 1].strip().lower() not in links


def _parts(visible: str, start: int, end: int) -> list[tuple[int, int]]:
    """The `;`-separated parts between `start` and `end`, a `;` in nested brackets or braces not counted."""
    parts, depth, begin = [], 0, start
    for offset in range(start, end):
        char = visible[offset]
        if char in "[{" and visible[offset - 1] != "\\":
            depth += 1
        elif char in "]}" and visible[offset - 1] != "\\":
            depth -= 1
        elif char == ";" and depth <= 0:
            parts.append((begin, offset))
            begin = offset + 1
    parts.append((begin, end))
    return parts


def _items(markdown: str, visible: str, start: int, end: int) -> list[Cited]:
    """The citations of a bracket's parts, or [] when any part is not one ([a@b; text])."""
    items = []
    for begin, stop in _parts(visible, start, end):
        item = _item(markdown[begin:stop], visible[begin:stop])
        if item is None:
            return []
        items.append(item)
    return items


def _item(text: str, visible: str) -> Cited | None:
    offset = len(visible) - len(visible.lstrip())
    match = _ITEM.match(visible[offset:])
    if match is None or "@" in match["prefix"]:
        return None
    original = text[offset:]  # math kept as written, not masked
    prefix = original[: match.start("minus")].strip()
    suffix = original[match.start("suffix") :].strip().removeprefix(",").strip()
    return Cited(match["braced"] or match["plain"], prefix, suffix, bool(match["minus"]))


def _mask(markdown: str) -> str:
    """The Markdown with what a reader does not see as prose blanked out, offsets and lines kept."""
    text = markdown
    for pattern in _HIDDEN:
        text = pattern.sub(_blank, text)
    return _mask_indented_code(text)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _mask_indented_code(text: str) -> str:
    """Indented code blocks blanked: four spaces or a tab after a blank line, unless the
    paragraph before is a list item or a note, whose continuation is indented so too."""
    lines = text.split("\n")
    in_code, context = False, ""  # context: the last paragraph's first line
    previous_blank = True
    for number, line in enumerate(lines):
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if in_code and (blank or indented):
            lines[number] = " " * len(line)
        elif indented and previous_blank and not _LIST_ITEM.match(context) and not context.startswith(("    ", "\t")):
            in_code = True
            lines[number] = " " * len(line)
        else:
            in_code = False
            if not blank and (previous_blank or _LIST_ITEM.match(line)):
                context = line
        previous_blank = blank
    return "\n".join(lines)
def _line(markdown: str, offset: int, first_line: int) -> int:
    return first_line + markdown.count("\n", 0, offset)

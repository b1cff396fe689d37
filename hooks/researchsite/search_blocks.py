"""Material's search entries of a page with HTML blocks (GeneratedFile.html_blocks: the
publication list's years, the CV's sections), each block's text read once: a rebuild of `mkdocs
serve` reads only the blocks an edit changed, where Material's search plugin read the 0.9 MB
list and the CV tag by tag on every edit.

Material's parser reads the page from start to end; a block is read on its own, and its text
put in the page's section, only where that gives what the parser would find in place (below);
anywhere else the parser reads the block itself.
"""

from __future__ import annotations

import re

from material.plugins.search.plugin import Parser, SearchIndex

_DEFAULT_SKIP = frozenset(Parser().skip)
_HEADING = re.compile(r"<h[1-6][\s/>]", re.IGNORECASE)


class BlockTexts:
    """Each block's text as Material's parser reads it, kept by the block's HTML for the next
    rebuild; only what the latest build read is kept."""

    def __init__(self):
        self._read: dict[str, list[str] | None] = {}
        self._next: dict[str, list[str] | None] = {}

    def get(self, block: str) -> list[str] | None:
        """The block's text, or None when reading it alone would not give what the page's parser
        reads (a heading, an element left open or excluded)."""
        if block not in self._next:
            self._next[block] = self._read[block] if block in self._read else _alone(block)
        return self._next[block]

    def done(self) -> None:
        self._read, self._next = self._next, {}


def add_entries(index: SearchIndex, page, blocks: tuple[str, ...], texts: BlockTexts | None = None) -> None:
    """`SearchIndex.add_entry_from_context(page)`, the page's blocks read alone, or taken from
    `texts` (a one-off build keeps none)."""
    texts = texts or _Unkept()
    if (page.meta.get("search") or {}).get("exclude"):
        return
    content = page.content
    spans, position = [], 0
    for block in blocks:  # in the page's HTML as the blocks were put in (on_page_content)
        start = content.find(block, position)
        if start < 0:
            spans = None  # changed since by some plugin: the parser reads the page as it is
            break
        spans.append((start, block))
        position = start + len(block)
    parser = Parser()
    position = 0
    for start, block in spans or []:
        parser.feed(content[position:start])
        # Where the parser would not read it as it reads it alone, the block is not read alone.
        text = texts.get(block) if _in_place(parser) else None
        if text is not None:
            parser.section.text.extend(text)
        else:
            parser.feed(block)
        position = start + len(block)
    parser.feed(content[position:])
    parser.close()
    for section in parser.data:
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)


class _Unkept(BlockTexts):
    def get(self, block: str) -> list[str] | None:
        return _alone(block)


def _alone(block: str) -> list[str] | None:
    alone = Parser()
    alone.feed(block)
    alone.close()
    section = alone.data[0] if len(alone.data) == 1 else None
    read_whole = not alone.context and alone.skip == _DEFAULT_SKIP and block.startswith("<")
    # One section of the parser's own making, and no heading at all: in place, text inside an
    # element of the section's heading tag would be read as its title.
    if section is None or section.el.tag != "hx" or section.title or not read_whole or _HEADING.search(block):
        return None
    return section.text


def _in_place(parser: Parser) -> bool:
    """Whether the parser, where a block begins, reads it as it reads it alone: at the top of the
    page's HTML (no element open, none skipped), all it was given read, in a section whose text
    so far holds no tag (closing an element, the parser looks for its tag from the section's
    start), begun by a heading at the top too (a deeper one ends where the block's elements do)."""
    return (
        not parser.rawdata
        and not parser.context
        and parser.skip == _DEFAULT_SKIP
        and parser.section is not None
        and parser.section.depth <= 1
        and not any(part.startswith("<") for part in parser.section.text)
    )

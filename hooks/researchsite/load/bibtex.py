"""Load the researcher's .bib files into `BibEntry`s, with every problem located as path:line.

bibtexparser 2 splits each file; our middlewares (see `middlewares.py`) then resolve
macros, crossrefs, and decode what is displayed, on one library of all files, so that
@string and crossref work across files as they do when BibTeX reads them together.

A process that loads again (`mkdocs serve`) keeps a `LoadCache`: a file is split again only
where its text changed, an entry at a time, and an entry whose text, macros and file are as
before is not run through the middlewares again, its result moved to its new line.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pathlib
import re
from dataclasses import dataclass, field, replace

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    Field,
    ParsingFailedBlock,
    String,
)
from bibtexparser.splitter import Splitter

from ..structure.problems import ERROR, Problem, warning
from .entries import BibEntry, Name
from .middlewares import (
    DISPLAYED_FIELDS,
    INHERITED,
    NAMES,
    PROBLEMS,
    TEXT,
    DecodeDisplayedFields,
    KeepEntriesWithDuplicateFields,
    LowercaseFieldKeys,
    ResolveCrossrefs,
    ResolveMacros,
    SplitNames,
)

__all__ = ["DISPLAYED_FIELDS", "LoadCache", "load_bibliography", "parse_stack"]

logger = logging.getLogger(__name__)
# bibtexparser logs each block it cannot read, with 0-based lines; every one of them is reported
# here instead, located and explained, so its own lines would only be noise on the terminal.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

PATH = "researchsite.path"  # parser_metadata key: the block's file, relative to the root
DUPLICATE = "researchsite.duplicate_of"  # parser_metadata key: a repeated entry's key, checked but not shown


@dataclass
class LoadCache:
    """What loading keeps from one build to the next, keyed by content: one per process that
    rebuilds (`mkdocs serve`), handed in by its owner. A load without one starts cold.

    Only what the latest build used is kept, so editing for hours does not grow it.
    """

    splits: dict[tuple[str, str], tuple[list[Block], list[Problem], list[tuple]]] = field(default_factory=dict)  # and its pieces
    result: tuple[tuple, tuple[list[BibEntry], list[Problem]]] | None = None
    # A file's text from one block start to the next: its blocks, as split alone; and at their
    # place in the file, by (file, line, text).
    split_pieces: dict[str, list[Block]] = field(default_factory=dict)
    pieces: dict[tuple[str, int, str], list[Block]] = field(default_factory=dict)
    entries: dict[tuple, tuple[BibEntry, list[Problem]]] = field(default_factory=dict)  # see _Results
    decoded: dict[str, str] = field(default_factory=dict)
    decoded_paragraphs: dict[str, str] = field(default_factory=dict)
    names: dict[str, tuple[list[Name], bool]] = field(default_factory=dict)


def parse_stack(cache: LoadCache | None = None) -> list[Middleware]:
    """The middlewares applied, in order, to the library of all files after splitting."""
    cache = cache or LoadCache()
    return [
        KeepEntriesWithDuplicateFields(),
        LowercaseFieldKeys(),
        ResolveMacros(),
        ResolveCrossrefs(),
        DecodeDisplayedFields(cache.decoded, cache.decoded_paragraphs),
        SplitNames(cache.names),
    ]


def load_bibliography(
    paths: list[pathlib.Path], root: pathlib.Path, cache: LoadCache | None = None
) -> tuple[list[BibEntry], list[Problem]]:
    """All entries of `paths` (in order), and every problem found in them; never raises."""
    by_entry = cache is not None  # a load that is not kept splits each file whole, at once
    cache = cache or LoadCache()
    texts: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for path in paths:
        relative = _relative(path, root)
        text, problem = _read(path, relative)
        if problem is not None:
            problems.append(problem)
        if text is not None:
            texts.append((relative, text))

    key = tuple((relative, _digest(text)) for relative, text in texts)
    if cache.result is not None and cache.result[0] == key:
        entries, found = cache.result[1]
    else:
        try:
            entries, found = _load(texts, key, cache, by_entry)
        except Exception as error:  # a bug of ours: one located line beats a traceback
            logger.exception("loading the bibliography failed")
            where = texts[0][0] if texts else _relative(root, root)
            entries, found = [], [Problem(where, None, f"internal error while loading BibTeX: {error!r}")]
        cache.result = key, (entries, found)
        for stale in set(cache.splits) - set(key):
            del cache.splits[stale]
    # Copies: a caller changing an entry must not change the next build's.
    return [_copy(entry) for entry in entries], problems + list(found)


def _load(texts: list[tuple[str, str]], key, cache: LoadCache, by_entry: bool) -> tuple[list[BibEntry], list[Problem]]:
    problems: list[Problem] = []
    pieces: dict[tuple[str, int, str], list[Block]] = {}
    split: list[Block] = []
    for (relative, text), (_, digest) in zip(texts, key):
        blocks, split_problems = _split(relative, text, digest, cache, pieces if by_entry else None)
        problems.extend(split_problems)
        split.extend(blocks)
    cache.pieces = pieces  # only what this load used
    cache.split_pieces = {piece: cache.split_pieces[piece] for _, _, piece in pieces if piece in cache.split_pieces}
    # The split blocks as one library, only read (it marks a repeated key with a block of its own).
    results = _Results(Library(split, fail_on_duplicate_key=False), cache)
    if results.any_known:
        # The middlewares read copies of the entries whose result is not known, with every
        # @string (and every entry in a crossref, both ends); the others' results are the last
        # load's. There is no failed block: the split blocks are the library's.
        library_blocks = split
        run = Library([_fresh(block) for block in split if not results.known(block)])
    else:
        # Copies for the middlewares to change; cross-file duplicate keys become
        # DuplicateBlockKeyBlocks here, as within a file.
        library = Library()
        library.add([_fresh(block) for block in split], fail_on_duplicate_key=False)
        _check_duplicates_too(library)
        library_blocks = library.blocks
        run = library
    for middleware in parse_stack(cache):
        run = middleware.transform(run)
    problems.extend(_failed_block_problems(run))
    entries: list[BibEntry] = []
    processed = iter(run.blocks)
    for block in library_blocks:
        if results.known(block):
            entry, found = results.of(block)
            entries.append(entry)
            problems.extend(found)
            continue
        original, block = block, next(processed)
        found = _block_problems(block)
        problems.extend(found)
        if isinstance(block, Entry):
            if block.key:
                entries.append(results.keep(original, _bib_entry(block), found))
            else:
                problems.append(_problem(block, block.start_line, "could not parse this block: the entry has no key"))
        elif isinstance(block, ParsingFailedBlock) and not isinstance(block, DuplicateBlockKeyBlock):
            unreadable = _unreadable_entry(block)
            if unreadable is not None:
                entries.append(unreadable)
    results.done()
    return entries, problems


class _Results:
    """The entries of the last load whose result holds again: an entry (not a failed block, in no
    crossref) that has the same text in the same file, where the @strings are the same, gives the
    same fields, names, text and problems, at lines moved as far as the entry moved. Kept only
    where the library has no failed blocks (a duplicate key, a block bibtexparser gave up on):
    there a whole load says exactly what is wrong."""

    def __init__(self, library: Library, cache: LoadCache):
        self.cache = cache
        self.kept: dict[tuple, tuple[BibEntry, list[Problem]]] = {}
        self.usable = not library.failed_blocks and (crossed := _in_crossrefs(library)) is not None
        self.crossed = crossed if self.usable else set()
        # The @strings as written, in order: each entry's values are made of them.
        self.strings = hashlib.sha256(repr([(string.key, string.value) for string in library.strings]).encode()).hexdigest()
        self.any_known = self.usable and any(self.known(block) for block in library.entries)

    def _key(self, block: Block) -> tuple | None:
        if not self.usable or type(block) is not Entry or block.key.lower() in self.crossed:
            return None
        return block.parser_metadata[PATH], block.raw, self.strings

    def known(self, block: Block) -> bool:
        key = self._key(block)
        return key is not None and key in self.cache.entries

    def of(self, block: Block) -> tuple[BibEntry, list[Problem]]:
        key = self._key(block)
        entry, problems = self.cache.entries[key]
        moved = block.start_line + 1 - entry.line
        if moved:
            entry, problems = _moved(entry, moved), [_moved_problem(problem, moved) for problem in problems]
        self.kept[key] = entry, problems
        return entry, problems

    def keep(self, block: Block, entry: BibEntry, problems: list[Problem]) -> BibEntry:
        key = self._key(block)
        if key is None:
            return entry
        entry.source = hashlib.sha256(repr(key).encode()).hexdigest()
        self.kept[key] = entry, problems
        return entry

    def done(self) -> None:
        self.cache.entries = self.kept  # only what this load used: editing for hours does not grow it


def _in_crossrefs(library: Library) -> set[str] | None:
    """The keys (lower case) of the entries in a crossref, child or parent; None when a crossref
    is not a plain key (a macro, `#`): which entries it joins is known only once evaluated."""
    keys: set[str] = set()
    for entry in library.entries:
        for field in entry.fields:
            if field.key.lower() == "crossref":
                value = str(field.value).strip()
                if value[:1] in "{\"" and value[-1:] in "}\"":
                    value = value[1:-1]
                if not value or any(char in value for char in '{}"#'):
                    return None
                keys |= {entry.key.lower(), value.strip().lower()}
    return keys


def _moved(entry: BibEntry, lines: int) -> BibEntry:
    return replace(entry, line=entry.line + lines, field_lines={key: line + lines for key, line in entry.field_lines.items()})


def _moved_problem(problem: Problem, lines: int) -> Problem:
    return problem if problem.line is None else replace(problem, line=problem.line + lines)


def _check_duplicates_too(library: Library) -> None:
    """A repeated key is an error, but the repeated entry's own fields are checked all the same:
    it joins the library under a private key, marked so that it gets no page."""
    for block in library.failed_blocks:
        twin = block.ignore_error_block if isinstance(block, DuplicateBlockKeyBlock) else None
        if type(twin) is Entry:
            twin.parser_metadata[DUPLICATE] = twin.key
            twin.key = f"{twin.key}\x00{twin.start_line}"
            library.add(twin)


def _read(path: pathlib.Path, relative: str) -> tuple[str | None, Problem | None]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, Problem(relative, None, f"cannot read this file: {error.strerror or error}")
    try:
        return data.decode("utf-8-sig"), None  # -sig: exports from Windows tools start with a BOM
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        # Latin-1 decodes anything; the entries still load, the problem says what to fix.
        return data.decode("latin-1"), warning(
            relative, line, f"not UTF-8 (byte 0x{data[error.start]:02x}); read as Latin-1, please save as UTF-8"
        )


def _split(
    relative: str, text: str, digest: str, cache: LoadCache, pieces: dict[tuple[str, int, str], list[Block]] | None
) -> tuple[list[Block], list[Problem]]:
    """The file's blocks as split by bibtexparser, cached by content, and by entry when `pieces`
    gathers the pieces of text split this load. Never mutated."""
    cached = cache.splits.get((relative, digest))
    if cached is not None:
        blocks, problems, kept = cached
        if pieces is not None:
            pieces.update((piece, cache.pieces[piece]) for piece in kept if piece in cache.pieces)
        return blocks, problems
    mine: dict[tuple[str, int, str], list[Block]] = {}
    blocks = _split_by_entry(relative, text, cache, mine) if pieces is not None else None
    if pieces is not None:
        pieces.update(mine)
    problems: list[Problem] = []
    if blocks is None:
        try:
            blocks = Splitter(text).split().blocks
        except Exception as error:  # a splitter bug must not hide the other files' problems
            blocks, problems = [], [Problem(relative, None, f"could not parse this file: {error}")]
    for block in blocks:
        block.parser_metadata[PATH] = relative
        if isinstance(block, ParsingFailedBlock) and block.ignore_error_block is not None:
            block.ignore_error_block.parser_metadata[PATH] = relative
    cache.splits[(relative, digest)] = blocks, problems, list(mine)
    return blocks, problems


# Where a line starts a block: bibtexparser's splitter starts one at each `@type{` (and ends an
# unfinished one there), so the text between two of them is split alone as it is in the file.
_PIECE_START = re.compile(r"^(?=@\w*[ \t]*[{(])", re.MULTILINE)


def _split_by_entry(relative: str, text: str, cache: LoadCache, pieces: dict[tuple[str, int, str], list[Block]]) -> list[Block] | None:
    """The file's blocks, each piece of text from one block start to the next split alone, and
    only when it was not split before (a rebuild after an edit to one entry splits that entry,
    and moves those below it when it changed their lines); None when a piece does not split
    cleanly: the file is then split whole, as bibtexparser's messages for a broken block are made
    for the whole file."""
    starts = [0, *(match.start() for match in _PIECE_START.finditer(text) if match.start()), len(text)]
    blocks: list[Block] = []
    line = 0
    for start, end in zip(starts, starts[1:]):
        piece = text[start:end]
        placed = (relative, line, piece)
        moved = pieces.get(placed) or cache.pieces.get(placed)
        if moved is None:
            split = cache.split_pieces.get(piece) or Splitter(piece).split().blocks
            if any(isinstance(block, ParsingFailedBlock) for block in split):
                return None
            cache.split_pieces[piece] = split
            moved = [_fresh(block, line) for block in split]
            for block in moved:
                block.parser_metadata[PATH] = relative
        pieces[placed] = moved
        blocks.extend(moved)
        line += piece.count("\n")
    # Added one by one, as the splitter does: a key repeated in the file is marked here.
    library = Library()
    library.add(blocks, fail_on_duplicate_key=False)
    return library.blocks


def _fresh(block: Block, lines: int = 0) -> Block:
    """A copy for the middlewares to change, leaving the cached split intact; `lines` further
    down the file (a block split from a piece of it)."""
    if isinstance(block, Entry):
        fields = [Field(field.key, field.value, _below(field.start_line, lines)) for field in block.fields]
        copy = Entry(block.entry_type, block.key, fields, _below(block.start_line, lines), block.raw)
    elif isinstance(block, String):
        copy = String(block.key, block.value, _below(block.start_line, lines), block.raw)
    elif isinstance(block, DuplicateFieldKeyBlock):
        entry = _fresh(block.ignore_error_block, lines)
        copy = DuplicateFieldKeyBlock(block.duplicate_keys, entry)
    elif isinstance(block, DuplicateBlockKeyBlock):  # its entry joins the library (_check_duplicates_too)
        twin = _fresh(block.ignore_error_block, lines)
        copy = DuplicateBlockKeyBlock(block.key, block.previous_block, twin, _below(block.start_line, lines), block.raw)
    elif lines:
        copy = type(block).__new__(type(block))  # comments and preambles: only moved
        copy.__dict__.update(block.__dict__, _start_line_in_file=_below(block.start_line, lines), _parser_metadata={})
        return copy
    else:
        return block  # comments, preambles, parse failures: only read
    if PATH in block.parser_metadata:
        copy.parser_metadata[PATH] = block.parser_metadata[PATH]
    return copy


def _below(line: int | None, lines: int) -> int | None:
    return None if line is None else line + lines


def _failed_block_problems(library: Library) -> list[Problem]:
    problems = []
    for block in library.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            duplicate, previous = block.ignore_error_block, block.previous_block
            where = f"{previous.parser_metadata.get(PATH, '?')}:{_line(previous.start_line)}"
            if isinstance(duplicate, String):
                message = f"duplicate @string '{block.key}' (first defined at {where}; that definition is used)"
            else:
                message = f"duplicate key '{block.key}' (first defined at {where}; rename one)"
            problems.append(_problem(duplicate, duplicate.start_line, message))
        elif isinstance(block, ParsingFailedBlock):
            line, message = _explain_failure(block)
            problems.append(_problem(block, line, message))
    return problems


_BLOCK_START = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s{}()=\"#%']*)\s*(,?)")
_FIELD_NAME = re.compile(r"([\w.:+-]+)\s*=\s*$")


def _explain_failure(block: ParsingFailedBlock) -> tuple[int | None, str]:
    """The real cause of a block bibtexparser gave up on, at its 0-based line.

    bibtexparser reports where it stopped, which for an unclosed brace is the next entry's
    start; the researcher needs the brace that was never closed.
    """
    raw = block.raw or ""
    start = block.start_line or 0
    unclosed = _unclosed_value(raw)
    if unclosed is not None:
        field = _FIELD_NAME.search(raw, 0, unclosed)
        what = f" in field '{field.group(1).lower()}'" if field else ""
        return start + raw.count("\n", 0, unclosed), f"unclosed '{{'{what}: the fields after it are read as its text"
    head = _BLOCK_START.match(raw)
    if head and head.group(2) and not head.group(3):
        return start, f"missing comma after the key '{head.group(2)}'"
    reason = getattr(block.error, "abort_reason", None) or str(block.error) or "unreadable"
    return start, f"could not parse this block: {reason.strip()}"


_NEXT_FIELD = re.compile(r",[ \t]*\r?\n\s*[\w.:+-]+\s*=")


def _unclosed_value(raw: str) -> int | None:
    """Where the value that swallowed the next fields opens: the field brace that is still
    open when a line starting a new field (`,` newline `name =`) comes, or at the end."""
    opened: list[int] = []
    index, size = 0, len(raw)
    while index < size:
        char = raw[index]
        if char == "\\":
            index += 2  # bibtexparser, unlike BibTeX, skips an escaped brace: so must we
            continue
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            opened.pop()
        elif char == "," and len(opened) > 1 and _NEXT_FIELD.match(raw, index):
            return opened[1]
        index += 1
    return opened[1] if len(opened) > 1 else None


def _unreadable_entry(block: ParsingFailedBlock) -> BibEntry | None:
    """What is known of an entry that could not be read: its key, so that its YAML file and the
    posts naming it are not reported as naming nothing (noise after the real problem)."""
    head = _BLOCK_START.match((block.raw or "").lstrip())
    if head is None or not head.group(2) or head.group(1).lower() in ("string", "comment", "preamble"):
        return None
    return BibEntry(
        key=head.group(2),
        entry_type=head.group(1).lower(),
        path=block.parser_metadata.get(PATH, "?"),
        line=_line(block.start_line) or 1,
        unreadable=True,
    )


def _block_problems(block: Block) -> list[Problem]:
    return [_problem(block, *problem) for problem in block.parser_metadata.get(PROBLEMS, ())]


def _problem(block: Block, line: int | None, message: str, severity: str = ERROR) -> Problem:
    where = _line(line if line is not None else block.start_line)
    return Problem(block.parser_metadata.get(PATH, "?"), where, message, severity)


def _line(zero_based: int | None) -> int | None:
    return None if zero_based is None else zero_based + 1


def _bib_entry(entry: Entry) -> BibEntry:
    meta = entry.parser_metadata
    names = meta.get(NAMES, {})
    authors, authors_et_al = names.get("author", ([], False))
    editors, editors_et_al = names.get("editor", ([], False))
    translators, _ = names.get("translator", ([], False))
    return BibEntry(
        key=meta.get(DUPLICATE, entry.key),
        entry_type=entry.entry_type.lower(),
        path=meta[PATH],
        line=entry.start_line + 1,
        fields={field.key: str(field.value) for field in entry.fields},
        field_lines={f.key: f.start_line + 1 for f in entry.fields if f.start_line is not None},
        inherited=frozenset(meta.get(INHERITED, ())),
        text=dict(meta.get(TEXT, {})),
        authors=list(authors),
        editors=list(editors),
        translators=list(translators),
        authors_et_al=authors_et_al,
        editors_et_al=editors_et_al,
        duplicate=DUPLICATE in meta,
    )


def _copy(entry: BibEntry) -> BibEntry:
    return BibEntry(
        key=entry.key,
        entry_type=entry.entry_type,
        path=entry.path,
        line=entry.line,
        fields=dict(entry.fields),
        field_lines=dict(entry.field_lines),
        inherited=entry.inherited,
        text=dict(entry.text),
        authors=list(entry.authors),
        editors=list(entry.editors),
        translators=list(entry.translators),
        authors_et_al=entry.authors_et_al,
        editors_et_al=entry.editors_et_al,
        duplicate=entry.duplicate,
        unreadable=entry.unreadable,
        source=entry.source,
    )


def _relative(path: pathlib.Path, root: pathlib.Path) -> str:
    try:
        return pathlib.Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive on Windows
        return pathlib.Path(path).as_posix()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

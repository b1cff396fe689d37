"""bibtexparser 2 middlewares for what it lacks: `#` and macros, crossref, display decoding.

Each middleware does one transformation. Problems they find are recorded on the block as
`parser_metadata[PROBLEMS]`, a list of (0-based line, message, severity), for the loader to
locate;
a middleware never raises for bad input.
"""

from __future__ import annotations

import re
from copy import deepcopy

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import BlockMiddleware, LibraryMiddleware
from bibtexparser.model import Block, DuplicateFieldKeyBlock, Entry, Field

from ..structure.paper import NAME_FIELDS
from ..structure.problems import ERROR, WARNING
from .entries import Name
from .latex import decode_latex
from .names import name_list_problems, parse_names

# parser_metadata keys, namespaced as bibtexparser asks of middlewares that are not its own.
PROBLEMS = "researchsite.problems"
INHERITED = "researchsite.inherited"
TEXT = "researchsite.text"
NAMES = "researchsite.names"

# Shown on pages, hence decoded; everything else (url, doi, pdf, keys, ...) is left verbatim.
DISPLAYED_FIELDS = frozenset(
    """title subtitle titleaddon shorttitle booktitle booksubtitle booktitleaddon maintitle
    mainsubtitle maintitleaddon eventtitle eventtitleaddon issuetitle origtitle
    journal journaltitle journalsubtitle shortjournal series volume number issue pages chapter
    edition type howpublished venue publisher school institution organization address location
    abstract note addendum annotation additional_info award award_name abbr keywords
    language""".split()
)
_PARAGRAPH_FIELDS = frozenset({"abstract", "annotation", "additional_info"})

# The macros plain.bst and friends define: BibTeX expands `month = jan` to "January".
MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}


def add_problem(block: Block, line: int | None, message: str, severity: str = ERROR) -> None:
    block.parser_metadata.setdefault(PROBLEMS, []).append((line, message, severity))


class KeepEntriesWithDuplicateFields(BlockMiddleware):
    """Turn a `DuplicateFieldKeyBlock` back into its entry: one repeated field must not lose
    the paper. `LowercaseFieldKeys` reports the repetition and keeps the first value."""

    def transform_failed_block(self, failed_block, library: Library) -> Block:
        if isinstance(failed_block, DuplicateFieldKeyBlock):
            entry = failed_block.ignore_error_block
            return entry if self.allow_inplace_modification else deepcopy(entry)
        return failed_block


class LowercaseFieldKeys(BlockMiddleware):
    """Field keys in lower case; a repeated field (in any case) is a problem, first one wins.

    bibtexparser's `NormalizeFieldKeys` lets the last value win with only a log warning;
    BibTeX keeps the first and reports an error, which is what a researcher expects.
    """

    def transform_entry(self, entry: Entry, library: Library) -> Entry:
        entry = entry if self.allow_inplace_modification else deepcopy(entry)
        seen: dict[str, Field] = {}
        for field in entry.fields:
            key = field.key.lower()
            if key in seen:
                add_problem(entry, field.start_line, f"duplicate field '{key}' (the first value is used)")
                continue
            field.key = key
            seen[key] = field
        if len(seen) != len(entry.fields):
            entry.fields = list(seen.values())
        return entry


class ResolveMacros(LibraryMiddleware):
    """Evaluate every value as BibTeX does: `{..}`, `".."`, numbers and macros joined by `#`.

    Macro names are case-insensitive; @string definitions are read in order (each may use
    the ones before it), entries see all of them; `jan`..`dec` are predefined. An undefined
    macro is a problem (BibTeX warns and uses ""). Text left after a complete value is a
    problem too: usually a missing comma that made the value swallow the next field, which
    is then recovered as a field of its own.
    """

    def __init__(self, predefined: dict[str, str] | None = None, allow_inplace_modification: bool = True):
        super().__init__(allow_inplace_modification=allow_inplace_modification)
        self._predefined = {key.lower(): value for key, value in (predefined or MONTHS).items()}

    def transform(self, library: Library) -> Library:
        library = library if self.allow_inplace_modification else deepcopy(library)
        macros = dict(self._predefined)
        for string in library.strings:
            context = _Context(string, f"@string '{string.key}'", macros)
            string.value = _evaluate(string.value, context)
            macros[string.key.lower()] = string.value
        for entry in library.entries:
            fields: list[Field] = []
            for field in entry.fields:
                if not isinstance(field.value, str):
                    fields.append(field)
                    continue
                context = _Context(entry, f"field '{field.key}'", macros, field)
                field.value = _evaluate(field.value, context)
                fields.append(field)
                fields.extend(context.recovered)
            entry.fields = fields
        return library


class _Context:
    """Where a value is evaluated: for problems, their lines, and recovered fields."""

    def __init__(self, block: Block, what: str, macros: dict[str, str], field: Field | None = None):
        self.block, self.what, self.macros, self.field = block, what, macros, field
        self.recovered: list[Field] = []

    def line_of(self, value: str, offset: int) -> int | None:
        """0-based file line of `value[offset]`, found in the block's raw text."""
        raw = self.block.raw or ""
        start = self.block.start_line
        where = raw.find(value)
        if start is None or where < 0:
            base = self.field.start_line if self.field is not None else start
            return None if base is None else base + value.count("\n", 0, offset)
        return start + raw.count("\n", 0, where) + value.count("\n", 0, offset)


_MACRO_NAME = re.compile(r"""[^\s"#%'(),={}]+""")
_SWALLOWED_FIELD = re.compile(r"([A-Za-z][\w.:+-]*)\s*=")
_WHITESPACE = re.compile(r"\s*")


def _evaluate(value: str, context: _Context) -> str:
    # Fast path for the usual single delimited value or number.
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}" and value.count("{") == 1 and value.count("}") == 1:
        return value[1:-1]
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"' and value.count('"') == 2:
        return value[1:-1]
    if value.isdigit():
        return value
    return _evaluate_expression(value, 0, context)


def _evaluate_expression(value: str, pos: int, context: _Context) -> str:
    parts: list[str] = []
    size = len(value)
    while True:
        pos = _WHITESPACE.match(value, pos).end()
        if pos >= size:
            if parts:
                add_problem(context.block, context.line_of(value, pos), f"nothing after '#' in {context.what}")
            return "".join(parts)
        char = value[pos]
        if char in "{\"":
            end = _closing(value, pos)
            if end < 0:
                hint = " (a '\"' inside a \"...\" value ends it: write {\"} or '')" if char == '"' else ""
                add_problem(context.block, context.line_of(value, pos), f"unbalanced {char!r} in {context.what}{hint}")
                parts.append(value[pos + 1 :])
                return "".join(parts)
            parts.append(value[pos + 1 : end])
            pos = end + 1
        else:
            match = _MACRO_NAME.match(value, pos)
            if match is None:
                add_problem(context.block, context.line_of(value, pos), f"unexpected {char!r} in {context.what}")
                return "".join(parts)
            name = match.group()
            if name.isdigit():
                parts.append(name)
            elif name.lower() in context.macros:
                parts.append(context.macros[name.lower()])
            else:
                add_problem(context.block, context.line_of(value, pos), f"undefined macro '{name}' in {context.what} (left empty)", WARNING)
            pos = match.end()
        pos = _WHITESPACE.match(value, pos).end()
        if pos >= size:
            return "".join(parts)
        if value[pos] == "#":
            pos += 1
            continue
        _report_trailing_text(value, pos, context)
        return "".join(parts)


def _report_trailing_text(value: str, pos: int, context: _Context) -> None:
    line = context.line_of(value, pos)
    swallowed = _SWALLOWED_FIELD.match(value, pos)
    if swallowed is None or context.field is None:
        text = value[pos:].split("\n", 1)[0][:40]
        add_problem(context.block, line, f"unexpected text after the value of {context.what}: '{text}' (missing '#'?)")
        return
    key = swallowed.group(1).lower()
    add_problem(context.block, line, f"missing comma before field '{key}'?")
    # Recover the swallowed field, so that this problem is not followed by misleading
    # ones (a "missing author" for the author that is right there).
    recovered = Field(key=key, value="", start_line=line)
    inner = _Context(context.block, f"field '{key}'", context.macros, recovered)
    recovered.value = _evaluate_expression(value, swallowed.end(), inner)
    context.recovered.append(recovered)
    context.recovered.extend(inner.recovered)


def _closing(value: str, start: int) -> int:
    """Index of the delimiter closing the `{` or `"` at `start`, or -1."""
    depth = 0
    quoted = value[start] == '"'
    index = start + 1 if quoted else start
    size = len(value)
    while index < size:
        char = value[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and not quoted:
                return index
            if depth < 0:
                return -1
        elif char == '"' and quoted and depth == 0:
            return index
        index += 1
    return -1


class ResolveCrossrefs(LibraryMiddleware):
    """Give an entry the fields it lacks from its `crossref` parent, as biber does.

    A parent that is a book or proceedings gives its `title` as the child's `booktitle`
    (not as the child's title). Chains are followed; a missing parent or a cycle is a problem.
    The names of inherited fields go to `parser_metadata[INHERITED]`.
    """

    def __init__(self, allow_inplace_modification: bool = True):
        super().__init__(allow_inplace_modification=allow_inplace_modification)

    def transform(self, library: Library) -> Library:
        library = library if self.allow_inplace_modification else deepcopy(library)
        entries = library.entries
        by_key = {entry.key: entry for entry in entries}
        by_lower_key = {key.lower(): entry for key, entry in by_key.items()}
        parent_of: dict[int, Entry] = {}
        for entry in entries:
            crossref = entry.fields_dict.get("crossref")
            target = str(crossref.value).strip() if crossref is not None else ""
            if not target:
                continue
            parent = by_key.get(target) or by_lower_key.get(target.lower())
            if parent is None:
                add_problem(entry, crossref.start_line, f"crossref target '{target}' not found", WARNING)
            else:
                parent_of[id(entry)] = parent
        for entry, cycle in _cycles(entries, parent_of):
            line = entry.fields_dict["crossref"].start_line
            add_problem(entry, line, f"crossref cycle: {' → '.join(cycle)} (not followed)", WARNING)
            del parent_of[id(entry)]
        done: set[int] = set()
        for entry in entries:
            # Walk up to the first resolved (or parentless) ancestor, then resolve downwards,
            # so that a grandparent's fields reach the grandchild. No cycles are left.
            chain = [entry]
            while id(chain[-1]) not in done and id(chain[-1]) in parent_of:
                chain.append(parent_of[id(chain[-1])])
            for child in reversed(chain):
                if id(child) in done:
                    continue
                done.add(id(child))
                if id(child) in parent_of:
                    inherited = inherit(child, parent_of[id(child)])
                    if inherited:
                        child.parser_metadata[INHERITED] = inherited
        return library


def _cycles(entries: list[Entry], parent_of: dict[int, Entry]) -> list[tuple[Entry, list[str]]]:
    """Each entry on a crossref cycle, with the cycle as keys starting from it."""
    found: list[tuple[Entry, list[str]]] = []
    state: dict[int, bool] = {}  # False: on the path being walked, True: finished
    for start in entries:
        path: list[Entry] = []
        node: Entry | None = start
        while node is not None and id(node) not in state:
            state[id(node)] = False
            path.append(node)
            node = parent_of.get(id(node))
        if node is not None and state[id(node)] is False:
            cycle = path[next(i for i, e in enumerate(path) if e is node) :]
            for i, member in enumerate(cycle):
                keys = [e.key for e in cycle[i:] + cycle[:i]]
                found.append((member, [*keys, member.key]))
        for visited in path:
            state[id(visited)] = True
    return found


# biber's defaults: a parent's title becomes the child's booktitle (maintitle for mv*).
_BOOKLIKE = frozenset({"book", "collection", "proceedings", "reference", "periodical"})
_MULTIVOLUME = frozenset({"mvbook", "mvcollection", "mvproceedings", "mvreference"})
_TITLE_FIELDS = ("title", "subtitle", "titleaddon")
_NOT_INHERITED = frozenset(
    {"crossref", "xref", "ids", "entryset", "label", "shorthand", "shorttitle", "sorttitle",
     "sortkey", "indextitle", "indexsorttitle", "key"}
)


def inherit(child: Entry, parent: Entry) -> set[str]:
    """Copy the parent's fields the child lacks; return the names of those copied."""
    have = {field.key for field in child.fields}
    inherited: set[str] = set()

    def give(key: str, value) -> None:
        if key not in have:
            child.fields.append(Field(key=key, value=value, start_line=None))
            have.add(key)
            inherited.add(key)

    if parent.entry_type in _BOOKLIKE or parent.entry_type in _MULTIVOLUME:
        prefix = "main" if parent.entry_type in _MULTIVOLUME else "book"
        for field in parent.fields:
            if field.key in _TITLE_FIELDS:
                give(prefix + field.key, field.value)
    for field in parent.fields:
        if field.key in _NOT_INHERITED:
            continue
        if field.key in _TITLE_FIELDS and (parent.entry_type in _BOOKLIKE or parent.entry_type in _MULTIVOLUME):
            continue
        give(field.key, field.value)
    return inherited


# al-folio renders BibTeX values as HTML, so its users write `<strong>Short Paper</strong>` or
# `<i>in vivo</i>` in titles. Here every value is shown as text: the formatting tags go, their
# text stays (anything else that looks like a tag stays, and is escaped on the page).
_INLINE_HTML = re.compile(r"</?(?:strong|em|b|i|u|sup|sub|small|span|br)(?:\s[^<>]*)?/?>", re.IGNORECASE)


class DecodeDisplayedFields(LibraryMiddleware):
    """Unicode text of the displayed fields in `parser_metadata[TEXT]`; values stay LaTeX.

    Decoding is memoised by value: titles and venues repeat across entries, and a
    `mkdocs serve` rebuild decodes nothing it decoded before. (A library middleware
    changing entries in place, like bibtexparser's string resolution: rebuilding the
    library per block cost as much as the decoding.)
    """

    def __init__(self, memo: dict[str, str], paragraph_memo: dict[str, str], allow_inplace_modification: bool = True):
        super().__init__(allow_inplace_modification=allow_inplace_modification)
        self._memo = memo
        self._paragraph_memo = paragraph_memo

    def transform(self, library: Library) -> Library:
        library = library if self.allow_inplace_modification else deepcopy(library)
        for entry in library.entries:
            text: dict[str, str] = {}
            for field in entry.fields:
                key, value = field.key, field.value
                if key not in DISPLAYED_FIELDS or not isinstance(value, str):
                    continue
                paragraphs = key in _PARAGRAPH_FIELDS
                memo = self._paragraph_memo if paragraphs else self._memo
                decoded = memo.get(value)
                if decoded is None:
                    decoded = memo[value] = _INLINE_HTML.sub("", decode_latex(value, paragraphs))
                text[key] = decoded
            entry.parser_metadata[TEXT] = text
        return library


class SplitNames(LibraryMiddleware):
    """`author`, `editor` and `translator` as decoded `Name`s in `parser_metadata[NAMES]`, values
    intact; an empty name or a misplaced `and others` is a warning.

    Not bibtexparser's `SeparateCoAuthors` + `SplitNameParts`: those replace the field value
    (the raw list is needed for export), strict mode turns one odd brace into a lost entry,
    `and others` becomes a person, and "van Beethoven" is read as first + last.
    Their splitting functions are used underneath (see `names.py`).
    """

    def __init__(self, memo: dict[str, tuple[list[Name], bool]], allow_inplace_modification: bool = True):
        super().__init__(allow_inplace_modification=allow_inplace_modification)
        self._memo = memo

    def transform(self, library: Library) -> Library:
        library = library if self.allow_inplace_modification else deepcopy(library)
        for entry in library.entries:
            names: dict[str, tuple[list[Name], bool]] = {}
            for field in entry.fields:
                if field.key in NAME_FIELDS and isinstance(field.value, str):
                    parsed = self._memo.get(field.value)
                    if parsed is None:
                        parsed = self._memo[field.value] = parse_names(field.value)
                    names[field.key] = parsed
                    for message in name_list_problems(field.value):
                        add_problem(entry, field.start_line, f"{field.key}: {message}", WARNING)
            entry.parser_metadata[NAMES] = names
        return library

"""Person lists (`author`, `editor`) split the BibTeX way into first/von/last/jr, then decoded.

bibtexparser's `split_multiple_persons_names` and `parse_single_name_into_parts` do the
splitting for names with braces or macros. Plain names (almost all of them) take a fast path
with the same rules, since the character-by-character loop dominated the load time.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

from ..structure.paper import MARKS_AFTER_NAME
from .entries import Name
from .latex import decode_latex, needs_decoding

_PLAIN_AND = re.compile(r"(?<!\S)and(?!\S)", re.IGNORECASE)
_WORD_SEPARATORS = re.compile(r"[\s~]+")
_FIRST_LETTER = re.compile(r"[^\W\d_]")

Parts = tuple[list[str], list[str], list[str], list[str]]  # first, von, last, jr (words)


def parse_names(value: str) -> tuple[list[Name], bool]:
    """The people in a name list, and whether it ended in `and others`."""
    names: list[Name] = []
    et_al = False
    for raw in _split_persons(value):
        if raw.strip().lower() == "others":
            et_al = True
            continue
        name = parse_name(raw)
        if name is not None:
            names.append(name)
    return names, et_al


_EMPTY_NAME = re.compile(r"(?<!\S)and\s+and(?!\S)", re.IGNORECASE)


def name_list_problems(value: str) -> list[str]:
    """What a name list gets wrong that its reader should hear of: an empty name (`A and and
    B`), and `and others` before its end (BibTeX's et-al marker belongs last)."""
    problems = []
    if _EMPTY_NAME.search(value):
        problems.append("'and and' in the list (an empty name is skipped)")
    if "others" in value.lower() and "others" in [raw.strip().lower() for raw in _split_persons(value)][:-1]:
        problems.append(
            "'and others' stands in the middle of the list; the names after it are shown, followed by 'et al.'"
        )
    return problems


@lru_cache(maxsize=1 << 16)  # co-authors recur across a bibliography; bounded, as serve runs for hours
def parse_name(raw: str) -> Name | None:
    """One decoded name, or None for an empty one (`A and and B`, a trailing `and`)."""
    raw, marks = _marks_apart(raw)
    first, von, last, jr = split_name(raw)
    if not (first or von or last or jr):
        return None
    return Name(first=_decoded(first), von=_decoded(von), last=_decoded(last), jr=_decoded(jr), marks=marks)


def _marks_apart(raw: str) -> tuple[str, str]:
    """al-folio's marks after a name ("Einstein*†, A.", "N. Rosen*") and the name without them."""
    found = MARKS_AFTER_NAME.search(raw)
    return (raw[: found.start()] + raw[found.end():], found.group()) if found else (raw, "")


def _decoded(words: list[str]) -> str:
    part = " ".join(words)
    return decode_latex(part) if needs_decoding(part) else part  # words hold no extra spaces


def _split_persons(value: str) -> list[str]:
    if "{" in value or "\\" in value:
        return split_multiple_persons_names(value)  # `and` inside braces is not a separator
    return [name.strip() for name in _PLAIN_AND.split(value) if name.strip()]


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


# `\ ` is TeX's control space: a space between words (pybtex reads it so; BibTeX would keep
# "L.\" as a word, which shows a stray backslash).
_CONTROL_SPACE = re.compile(r"\\ ")


# biblatex's extended name format, which biber reads: `family=Adler, given=Alfred, prefix=von`.
_EXTENDED = re.compile(r"^\s*(?:family|given|prefix|suffix|id|useprefix)\s*=", re.IGNORECASE)
_EXTENDED_PART = re.compile(r"(\w+)\s*=\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\"[^\"]*\"|[^,]*)")
_EXTENDED_PARTS = {"given": 0, "prefix": 1, "family": 2, "suffix": 3}


def split_name(raw: str) -> Parts:
    """One name's words as (first, von, last, jr), LaTeX still encoded."""
    raw = _CONTROL_SPACE.sub(" ", raw)
    if _EXTENDED.match(raw):
        return _split_extended(raw)
    return _suffix_as_jr(raw, _split_bibtex_way(raw))


def _split_extended(raw: str) -> Parts:
    parts: Parts = ([], [], [], [])
    for key, value in _EXTENDED_PART.findall(raw):
        if key.lower() in _EXTENDED_PARTS:
            value = value.strip()
            if value[:1] + value[-1:] in ("{}", '""'):
                value = value[1:-1]
            parts[_EXTENDED_PARTS[key.lower()]].extend(value.split())
    return parts


def _suffix_as_jr(raw: str, parts: Parts) -> Parts:
    """BibTeX reads DBLP's "Gerald Q. Maguire Jr." as the last name "Jr." and "Sammy Davis, Jr."
    as the first name "Jr.": both mean a suffix, which this puts where it belongs."""
    first, von, last, jr = parts
    if jr:
        return parts
    if "," not in raw and len(last) == 1 and last[0].lower() in _SUFFIXES and first:
        return first[:-1], von, first[-1:], last
    sections = raw.split(",")
    if len(sections) == 2 and sections[1].strip().lower() in _SUFFIXES:
        first, von, last, _ = _split_bibtex_way(sections[0])
        return first, von, last, [sections[1].strip()]
    return parts


# `\~` is an accent (Nu\~nez), not the tie `~` that separates words: kept from the splitter.
_TILDE_ACCENT = "\\~"
_KEPT_TILDE = "\x00"


def _split_bibtex_way(raw: str) -> Parts:
    if "{" in raw or "}" in raw or "\\" in raw or raw.count(",") > 2:
        if _TILDE_ACCENT not in raw:
            return _split_with_bibtexparser(raw)
        parts = _split_with_bibtexparser(raw.replace(_TILDE_ACCENT, _KEPT_TILDE))
        return tuple([word.replace(_KEPT_TILDE, _TILDE_ACCENT) for word in part] for part in parts)
    sections = [_WORD_SEPARATORS.split(section.strip()) for section in raw.split(",")]
    sections = [[word for word in section if word] for section in sections]
    while sections and not sections[-1]:
        sections.pop()  # `Knuth,`: a trailing comma
    if not sections:
        return [], [], [], []
    return _assign_parts(sections, [[_is_lower(word) for word in section] for section in sections])


def _is_lower(word: str) -> bool:
    """BibTeX's case of a word: that of its first letter (a word without letters is not lower)."""
    letter = _FIRST_LETTER.search(word)
    return letter is not None and letter.group().islower()


def _assign_parts(sections: list[list[str]], lower: list[list[bool]]) -> Parts:
    if len(sections) == 1:
        # "First von Last": von runs from the first to the last lower-case word before the
        # last word; Last is never empty.
        words, cases = sections[0], lower[0]
        lowers = [index for index, is_lower in enumerate(cases[:-1]) if is_lower]
        if not lowers:
            return words[:-1], [], words[-1:], []
        start, end = lowers[0], lowers[-1] + 1
        return words[:start], words[start:end], words[end:], []
    # "von Last, First" and "von Last, Jr, First": von is everything up to the last
    # lower-case word of the first section, except its last word.
    words, cases = sections[0], lower[0]
    lowers = [index for index, is_lower in enumerate(cases[:-1]) if is_lower]
    split = lowers[-1] + 1 if lowers else 0
    jr = sections[1] if len(sections) == 3 else []
    return sections[-1], words[:split], words[split:], jr


def _split_with_bibtexparser(raw: str) -> Parts:
    """bibtexparser's words (it knows braces, macros and BibTeX's commas), assigned to the parts
    by BibTeX's rule for the case of a word: bibtexparser calls `{de}` lower case and any
    two-word name "First Last", where BibTeX reads `jean {de} {la} fontaine` as von "jean",
    last "{de} {la} fontaine", and "van Beethoven" as von + last ("Tame the BeaST", section 11)."""
    # strict=False: an unbalanced brace in one name must not lose the whole entry.
    parts = parse_single_name_into_parts(raw, strict=False)
    first, von, last, jr = parts.first, parts.von, parts.last, parts.jr
    if not _commas_at_top(raw):
        words = first + von + last
        return _assign_parts([words], [[_brace_aware_is_lower(word) for word in words]]) if words else parts_tuple(parts)
    # "von Last, First" or "von Last, Jr, First" (an empty Jr in ACM's "Pötzl,, Herbert").
    sections = [von + last, first] if _commas_at_top(raw) == 1 else [von + last, jr, first]
    return _assign_parts(sections, [[_brace_aware_is_lower(word) for word in section] for section in sections])


def parts_tuple(parts) -> Parts:
    return parts.first, parts.von, parts.last, parts.jr


def _commas_at_top(raw: str) -> int:
    """The commas outside braces: BibTeX's sections of a name."""
    depth = commas = 0
    for char in raw:
        depth += char == "{"
        depth -= char == "}" and depth > 0
        commas += char == "," and depth == 0
    return commas


_LEADING_GROUPS = re.compile(r"^(?:\{(?!\\)[^{}]*\})+")


def _brace_aware_is_lower(word: str) -> bool:
    """BibTeX's case of a word: its first letter outside braces; a group that starts with a
    macro (`{\\'e}cole`) counts by its first letter after the macro; other groups (`{de}`) are
    skipped, and a word of nothing else has no case."""
    rest = _LEADING_GROUPS.sub("", word)
    if rest.startswith("{\\"):
        return _is_lower(re.sub(r"^\{\\[A-Za-z]+|^\{\\.", "", rest))
    if rest.startswith("{"):
        return False
    return _is_lower(rest)

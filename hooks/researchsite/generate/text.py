"""Text from BibTeX and YAML made safe for where it goes: HTML, Markdown, code blocks, slugs.

Nothing a researcher typed reaches a page as markup: it is escaped, or it is math that
latex2mathml turned into plain MathML at build time (no CDN, no JavaScript).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from xml.etree import ElementTree

from babel.dates import format_date

from markupsafe import Markup, escape

from ..load.latex import DISPLAYED_MATH, plain_text



DATE_FORMAT = "d MMMM y"
# Babel formats a date in some 7 µs; a build writes the same few hundred days and months
# thousands of times (each paper's venue line, on its page, its list's row and the CV): each
# text is made once. The arguments are a date or numbers, and a pattern.
_DATES = 4096


@lru_cache(maxsize=_DATES)
def day_text(day: date, pattern: str = DATE_FORMAT) -> str:
    """A date as the site writes every date: site.yml's `date_format`, a CLDR pattern, which
    Material's blog is given for the posts' dates too."""
    return format_date(day, pattern, locale="en")


def without_year(pattern: str) -> str:
    """A CLDR date pattern less its year and the separator beside it: 'd MMMM y' -> 'd MMMM',
    'MMMM d, y' -> 'MMMM d', 'y-MM-dd' -> 'MM-dd' (for dates under their year's heading)."""
    return re.sub(r"[\s,./-]*\by+\b[\s,./-]*", " ", pattern).strip(" ,./-") or "d MMMM"


@lru_cache(maxsize=_DATES)
def month_text(year: int, month: int, pattern: str = DATE_FORMAT) -> str:
    """A month as the site writes it: `date_format` without its day ('d MMMM y' gives 'April
    2022', 'MMM d, y' 'Apr 2022', 'dd/MM/y' '04/2022'), so that a talk known to the month reads
    like one known to the day."""
    return format_date(date(year, month, 1), month_pattern(pattern), locale="en")


def month_pattern(pattern: str) -> str:
    """A CLDR date pattern without its day and weekday fields and what separated them."""
    without_day = re.sub(r"[dEec]+[^A-Za-z']*(?=[A-Za-z'])|[^A-Za-z']*[dEec]+$", "", pattern)
    return without_day.strip(" ,./-") or "MMMM y"


@lru_cache(maxsize=_DATES)
def short_month_text(year: int, month: int, pattern: str = DATE_FORMAT) -> str:
    """A month in a column of dates (the CV's): as `month_text`, its name shortened ('d MMMM y'
    gives 'Sep 2022', 'dd.MM.y' '09.2022'), so that 'Sep 2022 – present' keeps to one line."""
    return format_date(date(year, month, 1), re.sub(r"([ML])\1{3,}", r"\1\1\1", month_pattern(pattern)), locale="en")


@lru_cache(maxsize=_DATES)
def month_alone(month: int, pattern: str = DATE_FORMAT) -> str:
    """A month after a venue that named the year ("NSDI '22, April"): `date_format` less its day
    and year; nothing when that leaves a number ('dd.MM.y'): "NSDI '22, 04" would read as a page."""
    shown = without_year(month_pattern(pattern))
    return format_date(date(2000, month, 1), shown, locale="en") if re.search(r"M{3,}|L{3,}", shown) else ""


@lru_cache(maxsize=_DATES)
def month_under_year(month: int, pattern: str = DATE_FORMAT) -> str:
    """A month under its year's heading (a talk known to the month): `month_alone`, or its name
    where the format's month is a number ('dd.MM.y' gives 'April'): "04" alone under "2022"
    reads as a day, and "04.2022" repeats the heading."""
    return month_alone(month, pattern) or format_date(date(2000, month, 1), "LLLL", locale="en")


def unbroken_compounds(html: str) -> str:
    """The page's headings with each short hyphenated compound ("Load-Balancer", "High-Speed")
    kept on one line: a browser may break a line at any hyphen, and a title that reads
    "Load-" / "Balancer" stumbles. A long chain ("Per-Connection-Consistency") may still break,
    or it would not fit a phone's width."""

    def heading(match: re.Match) -> str:
        parts = _TAG.split(match.group(2))  # text and tags alternate; only the text is touched
        parts[::2] = [_COMPOUND.sub(_keep_together, part) for part in parts[::2]]
        return match.group(1) + "".join(parts) + match.group(3)

    return _HEADING.sub(heading, html)


def bare_code_whitespace(html: str) -> str:
    """Code blocks without Pygments' whitespace tokens: each run of spaces between two words of a
    highlighted command is a `<span class="w">` that no stylesheet colours (Material's neither),
    a tenth of a tutorial page's elements, each styled and laid out on every load."""
    return _WHITESPACE_TOKEN.sub(r"\1", html)


_WHITESPACE_TOKEN = re.compile(r'<span class="w">(\s*)</span>')


def _keep_together(match: re.Match) -> str:
    word = match.group(0)
    return f'<span class="rs-nowrap">{word}</span>' if len(word) <= _LONGEST_UNBROKEN else word


_HEADING = re.compile(r"(<h[1-3](?:\s[^>]*)?>)(.*?)(</h[1-3]>)", re.S)
_TAG = re.compile(r"(<[^>]*>)")
_COMPOUND = re.compile(r"\b\w+(?:-\w+)+\b")
_LONGEST_UNBROKEN = 18


def monogram(name: str) -> str:
    """The initials a site shows where a logo or a photo would be: the first and the last word's
    ("Tom Barbette" TB, "Gerald Q. Maguire Jr." GM; "Ada" A)."""
    words = [word for word in re.split(r"[\s.]+", name) if word[:1].isalpha()]
    words = [word for word in words if word.rstrip(".").lower() not in _NAME_SUFFIXES] or words
    if not words:
        return ""
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


@lru_cache(maxsize=256)  # a site has a few colours, asked for by every badge
def readable_on(background: str) -> str:
    """White or near-black, whichever reads better on `background` ('#1b6e3a' or '#2a7'): a
    colour set in venues.yml needs no check, one of the two always reaches 4.5:1 (WCAG AA)."""
    luminance = relative_luminance(background)
    # Pure black and white: with any softer pair some colour (#777) would reach neither 4.5:1.
    return "#ffffff" if white_text_contrast(background) >= (luminance + 0.05) / 0.05 else "#000000"


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of '#1b6e3a' or '#2a7'."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(hex_digits[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def white_text_contrast(background: str) -> float:
    return 1.05 / (relative_luminance(background) + 0.05)


def rich_text(text: str | None) -> Markup:
    """Text from BibTeX as HTML: escaped, with `$...$` math rendered to MathML at build time."""
    if not text:
        return Markup("")
    pieces = []
    position = 0
    for match in DISPLAYED_MATH.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        source = match.group(0)
        delimiter = 2 if source.startswith(("$$", "\\(", "\\[")) else 1
        pieces.append(_mathml(source[delimiter:-delimiter], source))
        position = match.end()
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


# Python-Markdown's backslash escapes; with its tables or tilde extensions on, add | and ~.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(text: str | None) -> Markup:
    """Text from BibTeX or YAML inside Markdown: shown as typed, neither formatting nor HTML."""
    # Backslashes first: HTML escaping then adds `&#39;`, whose `#` must stay as it is.
    return escape(_MARKDOWN_SPECIAL.sub(r"\\\1", " ".join((text or "").split())))


# Kept by source: a page and the list row both show a paper's abstract, and the same small
# formulas ($\mu$s, $O(n)$) come back from paper to paper.
@lru_cache(maxsize=4096)
def _mathml(latex: str, source: str) -> Markup:
    # Imported here: latex2mathml brings xml.sax, urllib.request and ssl with it (20 ms of every
    # build), for the sites whose texts have math.
    from latex2mathml.converter import convert as latex_to_mathml

    try:
        mathml = latex_to_mathml(latex)
    except Exception:  # latex2mathml raises many types; unparsable math is shown as its source
        return escape(source)
    # latex2mathml copies \text{...} verbatim (`\text{<script>...}` came out as a live tag) and
    # turns \href and \style into attributes: only plain MathML goes out, else the source as text.
    return Markup(mathml) if _is_plain_mathml(mathml) else escape(source)


_MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
_MATHML_TAGS = frozenset(
    """math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mstyle merror mpadded
    mphantom menclose munder mover munderover mtable mtr mtd mlabeledtr mmultiscripts mprescripts
    none semantics annotation maligngroup malignmark mfenced""".split()
)


def _is_plain_mathml(mathml: str) -> bool:
    try:
        root = ElementTree.fromstring(mathml)
    except ElementTree.ParseError:
        return False
    for element in root.iter():
        if element.tag.removeprefix(_MATHML_NS) not in _MATHML_TAGS:
            return False
        if any(name in ("href", "style") or name.startswith(("on", "{")) for name in element.attrib):
            return False
    return True


def plain(text: str | None, paragraphs: bool = False) -> str:
    """Text for places that take no markup (<title>, meta tags, JSON-LD, RIS, CSL-JSON): plain
    Unicode on one line (`$\\lambda$` is λ), or with its paragraphs kept apart."""
    text = plain_text(text or "")
    if paragraphs:
        return "\n\n".join(" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip())
    return " ".join(text.split())


def slug(text: str) -> str:
    """A topic as a filter value; C++ and C# must not both become 'c'."""
    spelled = text.lower().replace("+", " plus ").replace("#", " sharp ")
    return re.sub(r"[^\w]+", "-", spelled).strip("-") or "topic"


def fence(text: str) -> str:
    """A backtick fence longer than any run of backticks inside the text, so it cannot close early."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def code_span(text: str) -> str:
    """Text as Markdown inline code, with a backtick run longer than any inside (a regular
    expression or a shell command may hold backticks) and padded where one touches the edge."""
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"

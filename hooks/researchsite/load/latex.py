"""LaTeX to Unicode for what a page displays: a table-driven decoder for what .bib files
really contain, with pylatexenc's general (and ~50x slower) decoder only as the fallback."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Values without any of these need no decoding at all: the fast path for most of them.
_NEEDS_DECODING = re.compile(r"[\\{}~$`]|--|''")

# Math is kept verbatim for the page's math renderer: `$..$`, `$$..$$`, `\(..\)`, `\[..\]`.
_MATH = re.compile(
    r"(?<!\\)(\$\$.+?(?<!\\)\$\$|\$.+?(?<!\\)\$|\\\(.+?\\\)|\\\[.+?\\\])",
    re.DOTALL,
)

_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_UNTIDY_SPACE = re.compile(r"[\t\r\n\f\v]|  |^ | $")
_PARAGRAPH_BREAK = re.compile(r"[ \t\r\f\v]*\n[ \t\r\f\v]*\n\s*|\\par(?![A-Za-z])\s*")

# Accents that take one letter: `\'e`, `\'{e}`, `\'\i`, `\'{\i}`, `\~{}`.
_COMBINING = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", '"': "\u0308", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
# An accent over nothing (`\~{}`, `\^{}`) is the accent character itself.
_SPACING_ACCENT = {"`": "`", "'": "\u00b4", "^": "^", '"': "\u00a8", "~": "~", "=": "\u00af", ".": "\u02d9"}

# Control words that stand for a character, often inside a word (`Gro\ss e` is one word).
_LETTERS = {
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
}
# Two-letter ones that exports run into the rest of the word (`\AAke` for `\AA ke`).
_RUN_ON_LETTERS = frozenset({"AA", "aa", "AE", "ae", "OE", "oe", "ss"})
# Control words that stand for a word or sign. Like TeX, the spaces after a control word
# are eaten (`sp\textunderscore security` is "sp_security"); authors write `\LaTeX{} is`.
_SIGNS = {
    "ldots": "…", "dots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
    "textquotedblright": "”", "guillemotleft": "«", "guillemotright": "»",
    "textregistered": "®", "texttrademark": "™", "textcopyright": "©", "copyright": "©",
    "S": "§", "P": "¶", "pounds": "£", "euro": "€", "texteuro": "€", "textdegree": "°",
    "textasciitilde": "~", "textbackslash": "\\", "textbar": "|", "textless": "<",
    "textgreater": ">", "textunderscore": "_", "textasciicircum": "^", "texttimes": "×",
    "textmu": "µ", "textperiodcentered": "·", "textbullet": "•", "textdagger": "†",
    "textexclamdown": "¡", "textquestiondown": "¿", "slash": "/", "hyphen": "-",
    "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2ε",
    "quad": " ", "qquad": " ", "enspace": " ", "newline": " ", "linebreak": " ",
    "break": " ", "par": "\n\n",
}
# Markup whose argument is the text itself: dropping the macro leaves `{text}`, and the
# braces go with the protective braces.
_MARKUP = frozenset(
    """textit textbf textsc texttt textrm textsf textup textsl textmd textnormal emph em it bf
    sc tt rm sf sl up upshape itshape bfseries scshape mdseries slshape normalfont mbox hbox
    text textsuperscript textsubscript url nolinkurl protect relax xspace small footnotesize
    scriptsize tiny normalsize large Large LARGE huge Huge sffamily ttfamily rmfamily
    mkbibemph mkbibitalic mkbibbold""".split()
)
_QUOTING = frozenset({"enquote", "mkbibquote"})  # their `{text}` gets quotes around it

_CONTROL_SYMBOLS = {
    "&": "&", "%": "%", "_": "_", "#": "#", "$": "$", "{": "{", "}": "}", " ": " ",
    "\n": " ", "\t": " ", ",": "\u202f", ";": " ", ":": " ", "!": "", "-": "", "/": "",
    "@": "", "\\": " ",
}
_URL_ESCAPE = re.compile(r"\\([_#%&~$])")
_PLAIN = {"---": "—", "--": "–", "``": "“", "''": "”", "`": "‘", "~": "\u00a0", "{": "", "}": ""}

_TOKEN = re.compile(
    r"""
      \\(?P<acc>[`'^"~=.])\s*
        (?:\{\s*(?P<acc_b>\\[ij](?![A-Za-z])|[A-Za-z]?)\s*\}|(?P<acc_cs>\\[ij](?![A-Za-z]))|(?P<acc_l>[A-Za-z]))
    | \\(?P<lacc>[uvHckrdb])
        (?:\s*\{\s*(?P<lacc_b>\\[ij](?![A-Za-z])|[A-Za-z]?)\s*\}|\s+(?P<lacc_l>\\[ij](?![A-Za-z])|[A-Za-z]))
    | \\(?:url|nolinkurl)\s*\{(?P<url>[^{}]*)\}
    | \\href\s*\{[^{}]*\}
    | \\noopsort\s*\{[^{}]*\}
    | \\(?P<quote>enquote|mkbibquote)\s*\{(?P<quoted>[^{}]*)\}
    | \\(?P<word>[A-Za-z]+)(?P<ws>\s*)
    | \\(?P<sym>.)
    | `(?P<single>[^`'{}\\$]*)'
    | ---|--|``|''|`|~|[{}]
    """,
    re.VERBOSE | re.DOTALL,
)


class _Unknown(Exception):
    """A macro the tables do not know: the segment goes to the general decoder."""


@lru_cache(maxsize=4096)
def _accented(accent: str, letter: str) -> str:
    if not letter:
        return _SPACING_ACCENT.get(accent, "")
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)  # `\'\i` is í, not ı + accent
    return unicodedata.normalize("NFC", base + _COMBINING[accent])


def _replace(match: re.Match[str]) -> str:
    text = match.group(0)
    if text in _PLAIN:
        return _PLAIN[text]
    groups = match.groupdict()
    if groups["acc"] is not None:
        letter = groups["acc_b"] if groups["acc_b"] is not None else groups["acc_cs"] or groups["acc_l"]
        return _accented(groups["acc"], letter)
    if groups["lacc"] is not None:
        letter = groups["lacc_b"] if groups["lacc_b"] is not None else groups["lacc_l"]
        return _accented(groups["lacc"], letter)
    if groups["url"] is not None:
        # Verbatim (`~` and `--` in a URL are not typography), but `\_` and friends are
        # escapes that BibTeX users write for the URL's characters.
        return _URL_ESCAPE.sub(r"\1", groups["url"])
    if groups["single"] is not None:
        return f"‘{groups['single']}’"
    if groups["quote"] is not None:
        return f"“{groups['quoted']}”"
    word = groups["word"]
    if word is not None:
        if word in _LETTERS:
            return _LETTERS[word]
        if word in _SIGNS:
            return _SIGNS[word]
        if word in _MARKUP:
            return ""
        if word[:2] in _RUN_ON_LETTERS:
            # `Per-\AAke` is a TeX error that BibTeX passes on; the author meant `\AA ke`.
            return _LETTERS[word[:2]] + word[2:] + groups["ws"]
        raise _Unknown(word)
    sym = groups["sym"]
    if sym is not None:
        if sym in _CONTROL_SYMBOLS:
            return _CONTROL_SYMBOLS[sym]
        raise _Unknown(sym)
    return ""  # `\href{url}`, `\noopsort{key}`: not shown


def _decode_text(segment: str) -> str:
    """Decode LaTeX outside math; unknown macros send the segment to pylatexenc."""
    try:
        return _TOKEN.sub(_replace, segment)
    except _Unknown:
        pass
    try:
        return _general_decoder().latex_to_text(segment)
    except Exception:  # pylatexenc is tolerant, but a display string must never crash a build
        return segment.replace("{", "").replace("}", "")


@lru_cache(maxsize=1)
def _general_decoder():
    # Built on first use only: most files never need it, and building it takes ~50 ms.
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category(
        "researchsite", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")]
    )
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", keep_braced_groups=False)


def needs_decoding(value: str) -> bool:
    """Whether `decode_latex` would change more than whitespace."""
    return _NEEDS_DECODING.search(value) is not None


def _collapse(text: str, paragraphs: bool) -> str:
    if _UNTIDY_SPACE.search(text) is None:
        return text
    if not paragraphs:
        return _SPACES.sub(" ", text).strip()
    parts = (_SPACES.sub(" ", part).strip() for part in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(part for part in parts if part)


def decode_latex(value: str, paragraphs: bool = False) -> str:
    """Unicode text for a BibTeX value: accents, symbols and dashes decoded, protective
    braces and markup dropped, math kept verbatim as `$..$`, whitespace collapsed
    (blank lines kept as paragraph breaks when `paragraphs`)."""
    if not _NEEDS_DECODING.search(value):
        return _collapse(value, paragraphs)
    if paragraphs:
        # `\par` and blank lines survive decoding as "\n\n" for `_collapse` to find.
        value = _PARAGRAPH_BREAK.sub("\n\n", value)
    pieces = _MATH.split(value)
    # Odd pieces are math, kept verbatim.
    decoded = "".join(
        piece if index % 2 else _decode_text(piece) for index, piece in enumerate(pieces)
    )
    return _collapse(decoded, paragraphs)

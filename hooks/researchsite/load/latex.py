"""LaTeX to Unicode for what a page displays: a table-driven decoder for what .bib files
really contain, with pylatexenc (~50x slower) only for the symbols the tables lack, and for
turning math into plain text where no markup can go."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Values without any of these need no decoding at all: the fast path for most of them.
_NEEDS_DECODING = re.compile(r"[\\{}~$`]|--|''")

# Math is kept as typed for the page's math renderer: `$..$`, `$$..$$`, `\(..\)`, `\[..\]`.
# Only a pair is math, and not one whose closing `$` runs into a digit: `from $5 to $10` comes
# from exports that did not escape their dollars (pandoc's rule for the same ambiguity).
_MATH = re.compile(
    r"(?<!\\)(\$\$.+?(?<!\\)\$\$|\$.+?(?<!\\)\$(?!\d)|\\\(.+?\\\)|\\\[.+?\\\])",
    re.DOTALL,
)
# Math in decoded text, where `\$` has become `$`: as above, and pandoc's other two rules,
# no space just inside a `$`, so that `costs $5 or $ 6` stays text. `decode_latex` trims the
# math it keeps to match (`$ x $` is `$x$`), so no real math is lost to these rules.
DISPLAYED_MATH = re.compile(
    r"(?<!\\)(\$\$.+?(?<!\\)\$\$|\$(?![\s$]).*?(?<![\s\\])\$(?!\d)|\\\(.+?\\\)|\\\[.+?\\\])",
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
    "dag": "†", "ddag": "‡", "textdaggerdbl": "‡", "textsection": "§", "textparagraph": "¶",
    "textquotedbl": '"', "textquotesingle": "'", "textasciigrave": "`", "textbraceleft": "{",
    "textbraceright": "}", "textdollar": "$", "textsterling": "£", "textyen": "¥",
    "textcent": "¢", "textordfeminine": "ª", "textordmasculine": "º", "textonehalf": "½",
    "textonequarter": "¼", "textthreequarters": "¾", "textonesuperior": "¹",
    "texttwosuperior": "²", "textthreesuperior": "³", "textpm": "±", "textdiv": "÷",
    "textminus": "−", "textlnot": "¬", "textnumero": "№", "textperthousand": "‰",
    "textasteriskcentered": "∗", "textvisiblespace": "␣", "textleftarrow": "←",
    "textrightarrow": "→", "textuparrow": "↑", "textdownarrow": "↓", "textcelsius": "℃",
    "textasciiacute": "´", "textasciidieresis": "¨", "textasciimacron": "¯",
    "textasciicaron": "ˇ", "textasciibreve": "˘", "guillemetleft": "«", "guillemetright": "»",
    "guilsinglleft": "‹", "guilsinglright": "›", "quotedblbase": "„", "quotesinglbase": "‚",
    "psq": "\u00a0f.", "psqq": "\u00a0ff.",  # biblatex's "and the following page(s)"
    "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "LaTeXe": "LaTeX2ε",
    "quad": " ", "qquad": " ", "enspace": " ", "newline": " ", "linebreak": " ",
    "break": " ", "par": "\n\n",
}
_SECTION_SIGNS = frozenset({"S", "P"})
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
_PLAIN = {
    "---": "—", "--": "–", "``": "“", "''": "”", "`": "‘", "~": "\u00a0", "{": "", "}": "",
    "!`": "¡", "?`": "¿",  # TeX's ligatures for the Spanish marks
}

# The spaces TeX eats after a control word: a line end too, but not a blank line (a paragraph).
_CONTROL_WORD_SPACE = r"[^\S\n]*(?:\n(?![^\S\n]*\n)[^\S\n]*)?"
_BALANCED = r"(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*"  # two levels of braces are plenty for a title

_ARGUMENT = re.compile(r"\{(" + _BALANCED + r")\}")
_ARGUMENTS = re.compile(r"(?:\{" + _BALANCED + r"\}(?:\s*(?=\{))?)*")  # spaces between them only

_TOKEN = re.compile(
    r"""
      \\(?P<acc>[`'^"~=.])\s*
        (?:\{\s*(?P<acc_b>\\[ij](?![A-Za-z])|[A-Za-z]*)\s*\}
          |(?P<acc_cs>\\[ij])(?![A-Za-z])""" + _CONTROL_WORD_SPACE + r"""
          |(?P<acc_l>[A-Za-z]))
    | \\(?P<lacc>[uvHckrdb])
        (?:\s*\{\s*(?P<lacc_b>\\[ij](?![A-Za-z])|[A-Za-z]?)\s*\}
          |\s*(?P<lacc_cs>\\[ij])(?![A-Za-z])""" + _CONTROL_WORD_SPACE + r"""
          |\s+(?P<lacc_l>[A-Za-z]))
    | \\(?:url|nolinkurl)\s*\{(?P<url>(?:[^{}]|\{[^{}]*\})*)\}
    | \\href\s*\{(?:[^{}]|\{[^{}]*\})*\}
    | \\noopsort\s*\{[^{}]*\}
    | \\(?P<quote>enquote|mkbibquote)(?P<inner>\*)?\s*\{(?P<quoted>""" + _BALANCED + r""")\}
    | \\(?P<word>[A-Za-z]+)(?P<ws>""" + _CONTROL_WORD_SPACE + r""")
    | \\(?P<sym>.)
    | `(?P<single>[^`'{}\\$]*)'
    | ---|--|``|''|!`|\?`|`|~|[{}]
    """,
    re.VERBOSE | re.DOTALL,
)


class _Unknown(Exception):
    """A macro the tables do not know: decoded on its own, the rest of the segment by the tables."""


@lru_cache(maxsize=4096)
def _accented(accent: str, letter: str) -> str:
    if not letter:
        return _SPACING_ACCENT.get(accent, "")
    base = {"\\i": "i", "\\j": "j"}.get(letter, letter)  # `\'\i` is í, not ı + accent
    # `\'{ab}`: the accent over each letter, as pylatexenc writes it (TeX centres one over both).
    return unicodedata.normalize("NFC", "".join(char + _COMBINING[accent] for char in base) if len(base) > 1 else base + _COMBINING[accent])


def _replace(match: re.Match[str]) -> str:
    text = match.group(0)
    if text in _PLAIN:
        return _PLAIN[text]
    groups = match.groupdict()
    if groups["acc"] is not None:
        letter = groups["acc_b"] if groups["acc_b"] is not None else groups["acc_cs"] or groups["acc_l"]
        return _accented(groups["acc"], letter)
    if groups["lacc"] is not None:
        letter = groups["lacc_b"] if groups["lacc_b"] is not None else groups["lacc_cs"] or groups["lacc_l"]
        return _accented(groups["lacc"], letter)
    if groups["url"] is not None:
        # Verbatim (`~` and `--` in a URL are not typography), but `\_` and friends are
        # escapes that BibTeX users write for the URL's characters.
        return _URL_ESCAPE.sub(r"\1", groups["url"])
    if groups["single"] is not None:
        return f"‘{groups['single']}’"
    if groups["quote"] is not None:
        quoted = _decode_text(groups["quoted"])
        # `\enquote*` is for quotes inside quotes.
        return f"‘{quoted}’" if groups["inner"] else f"“{quoted}”"
    word = groups["word"]
    if word is not None:
        if word in _LETTERS:
            return _LETTERS[word]
        if word in _SIGNS:
            # TeX eats the space after `\S`, but "§ 3" is what the author of `\S 3` reads.
            return _SIGNS[word] + (" " if word in _SECTION_SIGNS and groups["ws"] else "")
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
    """Decode LaTeX outside math."""
    try:
        return _TOKEN.sub(_replace, segment)
    except _Unknown:
        pass
    # Rare: token by token again, so that an unknown macro costs only itself, not the segment
    # (pylatexenc on a whole title dropped unknown macros with their text, and cut at `%`).
    pieces = []
    position = 0
    while (match := _TOKEN.search(segment, position)) is not None:
        pieces.append(segment[position : match.start()])
        try:
            pieces.append(_replace(match))
            position = match.end()
        except _Unknown as unknown:
            text, position = _unknown_macro(unknown.args[0], match)
            pieces.append(text)
    pieces.append(segment[position:])
    return "".join(pieces)


def _unknown_macro(name: str, match: re.Match[str]) -> tuple[str, int]:
    """What an unknown macro shows, and where the tables take over again after it."""
    end = match.end()
    source = match.string
    if match.group("word") is not None and name in _ARGUMENT_MACROS:
        shown = _argument_macro(name, source, end)
        if shown is not None:
            return shown
    symbol = _symbol(name)
    if symbol is not None:
        return symbol, end  # `\alpha`, `\textonehalf`: the spaces after it are eaten, as in TeX
    # Anything else is shown as its source, so that a reader sees something is there rather
    # than a silent gap, and its arguments as text one space away: `\foo{bar}` shows
    # "\foo bar", `\cite{x}` "\cite x", and `\foo{}` (the author's space guard) just "\foo".
    shown = "\\" + name
    if match.group("word") is None:
        return shown, end
    if name in ("begin", "end") and (environment := _ENVIRONMENT.match(source, end)):
        if environment[1] in _LAYOUT_ENVIRONMENTS:
            return " ", environment.end()  # only where the text stands: its text shows
        return f"\\{name}{{{environment[1]}}}", environment.end()  # `\begin{itemize}` as written
    arguments = _ARGUMENTS.match(source, end)
    texts = [text for text in map(_decode_text, _ARGUMENT.findall(arguments[0])) if text.strip()]
    if texts:
        return shown + "".join(" " + text for text in texts), arguments.end()
    # Keep the words apart that the eaten space or the `{}` kept apart: `\foo bar`, `\foo{}bar`.
    end = arguments.end()
    if (match.group("ws") and end == match.end()) or source[end : end + 1].isalnum():
        shown += " "
    return shown, end


_ENVIRONMENT = re.compile(r"\{([A-Za-z*]+)\}")
_LAYOUT_ENVIRONMENTS = frozenset({"center", "flushleft", "flushright", "figure", "figure*", "table", "table*", "quote", "quotation", "minipage"})
# An argument: `[optional]`s, then `{braced}` or a single character or control word (`\vec x`).
_OPTIONAL = re.compile(r"\s*\[([^\[\]{}]*)\]")
_NEXT_ARGUMENT = re.compile(r"\s*(?:\{(" + _BALANCED + r")\}|(\\[A-Za-z]+|\\.|[^\s{}\\]))")
# Math accents, also met outside math (`\vec x`), over their argument's letters.
_MATH_ACCENTS = {
    "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308", "hat": "\u0302", "widehat": "\u0302",
    "check": "\u030c", "breve": "\u0306", "acute": "\u0301", "grave": "\u0300", "tilde": "\u0303",
    "widetilde": "\u0303", "bar": "\u0305", "overline": "\u0305",
}
# What pylatexenc 2.11 gets wrong or lacks among macros with arguments: (how many braced
# arguments, what they show). pylatexenc drops `\textcolor{red}{text}` with its text, leaks its
# `%s` placeholders for `\textfrac` and `\operatorname`, and has no `\texorpdfstring`.
_ARGUMENT_MACROS = {
    "texorpdfstring": (2, lambda tex, text: _decode_text(text)),  # the PDF's text: no markup
    "textcolor": (2, lambda colour, text: _decode_text(text)),
    "color": (1, lambda colour: ""),
    "colorbox": (2, lambda colour, text: _decode_text(text)),
    "fcolorbox": (3, lambda frame, colour, text: _decode_text(text)),
    "ensuremath": (1, lambda math: f"${math.strip()}$" if math.strip() else ""),  # math, for the renderer
    "hspace": (1, lambda length: " "), "vspace": (1, lambda length: " "),  # spacing: one space
    "t": (1, lambda letters: unicodedata.normalize("NFC", letters[:1] + "\u0361" + letters[1:]) if letters else "\u0361"),
    "not": (1, lambda sign: unicodedata.normalize("NFC", _decode_symbol(sign) + "\u0338")),
    **{name: (2, lambda top, bottom: _fraction(_decode_text(top), _decode_text(bottom)))
       for name in ("frac", "textfrac", "dfrac", "tfrac", "nicefrac", "sfrac", "cfrac")},
    **{name: (1, lambda base, mark=mark: unicodedata.normalize("NFC", "".join(c + mark for c in _decode_text(base)) or mark))
       for name, mark in _MATH_ACCENTS.items()},
    "sqrt": (1, lambda body, index=None: _root(_decode_text(body), index and _decode_text(index))),
}
_TAKES_AN_OPTION = frozenset({"sqrt"})


def _argument_macro(name: str, source: str, end: int) -> tuple[str, int] | None:
    count, show = _ARGUMENT_MACROS[name]
    index = None
    if name in _TAKES_AN_OPTION and (option := _OPTIONAL.match(source, end)):
        index, end = option[1], option.end()
    arguments = []
    for _ in range(count):
        found = _NEXT_ARGUMENT.match(source, end)
        if found is None:
            return None  # `\frac` without its arguments: shown as its source
        arguments.append(found[1] if found[1] is not None else found[2])
        end = found.end()
    return (show(*arguments, index) if index is not None else show(*arguments)), end


def _decode_symbol(sign: str) -> str:
    return (_symbol(sign[1:]) or sign) if sign.startswith("\\") else sign


def _fraction(top: str, bottom: str) -> str:
    """`\frac{a+b}{c}` as "(a+b)/c": a term of more than one word or sign keeps its parentheses."""
    return f"{_term(top)}/{_term(bottom)}"


def _term(text: str) -> str:
    return text if re.fullmatch(r"[\w.′]*", text) else f"({text})"


def _root(body: str, index: str | None) -> str:
    sign = {None: "√", "": "√", "2": "√", "3": "∛", "4": "∜"}.get(index, f"{index}√")
    return f"{sign}({body})"


# Operators pylatexenc 2.11 has no text for, as TeX prints them; its Greek letters by the names
# of the upgreek package (`\upalpha`); signs it lacks. Outside math and in it alike.
_OPERATOR_NAMES = {
    **{name: name for name in "sec csc cot coth lg arg deg det dim gcd hom ker Pr".split()},
    "injlim": "inj lim", "projlim": "proj lim", "varlimsup": "lim sup", "varliminf": "lim inf",
    "varinjlim": "inj lim", "varprojlim": "proj lim",
}
_MISSING_SIGNS = {"ne": "≠", "land": "∧", "lor": "∨", "bmod": "mod"}
_GREEK = """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda
Xi Pi Sigma Upsilon Phi Psi Omega""".split()
# Macros whose text pylatexenc makes up, or takes from the day of the build (a build must give
# the same pages from the same sources): shown as their source instead.
_NOT_SYMBOLS = frozenset({"today", "maketitle", "item", "part", "chapter", "section", "subsection", "subsubsection", "paragraph", "subparagraph"})


@lru_cache(maxsize=None)
def _symbol(name: str) -> str | None:
    """pylatexenc's text for a macro that takes no argument (`\\alpha` is α), else None.

    Macros with arguments are left out: pylatexenc shows `\\cite{x}` as "<cit.>" and drops
    `\\textcolor{red}{text}` entirely."""
    if name in _OPERATOR_NAMES:
        return _OPERATOR_NAMES[name]
    if name in _MISSING_SIGNS:
        return _MISSING_SIGNS[name]
    if name.startswith("up") and name[2:] in _GREEK:
        return _symbol(name[2:])
    if name in _NOT_SYMBOLS:
        return None
    try:
        decoder, parse_db = _general_decoder()
        if decoder.latex_context.get_macro_spec(name) is None:
            return None
        parse_spec = parse_db.get_macro_spec(name)
        if parse_spec is not None and getattr(parse_spec.args_parser, "argspec", ""):
            return None
        text = decoder.latex_to_text("\\" + name)
        return None if "%" in text else text  # a placeholder of a macro that wants arguments
    except Exception:  # a display string must never crash a build
        return None


@lru_cache(maxsize=1)
def _general_decoder():
    # Built on first use only: most files never need it, and building it takes ~50 ms.
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="verbatim"), latexwalker.get_default_latex_context_db()


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


_TEXORPDFSTRING = re.compile(r"\\texorpdfstring\s*\{" + _BALANCED + r"\}\s*\{(" + _BALANCED + r")\}")


def decode_latex(value: str, paragraphs: bool = False) -> str:
    """Unicode text for a BibTeX value: accents, symbols and dashes decoded, protective
    braces and markup dropped, math kept as typed (`$ x $` trimmed to `$x$`), whitespace
    collapsed (blank lines kept as paragraph breaks when `paragraphs`). Unknown macros are
    shown as their source (`\\foo`), with their arguments as text."""
    if not _NEEDS_DECODING.search(value):
        return _collapse(value, paragraphs)
    if "texorpdfstring" in value:
        # Before math is set apart: `\texorpdfstring{$\alpha$}{alpha}` holds math in its arguments.
        value = _TEXORPDFSTRING.sub(r"\1", value)
    if paragraphs:
        # `\par` and blank lines survive decoding as "\n\n" for `_collapse` to find.
        value = _PARAGRAPH_BREAK.sub("\n\n", value)
    pieces = _MATH.split(value)
    # Odd pieces are math, kept as typed.
    decoded = "".join(
        _trimmed(piece) if index % 2 else _decode_text(piece) for index, piece in enumerate(pieces)
    )
    return _collapse(decoded, paragraphs)


def _trimmed(math: str) -> str:
    # `$ x $` as `$x$`, for `DISPLAYED_MATH` to find it again in the decoded text; TeX ignores
    # those spaces anyway. Math of nothing but spaces shows nothing.
    if not math.startswith("$") or math.startswith("$$"):
        return math
    inner = math[1:-1].strip()
    if inner.endswith("\\"):  # `$a\ $`: the space is the macro's, keep the source
        return math
    return f"${inner}$" if inner else ""


# Unicode's superscript and subscript forms: `n^2` is n², `x_{10}` is x₁₀, `x_i` is xᵢ; a script
# with a letter that has no such form keeps its parentheses (`x_{abc}` is x_(abc), as pylatexenc
# writes it).
_SUPERSCRIPTS = dict(zip("0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVW",
                         "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"))
_SUBSCRIPTS = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SCRIPT = re.compile(r"(?<!\\)(?P<mark>[\^_])(?:\{\s*(?P<group>[^{}\\]*?)\s*\}|(?P<one>[0-9A-Za-z]))")
_BRACKET_SPACE = re.compile(r"(?<=[(\[])\s+|\s+(?=[)\]])")  # `\left( x \right)` is "(x)"
# Relations and operators get a space on both sides if the source gave one on either side:
# pylatexenc keeps the space before `\in` but not the one after it ("x ∈ℝ").
_OPERATOR = re.compile(r"(?<=\S)\s*([=<>≤≥≠≈≡∼∈∉⊂⊆⊃⊇→←↔⇒⇐⇔↦×·±∓∪∩∧∨])\s*(?=\S)")


def plain_text(value: str) -> str:
    """Decoded text (`decode_latex`'s) as plain Unicode, for places that take no markup:
    `$\\lambda$` is λ, `$O(n^2)$` is O(n²). Text outside math is returned as it is."""
    if "$" not in value and "\\" not in value:
        return value
    pieces = DISPLAYED_MATH.split(value)
    return "".join(
        _math_as_text(piece) if index % 2 else piece for index, piece in enumerate(pieces)
    )


@lru_cache(maxsize=4096)
def _math_as_text(math: str) -> str:
    if math.startswith("$$"):
        source = math[2:-2]
    elif math.startswith("$"):
        source = math[1:-1]
    else:  # `\(..\)`, `\[..\]`
        source = math[2:-2]
    decoder, parsing = _math_decoder()
    try:
        text = decoder.latex_to_text(_scripts(source), latex_context=parsing)
    except Exception:  # pylatexenc is tolerant, but never let a title crash a build
        return " ".join(source.split())
    if _OPERATOR_END in text:
        text = _OPERATOR_SPACE.sub(" ", text).replace(_OPERATOR_END, "")
    text = " ".join(text.split())
    if "%s" in text and "%s" not in source:  # a placeholder pylatexenc failed to fill
        return " ".join(source.split())
    if not text and source.strip():
        return " ".join(source.split())  # what pylatexenc has no text for is better shown as typed
    return _OPERATOR.sub(_spaced_operator, _BRACKET_SPACE.sub("", text))


def _scripts(source: str) -> str:
    return _SCRIPT.sub(_script, source)


def _script(found: re.Match[str]) -> str:
    table = _SUPERSCRIPTS if found["mark"] == "^" else _SUBSCRIPTS
    text = found["group"] if found["group"] is not None else found["one"]
    if text and all(char in table for char in text):
        # The `{}` ends a control word before it: `\sum^n` must not become the macro `\sumⁿ`.
        return "{}" + "".join(table[char] for char in text)
    if found["group"] is not None and len(text) > 1:
        return f"{found['mark']}({text})"
    return found.group()


def _spaced_operator(match: re.Match[str]) -> str:
    spaced = match.group().strip() != match.group()
    return f" {match.group(1)} " if spaced else match.group(1)


@lru_cache(maxsize=1)
def _math_decoder():
    """pylatexenc's text for math, and the parser's table that goes with it. Built on first use
    only, like `_general_decoder`. Font macros give their letters plainly: 𝒪 and 𝐱 (Unicode's
    math alphabets) are missing from many fonts and from search indexes. Fractions, roots,
    `\\operatorname` and `\\pmod`, which pylatexenc 2.11 gets wrong (`a+b/c`, its `%s`
    placeholder, a dropped "mod"), and the operators and Greek letters it lacks are added."""
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    plain = """mathcal mathscr mathbf mathit mathsf mathtt mathrm mathnormal boldsymbol bm
    mbox hbox text textrm textit textbf textsf texttt textnormal emph""".split()
    context = get_default_latex_context_db()
    macros = [MacroTextSpec(name, simplify_repl="%s") for name in plain]
    macros += [MacroTextSpec(name, simplify_repl=_math_fraction) for name in ("frac", "textfrac", "dfrac", "tfrac", "nicefrac", "cfrac")]
    macros += [
        MacroTextSpec("sqrt", simplify_repl=_math_root),
        MacroTextSpec("operatorname", simplify_repl=_math_operator),
        MacroTextSpec("pmod", simplify_repl=lambda node, l2tobj: f" (mod {_argument_text(node, l2tobj, -1)})"),
        MacroTextSpec("mod", simplify_repl=lambda node, l2tobj: f" mod {_argument_text(node, l2tobj, -1)}"),
        MacroTextSpec("bmod", simplify_repl=" mod "),
    ]
    macros += [MacroTextSpec(name, simplify_repl=text) for name, text in (_OPERATOR_NAMES | _MISSING_SIGNS).items() if name != "bmod"]
    macros += [MacroTextSpec("up" + name, simplify_repl=_symbol(name) or name) for name in _GREEK]
    context.add_context_category("researchsite", prepend=True, macros=macros)
    parsing = latexwalker.get_default_latex_context_db()
    arguments = {"operatorname": "*{", "textfrac": "{{", "nicefrac": "{{", "cfrac": "{{", "pmod": "{", "mod": "{", "bmod": ""}
    parsing.add_context_category("researchsite", prepend=True, macros=[macrospec.std_macro(name, False, 0) if not spec else macrospec.MacroSpec(name, spec) for name, spec in arguments.items()])
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces="based-on-source"), parsing


def _argument_text(node, l2tobj, index: int) -> str:
    arguments = node.nodeargd.argnlist if node.nodeargd else []
    if not arguments or arguments[index] is None:
        return ""
    return l2tobj.nodelist_to_text([arguments[index]]).strip()


def _math_fraction(node, l2tobj) -> str:
    return _fraction(_argument_text(node, l2tobj, -2), _argument_text(node, l2tobj, -1))


def _math_root(node, l2tobj) -> str:
    index = _argument_text(node, l2tobj, 0) if len(node.nodeargd.argnlist) > 1 else None
    return _root(_argument_text(node, l2tobj, -1), index)


def _math_operator(node, l2tobj) -> str:
    # `\operatorname{tr}\rho` is "tr ρ", `\operatorname{poly}(n)` "poly(n)": a space unless a
    # bracket follows, which is known once the whole formula is text (`_math_as_text`).
    return _argument_text(node, l2tobj, -1) + _OPERATOR_END


_OPERATOR_END = "\x00"
_OPERATOR_SPACE = re.compile("\x00(?![(\\[{]|$)")

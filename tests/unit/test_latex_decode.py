"""The display decoder: LaTeX in .bib values to the Unicode a page shows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import researchsite  # noqa: F401
except ImportError:  # not installed yet: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))

from researchsite.load import latex
from researchsite.load.latex import decode_latex, plain_text


@pytest.mark.parametrize(
    "source",
    [r"\'e", r"\'{e}", r"{\'e}", r"{\'{e}}", r"\' e", r"{\' e}"],
)
def test_an_accent_in_every_form(source):
    assert decode_latex(f"Caf{source}") == "Café"


@pytest.mark.parametrize(
    "source, expected",
    [
        (r"\"o", "ö"), (r"\^a", "â"), (r"\`a", "à"), (r"\~n", "ñ"), (r"\=o", "ō"), (r"\.z", "ż"),
        (r"\u{g}", "ğ"), (r"\v{c}", "č"), (r"\v c", "č"), (r"\H{o}", "ő"), (r"\c{c}", "ç"),
        (r"\k{a}", "ą"), (r"\r{a}", "å"), (r"\'\i", "í"), (r"\'{\i}", "í"), (r"\^{\j}", "ĵ"),
        (r"\v{S}", "Š"), (r"\"{U}", "Ü"),
    ],
)
def test_accents(source, expected):
    assert decode_latex(source) == expected


@pytest.mark.parametrize(
    "source",
    [r"Mart\'\i n", r"Mart\'{\i}n", r"Mart\' \i n", r"Mart{\'\i}n", r"Mart\'\i{}n", "Mart\\'\\i\nn"],
)
def test_the_space_after_a_dotless_i_is_eaten_as_tex_does(source):
    assert decode_latex(source) == "Martín"


@pytest.mark.parametrize(
    "source, expected",
    [
        (r"\"\i", "ï"), (r"\^\i{}", "î"), (r"\`\i", "ì"), (r"\v\i n", "ǐn"), (r"\u \i n", "ĭn"),
        (r"\'\j a", "j\u0301a"),
    ],
)
def test_an_accent_on_a_dotless_i_or_j(source, expected):
    assert decode_latex(source) == expected


def test_a_brace_ends_a_control_word_and_the_space_after_it_stays():
    assert decode_latex(r"Mart\'{\i} n") == "Martí n"


@pytest.mark.parametrize(
    "source, expected",
    [
        (r"Gro\ss e", "Große"), (r"S{\o}ren", "Søren"), (r"\O ystein", "Øystein"),
        (r"{\aa}", "å"), (r"\AA{}ngstr\"om", "Ångström"), (r"{\ae}", "æ"), (r"{\oe}uvre", "œuvre"),
        (r"{\L}{\'o}d{\'z}", "Łódź"), (r"Per-\AAke", "Per-Åke"),
        (r"R\&D", "R&D"), (r"50\%", "50%"), (r"a\_b", "a_b"), (r"\#1", "#1"),
        (r"costs \$5 or \$6", "costs $5 or $6"),
    ],
)
def test_letters_and_escaped_characters(source, expected):
    assert decode_latex(source) == expected


@pytest.mark.parametrize(
    "source, expected",
    [
        (r"\dag", "†"), (r"\ddag", "‡"), (r"\textdagger", "†"), (r"\textdaggerdbl", "‡"),
        (r"\textquotedbl", '"'), (r"\textquotesingle", "'"), (r"\textasciigrave", "`"),
        (r"\textbraceleft", "{"), (r"\textbraceright", "}"), (r"\textsection", "§"), (r"\S", "§"),
        (r"\textparagraph", "¶"), (r"\P", "¶"), (r"\textordfeminine", "ª"),
        (r"\textordmasculine", "º"),
        (r"\textdollar", "$"), (r"\textonehalf", "½"), (r"\textpm", "±"), (r"\textnumero", "№"),
        (r"\guillemetleft", "«"), (r"\quotedblbase", "„"),
    ],
)
def test_text_mode_symbols(source, expected):
    assert decode_latex(f"x {source}{{}} y") == f"x {expected} y"


def test_the_spaces_after_a_sign_are_eaten_as_tex_does_but_not_after_a_section_sign():
    # TeX prints `\S 3` as "§3", but whoever wrote `\S 3` reads "§ 3", as it is set in print.
    assert decode_latex(r"\S 3, \S{} 3, \S~3, \S3") == "§ 3, § 3, §\u00a03, §3"
    assert decode_latex(r"\LaTeX{} is, \copyright 2024") == "LaTeX is, ©2024"


def test_biblatex_following_pages():
    assert decode_latex(r"579\psq, 579\psqq") == "579\u00a0f., 579\u00a0ff."


def test_quotes_around_text_that_has_markup_of_its_own():
    assert decode_latex(r"\enquote{caf\'e}") == "“café”"
    assert decode_latex(r"\mkbibquote{Intentionalit{\"a}t} und") == "“Intentionalität” und"
    assert decode_latex(r"the string \enquote*{series}") == "the string ‘series’"


def test_typography():
    assert decode_latex("pages 12--23") == "pages 12–23"
    assert decode_latex("yes---no") == "yes—no"
    assert decode_latex("Dr.~Who") == "Dr.\u00a0Who"
    assert decode_latex("``quoted''") == "“quoted”"
    assert decode_latex("the `killer' app") == "the ‘killer’ app"


def test_markup_and_protective_braces_go():
    assert decode_latex(r"\textit{Fast} \emph{and} \textbf{Safe} {NFV}") == "Fast and Safe NFV"
    assert decode_latex(r"{\em Hidden} {\bf Gems}") == "Hidden Gems"
    assert decode_latex(r"{{IPv6}} over {B}luetooth") == "IPv6 over Bluetooth"
    assert decode_latex(r"\mbox{\rm (MobiCom 2002)}") == "(MobiCom 2002)"


def test_math_is_kept_verbatim():
    assert decode_latex(r"An $O(n \log n)$ {Sort}") == r"An $O(n \log n)$ Sort"
    assert decode_latex(r"{$\alpha$}-nets and $x_{i}^{2}$") == r"$\alpha$-nets and $x_{i}^{2}$"
    assert decode_latex(r"Radix-2\({}^{\mbox{k}}\) FFT") == r"Radix-2\({}^{\mbox{k}}\) FFT"
    # `--` and `~` inside math are not typography either.
    assert decode_latex(r"$a--b~c$") == r"$a--b~c$"


def test_a_lone_dollar_is_a_dollar_sign():
    assert decode_latex("a $5 fee") == "a $5 fee"
    assert decode_latex(r"costs \$5 or \$6") == "costs $5 or $6"


def test_dollars_that_run_into_digits_are_not_math():
    # Exports that did not escape their dollars; TeX would have set `$5 fee and $` as math.
    assert decode_latex("a $5 fee and $10 fine") == "a $5 fee and $10 fine"
    assert decode_latex(r"$\alpha$ 10 and $x$") == r"$\alpha$ 10 and $x$"


def test_math_is_trimmed_so_that_the_decoded_text_still_shows_it_as_math():
    assert decode_latex(r"through $ L_0 $ regularization") == "through $L_0$ regularization"
    assert decode_latex("an empty $ $ formula") == "an empty formula"


def test_urls_are_verbatim_except_for_escapes():
    assert decode_latex(r"\url{http://x.org/~me/a--b}") == "http://x.org/~me/a--b"
    assert decode_latex(r"\url{http://x.org/a\_b\#c}") == "http://x.org/a_b#c"
    assert decode_latex(r"\href{http://x.org}{the site}") == "the site"


def test_whitespace_is_collapsed_and_paragraphs_kept_on_request():
    assert decode_latex("A\n      long\ttitle ") == "A long title"
    assert decode_latex("One.\n\n  Two\nlines.", paragraphs=True) == "One.\n\nTwo lines."
    assert decode_latex(r"One.\par Two.", paragraphs=True) == "One.\n\nTwo."


def test_a_blank_line_after_a_control_word_is_still_a_paragraph_break():
    assert decode_latex("\\LaTeX\n\nNext", paragraphs=True) == "LaTeX\n\nNext"
    assert decode_latex("\\LaTeX\n\nNext") == "LaTeX Next"


def test_plain_values_take_the_fast_path(monkeypatch):
    def fail(*args):
        raise AssertionError("the token decoder ran on a plain value")

    monkeypatch.setattr(latex, "_decode_text", fail)
    assert decode_latex("A Plain Title: 100% Networking") == "A Plain Title: 100% Networking"


def test_an_unknown_macro_is_shown_and_the_rest_decoded():
    assert decode_latex(r"Section \S 3 and AT\&T \foo{}") == r"Section § 3 and AT&T \foo"
    # pylatexenc on the whole value lost the text after `%` and the unknown macro's argument.
    decoded = decode_latex(r"47\% of it. \rv{Meanwhile}, Caf\'e--Bar")
    assert decoded == r"47% of it. \rv Meanwhile, Café–Bar"


@pytest.mark.parametrize(
    "source, expected",
    [
        (r"\foo{bar} x", r"\foo bar x"), (r"\foo{B{\'e}z}", r"\foo Béz"),
        (r"\foo{}bar", r"\foo bar"), (r"\foo bar", r"\foo bar"), (r"\foo, x", r"\foo, x"),
        (r"a \* b", r"a \* b"),
    ],
)
def test_an_unknown_macro_shows_its_name_and_its_arguments_as_text(source, expected):
    assert decode_latex(source) == expected


def test_pylatexenc_names_the_symbols_the_tables_lack():
    assert decode_latex(r"On {\mu}-kernel construction") == "On μ-kernel construction"
    assert decode_latex(r"\alpha-helix \'e, 50\%") == "α-helix é, 50%"
    # Not its macros with arguments: it shows `\cite{key}` as "<cit.>".
    assert decode_latex(r"see \cite{key}") == r"see \cite key"


def test_known_macros_never_reach_pylatexenc(monkeypatch):
    def fail():
        raise AssertionError("pylatexenc was asked about a macro the tables know")

    monkeypatch.setattr(latex, "_general_decoder", fail)
    assert decode_latex(r"The {\'e}cole, \S 2 \ddag") == "The école, § 2 ‡"


@pytest.mark.parametrize("source", ["{unbalanced", "unbalanced}", "\\", "$", "a $ b", r"\'", r"\foo{"])
def test_bad_latex_never_raises(source):
    assert isinstance(decode_latex(source), str)


@pytest.mark.parametrize(
    "text, expected",
    [
        (r"$\lambda$-calculus", "λ-calculus"),
        (r"An $O(n^2)$ sort", "An O(n²) sort"),
        (r"$O(n^{2})$ and $2^{n-1}$", "O(n²) and 2ⁿ⁻¹"),
        (r"$\mathcal{O}(\log n)$", "O(log n)"),
        (r"$10\times$ faster", "10× faster"),
        (r"$x \in \mathbb{R}^n$", "x ∈ ℝⁿ"),
        (r"$\ell_2$ and $x_{10}$", "ℓ₂ and x₁₀"),
        (r"Radix-2\({}^{\mbox{k}}\) FFT", "Radix-2^k FFT"),
        (r"$$\sqrt{n}$$", "√(n)"),
    ],
)
def test_plain_text_turns_math_into_unicode(text, expected):
    assert plain_text(text) == expected


def test_plain_text_leaves_text_outside_math_as_it_is():
    text = "Café – costs $5 or $6.\n\nTwo  spaces, \\S"
    assert plain_text(text) == text


def test_plain_text_of_decoded_text():
    decoded = decode_latex(r"An $ O(n \log n) $ {Sort} for \$5 or \$6")
    assert plain_text(decoded) == "An O(n log n) Sort for $5 or $6"


def test_plain_text_falls_back_to_the_math_source(monkeypatch):
    class Broken:
        def latex_to_text(self, source, latex_context=None):
            raise ValueError(source)

    monkeypatch.setattr(latex, "_math_decoder", lambda: (Broken(), None))
    assert plain_text(r"a $\unparsable{ x}$ b") == r"a \unparsable{ x} b"


@pytest.mark.parametrize("text", ["$", "$$", r"$\frac{$", r"\(", r"$x^$", r"$\left($", r"$x\'$", "$}{$"])
def test_plain_text_never_raises(text):
    assert isinstance(plain_text(text), str)


@pytest.mark.parametrize(
    "source, expected",
    [
        # Issue 19: what pylatexenc dropped, or showed with its `%s` placeholder.
        (r"\textcolor{red}{Hot} and \colorbox{yellow}{marked}", "Hot and marked"),
        (r"\texorpdfstring{$\alpha$}{alpha}-helices", "alpha-helices"),
        (r"\textfrac{1}{2} and \frac{a+b}{c}", "1/2 and (a+b)/c"),
        (r"\t{oo} !`Hola! ?`Qu\'e?", "o͡o ¡Hola! ¿Qué?"),
        (r"\upalpha-\ne-\not=", "α-≠-≠"),
        (r"\ensuremath{\alpha} rays", r"$\alpha$ rays"),  # math, for the page's renderer
        (r"\begin{center}Centred\end{center}", "Centred"),
    ],
)
def test_macros_with_arguments_keep_their_text(source, expected):
    assert decode_latex(source) == expected


@pytest.mark.parametrize(
    "math, expected",
    [
        (r"$\operatorname{poly}(n)$", "poly(n)"),
        (r"$\operatorname{tr}\rho$", "tr ρ"),
        (r"$\det(A)$, $\Pr[X]$", "det(A), Pr[X]"),
        (r"$\alpha\Gamma\upalpha$", "αΓα"),
        (r"$\frac{a+b}{c}$", "(a+b)/c"),
        (r"$a \equiv b \pmod{n}$", "a ≡ b (mod n)"),
        (r"$\sqrt[3]{x}$", "∛(x)"),
        (r"$x_i^{2}$, $x_{abc}$", "xᵢ², x_(abc)"),
    ],
)
def test_math_as_plain_text_keeps_every_operator(math, expected):
    assert plain_text(decode_latex(math)) == expected

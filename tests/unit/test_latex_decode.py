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
from researchsite.load.latex import decode_latex


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


def test_urls_are_verbatim_except_for_escapes():
    assert decode_latex(r"\url{http://x.org/~me/a--b}") == "http://x.org/~me/a--b"
    assert decode_latex(r"\url{http://x.org/a\_b\#c}") == "http://x.org/a_b#c"
    assert decode_latex(r"\href{http://x.org}{the site}") == "the site"


def test_whitespace_is_collapsed_and_paragraphs_kept_on_request():
    assert decode_latex("A\n      long\ttitle ") == "A long title"
    assert decode_latex("One.\n\n  Two\nlines.", paragraphs=True) == "One.\n\nTwo lines."
    assert decode_latex(r"One.\par Two.", paragraphs=True) == "One.\n\nTwo."


def test_plain_values_take_the_fast_path(monkeypatch):
    def fail(*args):
        raise AssertionError("the token decoder ran on a plain value")

    monkeypatch.setattr(latex, "_decode_text", fail)
    assert decode_latex("A Plain Title: 100% Networking") == "A Plain Title: 100% Networking"


def test_unknown_macros_fall_back_to_pylatexenc(monkeypatch):
    calls = []
    real = latex._general_decoder

    def spy():
        calls.append(1)
        return real()

    monkeypatch.setattr(latex, "_general_decoder", spy)
    assert decode_latex(r"The {\'e}cole") == "The école"
    assert calls == []  # known macros never reach the general decoder
    assert decode_latex(r"\alpha-helix \'e") == "α-helix é"
    assert calls == [1]


@pytest.mark.parametrize("source", ["{unbalanced", "unbalanced}", "\\", "$", "a $ b", r"\'", r"\foo{"])
def test_bad_latex_never_raises(source):
    assert isinstance(decode_latex(source), str)

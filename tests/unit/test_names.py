"""Name lists split the BibTeX way (Tame the BeaST, section 11), parts decoded."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

try:
    import researchsite  # noqa: F401
except ImportError:  # not installed yet: use the source tree
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "hooks"))

from bibtexparser.middlewares.names import parse_single_name_into_parts

from researchsite.load.entries import Name
from researchsite.load.names import parse_name, parse_names, split_name


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Donald E. Knuth", Name("Donald E.", "", "Knuth")),
        ("Knuth, Donald E.", Name("Donald E.", "", "Knuth")),
        ("Ludwig van Beethoven", Name("Ludwig", "van", "Beethoven")),
        ("van Beethoven, Ludwig", Name("Ludwig", "van", "Beethoven")),
        ("van Beethoven", Name("", "van", "Beethoven")),
        ("Jean de la Fontaine", Name("Jean", "de la", "Fontaine")),
        ("Brinch Hansen, Per", Name("Per", "", "Brinch Hansen")),
        ("Maguire, Jr., Gerald Q.", Name("Gerald Q.", "", "Maguire", "Jr.")),
        ("Gerald Q. {Maguire Jr.}", Name("Gerald Q.", "", "Maguire Jr.")),
        ("{Barbette and Sons Inc.}", Name("", "", "Barbette and Sons Inc.")),
        ("Plato", Name("", "", "Plato")),
        ("Jean~Cesar", Name("Jean", "", "Cesar")),
        (r"Fran{\c{c}}ois M{\"u}ller", Name("François", "", "Müller")),
        (r"{\'E}douard Lucas", Name("Édouard", "", "Lucas")),
        (r"Larson, Per-\AAke", Name("Per-Åke", "", "Larson")),
        ("Knuth,", Name("", "", "Knuth")),
    ],
)
def test_one_name(raw, expected):
    names, et_al = parse_names(raw)
    assert names == [expected]
    assert not et_al


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Einstein*†, A.", Name("A.", "", "Einstein", marks="*†")),
        ("N. Rosen*", Name("N.", "", "Rosen", marks="*")),
        ("Rosen, N.*", Name("N.", "", "Rosen", marks="*")),
        ("Gerald Q. Maguire Jr.‡", Name("Gerald Q.", "", "Maguire", "Jr.", marks="‡")),
        ("A*B", Name("", "", "A*B")),  # inside a name: not a mark
    ],
)
def test_al_folios_marks_are_kept_apart_from_the_name(raw, expected):
    assert parse_names(raw)[0] == [expected]


def test_display():
    assert Name("Gerald Q.", "", "Maguire", "Jr.").display == "Gerald Q. Maguire Jr."
    assert parse_names("van Beethoven, Ludwig")[0][0].display == "Ludwig van Beethoven"


def test_and_splits_at_brace_depth_zero_in_any_case():
    names, _ = parse_names("Bird, R.B. and Armstrong, R.C. AND Hassager, O.")
    assert [name.last for name in names] == ["Bird", "Armstrong", "Hassager"]
    names, _ = parse_names("{Simon and Schuster} and Alexander\nAnd Sandra Band")
    assert [name.last for name in names] == ["Simon and Schuster", "Alexander", "Band"]


def test_and_others_is_et_al_not_a_person():
    names, et_al = parse_names("Alice Smith and Bob Jones and others")
    assert [name.last for name in names] == ["Smith", "Jones"]
    assert et_al


def test_empty_names_are_skipped():
    names, _ = parse_names("Alice Smith and  and Bob Jones and ")
    assert [name.last for name in names] == ["Smith", "Jones"]
    assert parse_names("   ") == ([], False)


def test_an_odd_brace_does_not_raise():
    names, _ = parse_names("Alice {Smith and Bob Jones")
    assert names  # something sensible, and no exception


@pytest.mark.parametrize(
    "raw",
    [
        "Donald E. Knuth", "Knuth, Donald E.", "Ludwig van Beethoven", "van Beethoven, Ludwig",
        "Jean de la Fontaine", "Maguire, Jr., Gerald Q.", "de la Vallée Poussin, Charles Louis",
        "Charles Louis Xavier Joseph de la Vallée Poussin", "Ludwig Van beethoven", "A B C D",
        "D'Ancona, Marco", "J. M. Smith-Jones", "Fontaine, Jean de la",
    ],
)
def test_fast_path_agrees_with_bibtexparser(raw):
    parts = parse_single_name_into_parts(raw, strict=False)
    assert split_name(raw) == (parts.first, parts.von, parts.last, parts.jr)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Gerald Q. Maguire Jr.", Name("Gerald Q.", "", "Maguire", "Jr.")),  # DBLP's form
        ("Sammy Davis, Jr.", Name("Sammy", "", "Davis", "Jr.")),
        ("Martin Luther King III", Name("Martin Luther", "", "King", "III")),
        ("Gerald Q. {Maguire Jr.}", Name("Gerald Q.", "", "Maguire Jr.", "")),  # braced: kept whole
        ("Jr.", Name("", "", "Jr.", "")),  # a lone word stays the last name
    ],
)
def test_a_suffix_bibtex_reads_as_a_name_is_moved_to_jr(raw, expected):
    assert parse_name(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Rivers, JR.", Name("", "", "Rivers", "JR.")),
        ("Rivers, Jr", Name("", "", "Rivers", "Jr")),
        ("Smith, SR.", Name("", "", "Smith", "SR.")),
        ("Smith, III", Name("", "", "Smith", "III")),
        ("{Rivers}, JR.", Name("", "", "Rivers", "JR.")),  # braces take bibtexparser's path
        ("Doc Rivers JR", Name("Doc", "", "Rivers", "JR")),
    ],
)
def test_a_suffix_in_capitals_is_a_suffix_not_a_first_name(raw, expected):
    assert parse_name(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Rivers, JR., John", Name("John", "", "Rivers", "JR.")),
        ("van Rivers, Jr, John", Name("John", "van", "Rivers", "Jr")),
        (r"Rivers, III, J{\'o}n", Name("Jón", "", "Rivers", "III")),
    ],
)
def test_the_three_part_form_von_last_jr_first(raw, expected):
    assert parse_name(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("N\\'{u}\\~{n}ez, Marco", Name("Marco", "", "Núñez", "")),
        ("Jos\\'e Pe\\~na", Name("José", "", "Peña", "")),
        ("Ann~Smith", Name("Ann", "", "Smith", "")),  # a tie still separates words
    ],
)
def test_a_tilde_accent_is_not_a_tie(raw, expected):
    assert parse_name(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        # BibTeX's case of a word: a brace group that is no accent (`{de}`) has none.
        ("jean {de} {la} fontaine", ([], ["jean"], ["{de}", "{la}", "fontaine"], [])),
        ("{de}la Vall{\\'e}e, Jean", (["Jean"], ["{de}la"], ["Vall{\\'e}e"], [])),
        ("Christina A. L.\\ Thiele", (["Christina", "A.", "L."], [], ["Thiele"], [])),  # `\ ` is a space
        ("AA BB CC}", (["AA", "BB"], [], ["{CC}"], [])),  # an odd brace, as bibtexparser mends it
    ],
)
def test_split_the_bibtex_way_with_braces(raw, expected):
    assert split_name(raw) == expected


def test_biblatex_extended_name_format():
    # biber's t/names.t: `family=..., given=...` (biblatex's extended name format)
    assert split_name("family=Smithers Jones, prefix=van der, given=James, useprefix=true") == (
        ["James"], ["van", "der"], ["Smithers", "Jones"], [])
    assert parse_name("id=testid, given={Alfred}, family=Adler") == Name("Alfred", "", "Adler", "")


def test_an_empty_jr_between_two_commas_keeps_the_first_name():
    # ACM's exports: `P\"{o}tzl,, Herbert` (the large_efficient-biblio corpus)
    assert split_name('P\\"{o}tzl,, Herbert') == (["Herbert"], [], ['P\\"{o}tzl'], [])
    assert split_name("{Jolly}, III, James") == (["James"], [], ["{Jolly}"], ["III"])

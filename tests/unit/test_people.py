"""people.py: one person across initials, accents and name orders; owner and co-author pages."""

from __future__ import annotations

import pytest

from researchsite.load.entries import Name
from researchsite.load.names import parse_name
from researchsite.people import Directory, fold, parse_written_name, same_person


def same(a: str, b: str) -> bool:
    """Both names as BibTeX splits them (as the loader does for author lists)."""
    return same_person(parse_name(a), parse_name(b))


def test_fold_removes_accents_case_and_punctuation():
    assert fold("Dejan Kostić") == "dejan kostic"
    assert fold("G. Q. Maguire") == "g q maguire"
    assert fold("Jean-Luc Müller") == "jean luc muller"


def test_fold_handles_letters_without_a_decomposition_in_both_cases():
    assert fold("Søren Łukasz Đorđe") == "soren lukasz dorde"
    assert fold("ØYVIND ŁUKASZ ĐORĐE") == "oyvind lukasz dorde"


@pytest.mark.parametrize(
    "a, b",
    [
        ("T. Barbette", "Tom Barbette"),
        ("Barbette, Tom", "Tom Barbette"),
        ("Dejan Kostic", "Dejan Kostić"),
        ("D. Kostić", "Dejan Kostic"),
        ("G. Q. Maguire", "Gerald Q. Maguire"),
        ("J.-L. Picard", "Jean-Luc Picard"),
        ("Maguire, Jr., Gerald Q.", "Maguire, Jr., G. Q."),
    ],
)
def test_same_person_across_initials_accents_and_order(a, b):
    assert same(a, b)
    assert same(b, a)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Tom Barbette", "Tim Barbette"),  # two full given names that differ
        ("T. Barbette", "S. Barbette"),
        ("Tom Barbette", "Tom Barbet"),
        ("Gerald Q. Maguire", "Gerald R. Maguire"),
    ],
)
def test_different_people_are_not_matched(a, b):
    assert not same(a, b)


def test_suffix_jr_written_after_the_name_still_matches(tmp_path):
    # The README's own example: "G. Q. Maguire Jr." is "Gerald Q. Maguire Jr.". BibTeX splits
    # "First Last Jr." with "Jr." as the last name; the surname is then the word before it.
    assert same("G. Q. Maguire Jr.", "Gerald Q. Maguire Jr.")
    assert same("G. Q. Maguire Jr.", "Maguire, Jr., Gerald Q.")
    assert not same("G. Q. Maguire Jr.", "G. Q. Smith Jr.")


def test_a_name_that_is_only_a_suffix_matches_nobody():
    assert not same_person(Name(last="Jr."), Name(last="Jr."))


def test_written_names_use_bibtex_rules_for_von_and_order():
    assert parse_written_name("Barbette, Tom") == Name(first="Tom", last="Barbette")
    assert parse_written_name("Tom Barbette") == Name(first="Tom", last="Barbette")
    beethoven = parse_written_name("Ludwig van Beethoven")
    assert (beethoven.first, beethoven.von, beethoven.last) == ("Ludwig", "van", "Beethoven")


def test_directory_finds_the_owner_under_each_variant():
    directory = Directory(["Tom Barbette", "Barbette, T."], [])
    assert directory.is_owner(parse_name("T. Barbette"))
    assert directory.is_owner(parse_name("Barbette, Tom"))
    assert not directory.is_owner(parse_name("Dejan Kostić"))


def test_directory_links_co_authors_written_in_config_to_bibtex_names():
    directory = Directory(
        ["Tom Barbette"],
        [
            (["Dejan Kostić"], "https://kostic.example"),
            (["Gerald Q. Maguire Jr.", "Chip Maguire"], "https://maguire.example"),
            (["Ludwig van Beethoven"], "https://beethoven.example"),
        ],
    )
    assert directory.page_of(parse_name("Kostic, D.")) == "https://kostic.example"
    assert directory.page_of(parse_name("Maguire, Jr., G. Q.")) == "https://maguire.example"
    assert directory.page_of(parse_name("Chip Maguire")) == "https://maguire.example"
    assert directory.page_of(parse_name("van Beethoven, Ludwig")) == "https://beethoven.example"
    assert directory.page_of(parse_name("Tom Barbette")) is None

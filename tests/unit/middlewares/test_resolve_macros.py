"""ResolveMacros: values evaluated as BibTeX does, `#` and @string macros, problems located."""

from __future__ import annotations

from researchsite.load.middlewares import PROBLEMS, ResolveMacros


def fields(library) -> dict[str, str]:
    return {f.key: f.value for f in library.entries[0].fields}


def test_braces_quotes_numbers_and_macros_joined_by_hash(library):
    text = '@string{ton = {IEEE/ACM ToN}}\n@article{a, journal = ton # { } # "Letters", year = 2020, month = apr}\n'
    assert fields(ResolveMacros().transform(library(text))) == {
        "journal": "IEEE/ACM ToN Letters", "year": "2020", "month": "April",
    }


def test_a_missing_comma_is_reported_and_the_swallowed_field_recovered(library):
    out = ResolveMacros().transform(library("@article{a,\n  title = {T}\n  author = {A. B},\n}\n"))
    assert fields(out) == {"title": "T", "author": "A. B"}
    assert out.entries[0].parser_metadata[PROBLEMS] == [(2, "missing comma before field 'author'?", "error")]


def test_an_undefined_macro_is_a_warning_and_left_empty(library):
    out = ResolveMacros().transform(library("@article{a,\n  journal = nope # {X}}\n"))
    assert fields(out) == {"journal": "X"}
    assert out.entries[0].parser_metadata[PROBLEMS] == [(1, "undefined macro 'nope' in field 'journal' (left empty)", "warning")]


def test_it_leaves_its_input_alone_when_asked(leaves_its_input_alone):
    out = leaves_its_input_alone(ResolveMacros(allow_inplace_modification=False), "@article{a, journal = {J} # {2}}\n")
    assert fields(out) == {"journal": "J2"}

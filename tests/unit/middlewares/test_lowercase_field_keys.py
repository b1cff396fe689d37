"""LowercaseFieldKeys and KeepEntriesWithDuplicateFields: one repeated field never loses a paper."""

from __future__ import annotations

from researchsite.load.middlewares import PROBLEMS, KeepEntriesWithDuplicateFields, LowercaseFieldKeys

TWICE = "@article{a,\n  Title = {1},\n  title = {2},\n  Year = 2020,\n  title = {3}\n}\n"


def test_keys_are_lower_case_and_the_first_of_a_repeated_field_wins(library):
    out = LowercaseFieldKeys().transform(KeepEntriesWithDuplicateFields().transform(library(TWICE)))
    [entry] = out.entries
    assert [(f.key, f.value) for f in entry.fields] == [("title", "{1}"), ("year", "2020")]
    assert entry.parser_metadata[PROBLEMS] == [
        (2, "duplicate field 'title' (the first value is used)", "error"),
        (4, "duplicate field 'title' (the first value is used)", "error"),
    ]


def test_an_entry_with_a_repeated_field_comes_back_as_an_entry(library):
    given = library(TWICE)
    assert given.entries == [] and len(given.failed_blocks) == 1  # bibtexparser set it aside
    assert [entry.key for entry in KeepEntriesWithDuplicateFields().transform(given).entries] == ["a"]


def test_both_leave_their_input_alone_when_asked(leaves_its_input_alone):
    kept = leaves_its_input_alone(KeepEntriesWithDuplicateFields(allow_inplace_modification=False), TWICE)
    leaves_its_input_alone(LowercaseFieldKeys(allow_inplace_modification=False), "@article{a, Title = {1}}\n")
    assert [entry.key for entry in kept.entries] == ["a"]

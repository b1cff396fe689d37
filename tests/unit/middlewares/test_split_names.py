"""SplitNames: author, editor and translator lists as decoded names, in metadata."""

from __future__ import annotations

from researchsite.load.entries import Name
from researchsite.load.middlewares import NAMES, PROBLEMS, SplitNames

TEXT = "@book{a, author = {van Beethoven, Ludwig and Kosti{\\'c}, Dejan and others}, translator = {Tim T}}\n"


def test_people_are_split_and_decoded_and_et_al_kept_apart(values):
    entry = SplitNames({}).transform(values(TEXT)).entries[0]
    names = entry.parser_metadata[NAMES]
    assert names["author"] == (
        [Name(first="Ludwig", von="van", last="Beethoven"), Name(first="Dejan", last="Kostić")],
        True,
    )
    assert names["translator"] == ([Name(first="Tim", last="T")], False)
    assert entry.fields_dict["author"].value.startswith("van Beethoven, Ludwig")  # the value stays, for exports


def test_it_leaves_its_input_alone_when_asked(leaves_its_input_alone):
    out = leaves_its_input_alone(SplitNames({}, allow_inplace_modification=False), TEXT, resolve=True)
    assert NAMES in out.entries[0].parser_metadata


def test_an_empty_name_and_a_misplaced_and_others_are_warnings(values):
    entry = SplitNames({}).transform(values("@misc{a,\n  author = {A. One and and B. Two and others and C. Three}}\n")).entries[0]
    assert entry.parser_metadata[PROBLEMS] == [
        (1, "author: 'and and' in the list (an empty name is skipped)", "warning"),
        (1, "author: 'and others' stands in the middle of the list; the names after it are shown, followed by 'et al.'", "warning"),
    ]
    braced = SplitNames({}).transform(values("@misc{a, author = {{Barnes and Noble} and others}}\n")).entries[0]
    assert PROBLEMS not in braced.parser_metadata  # `and` inside braces is part of a name

"""DecodeDisplayedFields: Unicode text of what pages show, in metadata; the values stay LaTeX."""

from __future__ import annotations

from researchsite.load.middlewares import TEXT, DecodeDisplayedFields

TEXT_IN = "@article{a, title = {Caf{\\'e} <strong>Short</strong>}, doi = {10.1/x\\_y}, abstract = {One.\n\nTwo.}}\n"


def test_displayed_fields_are_decoded_and_others_left_verbatim(library):
    entry = DecodeDisplayedFields({}, {}).transform(library(TEXT_IN)).entries[0]
    assert entry.parser_metadata[TEXT] == {"title": "Café Short", "abstract": "One.\n\nTwo."}
    assert entry.fields_dict["title"].value == "{Caf{\\'e} <strong>Short</strong>}"


def test_the_memo_it_is_given_spares_decoding_a_value_twice(library):
    memo: dict[str, str] = {}
    DecodeDisplayedFields(memo, {}).transform(library(TEXT_IN))
    assert memo == {"{Caf{\\'e} <strong>Short</strong>}": "Café Short"}


def test_it_leaves_its_input_alone_when_asked(leaves_its_input_alone):
    out = leaves_its_input_alone(DecodeDisplayedFields({}, {}, allow_inplace_modification=False), TEXT_IN)
    assert out.entries[0].parser_metadata[TEXT]["title"] == "Café Short"

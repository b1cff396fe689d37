"""Folded forms in the search index: "kostic" must find "Kostić" in Material's lunr search."""

from __future__ import annotations

import copy

from researchsite.generate.search import add_folded_forms, folded_words

MATERIAL_FIELDS = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}


def test_only_words_a_fold_changes_are_given_once_each_in_order():
    assert folded_words("Dejan Kostić and Łukasz Kostić met Søren in Zürich") == ["kostic", "lukasz", "soren", "zurich"]
    assert folded_words("Tom Barbette, NSDI '22") == []


def test_markup_and_entities_are_not_words():
    assert folded_words('<li class="é">Kostić&nbsp;&eacute;t&eacute;</li>') == ["kostic", "ete"]


def test_entries_get_folded_fields_boosted_like_their_source():
    entries = [
        {"location": "publications/x/", "title": "Gödel's work", "text": "<p>By Dejan Kostić</p>"},
        {"location": "news/", "title": "News", "text": "Nothing accented"},
    ]
    fields = copy.deepcopy(MATERIAL_FIELDS)
    add_folded_forms(entries, fields)
    assert fields["title_folded"] == {"boost": 1000.0} and fields["text_folded"] == {"boost": 1.0}
    assert entries[0]["title_folded"] == "godel"
    assert entries[0]["text_folded"] == "kostic"
    assert entries[0]["text"] == "<p>By Dejan Kostić</p>"  # what the visitor sees is unchanged
    assert "title_folded" not in entries[1] and "text_folded" not in entries[1]


def test_folding_again_gives_the_same_index_and_follows_an_edit():
    # mkdocs serve --dirty keeps earlier entries, already folded, beside new ones.
    entries = [{"location": "a/", "title": "Kostić", "text": "Kostić"}]
    fields = copy.deepcopy(MATERIAL_FIELDS)
    add_folded_forms(entries, fields)
    once = copy.deepcopy((entries, fields))
    add_folded_forms(entries, fields)
    assert (entries, fields) == once
    entries[0]["text"] = "Kostic now"
    add_folded_forms(entries, fields)
    assert "text_folded" not in entries[0]

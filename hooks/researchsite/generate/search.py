"""Accent-insensitive search: a visitor who types "kostic" finds "Kostić".

Material's search is lunr in the browser, and lunr compares tokens exactly: "kostic" is not
"kostić". Material offers no folding (its search `pipeline` option only removes stemmer,
stop-word filter or trimmer; its `separator` only splits words), and lunr's answer, a pipeline
function in the browser, would mean replacing Material's search worker. But the worker indexes
every field named in the index's `config.fields`. So each entry whose title or text has a word
with diacritics gets that word's folded form in a field of its own (`title_folded`,
`text_folded`, boosted like the field it comes from): "kostic" matches there, "Kostić" still
matches the text as before, and the text a visitor sees, and its highlighting, is unchanged.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ..people import fold

# The field folded forms are added for, and the field they go in.
FOLDED_FIELDS = {"title": "title_folded", "text": "text_folded"}
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def folded_words(text: str) -> list[str]:
    """The folded forms of the words of `text` (HTML) that a fold changes, once each, in order."""
    shown = html.unescape(_TAG.sub(" ", text))
    if shown.isascii():  # most entries: a fold changes no ASCII word but for its case
        return []
    words: dict[str, None] = {}
    for word in _WORD.findall(shown):
        if word.isascii():
            continue
        plain = _fold_word(word)
        if plain and plain != word.lower():
            words.setdefault(plain, None)
    return list(words)


# The same names and words come back in entry after entry (a co-author on every page of theirs).
_fold_word = lru_cache(maxsize=65_536)(fold)


def add_folded_forms(entries: list[dict], fields: dict[str, dict]) -> None:
    """Adds the folded fields to the search index's entries and field list, in place.

    `entries` and `fields` are the `docs` and `config.fields` of Material's
    `search/search_index.json`. Idempotent: the folded fields are computed again from the
    title and text, so an entry kept from an earlier build (`mkdocs serve --dirty`) is right.
    """
    for source, target in FOLDED_FIELDS.items():
        if source in fields:
            fields[target] = dict(fields[source])
    for entry in entries:
        for source, target in FOLDED_FIELDS.items():
            words = _folded_field(entry.get(source) or "")
            if words:
                entry[target] = words
            else:
                entry.pop(target, None)


# A rebuild (`mkdocs serve`) keeps most entries, text for text: each is folded once.
@lru_cache(maxsize=16_384)
def _folded_field(text: str) -> str:
    return " ".join(folded_words(text))

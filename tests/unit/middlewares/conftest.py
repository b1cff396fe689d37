"""Each of our bibtexparser middlewares tested alone, as bibtexparser tests its own: a library
split from text, one middleware applied, its output and its metadata read back."""

from __future__ import annotations

import copy

import pytest
from bibtexparser.library import Library
from bibtexparser.splitter import Splitter

from researchsite.load.middlewares import ResolveMacros


def split(text: str) -> Library:
    return Splitter(text).split()


def resolved(text: str) -> Library:
    """Split, and the values evaluated: what the middlewares after ResolveMacros are given."""
    return ResolveMacros().transform(split(text))


@pytest.fixture
def library():
    return split


@pytest.fixture
def values():
    return resolved


@pytest.fixture
def leaves_its_input_alone():
    """Asserts that a middleware built with allow_inplace_modification=False changes nothing it
    was given: bibtexparser's contract for middlewares."""

    def check(middleware, text: str, resolve: bool = False) -> Library:
        given = resolved(text) if resolve else split(text)
        before = copy.deepcopy([(type(b).__name__, getattr(b, "key", None), [(f.key, f.value) for f in getattr(b, "fields", [])], dict(b.parser_metadata)) for b in given.blocks])
        out = middleware.transform(given)
        after = [(type(b).__name__, getattr(b, "key", None), [(f.key, f.value) for f in getattr(b, "fields", [])], dict(b.parser_metadata)) for b in given.blocks]
        assert after == before
        return out

    return check

"""Finding citations in Markdown, pandoc's syntax, and never in code, tags, addresses or links."""

from researchsite.load.citations import Cited, find_citations


def keys(markdown):
    return [(citation.keys, citation.in_text) for citation in find_citations(markdown)]


def test_bracketed_citations_one_or_several_with_prefixes_and_locators():
    found = find_citations("As shown [see @barbette2020cheetah, p. 33; also @katsikas2018metron].\n")
    assert len(found) == 1
    assert found[0].items == (
        Cited("barbette2020cheetah", "see", "p. 33"),
        Cited("katsikas2018metron", "also", ""),
    )
    assert keys("[@a] and [@b; @c]") == [(["a"], False), (["b", "c"], False)]


def test_without_the_author_and_in_the_text():
    assert find_citations("[-@a]")[0].items == (Cited("a", without_author=True),)
    found = find_citations("As @barbette2020cheetah [p. 4] shows, and @katsikas2018metron.")
    assert [(c.keys, c.in_text, c.items[0].suffix) for c in found] == [
        (["barbette2020cheetah"], True, "p. 4"),
        (["katsikas2018metron"], True, ""),  # the full stop is not part of the key
    ]


def test_keys_with_dblp_punctuation_and_braces():
    assert keys("[@DBLP:conf/nsdi/GhasemirahniBKF22]") == [(["DBLP:conf/nsdi/GhasemirahniBKF22"], False)]
    assert keys("[@{odd key!}]") == []  # no spaces, even in braces
    assert keys("[@{weird:key/1.}]") == [(["weird:key/1."], False)]


def test_lines_are_the_files():
    found = find_citations("one\ntwo [@a]\n\nfour @b\n", first_line=10)
    assert [(c.keys, c.line) for c in found] == [(["a"], 11), (["b"], 13)]


def test_what_is_not_a_citation():
    text = """---
author: "@someone"
---
Write to tom@example.org or [me](mailto:tom@example.org), see <https://x.org/@user>.

```bibtex
@inproceedings{a, title = {[@b]}}
```

Inline `@decorator` and `[@c]` stay code. <!-- [@d] --> A [@e](https://e.org) link,
an image ![@f](f.png), an escaped \\@g, <pre>[@h]</pre>, and [text @i; plain] mixed.
    ~~~
    [@j]
    ~~~
"""
    # As in pandoc, a bracket that is not all citations is text, where @i is one in the text.
    assert keys(text) == [(["i"], True)]


def test_offsets_cover_the_citation_exactly():
    text = "See [@a; @b] and @c [p. 2]."
    spans = [text[c.start:c.end] for c in find_citations(text)]
    assert spans == ["[@a; @b]", "@c [p. 2]"]

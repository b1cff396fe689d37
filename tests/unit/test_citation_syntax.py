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


def test_an_author_in_the_text_with_more_in_brackets_is_one_citation():
    # pandoc's test/command/citeproc-author-in-text-suffix.md and 4960.md
    found = find_citations("@a [p. 33; @b] and @c [@d; @e]")
    assert [(c.items, c.in_text) for c in found] == [
        ((Cited("a", suffix="p. 33"), Cited("b")), True),
        ((Cited("c"), Cited("d"), Cited("e")), True),
    ]


def test_locators_with_brackets_escaped_or_nested():
    # pandoc's pandoc-citeproc-locators-integrated.md and -delimited.md
    assert find_citations(r"[@key, p. \[89\]]")[0].items == (Cited("key", suffix=r"p. \[89\]"),)
    assert find_citations("[@key{584 [78]}]")[0].items == (Cited("key", suffix="{584 [78]}"),)
    assert find_citations("[@key, $a^2+b^2$]")[0].items == (Cited("key", suffix="$a^2+b^2$"),)


def test_notes_dashes_punctuation_and_definitions():
    # pandoc's 7394.md, 7219.md, 8254.md, 3840.md
    assert keys("Hi^[See @a.] and ^[[@b].]") == [(["a"], True), (["b"], False)]
    assert keys("and also in -@reese") == [(["reese"], True)]
    assert keys("Wow![@legras]") == [(["legras"], False)]
    assert keys('[@Alhazen, V.9]: "competentius est"') == [(["Alhazen"], False)]


def test_links_examples_indented_code_and_math_are_not_citations():
    text = """(@ex) An example, referred to as (@ex) and @ex.

See @a [link] and [@b][link].

[link]: https://example.org

    @code [@code2]

Math $x@y$ too.
"""
    assert find_citations(text)[0].items == (Cited("a"),)  # `[link]` is the link, not a locator
    assert keys(text) == [(["a"], True)]
    # In a list, an indented paragraph is the item's, not code.
    assert keys("- item\n\n    more [@c]\n") == [(["c"], False)]


def test_an_admonitions_second_paragraph_is_not_code():
    text = '!!! note "Read more"\n    First paragraph.\n\n    Second [@a].\n\n=== "Tab"\n\n    In a tab [@b].\n'
    assert keys(text) == [(["a"], False), (["b"], False)]

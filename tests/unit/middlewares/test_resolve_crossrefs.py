"""ResolveCrossrefs: a child gets its parent's fields as biber gives them, problems are warnings."""

from __future__ import annotations

from researchsite.load.middlewares import INHERITED, PROBLEMS, ResolveCrossrefs

TEXT = (
    "@inproceedings{child, title = {Paper}, crossref = {proc}}\n"
    "@proceedings{proc, title = {Proceedings of X}, year = {2020}, publisher = {ACM}}\n"
)


def test_a_proceedings_title_becomes_the_childs_booktitle(values):
    child = ResolveCrossrefs().transform(values(TEXT)).entries[0]
    got = {f.key: f.value for f in child.fields}
    assert got["title"] == "Paper" and got["booktitle"] == "Proceedings of X"
    assert child.parser_metadata[INHERITED] == {"booktitle", "year", "publisher"}


def test_a_missing_parent_and_a_cycle_are_warnings(values):
    out = ResolveCrossrefs().transform(values("@article{a, crossref = {nowhere}}\n@book{b, crossref = {b}}\n"))
    assert [entry.parser_metadata[PROBLEMS] for entry in out.entries] == [
        [(0, "crossref target 'nowhere' not found", "warning")],
        [(1, "crossref cycle: b → b (not followed)", "warning")],
    ]


def test_it_leaves_its_input_alone_when_asked(leaves_its_input_alone):
    out = leaves_its_input_alone(ResolveCrossrefs(allow_inplace_modification=False), TEXT, resolve=True)
    assert "booktitle" in out.entries[0].fields_dict

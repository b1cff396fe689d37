"""structure/fields.py: each per-paper field declared once; the schema, links and exports follow."""

from __future__ import annotations

import json
from importlib import resources

from researchsite.structure.fields import FILE_LINKS, LINK_KINDS, PAPER_FIELDS, is_exported, paper_schema

from test_papers import only


def test_the_shipped_schema_is_the_declared_one():
    shipped = json.loads(resources.files("researchsite").joinpath("schemas", "paper.schema.json").read_text())
    # If this fails after a change to PAPER_FIELDS: .venv/bin/python -m researchsite.structure.fields
    assert shipped == paper_schema()
    assert list(shipped["properties"]) == [field.name for field in PAPER_FIELDS if field.schema is not None]


def test_links_come_in_the_declared_order_and_only_some_may_be_files():
    assert [kind for kind, _ in LINK_KINDS][:3] == ["pdf", "doi", "arxiv"]
    assert "doi" not in FILE_LINKS and "url" not in FILE_LINKS and "slides" in FILE_LINKS
    assert "doi" not in paper_schema()["properties"]  # a BibTeX field, not a YAML key


def test_the_sites_own_fields_never_reach_the_download(tmp_path):
    bib = (
        "@article{a, author={A. B}, title={T}, journal={J}, year=2020, abbr={J}, selected={true},"
        " bibtex_show={true}, code={https://github.com/x/y}, preview={a.png}, bdsk-url-1={https://x.example},"
        " file={/home/me/a.pdf}, doi={10.1000/x}, keywords={nets}}\n"
    )
    paper = only(tmp_path, bib, files=["assets/img/publication_preview/a.png"])
    assert list(paper.bibtex) == ["author", "title", "journal", "year", "doi", "keywords"]
    assert paper.preview == "assets/img/publication_preview/a.png"  # al-folio's folder for it
    assert [link.kind for link in paper.links] == ["doi", "code"]  # the site still uses them
    assert not is_exported("crossref")  # each exported entry stands alone

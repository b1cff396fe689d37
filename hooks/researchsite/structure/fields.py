"""What a paper's YAML (and the BibTeX fields al-folio users keep) can say, declared once.

The JSON Schema of `papers/<citekey>.yml` (for the checker and for editors), the links a paper
shows and their order, and the fields that drive the site but never reach the BibTeX a visitor
downloads are all derived from `PAPER_FIELDS`: a new field such as `talk:` is one row here
(and, if it shows something new, a template).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .paper import BADGE_BODIES, KINDS

_LINKS = {"$ref": "#/$defs/links"}
_TEXTS = {"oneOf": [{"type": "string", "minLength": 1}, {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}]}
_BADGES = {body: list(declared.kinds) for body, declared in BADGE_BODIES.items()}


@dataclass(frozen=True)
class PaperField:
    name: str
    schema: dict[str, Any] | None  # as a key of the YAML; None: BibTeX only (doi, url)
    link: str | None = None  # the label of the link it makes on the paper's row
    files: bool = False  # the link may name a file under content/ as well as a URL
    site_only: bool = False  # al-folio keeps it in BibTeX; it is the site's, never exported


# In the order the paper's row shows the links.
PAPER_FIELDS = (
    PaperField("key", {"type": "string", "minLength": 1, "description": "The BibTeX key this file is for, when the file is not named after it (a DBLP key such as DBLP:conf/nsdi/KosticMG23 cannot be a file name)."}),
    PaperField("selected", {"type": "boolean", "description": "Show on the home page and mark in the list."}, site_only=True),
    PaperField("kind", {"enum": list(KINDS)}),
    PaperField("abbr", {"type": "string", "description": "Short venue name, e.g. NSDI (the year is added)."}, site_only=True),
    PaperField("award", _TEXTS, site_only=True),
    PaperField("pdf", _LINKS, link="PDF", files=True, site_only=True),
    PaperField("doi", None, link="DOI"),
    PaperField("arxiv", {"type": "string", "pattern": r"^([a-z-]+(\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(v\d+)?$"}, link="arXiv"),
    PaperField("open_access", {"type": "string", "minLength": 1, "description": "A free copy of the paper."}, link="Open access"),
    PaperField("code", _LINKS, link="Code", files=True, site_only=True),
    PaperField("slides", _LINKS, link="Slides", files=True, site_only=True),
    PaperField("video", _LINKS, link="Video", files=True, site_only=True),
    PaperField("poster", _LINKS, link="Poster", files=True, site_only=True),
    PaperField("dataset", _LINKS, link="Dataset", files=True, site_only=True),
    PaperField("supp", _LINKS, link="Supplementary material", files=True, site_only=True),
    PaperField("website", _LINKS, link="Website", files=True, site_only=True),
    PaperField("blog", _LINKS, link="Blog post", files=True, site_only=True),
    PaperField("html", _LINKS, link="Publisher", files=True, site_only=True),
    PaperField("url", None, link="Web page"),
    PaperField("badges", {"type": "object", "additionalProperties": False, "properties": {body: {"allOf": [{"$ref": "#/$defs/badges"}], "items": {"enum": names}} for body, names in _BADGES.items()}}),
    PaperField("extends", {"type": "string", "description": "Citekey of the conference paper this journal version extends."}),
    PaperField("preview", {"type": "string", "minLength": 1, "description": "A picture under content/ (or al-folio's assets/img/publication_preview/) shown beside the paper in the list."}, files=True, site_only=True),
    PaperField("projects", {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True, "description": "Ids of the projects (site_config/projects.yml) this paper is part of: both pages link each other."}),
    PaperField("topics", {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True}),
    PaperField("summary", {"type": "string", "description": "Markdown, shown on the paper's page."}),
    PaperField("missing", {"type": "object", "description": "Required BibTeX fields knowingly left out, each with the reason.", "additionalProperties": {"type": "string", "minLength": 1}}),
    PaperField("announce", {"description": "Generate a news post for this paper: a date (YYYY-MM-DD), or a mapping with date, and optionally title and text (Markdown).", "if": {"type": "object"}, "then": {"additionalProperties": False, "required": ["date"], "properties": {"date": {}, "title": {"type": "string", "minLength": 1}, "text": {"type": "string", "minLength": 1}}}}),
)

LINK_KINDS = tuple((field.name, field.link) for field in PAPER_FIELDS if field.link)

# A web page named by where it is, for the kinds whose label says nothing of it ("Web page").
HOST_LABELS = {
    "usenix.org": "USENIX page", "ieeexplore.ieee.org": "IEEE Xplore", "dl.acm.org": "ACM Digital Library",
    "portal.acm.org": "ACM Digital Library", "diva-portal.org": "DiVA record", "arxiv.org": "arXiv",
    "openreview.net": "OpenReview", "hal.science": "HAL record", "hal.archives-ouvertes.fr": "HAL record",
    "link.springer.com": "SpringerLink", "sciencedirect.com": "ScienceDirect", "dblp.org": "DBLP",
    "semanticscholar.org": "Semantic Scholar", "zenodo.org": "Zenodo", "github.com": "GitHub",
    "gitlab.com": "GitLab", "youtube.com": "YouTube", "vimeo.com": "Vimeo", "aclanthology.org": "ACL Anthology",
    "proceedings.mlr.press": "PMLR", "papers.nips.cc": "NeurIPS proceedings", "proceedings.neurips.cc": "NeurIPS proceedings",
    "dial.uclouvain.be": "DIAL record", "orbi.uliege.be": "ORBi record",
}
HOST_LABELLED = frozenset({"url", "html"})
FILE_LINKS = frozenset(field.name for field in PAPER_FIELDS if field.files)

# BibTeX fields of other tools: never exported either. al-folio's other display fields, and
# reference managers' bookkeeping: a local path (leaks the owner's disk layout), who filed it
# and when, personal groups and ratings. `keywords` stays: publishers fill it with the paper's
# index terms. `crossref` goes: each exported entry stands alone, its parent's fields inlined.
_OTHER_TOOLS_FIELDS = frozenset(
    """preview award_name bibtex_show altmetric dimensions google_scholar_id additional_info
    annotation inspirehep_id file owner timestamp date-added date-modified groups mendeley-groups
    mendeley-tags ranking readstatus priority printed qualityassured crossref""".split()
)
_OTHER_TOOLS_PREFIXES = ("bdsk-",)  # BibDesk's bdsk-url-1, bdsk-file-1, ...
SITE_ONLY_FIELDS = frozenset(field.name for field in PAPER_FIELDS if field.site_only) | _OTHER_TOOLS_FIELDS


def is_exported(bibtex_field: str) -> bool:
    """Whether a BibTeX field goes into the BibTeX, RIS and CSL-JSON that visitors download."""
    return bibtex_field not in SITE_ONLY_FIELDS and not bibtex_field.startswith(_OTHER_TOOLS_PREFIXES)


def paper_schema() -> dict[str, Any]:
    """The JSON Schema of papers/<citekey>.yml; `schemas/paper.schema.json` is this, written out
    for editors (`python -m researchsite.structure.fields` writes it; a test keeps them equal)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "paper.schema.json",
        "title": "papers/<citekey>.yml: what BibTeX cannot say about one paper",
        "type": "object",
        "additionalProperties": False,
        "properties": {field.name: field.schema for field in PAPER_FIELDS if field.schema is not None},
        "$defs": {
            "links": {"description": "A URL, or a file under content/ (e.g. files/slides.pdf); one or several.", **_TEXTS},
            "badges": {"type": "array", "uniqueItems": True},
        },
    }


if __name__ == "__main__":
    from .schemas import write_schema

    write_schema("paper", paper_schema())

"""The CV: its sections and their fields declared once (cv.yml's JSON Schema, the /cv/ page and
cv.pdf all follow from `CV_SECTIONS`), and the plain objects `site_config/cv.yml` becomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# What a field is on the entry's line: its head, where it was (after the head, comma-separated),
# a labelled detail on the line below, or the address the head links to.
WHAT, WHERE, DETAIL, URL = "what", "where", "detail", "url"

_TEXT = {"type": "string", "minLength": 1}
_TEXTS = {"oneOf": [_TEXT, {"type": "array", "items": _TEXT, "minItems": 1}], "description": "Text, or a list of texts."}


@dataclass(frozen=True)
class CvField:
    name: str  # its key in cv.yml
    role: str  # WHAT, WHERE, DETAIL or URL
    label: str | None = None  # a detail's, as the CV prints it: "Thesis", "Advisor"
    required: bool = False
    example: str = ""  # for the schema's description, which editors show
    several: bool = False  # a list is allowed too ("advisor: [A, B]"), joined with "and"


@dataclass(frozen=True)
class CvSection:
    name: str  # its key in cv.yml and its name in `sections:`
    title: str  # its heading on the page and in the PDF
    fields: tuple[CvField, ...] = ()  # an entry's keys in cv.yml; none: its entries come from elsewhere


def _note() -> CvField:
    return CvField("note", DETAIL, example="Anything else worth a line (Markdown is not interpreted).")


def _url() -> CvField:
    return CvField("url", URL)  # a page about it, which the entry's head links to


# The sections a CV can have, in the order it shows them unless cv.yml's `sections:` says
# otherwise. A section whose entries come from another file (the publications from papers/;
# talks.yml or teaching.yml later) is one row here with no fields, and one function in
# generate/cv.py (SECTION_ENTRIES) that gives its entries.
CV_SECTIONS = (
    CvSection("positions", "Positions", (
        CvField("title", WHAT, required=True, example="Assistant Professor"),
        CvField("institution", WHERE, required=True, example="UCLouvain"),
        CvField("department", WHERE, example="ICTEAM institute, INGI department"),
        CvField("place", WHERE, example="Louvain-la-Neuve, Belgium"),
        _note(), _url(),
    )),
    CvSection("education", "Education", (
        CvField("degree", WHAT, required=True, example="PhD in Computer Science"),
        CvField("institution", WHERE, required=True, example="University of Liège"),
        CvField("place", WHERE, example="Liège, Belgium"),
        CvField("thesis", DETAIL, "Thesis", example="The thesis's title."),
        CvField("advisor", DETAIL, "Advisor", example="Laurent Mathy", several=True),
        _note(), _url(),
    )),
    CvSection("awards", "Awards and honours", (
        CvField("title", WHAT, required=True, example="Community Award"),
        CvField("by", WHERE, example="Who gave it: USENIX NSDI '22"),
        CvField("for", DETAIL, "For", example="What it was for: the paper's title."),
        _note(), _url(),
    )),
    CvSection("grants", "Grants", (
        CvField("title", WHAT, required=True, example="The project's title"),
        CvField("funder", WHERE, required=True, example="F.R.S.-FNRS"),
        CvField("programme", WHERE, example="Research Project (PDR)"),
        CvField("role", DETAIL, "Role", example="Principal investigator"),
        CvField("amount", DETAIL, "Amount", example="€ 250,000 (your share, if shared: say so)"),
        CvField("partners", DETAIL, "With", example="Other investigators or institutions", several=True),
        _note(), _url(),
    )),
    CvSection("publications", "Publications"),
    CvSection("talks", "Talks"),  # from talks.yml
    CvSection("teaching", "Teaching"),  # from teaching.yml
    CvSection("supervision", "Supervision", (
        CvField("name", WHAT, required=True, example="The student's name"),
        CvField("level", WHERE, required=True, example="PhD student, Master's thesis, post-doc"),
        CvField("institution", WHERE, example="UCLouvain"),
        CvField("role", DETAIL, "Role", example="Co-supervised with ..."),
        CvField("thesis", DETAIL, "Thesis", example="The thesis's title."),
        CvField("now", DETAIL, "Now", example="Where they went: Research engineer at ..."),
        _note(), _url(),
    )),
    CvSection("service", "Service", (
        CvField("role", WHAT, required=True, example="Program committee member"),
        CvField("organisation", WHERE, required=True, example="ACM CoNEXT 2023, or a journal, a department"),
        _note(), _url(),
    )),
)
SECTIONS = {section.name: section for section in CV_SECTIONS}

# The publications' groups on a CV, by the papers' kind (every one of structure/paper.py's KINDS), in this order.
PUBLICATION_GROUPS = {
    "journal": "Journal articles",
    "conference": "Conference papers",
    "workshop": "Workshop papers",
    "book": "Books",
    "thesis": "Theses",
    "report": "Reports",
    "preprint": "Preprints",
    "other": "Other publications",
}

PUBLICATION_CHOICES = ("all", "selected")
# The most papers a CV lists, the newest; the others are on the publication list, which the CV
# links. Typst holds some 60 KB a paper while it typesets (735 MB for 10,000, measured), the
# page some 400 bytes, and no committee reads a CV of thousands of papers. Past it, a warning.
CV_PAPERS = 1000
PRESENT = "present"


@dataclass(frozen=True, order=True)
class Month:
    """A date on a CV: a year, or a year and month (2021, 2021-09)."""

    year: int
    month: int = 0  # 0: the year alone

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True)
class When:
    """A point in time (an award: `date`) or a period (a position: `start`, `end`, maybe `present`);
    a period may lack its start when no source says it."""

    start: Month | None = None
    end: Month | None = None
    ongoing: bool = False  # end: present
    point: bool = False  # `date`: start is the date

    @property
    def latest(self) -> tuple:
        """What newest-first order sorts on: ongoing first, then by end (or the date)."""
        last = self.start if self.point else self.end or self.start
        return (self.ongoing, last or Month(0))


@dataclass(frozen=True)
class CvEntry:
    """One line of a CV section: its date or period, its head, where, and labelled details."""

    when: When
    what: str
    where: tuple[str, ...] = ()
    details: tuple[tuple[str | None, str], ...] = ()  # (label, text); a note has no label
    url: str | None = None


@dataclass
class Cv:
    """site_config/cv.yml: what the CV says beyond site.yml and the papers, and how it is laid out."""

    entries: dict[str, list[CvEntry]] = field(default_factory=dict)  # by section name, newest first
    sections: tuple[str, ...] = tuple(section.name for section in CV_SECTIONS)  # shown in this order
    publications: str = "all"  # or "selected": only the papers whose YAML says `selected: true`


def cv_schema() -> dict[str, Any]:
    """The JSON Schema of site_config/cv.yml; `schemas/cv.schema.json` is this, written out for
    editors (`python -m researchsite.structure.cv` writes it; a test keeps them equal)."""
    month = {
        "description": "A year (2021) or a year and month (2021-09).",
        "oneOf": [
            {"type": "integer", "minimum": 1000, "maximum": 9999},
            {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
        ],
    }
    when = {
        "date": {"$ref": "#/$defs/month", "description": "When it happened, for a point in time (an award)."},
        "start": {"$ref": "#/$defs/month"},
        "end": {"description": "A year (2021), a year and month (2021-09), or present.", "oneOf": [month["oneOf"][0], month["oneOf"][1], {"const": PRESENT}]},
    }
    sections = {}
    for section in CV_SECTIONS:
        if not section.fields:
            continue
        properties = dict(when)
        for cv_field in section.fields:
            # A list's description is what a wrong value is told it should be: it stays.
            properties[cv_field.name] = _TEXTS if cv_field.several else {**_TEXT, "description": cv_field.example}
            if cv_field.role == URL:
                properties[cv_field.name] = {**_TEXT, "pattern": r"^https?://\S+$", "description": "An address that starts with https:// (or http://)."}
        sections[section.name] = {
            "type": "array",
            "description": f"The CV's {section.title.lower()}, each with a date (date:) or a period (start:, end:).",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [cv_field.name for cv_field in section.fields if cv_field.required],
                "properties": properties,
            },
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "cv.schema.json",
        "title": "site_config/cv.yml: the CV's entries beyond site.yml and the papers",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "sections": {
                "type": "array",
                "description": "The sections shown, in this order (those with nothing in them are left out).",
                "items": {"enum": [section.name for section in CV_SECTIONS]},
                "uniqueItems": True,
                "minItems": 1,
            },
            "publications": {"enum": list(PUBLICATION_CHOICES), "description": "all (the default), or selected: the papers whose YAML says selected: true."},
            **sections,
        },
        "$defs": {"month": month},
    }


if __name__ == "__main__":
    from .schemas import write_schema

    write_schema("cv", cv_schema())

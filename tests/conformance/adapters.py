"""Our functions, called the way each peer's cases are written, their results in the form of
the cases' `expected`."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_MARKUP = re.compile(r"[*_\\$\"“”«»]")
_DASHES = {"---": "—", "--": "–"}


def _words(text: str) -> str:
    # Prefixes and suffixes are compared as the words a reader sees: pandoc gives them parsed
    # (emphasis and quotes gone, `--` made a dash by its `smart` extension), we give them as
    # written, the Markdown that the page renders.
    text = re.sub(r"---?", lambda dash: _DASHES[dash.group()], text)
    text = " ".join(_MARKUP.sub("", text).split())
    return text.removeprefix(",").strip()




def citations(case: dict) -> list:
    from researchsite.load.citations import find_citations, in_reading_order

    found = []
    # In the order a reader meets them, as pandoc's tree has them: a footnote's where its mark is.
    for citation in in_reading_order(find_citations(case["markdown"])):
        items = []
        for number, item in enumerate(citation.items):
            mode = "SuppressAuthor" if item.without_author else "NormalCitation"
            if citation.in_text and number == 0:
                mode = "AuthorInText"
            items.append({"key": item.key, "mode": mode, "prefix": _words(item.prefix), "suffix": _words(item.suffix)})
        found.append(items)
    return found


def expected_citations(expected: list) -> list:
    return [[dict(item, prefix=_words(item["prefix"]), suffix=_words(item["suffix"])) for item in cite] for cite in expected]


def latex_text(case: dict) -> str:
    """bibtexparser keeps math as typed, as `decode_latex` does; pylatexenc turns it into text,
    as `plain_text` does for the places that take no markup."""
    from researchsite.load.latex import decode_latex, plain_text

    decoded = decode_latex(case["latex"])
    ours = decoded if case["mode"] == "bibtexparser" else plain_text(decoded)
    if case.get("up_to_whitespace") and ours.split() == case["expected"].split():
        return case["expected"]
    return ours


def name_parts(case: dict) -> dict:
    from researchsite.load.names import split_name

    first, von, last, jr = split_name(case["name"])
    return {"first": first, "von": von, "last": last, "jr": jr}






@lru_cache(maxsize=None)
def _csl_items(path: str) -> dict:
    from researchsite.generate.exports import csl_item
    from researchsite.load.bibtex import load_bibliography
    from researchsite.papers import build_publications
    from researchsite.structure.site import Owner, SiteConfig

    bib = Path(path)
    entries, _ = load_bibliography([bib], bib.parent)
    publications, _ = build_publications(entries, [], SiteConfig(owner=Owner("Nobody")), bib.parent)
    return {paper.key: csl_item(paper) for paper in publications.papers}


def export_fields(case: dict) -> dict | str:
    """The container, publisher and year of the entry's CSL-JSON export (RIS's T2, PB and PY
    come from the same function)."""
    from .harness import HERE

    item = _csl_items(str(HERE / "exports" / "bibtex-xampl" / "xampl.bib")).get(case["key"])
    if item is None:
        return "no page"
    issued = item.get("issued", {}).get("date-parts", [[None]])[0][0]
    return {"container": item.get("container-title"), "publisher": item.get("publisher"), "year": issued}


def date(case: dict) -> dict | str:
    from researchsite.load.dates import parse_date

    found = parse_date(case["date"])
    if found is None:
        return "invalid"
    return {"year": found.year, "month": found.month, "day": found.day, "endyear": found.end_year,
            "endmonth": found.end_month, "endday": found.end_day, "range": found.is_range}


_BIBER_DELIMITERS = re.compile(r"\\bibnamedelim[a-z]|\\bibinitdelim|\\,|~")


def _biber_part(text: str | None, latex: bool = False) -> str | None:
    if not text:
        return None
    text = _BIBER_DELIMITERS.sub(" ", text.replace("\\\\", "\\"))  # some of t/names.t's strings double their backslashes
    if latex and "\\" in text:
        # biber writes LaTeX's accents where its output encoding has no letter (`{\v S}mith`):
        # read with pylatexenc, not with our own decoder.
        from pylatexenc.latex2text import LatexNodes2Text

        text = LatexNodes2Text().latex_to_text(text)
    return unicodedata.normalize("NFC", " ".join(text.replace("{", "").replace("}", "").split())) or None


def expected_biber_name(expected: dict) -> dict:
    return {part: _biber_part(value, latex=True) for part, value in expected.items()}


def biber_name(case: dict) -> dict:
    """The name as the site shows it (decoded, as biber writes its .bbl), part by part."""
    from researchsite.load.names import parse_name

    name = parse_name(case["name"])
    if name is None:
        return {"first": None, "von": None, "last": None, "jr": None}
    return {part: _biber_part(getattr(name, part)) for part in ("first", "von", "last", "jr")}

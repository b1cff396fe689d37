"""Writes tests/conformance/exports/bibtex-xampl/cases.json: for each entry of BibTeX's own
xampl.bib, the container, publisher and year that the exports must carry, from the fields as
the real `bibtex` reads them (its @string macros and crossref inheritance; a small .bst writes
them out), by these rules:

- container: `booktitle` of an @inproceedings, @incollection or @conference, `journal` of an
  @article, none for any other type (a book's publisher is no container);
- publisher: `publisher`; else a manual's `organization`, a booklet's or misc's `howpublished`
  (how it was published, which CSL has no other field for), a thesis's `school` and a
  report's `institution` (as CSL styles print them, and Zotero reads RIS's PB);
- year: what TeX prints for `year`: `\\noopsort{..}` prints nothing, xampl's preamble makes
  `\\switchargs{--90}{1968}` "1968--90", whose first year counts.

    python tests/conformance/tools/make_exports.py   (needs bibtex: Debian's texlive-binaries)
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from cases import write_cases

from pylatexenc.latex2text import LatexNodes2Text

HERE = Path(__file__).resolve().parents[1] / "exports" / "bibtex-xampl"
TYPES = "article book booklet inbook incollection inproceedings manual mastersthesis misc phdthesis proceedings techreport unpublished conference default.type".split()
BST = "\n".join([
    "ENTRY { booktitle journal publisher year organization howpublished school institution } {} {}",
    'FUNCTION {emit} { cite$ write$ "|" write$ type$ write$ "|" write$ booktitle write$ "|" write$ journal write$'
    ' "|" write$ publisher write$ "|" write$ year write$ "|" write$ organization write$ "|" write$ howpublished write$'
    ' "|" write$ school write$ "|" write$ institution write$ newline$ }',
    *(f"FUNCTION {{{name}}} {{emit}}" for name in TYPES),
    "READ", "ITERATE {call.type$}", "",
])
_TEXT = LatexNodes2Text()


def _text(value: str) -> str | None:
    # pylatexenc drops `\mbox{..}` with its text; BibTeX's styles print the text.
    return _TEXT.latex_to_text(re.sub(r"\\mbox\{([^{}]*)\}", r"\1", value)).strip() or None


def _year(value: str) -> int | None:
    value = re.sub(r"\\noopsort\{[^{}]*\}", "", value)
    value = re.sub(r"\\switchargs\{([^{}]*)\}\{([^{}]*)\}", r"\2\1", value)
    found = re.search(r"\d{4}", value)
    return int(found.group()) if found else None


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "xampl.bib").write_text((HERE / "xampl.bib").read_text())
        (Path(work) / "fields.bst").write_text(BST)
        (Path(work) / "x.aux").write_text("\\citation{*}\n\\bibdata{xampl}\n\\bibstyle{fields}\n")
        subprocess.run(["bibtex", "-terse", "x"], cwd=work, capture_output=True)  # 2: xampl.bib's own warnings
        lines = re.sub(r"\n  ", " ", (Path(work) / "x.bbl").read_text()).splitlines()
    version = subprocess.run(["bibtex", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    cases = []
    for line in lines:
        key, kind, booktitle, journal, publisher, year, organization, howpublished, school, institution = line.split("|")
        publisher = publisher or {"manual": organization, "booklet": howpublished, "misc": howpublished,
                                  "phdthesis": school, "mastersthesis": school, "techreport": institution}.get(kind, "")
        container = booktitle if kind in ("inproceedings", "incollection", "conference") else journal if kind == "article" else ""
        cases.append({
            "id": f"xampl.bib {key} (@{kind})",
            "key": key,
            "expected": {
                "container": _text(container),
                "publisher": _text(publisher),
                "year": _year(year),
            },
        })
    out = HERE / "cases.json"
    write_cases(out, cases, reference=version)
    print(f"{len(cases)} entries -> {out}")


if __name__ == "__main__":
    main()

"""Records why we differ from pylatexenc and bibtexparser where we do on purpose: each case
that differs now and falls under one of the reasons below gets the reason and what we give
(`by_design`, `ours`) in its cases.json. A differing case under no reason is printed: it is a
bug to fix, or a reason to add here.

    python tests/conformance/tools/latex_by_design.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from tests.conformance.harness import SUITES, _normal, run_suite  # noqa: E402

_STRUCTURE = re.compile(
    r"\\(begin|end|item|(sub)*section|(sub)?paragraph|chapter|part|title|author|date|maketitle|footnote|"
    r"input|include|includegraphics|(auto|c|C|eq)?ref|cite[tp]?|hints?|hinweise?|exercise|uebung)(?![A-Za-z])"
)
_MATH_ALPHABET = re.compile("[\U0001d400-\U0001d7ff\u210b\u2113]")

# (which cases, why): the first that fits.
REASONS = [
    (lambda case, ours: bool(_MATH_ALPHABET.search(case["expected"])),
     "Letters stay plain letters: Unicode's math and styled alphabets (𝐚, 𝑥, 𝖺, ℋ) are missing "
     "from many fonts, from search and from Scholar's tags, and the page keeps bold, italics and "
     "math in its markup (pylatexenc 2's plain output, which this suite's plain cases test, does the same)."),
    (lambda case, ours: bool(re.search(r"\\(url|href)\b", case["latex"])),
     "A URL is shown bare, for the page to link it, not in angle brackets; \\href shows its text "
     "(the address is the entry's url field's)."),
    (lambda case, ours: "pmatrix" in case["latex"] or "array" in case["latex"],
     "A matrix as text: no padding inside its brackets ('[1 2; 3 4]'), and an empty one shown as typed."),
    (lambda case, ours: bool(_STRUCTURE.search(case["latex"])),
     "Document structure (environments, lists, sections, title blocks, notes, cross-references, "
     "citations, figures, \\input, pylatexenc's exercise macros) has no place in a bibliography "
     "field: shown as its source with its text, so that nothing is dropped unseen."),
    (lambda case, ours: "%" in case["latex"],
     "A % in a BibTeX value is the author's percent sign ('50% faster'), not a comment: "
     "pylatexenc cut titles there."),
    (lambda case, ours: "&" in case["latex"] and "begin" not in case["latex"],
     "An & outside a table is the author's ampersand ('R&D'), not an alignment tab."),
    (lambda case, ours: case["latex"].strip() == "\\-" or "\\-" in case["latex"],
     "\\- is a hyphenation hint: dropped; a soft hyphen would stay in Scholar's tags, the search "
     "index and copied text."),
    (lambda case, ours: "\\," in case["latex"],
     "\\, is a thin space: written U+202F (a narrow no-break space), which keeps '5\\,GB' on one line."),
    (lambda case, ours: ours.split() == case["expected"].split() or re.search(r"\\\\|\\[vh]space|\\q?quad|\n", case["latex"]),
     "A field is one line of text: line breaks (\\\\, blank lines, \\vspace), spacing (\\hspace, "
     "\\quad) and runs of spaces are one space (an abstract keeps its paragraphs)."),
    (lambda case, ours: "sqrt" in case["latex"],
     "Roots in pylatexenc 2's plain form, √(2) and ∛(x), with or without a one-letter argument "
     "(this suite's plain cases expect the same)."),
    (lambda case, ours: case["latex"] == "\\'{}",
     "An accent over nothing is the accent sign itself, as BibTeX users write `\\~{}` for a tilde."),
    (lambda case, ours: "thereisnosuchmacro" in case["latex"],
     "A macro nobody defines is shown as its source, never dropped unseen."),
    (lambda case, ours: case["mode"] == "bibtexparser" and "$" in case["latex"],
     "Math is kept as typed with the spaces just inside its dollars trimmed ($ x $ is $x$), so "
     "that the page's math renderer finds it (pandoc's rule: no space inside the dollars)."),
]

if __name__ == "__main__":
    for suite in SUITES:
        if suite.area != "latex" or not suite.path.exists():
            continue
        data = json.loads(suite.path.read_text(encoding="utf-8"))
        cases = {case["id"]: case for case in data["cases"]}
        for case in cases.values():
            case.pop("by_design", None), case.pop("ours", None)
        suite.path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for case_id, _, ours in run_suite(suite).differ:
            case = cases[case_id]
            reason = next((why for fits, why in REASONS if isinstance(ours, str) and fits(case, ours)), None)
            if reason is None:
                print(f"no reason: {suite.peer} {case_id}: expected {case['expected']!r}, ours {ours!r}")
                continue
            case["by_design"], case["ours"] = reason, _normal(ours)
        suite.path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        outcome = run_suite(suite)
        print(f"{suite.peer}: {len(outcome.agree)} agree, {len(outcome.by_design)} by design, {len(outcome.differ)} differ")

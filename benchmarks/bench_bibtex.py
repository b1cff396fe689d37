"""Benchmark the BibTeX loader against bibtexparser's own LatexDecodingMiddleware.

Run: .venv/bin/python benchmarks/bench_bibtex.py [file.bib]
Exits non-zero if a target is missed: >= 4,000 entries/s cold, >= 20x faster decoding.
"""

from __future__ import annotations

import logging
import pathlib
import re
import sys
import time
import unicodedata

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "hooks"))  # the package is not installed in every checkout

import bibtexparser  # noqa: E402
from bibtexparser.library import Library  # noqa: E402
from bibtexparser.middlewares import LatexDecodingMiddleware  # noqa: E402
from bibtexparser.splitter import Splitter  # noqa: E402

from researchsite.load import bibtex  # noqa: E402

CORPUS_FILE = REPO.parent / "shared" / "corpus" / "bib" / "large_efficient-biblio_ref.bib"
RUNS = 3
TARGET_ENTRIES_PER_S = 4_000
TARGET_SPEEDUP = 20.0


def best_of(runs: int, function):
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def ours_cold(path: pathlib.Path):
    return bibtex.load_bibliography([path], path.parent)  # no cache: cold


def ours_decode_stage(text: str) -> tuple[float, float]:
    """(time of everything before decoding, time of our decoding + name splitting), cold."""
    library = Library()
    library.add(
        [bibtex._fresh(b, "x.bib") for b in Splitter(text).split().blocks], fail_on_duplicate_key=False
    )
    stack = bibtex.parse_stack()
    start = time.perf_counter()
    for middleware in stack[:-2]:
        library = middleware.transform(library)
    middle = time.perf_counter()
    for middleware in stack[-2:]:  # DecodeDisplayedFields, SplitNames
        library = middleware.transform(library)
    return middle - start, time.perf_counter() - middle


def theirs_full(text: str) -> Library:
    # The default stack resolves (whole-value) @string references and removes enclosing.
    return bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])


def theirs_decode_stage(text: str) -> tuple[float, Library]:
    library = bibtexparser.parse_string(text)
    start = time.perf_counter()
    library = LatexDecodingMiddleware().transform(library)
    return time.perf_counter() - start, library


_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """What we do not hold against either side: whitespace runs (pylatexenc keeps newlines),
    no-break spaces vs spaces (`~`), and Unicode composition."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return _SPACES.sub(" ", text).strip()


def compare(entries, library: Library):
    theirs = {entry.key: entry for entry in library.entries}
    agree, differ = 0, []
    for entry in entries:
        other = theirs.get(entry.key)
        if other is None:
            continue
        for key, ours in entry.text.items():
            if key in entry.inherited or key not in other.fields_dict:
                continue  # bibtexparser has no crossref: nothing to compare
            value = other.fields_dict[key].value
            if not isinstance(value, str):
                continue
            if normalise(ours) == normalise(value):
                agree += 1
            else:
                differ.append((entry.key, key, entry.fields[key], ours, value))
    return agree, differ


def classify(raw: str, theirs: str) -> str:
    if " # " in theirs:
        return "bibtexparser leaves `#` concatenation unresolved; ours is BibTeX's value (ours right)"
    if "\\url" in raw:
        return "URLs: ours verbatim; pylatexenc makes ~ a no-break space, -- a dash, cuts at % (ours right)"
    if "%" in raw:
        return "pylatexenc reads % as a TeX comment and drops the rest of the value (ours right)"
    if "\\-" in raw:
        return "\\- is a hyphenation hint: ours drops it, pylatexenc leaves U+00AD in URLs (ours right)"
    if "`" in raw:
        return "`single' quotes: ours prints ‘single’ as TeX does, pylatexenc leaves the backtick (ours right)"
    if re.search(r"\\(texttt|slash|hyphen|mbox|textunderscore|~\{\})", raw):
        return "pylatexenc drops macros and their text (\\texttt, \\slash, \\hyphen, \\mbox{\\rm ..}) (ours right)"
    if "&" in raw:
        return "pylatexenc reads a bare & as a table column and blanks it (ours keeps the text)"
    return "other (inspect the list above)"


def main() -> int:
    logging.disable(logging.WARNING)  # bibtexparser logs every failed block
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS_FILE
    if not path.exists():
        print(f"missing benchmark input: {path}")
        return 2
    text = path.read_text(encoding="utf-8-sig")

    ours_s, (entries, problems) = best_of(RUNS, lambda: ours_cold(path))
    theirs_s, library = best_of(RUNS, lambda: theirs_full(text))
    stages = [ours_decode_stage(text) for _ in range(RUNS)]
    ours_before_s = min(s[0] for s in stages)
    ours_decode_s = min(s[1] for s in stages)
    theirs_decode_s = min(theirs_decode_stage(text)[0] for _ in range(RUNS))
    cache = bibtex.LoadCache()
    bibtex.load_bibliography([path], path.parent, cache)
    warm_s, _ = best_of(RUNS, lambda: bibtex.load_bibliography([path], path.parent, cache))

    count = len(entries)
    rate = count / ours_s
    decode_speedup = theirs_decode_s / ours_decode_s
    total_speedup = theirs_s / ours_s

    print(f"input: {path.name}, {count} entries, {len(problems)} problems, best of {RUNS} runs\n")
    rows = [
        ("ours: load + decode, cold", ours_s, f"{rate:,.0f} entries/s"),
        ("  of which macros, crossref (cold)", ours_before_s, ""),
        ("  of which decode displayed + names", ours_decode_s, ""),
        ("ours: load again, warm cache", warm_s, "mkdocs serve rebuild"),
        ("bibtexparser + LatexDecodingMiddleware", theirs_s, f"{count / theirs_s:,.0f} entries/s"),
        ("  of which LatexDecodingMiddleware", theirs_decode_s, "all fields"),
    ]
    print(f"{'pipeline':<42} {'seconds':>9}  note")
    for name, seconds, note in rows:
        print(f"{name:<42} {seconds:>9.3f}  {note}")
    print()
    print(f"decoding speed-up (LatexDecodingMiddleware / ours): {decode_speedup:6.1f}x  (target >= {TARGET_SPEEDUP:.0f}x)")
    print(f"end-to-end speed-up:                                {total_speedup:6.1f}x  (not a target: both include splitting)")
    print(f"cold load rate: {rate:,.0f} entries/s (target >= {TARGET_ENTRIES_PER_S:,})")

    agree, differ = compare(entries, library)
    total = agree + len(differ)
    print(
        f"\ndisplayed field values compared: {total}; agree after normalising whitespace, "
        f"no-break spaces and NFC: {agree} ({100 * agree / max(total, 1):.1f}%), differ: {len(differ)}"
    )
    for key, field, raw, ours, theirs in differ[:12]:
        print(f"  {key} [{field}]\n    raw:    {raw!r}\n    ours:   {ours!r}\n    theirs: {theirs!r}")

    print("\nwhy they differ (which side is right), by kind:")
    kinds: dict[str, int] = {}
    for _, _, raw, _, theirs in differ:
        kind = classify(raw, theirs)
        kinds[kind] = kinds.get(kind, 0) + 1
    for kind, count in sorted(kinds.items(), key=lambda item: -item[1]):
        print(f"  {count:4}  {kind}")

    failed = []
    if rate < TARGET_ENTRIES_PER_S:
        failed.append(f"cold load {rate:,.0f} entries/s < {TARGET_ENTRIES_PER_S:,}")
    if decode_speedup < TARGET_SPEEDUP:
        failed.append(f"decoding speed-up {decode_speedup:.1f}x < {TARGET_SPEEDUP:.0f}x")
    print("\n" + ("TARGETS MISSED: " + "; ".join(failed) if failed else "all targets met"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

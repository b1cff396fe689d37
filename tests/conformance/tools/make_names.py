"""Writes tests/conformance/names/<peer>/cases.json: the name-splitting cases of bibtexparser,
pybtex and Text::BibTeX, read as data (Python literals with `ast`, a Perl hash with a pattern)
from their test files, with their own expected parts (first, von, last, jr).

    python tests/conformance/tools/make_names.py bibtexparser CHECKOUT
    python tests/conformance/tools/make_names.py pybtex CHECKOUT
    python tests/conformance/tools/make_names.py text-bibtex CHECKOUT
A previous file's `by_design` reasons are carried over to the same cases.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from cases import write_cases

HERE = Path(__file__).resolve().parents[1] / "names"


def _assigned(source: str, name: str):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return node.value
    raise SystemExit(f"{name} not found")


def bibtexparser(checkout: Path) -> list[dict]:
    source = (checkout / "tests/middleware_tests/test_names.py").read_text()
    cases = []
    for number, (name, parts) in enumerate(ast.literal_eval(_assigned(source, "REGULAR_NAME_PARTS_PARSING_TEST_CASES")), 1):
        cases.append({"id": f"REGULAR_NAME_PARTS_PARSING_TEST_CASES[{number}] {name}", "name": name, "expected": parts})
    # test_name_splitting_no_strict_mode's parameters: pytest.param(name, parts, id=...)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "test_name_splitting_no_strict_mode":
            for call in node.decorator_list[0].args[1].elts:
                ident = next(k.value.value for k in call.keywords if k.arg == "id")
                cases.append({"id": f"test_name_splitting_no_strict_mode[{ident}]", "name": ast.literal_eval(call.args[0]), "expected": ast.literal_eval(call.args[1])})
    return cases


def pybtex(checkout: Path) -> list[dict]:
    source = (checkout / "tests/parse_name_test.py").read_text()
    cases = []
    for element in _assigned(source, "sample_names").elts:
        name, (first, von, last, jr) = ast.literal_eval(element.elts[0]), ast.literal_eval(element.elts[1])
        errors = None if ast.unparse(element.elts[2]) == "None" else ast.unparse(element.elts[2])
        cases.append({"id": f"sample_names {name}", "name": name, "expected": {"first": first, "von": von, "last": last, "jr": jr},
                      **({"peer_errors": errors} if errors else {})})
    return cases


_PERL_PAIR = re.compile(r"^\s*\(?\s*'((?:[^'\\]|\\.)*)'\s*=>\s*'([^']*)',?\s*$", re.M)


def text_bibtex(checkout: Path) -> list[dict]:
    source = (checkout / "t/names.t").read_text(encoding="utf-8")
    block = source[source.index("%names =") : source.index(");", source.index("%names ="))]
    cases = []
    for name, parts in _PERL_PAIR.findall(block):
        first, von, last, jr = ([word for word in part.split("+") if word] for part in parts.split("|"))
        cases.append({"id": f"t/names.t %names '{name}'", "name": name, "expected": {"first": first, "von": von, "last": last, "jr": jr}})
    return cases


_PARSENAME = re.compile(r"is_deeply\(tparsename\(\$section,'((?:[^'\\]|\\.)*)', 'author'\), \$(\w+), '([^']*)'\)")
_PERL_PART = re.compile(r"(given|family|prefix|suffix)\s*=>\s*\{string => (undef|'((?:[^'\\]|\\.)*)')")
_OUTPUT = re.compile(r"get_output_entry\('(\w+)', \$main\)\)?\s*,\s*(?:encode_utf8\()?\$(\w+)\)?, '([^']*)'")
_BBL_NAME = re.compile(r"\{\{[^{}]*hash=\w+[^{}]*\}\{%(.*?)\}\}%", re.S)
_BBL_PART = re.compile(r"\b(family|given|prefix|suffix)=\{((?:[^{}]|\{[^{}]*\})*)\}")
_BIB_ENTRY = re.compile(r"@\w+\{(\w+),\s*AUTHOR\s*=\s*\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}", re.I)


def _parts(found: dict) -> dict:
    return {"first": found.get("given"), "von": found.get("prefix"), "last": found.get("family"), "jr": found.get("suffix")}


def biber(checkout: Path) -> list[dict]:
    """biber's t/names.t: its `parsename` cases (a name and its parts), and the entries of
    t/tdata/names.bib whose .bbl output the test holds (each name's parts in it). Parts are
    strings, as biber gives them; `~` and biber's `\\bibnamedelim*` are spaces between words."""
    source = (checkout / "t/names.t").read_text(encoding="utf-8")
    hashes = {}
    for match in re.finditer(r"^my \$(\w+) =\s*\{(.*?)\};", source, re.S | re.M):
        hashes[match[1]] = {part: (None if value == "undef" else text) for part, value, text in _PERL_PART.findall(match[2])}
    cases = []
    for name, variable, label in _PARSENAME.findall(source):
        cases.append({"id": f"t/names.t {label}: '{name}'", "name": name.replace("\\'", "'"), "expected": _parts(hashes[variable])})
    heredocs = dict(re.findall(r"^my \$(\w+) = q\|(.*?)^\|;", source, re.S | re.M))
    authors = dict(_BIB_ENTRY.findall((checkout / "t/tdata/names.bib").read_text(encoding="utf-8")))
    seen = set()
    for key, variable, label in _OUTPUT.findall(source):
        if key in seen or key not in authors or variable not in heredocs:
            continue
        seen.add(key)
        author_block = heredocs[variable].split("\\name{author}", 1)
        if len(author_block) < 2:
            continue
        bbl_names = [dict(_BBL_PART.findall(block)) for block in _BBL_NAME.findall(author_block[1].split("\\strng", 1)[0])]
        raw_names = [raw.strip() for raw in re.split(r"\s+and\s+", authors[key]) if raw.strip()]
        if len(raw_names) != len(bbl_names):
            continue  # `and others`, or a name list this simple split misreads: left out
        for number, (raw, parts) in enumerate(zip(raw_names, bbl_names), 1):
            cases.append({"id": f"t/names.t {label} ({key}, name {number}): '{raw}'", "name": raw, "expected": _parts(parts), "bbl": True})
    return cases


PEERS = {"bibtexparser": bibtexparser, "pybtex": pybtex, "text-bibtex": text_bibtex, "biber": biber}

if __name__ == "__main__":
    peer, checkout = sys.argv[1], Path(sys.argv[2])
    out = HERE / peer / "cases.json"
    cases = PEERS[peer](checkout)
    write_cases(out, cases)
    print(f"{peer}: {len(cases)} cases -> {out}")

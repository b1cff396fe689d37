"""Writes tests/conformance/latex/<peer>/cases.json: LaTeX-to-text cases of pylatexenc and
bibtexparser, read as data from their test files with `ast`.

pylatexenc (test/test_latex2text.py, test/test_2_latex2text.py, test/test_latex2text_specs.py):
every `assertEqual`/`assertEqualUpToWhitespace` whose first argument converts one string
literal with the default definitions and no options (`convert(..)`, `latex_to_text(..)`,
`LatexNodes2Text().latex_to_text(..)`) or with every embellishment off (`convert_plain(..)`),
and whose second argument is a string literal: the comparable cases. Cases with options, custom
macro definitions or computed expectations test pylatexenc's machinery, not the text.
bibtexparser (tests/middleware_tests/test_latex_encoding.py): the decoding cases.

    python tests/conformance/tools/make_latex.py pylatexenc CHECKOUT
    python tests/conformance/tools/make_latex.py bibtexparser CHECKOUT
A previous file's `by_design` reasons are carried over to the same cases.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from cases import write_cases

HERE = Path(__file__).resolve().parents[1] / "latex"
_CONVERTERS = {"convert": "default", "latex_to_text": "default", "convert_plain": "plain"}


def _converter(call: ast.AST) -> str | None:
    if not isinstance(call, ast.Call) or call.keywords or len(call.args) != 1:
        return None
    function = call.func
    if isinstance(function, ast.Name):
        return _CONVERTERS.get(function.id)
    if (isinstance(function, ast.Attribute) and function.attr == "latex_to_text"
            and isinstance(function.value, ast.Call) and getattr(function.value.func, "id", None) == "LatexNodes2Text"
            and not function.value.args and not function.value.keywords):
        return "default"
    return None


def _literal(node: ast.AST):
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def pylatexenc(checkout: Path) -> tuple[list[dict], int]:
    cases, skipped = [], 0
    for name in ("test/test_latex2text.py", "test/test_2_latex2text.py", "test/test_latex2text_specs.py"):
        tree = ast.parse((checkout / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("assertEqual", "assertEqualUpToWhitespace")):
                continue
            if len(node.args) < 2:
                continue
            mode = _converter(node.args[0])
            latex = _literal(node.args[0].args[0]) if mode else None
            expected = _literal(node.args[1])
            if mode is None or latex is None or expected is None:
                skipped += 1
                continue
            whitespace = node.func.attr == "assertEqualUpToWhitespace"
            cases.append({"id": f"{name}:{node.lineno} {mode} {latex!r}", "latex": latex, "mode": mode,
                          **({"up_to_whitespace": True} if whitespace else {}), "expected": expected})
    return cases, skipped


def bibtexparser(checkout: Path) -> tuple[list[dict], int]:
    tree = ast.parse((checkout / "tests/middleware_tests/test_latex_encoding.py").read_text())
    cases = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "test_latex_special_chars_decoding":
            for param in node.decorator_list[0].args[1].elts:
                ident = next(k.value.value for k in param.keywords if k.arg == "id")
                latex, expected = (ast.literal_eval(arg) for arg in param.args)
                cases.append({"id": f"test_latex_special_chars_decoding[{ident}] {latex!r}", "latex": latex, "mode": "bibtexparser", "expected": expected})
    return cases, 0


if __name__ == "__main__":
    peer, checkout = sys.argv[1], Path(sys.argv[2])
    cases, skipped = {"pylatexenc": pylatexenc, "bibtexparser": bibtexparser}[peer](checkout)
    out = HERE / peer / "cases.json"
    write_cases(out, cases, not_comparable=skipped)
    print(f"{peer}: {len(cases)} comparable cases ({skipped} assertions not comparable) -> {out}")

"""Writes tests/conformance/citations/pandoc/cases.json from a checkout of jgm/pandoc: every
test/command case whose Markdown input has an `@`, and test/markdown-citations.txt, each with
the citations pandoc reads in it: the case's own expected output where it is `-t native`,
else what the `pandoc` binary installed here gives (`-t json`).

Run by hand (needs pandoc; `make test` never does):
    python tests/conformance/tools/make_citations.py PANDOC_CHECKOUT --commit SHA
A previous file's `by_design` reasons are carried over to the same cases.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

from cases import write_cases

OUT = Path(__file__).resolve().parents[1] / "citations" / "pandoc" / "cases.json"
_CASE = re.compile(r"^(`{3,})\n(% pandoc[^\n]*)\n(.*?)\n\^D\n(.*?)\n\1$", re.S | re.M)
# Readers with pandoc's citation syntax (commonmark_x has the extension on; gfm and
# markdown_strict do not).
_CITING_READERS = {"markdown", "commonmark_x", "markdown_phpextra", "markdown_mmd"}


def _reader(command: str) -> str | None:
    try:
        words = shlex.split(command[1:], posix=True)[1:]
    except ValueError:  # a command line with a lone backslash
        words = command[1:].split()[1:]
    reader = "markdown"
    for index, word in enumerate(words):
        for flag in ("-f", "--from", "-r", "--read"):
            if word == flag and index + 1 < len(words):
                reader = words[index + 1]
            elif word.startswith(flag + "=") or (flag == "-f" and word.startswith("-f") and len(word) > 2 and not word.startswith("--")):
                reader = word.split("=", 1)[1] if "=" in word else word[2:]
    base = re.split(r"[+-]", reader, maxsplit=1)[0]
    if base not in _CITING_READERS or "-citations" in reader:
        return None
    return reader


def _text(inlines) -> str:
    pieces = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            pieces.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            pieces.append(" ")
        elif kind in ("Code", "Math"):
            pieces.append(content[-1])
        elif kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript", "Subscript"):
            pieces.append(_text(content))
        elif kind in ("Quoted",):
            pieces.append(_text(content[1]))
        elif kind in ("Span", "Link", "Image"):
            pieces.append(_text(content[1]))
        elif kind == "Cite":
            pieces.append(_text(content[1]))
        elif kind == "RawInline":
            pieces.append(content[1])
    return "".join(pieces)


def _cites(node, found: list) -> None:
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            found.append([
                {"key": c["citationId"], "mode": c["citationMode"]["t"],
                 "prefix": _text(c["citationPrefix"]), "suffix": _text(c["citationSuffix"])}
                for c in node["c"][0]
            ])
        for value in node.values():
            _cites(value, found)
    elif isinstance(node, list):
        for value in node:
            _cites(value, found)


def pandoc_citations(markdown: str, reader: str) -> list:
    result = subprocess.run(["pandoc", "-f", reader, "-t", "json"], input=markdown, capture_output=True, text=True, check=True)
    found: list = []
    _cites(json.loads(result.stdout)["blocks"], found)  # the metadata (YAML front matter) is not text
    return found


_NATIVE_CITATION = re.compile(
    r'Citation\s*\{\s*citationId = "(?P<key>(?:[^"\\]|\\.)*)"\s*,\s*citationPrefix =(?P<prefix>.*?), citationSuffix =(?P<suffix>.*?), citationMode = (?P<mode>\w+)',
    re.S,
)
_NATIVE_INLINE = re.compile(r'Str "((?:[^"\\]|\\.)*)"|\b(Space|SoftBreak|LineBreak)\b')


def _haskell_string(body: str) -> str:
    # Haskell's escapes: \8212 (a decimal code point), \& (nothing), \" and \\.
    return re.sub(r"\\(\d+|&|.)", lambda m: chr(int(m[1])) if m[1].isdigit() else "" if m[1] == "&" else {"n": "\n", "t": "\t"}.get(m[1], m[1]), body)


def _native_text(inlines: str) -> str:
    pieces = []
    for match in _NATIVE_INLINE.finditer(inlines):
        pieces.append(_haskell_string(match[1]) if match[1] is not None else " ")
    return "".join(pieces)


def native_citations(native: str) -> list:
    """The citations in pandoc's own expected `-t native` output (the test file's, newer than the
    pandoc installed here): each `Cite [ Citation {..}, .. ]` in order."""
    found = []
    for group in re.split(r"\bCite\b", native)[1:]:
        # The citations of this Cite end where its content list starts: `] [ Str`.
        head = re.split(r"\}\s*\]\s*\[", group, maxsplit=1)[0] + "}"
        found.append([
            {"key": _haskell_string(m["key"]), "mode": m["mode"], "prefix": _native_text(m["prefix"]), "suffix": _native_text(m["suffix"])}
            for m in _NATIVE_CITATION.finditer(head)
        ])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("checkout", type=Path)
    parser.add_argument("--commit", required=True)
    args = parser.parse_args()
    cases = []
    documents = [("test/markdown-citations.txt", 1, "markdown", (args.checkout / "test/markdown-citations.txt").read_text(), None)]
    for path in sorted((args.checkout / "test/command").glob("*.md")):
        for number, match in enumerate(_CASE.finditer(path.read_text(encoding="utf-8")), 1):
            reader = _reader(match.group(2))
            if reader and "@" in match.group(3):
                native = match.group(4) if re.search(r"-t\s*native\b|--to[= ]native\b", match.group(2)) else None
                documents.append((f"test/command/{path.name}", number, reader, match.group(3) + "\n", native))
    for source, number, reader, markdown, native in documents:
        case_id = f"{source}#{number}"
        if native is not None:
            expected, reference = native_citations(native), "test"
        else:
            try:
                expected, reference = pandoc_citations(markdown, reader), "pandoc"
            except subprocess.CalledProcessError as error:
                print(f"{case_id}: pandoc failed: {error.stderr.strip()}", file=sys.stderr)
                continue
        cases.append({"id": case_id, "reader": reader, "markdown": markdown, "expected": expected, "reference": reference})
    version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    references = {"test": f"the case's own expected -t native output (jgm/pandoc {args.commit})", "pandoc": f"{version}, -f READER -t json"}
    write_cases(OUT, cases, references=references)
    print(f"{len(cases)} documents, {sum(bool(c['expected']) for c in cases)} with citations -> {OUT}")


if __name__ == "__main__":
    main()

"""What one build keeps on disk for the next, in the site's `.cache/researchsite/`: compiled
templates and typeset PDFs, each found again only by exactly what it is made of, so that a build
gives the same files with the folder, without it, or with it deleted halfway.

A folder that cannot be made (a read-only checkout) keeps nothing; the build goes on as it would.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import jinja2

FOLDER = Path(".cache") / "researchsite"
KEPT_PDFS = 4  # the newest typeset PDFs kept: one CV, a few of its recent versions


def folder(root: Path, part: str) -> Path | None:
    """`root`'s cache folder for `part`, made if need be; None if it cannot be."""
    path = root / FOLDER / part
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


class TemplateBytecode(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder, keyed also by what of an environment
    changes the compiled code (Jinja's own key is the template's name and file only: two
    environments with other delimiters or whitespace rules would read each other's code). Jinja
    still checks the source's checksum and its own and Python's version on every load."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> jinja2.bccache.Bucket:
        options = repr(
            (
                name, filename, environment.block_start_string, environment.block_end_string,
                environment.variable_start_string, environment.variable_end_string,
                environment.comment_start_string, environment.comment_end_string,
                environment.line_statement_prefix, environment.line_comment_prefix,
                environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
                environment.keep_trailing_newline, sorted(environment.extensions), environment.optimized,
                environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape,
                environment.finalize is None, environment.is_async,
                environment.code_generator_class.__qualname__, environment.context_class.__qualname__,
            )
        )
        bucket = jinja2.bccache.Bucket(environment, hashlib.sha256(options.encode()).hexdigest(), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket


def template_bytecode(root: Path, part: str) -> TemplateBytecode | None:
    path = folder(root, part)
    return TemplateBytecode(str(path)) if path else None


def kept_pdf(cache: Path | None, made_of: bytes) -> tuple[bytes | None, Path | None]:
    """The PDF made of exactly `made_of` if one was kept (anything but a whole PDF counts as
    none), and where to keep it once made."""
    if cache is None:
        return None, None
    path = cache / f"{hashlib.sha256(made_of).hexdigest()}.pdf"
    try:
        data = path.read_bytes()
    except OSError:
        return None, path
    return (data if data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") else None), path


def keep_pdf(path: Path | None, data: bytes) -> None:
    """`data` written whole or not at all (a file of its own, renamed), and the oldest PDFs
    beyond the newest KEPT_PDFS removed."""
    if path is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.replace(temporary, path)
        kept = sorted(path.parent.glob("*.pdf"), key=lambda other: other.stat().st_mtime_ns, reverse=True)
        for old in kept[KEPT_PDFS:]:
            old.unlink(missing_ok=True)
    except OSError:
        return

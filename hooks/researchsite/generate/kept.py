"""What one build keeps on disk for the next, in the site's `.cache/researchsite/`: typeset PDFs, each found again only by exactly what it is made of, so that a build
gives the same files with the folder, without it, or with it deleted halfway.

A folder that cannot be made (a read-only checkout) keeps nothing; the build goes on as it would.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

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

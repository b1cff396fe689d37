"""A step's output as files on disk: searched whole for the expectations, its tail for the report.

A step may print gigabytes (a verbose build, a log in a loop); the checker never holds it all.
Patterns are searched block by block, each block cut at a line end and starting with the last
OVERLAP bytes of the one before it (from a line start), so `^` and `$` keep their meaning and a
match is missed only if it spans more than OVERLAP bytes across a block boundary.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

BLOCK = 4 * 1024 * 1024
OVERLAP = 256 * 1024
TAIL_LINES = 40
TAIL_CHARS = 4000


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def search(path: Path, pattern: str, block: int = BLOCK, overlap: int = OVERLAP) -> bool:
    """Whether `pattern` (re.search, MULTILINE) matches anywhere in the file; a missing file is empty."""
    regex = re.compile(pattern, re.MULTILINE)
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return regex.search("") is not None
    with handle:
        carry, searched = b"", False
        while True:
            data = handle.read(block)
            chunk = carry + data
            end = len(chunk)
            if data:
                end = chunk.rfind(b"\n") + 1
                if end == 0 or len(chunk) - end > block:  # a line longer than a block: cut it anyway
                    end = len(chunk)
            if (chunk[:end] or not searched) and regex.search(_text(chunk[:end])):
                return True
            searched = True
            if not data:
                return False
            # Searched again with the next block: the end of this one, from a line start.
            window = chunk[max(0, end - overlap):end]
            if end > overlap:
                newline = window.find(b"\n")
                window = window[newline + 1:] if newline >= 0 else b""
            carry = window + chunk[end:]


def tail(path: Path) -> str:
    """The last lines as a terminal would show them: a progress line redrawn with \\r shows once."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 4 * TAIL_CHARS))
            text = _text(handle.read())
    except FileNotFoundError:
        return ""
    return tail_of(text)


def tail_of(text: str) -> str:
    lines = [line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.rstrip("\n").split("\n")]
    return "\n".join(lines[-TAIL_LINES:])[-TAIL_CHARS:]


def head(path: Path, limit: int = 64 * 1024) -> str:
    try:
        with open(path, "rb") as handle:
            return _text(handle.read(limit))
    except FileNotFoundError:
        return ""

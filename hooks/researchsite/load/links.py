"""Whether a link the researcher wrote leads somewhere: an http(s) URL, or a file under content/
(MkDocs publishes only that folder, so a file elsewhere would be a broken link)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit


def link_target(
    value: str,
    content_dir: Path,
    files: bool = True,
    urls: bool = True,
    folders: tuple[str, ...] = (),
    looked: list[tuple[Path, bool]] | None = None,
) -> tuple[str | None, str | None]:
    """(the URL, or the file's path under content/; None) or (None; why it is neither, to follow
    "key: "). `files`/`urls`: what the key may name; `folders`: other places under content/ a
    bare file name may be in (al-folio's assets/pdf/). `looked` gets each file looked for, and
    whether it was there: what the answer depends on besides the arguments."""
    if not value:
        return None, "is empty"
    parts = urlsplit(value)
    if parts.scheme:
        if not urls:
            return None, f"'{value}' is a URL; it must be a file under {content_dir.name}/ (nothing is loaded from another host)"
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
            return None, f"'{value}' is not a valid http(s) URL"
        return value, None
    if not files:
        hint = f" (did you mean 'https://{value}'?)" if re.match(r"^[\w-]+(\.[\w-]+)+/", value) else ""
        return None, f"'{value}' is not a URL{hint}"
    local = value.lstrip("/")
    candidates = [local] + [f"{folder}/{local}" for folder in folders]
    for candidate in candidates:
        path = content_dir / candidate
        published = is_published(path, content_dir)
        if looked is not None:
            looked.append((path, published))
        if published:
            return candidate, None
    looked = " and ".join(f"{content_dir.name}/{candidate}" for candidate in candidates)
    either = "neither a URL nor" if urls else "not"
    return None, f"'{value}' is {either} a file under {content_dir.name}/ (looked for {looked})"


def is_published(path: Path, content_dir: Path) -> bool:
    """A file under content/: '../README.md' exists, but MkDocs publishes only content/, and a link
    to it would be broken."""
    return path.resolve().is_relative_to(content_dir.resolve()) and path.is_file()

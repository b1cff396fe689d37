"""Read a built site the way a browser and a crawler would: html5lib trees, links, head tags."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib


def parse(path: Path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)


def meta(tree, name: str) -> list[str]:
    return [m.get("content") for m in tree.iter("meta") if m.get("name") == name or m.get("property") == name]


def json_ld(tree) -> list[dict]:
    return [json.loads(s.text) for s in tree.iter("script") if s.get("type") == "application/ld+json"]


def text(element) -> str:
    """What a reader sees of an element: its text, without comments (an inline icon's licence)."""
    return " ".join("".join(_visible_text(element)).split())


def _visible_text(element):
    yield element.text or ""
    for child in element:
        if isinstance(child.tag, str):  # not a comment
            yield from _visible_text(child)
        yield child.tail or ""


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Internal links (href and src) that point at no file, or at an id the page does not have.

    `base_path` is the path of site_url: the 404 page links absolutely, as it is served anywhere.
    """
    broken = []
    ids_cache: dict[Path, set[str]] = {}
    for page in pages(site):
        tree = parse(page)
        for element in tree.iter():
            target = element.get("href") or element.get("src")
            if not target or element.tag not in ("a", "link", "script", "img"):
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("mailto:", "data:")):
                continue
            if parts.path.startswith("/"):
                if not parts.path.startswith(base_path):
                    broken.append(f"{page.relative_to(site)}: {target} (outside the site)")
                    continue
                relative = unquote(parts.path[len(base_path):])
            else:
                relative = posixpath.join(posixpath.dirname(page.relative_to(site).as_posix()), unquote(parts.path))
            resolved = site / posixpath.normpath(relative) if parts.path else page
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file():
                broken.append(f"{page.relative_to(site)}: {target}")
                continue
            if parts.fragment and resolved.suffix == ".html":
                if resolved not in ids_cache:
                    ids_cache[resolved] = {e.get("id") for e in parse(resolved).iter() if e.get("id")}
                if unquote(parts.fragment) not in ids_cache[resolved]:
                    broken.append(f"{page.relative_to(site)}: {target} (no such id)")
    return broken


def orphans(site: Path, base_path: str = "/") -> list[str]:
    """Pages no other page links to (the home and 404 pages are entry points, not orphans)."""
    linked: set[Path] = set()
    for page in pages(site):
        for element in parse(page).iter("a"):
            target = element.get("href")
            if not target:
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if parts.path.startswith("/"):
                relative = unquote(parts.path[len(base_path):])
            else:
                relative = posixpath.join(posixpath.dirname(page.relative_to(site).as_posix()), unquote(parts.path))
            resolved = site / posixpath.normpath(relative)
            resolved = resolved / "index.html" if resolved.is_dir() else resolved
            if resolved != page:
                linked.add(resolved.resolve())
    entry_points = {(site / "index.html").resolve(), (site / "404.html").resolve()}
    return [str(p.relative_to(site)) for p in pages(site) if p.resolve() not in linked | entry_points]

"""How fast `make serve` shows an edit, against a full build of the same site, in one run.

The example site plus N synthetic papers is served as `make serve` serves it (`mkdocs serve
--dirty`); one file is saved (a news post, a paper's YAML, one BibTeX entry) and the served page
is polled until the edit shows. Target: each edit shows in at most a fifth of the time a full
`mkdocs build` of that site takes. Afterwards the served search index must hold the entries of
a clean build (nothing stale); tests/integration/test_serve.py checks every page for that.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_build import BIN, build_seconds, make_site

TARGET = 0.2  # of a full build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def shows(url: str, marker: str, limit: float = 120) -> float:
    start = time.monotonic()
    while marker not in fetch(url):
        if time.monotonic() - start > limit:
            sys.exit(f"{marker!r} never showed at {url}")
        time.sleep(0.02)
    return time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = make_site(args.papers, Path(tmp))
        full = build_seconds(project, runs=2)
        clean_index = json.loads((project / "_site" / "search" / "search_index.json").read_text())["docs"]
        port = free_port()
        base = f"http://127.0.0.1:{port}/tom.barbette/"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        server = subprocess.Popen(
            [BIN / "mkdocs", "serve", "--strict", "--dirty", "-a", f"127.0.0.1:{port}", "-f", project / "mkdocs.yml"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            shows(base, "Tom Barbette", limit=300)
            bib = project / "papers" / "synthetic.bib"
            cheetah = project / "papers" / "barbette2020cheetah.yml"
            post = sorted((project / "content" / "news" / "posts").glob("*.md"))[0]
            edits = [
                ("a news post", post, "<!-- more -->", "Edited post.\n\n<!-- more -->", "news/", "Edited post."),
                ("a paper's YAML", cheetah, "selected: true", "selected: true\naward: Edited Award",
                 "publications/barbette2020cheetah/", "Edited Award"),
                ("one BibTeX entry", bib, "Part 7: Caches", "Part 7: Edited Caches", "publications/synthetic7/",
                 "Edited Caches"),
            ]
            rows = []
            for what, path, old, new, page, marker in edits:
                time.sleep(1)  # apart from the previous rebuild
                path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
                rows.append((what, shows(base + page, marker)))
            time.sleep(1)
            served_index = json.loads(fetch(base + "search/search_index.json"))["docs"]
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"example site + {args.papers} papers: full build {full:.2f}s (best of 2)")
    print(f"{'edit':<18} {'shown after':>11} {'of a full build':>16}")
    failures = []
    for what, seconds in rows:
        print(f"{what:<18} {seconds:>10.2f}s {seconds / full:>15.0%}")
        if seconds > TARGET * full:
            failures.append(f"{what} showed after {seconds:.2f}s, more than {TARGET:.0%} of {full:.2f}s")
    # Three edits add no section: the served index has as many entries as the clean build had.
    if len(served_index) != len(clean_index):
        failures.append(f"search index: {len(served_index)} entries served, {len(clean_index)} in a clean build")
    print(f"search index: {len(served_index)} entries served, {len(clean_index)} in a clean build")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

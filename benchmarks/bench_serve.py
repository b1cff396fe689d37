"""How fast `make serve` shows an edit, in one run with a full build of the same site.

The example site plus N synthetic papers (`--papers 0`: the example site alone) is served as
`make serve` serves it (`mkdocs serve --dirty`); one file is saved (a news post, a paper's YAML,
one BibTeX entry), five times each, and the served page is polled until the edit shows. Target:
the median of the five under 1.0 s for each kind of edit. Afterwards the served search index
must hold as many entries as a clean build's (nothing stale, nothing twice);
tests/integration/test_serve.py checks every page for that.

Beside each time, the CPU the server's process spent meanwhile (Linux): on a machine others
share, the time waits for the cores, the CPU time much less so.
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
from statistics import median
from pathlib import Path

from bench_build import BIN, build_seconds, make_site

TARGET_SECONDS = 1.0  # the median of ROUNDS edits of each kind
ROUNDS = 5


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


def cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) of a process so far; None where /proc cannot say."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def shows(url: str, marker: str, limit: float = 120) -> float:
    start = time.monotonic()
    while marker not in fetch(url):
        if time.monotonic() - start > limit:
            sys.exit(f"{marker!r} never showed at {url}")
        time.sleep(0.02)
    return time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000, help="synthetic papers besides the example's (0: none)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{load:.1f}' for load in os.getloadavg())}", flush=True)
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
            bib = project / "papers" / ("synthetic.bib" if args.papers else "barbette.bib")
            entry = ("Part 7: Caches", "Caches", "publications/synthetic7/") if args.papers else (
                "A High-Speed Load-Balancer", "Load-Balancer", "publications/barbette2020cheetah/")
            cheetah = project / "papers" / "barbette2020cheetah.yml"
            post = sorted((project / "content" / "news" / "posts").glob("*.md"))[0]
            edits = [
                ("a news post", post, "<!-- more -->", "Edited post {n}.\n\n<!-- more -->", "news/", "Edited post {n}."),
                ("a paper's YAML", cheetah, "selected: true", "selected: true\naward: Edited Award {n}",
                 "publications/barbette2020cheetah/", "Edited Award {n}"),
                ("one BibTeX entry", bib, entry[0], entry[0].replace(entry[1], f"Edited{{n}} {entry[1]}"), entry[2],
                 f"Edited{{n}} {entry[1]}"),
            ]
            rows = []
            for what, path, old, new, page, marker in edits:
                original = path.read_text(encoding="utf-8")
                if old not in original:
                    sys.exit(f"{path.name} no longer has {old!r}: the benchmark's edit needs another anchor")
                times, cpu = [], []
                for n in range(1, args.rounds + 1):
                    time.sleep(1)  # apart from the previous rebuild
                    before = cpu_seconds(server.pid)
                    path.write_text(original.replace(old, new.format(n=n), 1), encoding="utf-8")
                    times.append(shows(base + page, marker.format(n=n)))
                    after = cpu_seconds(server.pid)
                    cpu.append(after - before if before is not None and after is not None else None)
                rows.append((what, times, cpu))
            time.sleep(1)
            served_index = json.loads(fetch(base + "search/search_index.json"))["docs"]
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"example site + {args.papers} papers: full build {full:.2f}s (best of 2)")
    print(f"{'edit':<18} {'median':>7} {'of a full build':>16} {'server CPU':>11}  each")
    failures = []
    for what, times, cpu in rows:
        seconds = median(times)
        spent = f"{median(cpu):.2f}s" if None not in cpu else "?"
        print(f"{what:<18} {seconds:>6.2f}s {seconds / full:>15.0%} {spent:>11}  {' '.join(f'{t:.2f}' for t in times)}")
        if seconds > TARGET_SECONDS:
            failures.append(f"{what} showed after {seconds:.2f}s (median of {len(times)}), more than {TARGET_SECONDS:.1f}s")
    # The edits add no section: the served index has as many entries as the clean build had.
    if len(served_index) != len(clean_index):
        failures.append(f"search index: {len(served_index)} entries served, {len(clean_index)} in a clean build")
    print(f"search index: {len(served_index)} entries served, {len(clean_index)} in a clean build")
    print(f"load average after: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

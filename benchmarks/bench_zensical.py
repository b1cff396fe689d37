"""The Zensical renderer against MkDocs on the same site, in one run: is it the quicker way to a preview?

The example site plus N synthetic papers is built alternately by `mkdocs build` (with the hook)
and by `researchsite source` followed by `zensical build --clean` (how `make site
RENDERER=zensical` builds); then one generated page is changed in Zensical's source and
`zensical build` runs again on its warm cache, which is what a Zensical preview would wait for
after our generation step. No target: it reports the ratios, medians of the runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from bench_build import BIN, make_site


def run(command: list, cwd: Path | None = None) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{load:.1f}' for load in os.getloadavg())}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        project = make_site(args.papers, Path(tmp))
        source = project / "build" / "zensical"
        for number in range(args.runs):
            mkdocs = run([BIN / "mkdocs", "build", "-q", "-f", project / "mkdocs.yml", "-d", project / "_site"])
            generate = run([BIN / "researchsite", "--root", project, "source", source])
            zensical = run([BIN / "zensical", "build", "--clean", "-f", "mkdocs.yml"], cwd=source)
            page = source / "docs" / "publications" / ("synthetic7.md" if args.papers else "barbette2020cheetah.md")
            marker = f"Edited{number}"
            page.write_text(page.read_text(encoding="utf-8").replace("---\n\n", f"---\n\n{marker}\n\n", 1), encoding="utf-8")
            again = run([BIN / "zensical", "build", "-f", "mkdocs.yml"], cwd=source)
            built = source / "site" / "publications" / page.stem / "index.html"
            if marker not in built.read_text(encoding="utf-8"):
                sys.exit(f"Zensical's rebuild did not show the change in {built}")
            rows.append((mkdocs, generate, zensical, again))
            print(f"mkdocs build {mkdocs:.2f}s; researchsite source {generate:.2f}s + zensical build {zensical:.2f}s;"
                  f" zensical build after one page changed {again:.2f}s", flush=True)
    whole = median((generate + zensical) / mkdocs for mkdocs, generate, zensical, _ in rows)
    rebuild = median(again / mkdocs for mkdocs, _, _, again in rows)
    print(f"example site + {args.papers} papers, medians of {len(rows)} runs: source + zensical build {whole:.2f}x mkdocs build;"
          f" zensical's rebuild after one page {rebuild:.2f}x a full mkdocs build")
    print(f"load average after: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

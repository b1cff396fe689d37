"""Build cost of the example site plus N synthetic papers, against plain mkdocs-material.

The plain site is made of the very pages this project generates, written out as ordinary
Markdown files (`researchsite pages`) and built by the same mkdocs with the stock theme and no
hooks: the difference between the two builds is what loading, checking and generating cost.
Targets: at most 1.10 times the plain build at 1,000 papers, and a cost per paper that does
not grow with the number of papers (linear). Best of 3 builds each, side by side.

Then the scale: 10,000 papers, built once: the time per paper within 1.25 times that at 1,000
papers, the build's peak memory under 600 MB, and the publication list a visitor downloads
first under 1 MB of HTML.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


from researchsite.generate.source import read_config, write_config

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RATIO_TARGET = 1.10
SCALE = 10_000
SCALE_COST_TARGET = 1.25  # time per paper at SCALE against at 1,000
MEMORY_TARGET_MB = 600
LIST_TARGET_BYTES = 1_000_000
LINEARITY_TOLERANCE = 1.5  # marginal cost per paper, largest step vs first step (noise allowance)

SURNAMES = ["Barbette", "Kostić", "Chiesa", "Katsikas", "Müller", "Núñez", "Østergaard", "van der Berg", "Smith"]
GIVEN = ["Tom", "Dejan", "Marco", "Georgios P.", "Anna", "José", "Søren", "Jan", "Alex"]
VENUES = [
    ("inproceedings", "booktitle", "19th {USENIX} Symposium on Networked Systems Design and Implementation ({NSDI} 22)"),
    ("inproceedings", "booktitle", "Proceedings of the {ACM} {SIGCOMM} 2021 Conference"),
    ("article", "journal", "IEEE/ACM Transactions on Networking"),
    ("inproceedings", "booktitle", "Workshop on Hot Topics in Networks"),
]
LATEX_NAMES = {"Kostić": "Kosti\\'{c}", "Müller": 'M\\"uller', "Núñez": "N\\'{u}\\~{n}ez", "Østergaard": "{\\O}stergaard"}


def synthetic_bib(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        kind, field, venue = rng.choice(VENUES)
        authors = " and ".join(
            f"{LATEX_NAMES.get(last, last)}, {rng.choice(GIVEN)}" for last in rng.sample(SURNAMES, rng.randint(2, 6))
        )
        first = rng.randint(1, 900)
        entries.append(
            f"@{kind}{{synthetic{number},\n"
            f"  title = {{Fast {{NFV}} Service Chains at 100~Gbps, Part {number}: Caches -- and Order}},\n"
            f"  author = {{{authors}}},\n"
            f"  {field} = {{{venue}}},\n"
            f"  year = {{{rng.randint(2005, 2025)}}},\n  month = {rng.choice(['jan', 'apr', 'sep', 'dec'])},\n"
            f"  pages = {{{first}--{first + rng.randint(5, 20)}}},\n"
            f"  doi = {{10.5555/synthetic.{number}}},\n"
            f"  abstract = {{We study how packet order affects caches in servers with high-speed NICs \\cite{{x}}. "
            f"Reordering raises throughput by up to 84\\% at a few $\\mu$s of delay.}}\n}}\n"
        )
    return "\n".join(entries)


def make_site(papers: int, folder: Path) -> Path:
    project = folder / f"site-{papers}"
    for name in ("site_config", "content", "papers"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    (project / "hooks").mkdir()
    shutil.copy(REPO / "hooks" / "researchsite_hooks.py", project / "hooks")
    (project / "papers" / "synthetic.bib").write_text(synthetic_bib(papers), encoding="utf-8")
    return project


def make_plain_site(project: Path, folder: Path) -> Path:
    """The same pages as hand-written Markdown, stock mkdocs-material, no hooks."""
    plain = folder / f"plain-{project.name}"
    shutil.copytree(project / "content", plain / "content")
    subprocess.run([BIN / "researchsite", "--root", project, "pages", plain / "content"], check=True, capture_output=True)
    # The same configuration, plugins included, less what this project adds: hooks and overrides.
    config = read_config(project / "mkdocs.yml")  # its !!python/name: tags kept
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["not_in_nav"] = "/publications/*.md\n"
    write_config(config, plain / "mkdocs.yml")
    return plain


def build_seconds(project: Path, runs: int = 3) -> float:
    best = float("inf")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for _ in range(runs):
        out = project / "_site"
        start = time.perf_counter()
        result = subprocess.run(
            [BIN / "mkdocs", "build", "-q", "-f", project / "mkdocs.yml", "-d", out], capture_output=True, text=True, env=env
        )
        elapsed = time.perf_counter() - start
        if result.returncode:
            sys.exit(f"build of {project} failed:\n{result.stderr}")
        best = min(best, elapsed)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--scale", type=int, default=SCALE, help="papers of the scale build (0: none)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = make_site(size, Path(tmp))
            plain = make_plain_site(project, Path(tmp))
            ours, stock = build_seconds(project), build_seconds(plain)
            pages = len(list((project / "_site" / "publications").glob("*/index.html")))
            rows.append((size, pages, ours, stock))
        if args.scale:
            project = make_site(args.scale, Path(tmp))
            scale_seconds = build_seconds(project, runs=1)
            # The largest child so far is this build: the smaller ones came first.
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            list_bytes = (project / "_site" / "publications" / "index.html").stat().st_size

    # Marginal cost: what each added paper costs between two sizes, free of start-up time.
    print(f"{'papers':>7} {'pages':>6} {'this site':>10} {'plain':>8} {'ratio':>6} {'ms/added paper (this/plain)':>28}")
    marginal = []
    for index, (size, pages, ours, stock) in enumerate(rows):
        step = ""
        if index:
            previous = rows[index - 1]
            added = pages - previous[1]
            marginal.append(((ours - previous[2]) / added, (stock - previous[3]) / added))
            step = f"{1000 * marginal[-1][0]:.2f} / {1000 * marginal[-1][1]:.2f}"
        print(f"{size:>7} {pages:>6} {ours:>9.2f}s {stock:>7.2f}s {ours / stock:>6.2f} {step:>28}")
    failures = []
    largest = rows[-1]
    if largest[2] / largest[3] > RATIO_TARGET:
        failures.append(f"ratio {largest[2] / largest[3]:.2f} at {largest[0]} papers is above {RATIO_TARGET}")
    if len(marginal) > 1 and marginal[-1][0] > marginal[0][0] * LINEARITY_TOLERANCE:
        failures.append(
            f"cost per added paper grew from {marginal[0][0] * 1000:.2f} to {marginal[-1][0] * 1000:.2f} ms: not linear"
        )
    if args.scale:
        at_1000 = next((ours / size for size, _, ours, _ in rows if size == 1000), None)
        per_paper = scale_seconds / args.scale
        print(
            f"{args.scale} papers: {scale_seconds:.1f}s, {1000 * per_paper:.2f} ms a paper"
            + (f" ({per_paper / at_1000:.2f} times that at 1,000)" if at_1000 else "")
            + f"; peak memory {peak_mb:.0f} MB; publication list {list_bytes / 1e6:.2f} MB"
        )
        if at_1000 and per_paper > SCALE_COST_TARGET * at_1000:
            failures.append(f"{args.scale} papers cost {per_paper / at_1000:.2f} times more a paper than 1,000")
        if peak_mb > MEMORY_TARGET_MB:
            failures.append(f"peak memory {peak_mb:.0f} MB at {args.scale} papers, above {MEMORY_TARGET_MB} MB")
        if list_bytes > LIST_TARGET_BYTES:
            failures.append(f"the publication list is {list_bytes / 1e6:.2f} MB at {args.scale} papers, above 1 MB")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Build cost of the example site plus N synthetic papers, against plain mkdocs-material.

The plain site is made of the very pages this project generates, written out as ordinary
Markdown files (`researchsite pages`), with the navigation the hook gives the build (its
Projects, Talks and CV tabs), built by the same mkdocs with the stock theme and no hooks: the
difference between the two builds is what loading, checking, generating and our theme cost.
Each size is built three times each way, alternately (this machine is shared: only a ratio
measured side by side means something); the median of the three ratios is reported, of the
wall-clock times and of the CPU times (the build, the Typst child included). Our side is built
cold (its `.cache/researchsite/` removed first: a fresh clone, a CI run without a cache), the
headline and what the targets are checked on, and then warm, right after, with what the cold
build kept there (compiled templates, cv.pdf): a researcher's next `make site`. Targets: a
median cold wall-clock ratio of at most 1.10 at each size, and a cost per paper that does not
grow with the number of papers (linear).

Then the scale: 10,000 papers, built once: the time per paper within 1.25 times that at 1,000
papers, the peak memory of the build's whole process tree (sampled; Typst's child included)
under 600 MB, and the publication list a visitor downloads first under 1 MB of HTML.
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
import threading
import time
from statistics import median
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
    from researchsite.generate.pages import Urls, site_files, site_nav
    from researchsite.project import load_project

    plain = folder / f"plain-{project.name}"
    shutil.copytree(project / "content", plain / "content")
    subprocess.run([BIN / "researchsite", "--root", project, "pages", plain / "content"], check=True, capture_output=True)
    # The same configuration, plugins included, less what this project adds: hooks and overrides.
    config = read_config(project / "mkdocs.yml")  # its !!python/name: tags kept
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["theme"].pop("custom_dir", None)
    config["not_in_nav"] = "/publications/*.md\n"
    # The navigation the hook gives the build: its tabs are drawn into every page of both.
    loaded = load_project(project)
    urls = Urls(config.get("use_directory_urls", True), config.get("site_url"))
    config["nav"] = site_nav(config["nav"], site_files(loaded, urls), loaded.content_dir)
    write_config(config, plain / "mkdocs.yml")
    return plain


def build(project: Path) -> tuple[float, float]:
    """One `mkdocs build` of `project`: its wall-clock and CPU seconds (children included)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [BIN / "mkdocs", "build", "-q", "-f", project / "mkdocs.yml", "-d", project / "_site"], capture_output=True, text=True, env=env
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f"build of {project} failed:\n{result.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build_seconds(project: Path, runs: int = 3) -> float:
    """The best wall-clock time of `runs` builds."""
    return min(build(project)[0] for _ in range(runs))


def compare(ours: Path, plain: Path, runs: int = 3) -> list[tuple[float, float, float, float, float, float]]:
    """`runs` rounds, alternately ours first and the plain site first: per round, our cold build's
    wall-clock and CPU seconds, the plain site's, and our warm build's (the one right after the
    cold one, with what it kept)."""

    def ours_cold_then_warm() -> tuple[tuple[float, float], tuple[float, float]]:
        shutil.rmtree(ours / ".cache", ignore_errors=True)
        return build(ours), build(ours)

    rounds = []
    for run in range(runs):
        if run % 2 == 0:
            ((wall, cpu), (warm_wall, warm_cpu)), (plain_wall, plain_cpu) = ours_cold_then_warm(), build(plain)
        else:
            (plain_wall, plain_cpu), ((wall, cpu), (warm_wall, warm_cpu)) = build(plain), ours_cold_then_warm()
        rounds.append((wall, cpu, plain_wall, plain_cpu, warm_wall, warm_cpu))
    return rounds


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants, now."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:"))
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # gone meanwhile, or a zombie without memory
    return total / 1024


def build_sampled(project: Path) -> tuple[float, float, float]:
    """One build, its wall-clock seconds, the peak of its process tree's memory (sampled every
    20 ms) and the largest resident size of a single process of it (MkDocs', as a rule)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    process = subprocess.Popen(
        [BIN / "mkdocs", "build", "-q", "-f", project / "mkdocs.yml", "-d", project / "_site"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )
    stderr = []
    reader = threading.Thread(target=lambda: stderr.append(process.stderr.read()))
    reader.start()
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.02)
    reader.join()
    elapsed = time.perf_counter() - start
    if process.returncode:
        sys.exit(f"build of {project} failed:\n{stderr[0].decode(errors='replace')}")
    # The largest child so far is this build or one of its own children: the others came first and were smaller.
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak, largest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000])
    parser.add_argument("--runs", type=int, default=3, help="builds of each side per size, alternately")
    parser.add_argument("--scale", type=int, default=SCALE, help="papers of the scale build (0: none)")
    args = parser.parse_args()
    rows = []
    print(f"load average before: {' '.join(f'{load:.1f}' for load in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            project = make_site(size, Path(tmp))
            plain = make_plain_site(project, Path(tmp))
            pairs = compare(project, plain, args.runs)
            pages = len(list((project / "_site" / "publications").glob("*/index.html")))
            rows.append((size, pages, pairs))
            shutil.rmtree(project / "_site")
            shutil.rmtree(plain / "_site")
        if args.scale:
            project = make_site(args.scale, Path(tmp))
            scale_seconds, peak_mb, largest_mb = build_sampled(project)
            list_bytes = (project / "_site" / "publications" / "index.html").stat().st_size

    print("cold: our build without .cache/researchsite/ (the headline); warm: the next build, with it")
    print(
        f"{'papers':>7} {'pages':>6} {'cold':>8} {'plain':>8} {'ratio':>6} {'ratios (wall)':>18} {'CPU ratio':>10}"
        f" {'warm':>8} {'warm ratio':>11} {'warm CPU':>9} {'ms/added paper (this/plain)':>28}"
    )
    marginal, previous, failures = [], None, []
    for size, pages, pairs in rows:
        ours, stock, warm = (median(pair[column] for pair in pairs) for column in (0, 2, 4))
        ratios = [pair[0] / pair[2] for pair in pairs]
        ratio, cpu_ratio = median(ratios), median(pair[1] / pair[3] for pair in pairs)
        warm_ratio, warm_cpu_ratio = median(pair[4] / pair[2] for pair in pairs), median(pair[5] / pair[3] for pair in pairs)
        step = ""
        if previous:
            added = pages - previous[0]
            marginal.append(((ours - previous[1]) / added, (stock - previous[2]) / added))
            step = f"{1000 * marginal[-1][0]:.2f} / {1000 * marginal[-1][1]:.2f}"
        previous = (pages, ours, stock)
        shown = " ".join(f"{value:.2f}" for value in ratios)
        print(
            f"{size:>7} {pages:>6} {ours:>7.2f}s {stock:>7.2f}s {ratio:>6.2f} {shown:>18} {cpu_ratio:>10.2f}"
            f" {warm:>7.2f}s {warm_ratio:>11.2f} {warm_cpu_ratio:>9.2f} {step:>28}"
        )
        if ratio > RATIO_TARGET:
            failures.append(f"median cold ratio {ratio:.2f} at {size} papers is above {RATIO_TARGET}")
    print("(times: medians of the runs; ratios: the medians of the runs' ratios; cost per added paper: cold)")
    if len(marginal) > 1 and marginal[-1][0] > marginal[0][0] * LINEARITY_TOLERANCE:
        failures.append(
            f"cost per added paper grew from {marginal[0][0] * 1000:.2f} to {marginal[-1][0] * 1000:.2f} ms: not linear"
        )
    if args.scale:
        at_1000 = next((median(pair[0] for pair in pairs) / size for size, _, pairs in rows if size == 1000), None)
        per_paper = scale_seconds / args.scale
        print(
            f"{args.scale} papers: {scale_seconds:.1f}s, {1000 * per_paper:.2f} ms a paper"
            + (f" ({per_paper / at_1000:.2f} times that at 1,000)" if at_1000 else "")
            + f"; peak memory {peak_mb:.0f} MB (the build's process tree; its largest process {largest_mb:.0f} MB)"
            + f"; publication list {list_bytes / 1e6:.2f} MB"
        )
        if at_1000 and per_paper > SCALE_COST_TARGET * at_1000:
            failures.append(f"{args.scale} papers cost {per_paper / at_1000:.2f} times more a paper than 1,000")
        if peak_mb > MEMORY_TARGET_MB:
            failures.append(f"peak memory {peak_mb:.0f} MB at {args.scale} papers, above {MEMORY_TARGET_MB} MB")
        if list_bytes > LIST_TARGET_BYTES:
            failures.append(f"the publication list is {list_bytes / 1e6:.2f} MB at {args.scale} papers, above 1 MB")
    print(f"load average after: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

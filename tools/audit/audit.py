"""Lighthouse and axe-core on a built site, one page of each type, in Debian's Chromium.

Prints the scores and violations per page type and exits 1 when a target is missed. The site
is served on 127.0.0.1 only, and Chromium sends anything else to a dead proxy, so the audit
also proves that a page loads nothing from another host. Then writes the screenshots of
`screenshots.py` (each page type, desktop and phone, light and dark) for people to look at.

    .venv/bin/python tools/audit/audit.py [SITE_DIR]      (make audit)
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import screenshots
from chromium import CHROME, CHROMEDRIVER, FLAGS, page_types, serve

HERE = Path(__file__).resolve().parent
BIN = HERE / "node_modules" / ".bin"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"desktop": (100, 100, 100, 100), "mobile": (98, 100, 100, 100)}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text gzip-compressed, as web hosts do (GitHub Pages, Netlify, ...): Lighthouse's
    simulated 4G would otherwise time Material's 138 KB stylesheet at its raw size."""

    compress = True
    _TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.compress and wants_gzip and path.suffix in self._TEXT and path.is_file()):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def lighthouse(url: str, preset: str, scratch: Path) -> dict:
    out = scratch / f"lighthouse-{preset}-{abs(hash(url))}.json"
    preset_flag = ["--preset=desktop"] if preset == "desktop" else []
    profile = tempfile.mkdtemp(dir=scratch)
    subprocess.run(
        [BIN / "lighthouse", url, "--quiet", "--output=json", f"--output-path={out}",
         f"--only-categories={','.join(CATEGORIES)}", *preset_flag, "--max-wait-for-load=30000",
         "--chrome-flags=" + " ".join([*FLAGS, f"--user-data-dir={profile}",
                                      '--host-resolver-rules="MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"'])],
        env=dict(os.environ, CHROME_PATH=CHROME), capture_output=True, timeout=180, check=False,
    )
    if not out.exists():
        return {}
    report = json.loads(out.read_text())
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    scores["weight"] = report["audits"]["total-byte-weight"]["numericValue"] / 1024
    requests = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    scores["external"] = sum(1 for r in requests if not r.get("url", "").startswith(("http://127.0.0.1", "data:")))
    for name, audit in METRICS.items():
        scores[name] = report["audits"].get(audit, {}).get("numericValue")
    return scores


# What a performance score is made of, as Lighthouse measured it (ms, except CLS and the DOM's
# element count): the score swings with a shared machine's load, these say where the time went.
METRICS = {
    "FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift", "SI": "speed-index", "main": "mainthread-work-breakdown",
    "JS": "bootup-time", "DOM": "dom-size",
}


def _median(values: list):
    return None if None in values else statistics.median(values)


def _show(name: str, preset: str, scores: dict) -> bool:
    """Prints one row of the table (scores, weight, requests elsewhere, the metrics); False when
    Lighthouse gave no report."""
    if not scores:
        return False

    def number(key: str, width: int, digits: int = 0) -> str:
        return f"{scores[key]:>{width}.{digits}f}" if scores.get(key) is not None else " " * (width - 1) + "-"

    values = " ".join(number(category, 4) for category in CATEGORIES)
    metrics = " ".join([number("FCP", 5), number("LCP", 5), number("TBT", 4), number("CLS", 5, 3), number("SI", 5),
                        number("main", 5), number("JS", 4), number("DOM", 4)])
    print(f"{name:<17} {preset:<8} {values} {number('weight', 6)} {number('external', 11)} {metrics}", flush=True)
    return True


def axe(urls: list[str], scratch: Path, dark: bool = False) -> dict[str, dict[str, int]]:
    """Violations per impact for each URL: {url: {"critical": n, "serious": n, ...}}; `dark`: as a
    visitor whose system prefers the dark scheme sees the pages (Material follows it)."""
    flags = [*FLAGS, "--blink-settings=preferredColorScheme=0"] if dark else FLAGS
    options = ",".join(flag.removeprefix("--") for flag in flags) + f",user-data-dir={tempfile.mkdtemp(dir=scratch)}"
    (scratch / "axe.json").unlink(missing_ok=True)
    subprocess.run(
        [BIN / "axe", *urls, "--chromedriver-path", CHROMEDRIVER, "--chrome-path", CHROME,
         "--chrome-options", options, "--dir", scratch, "--save", "axe.json", "--timeout", "60", "--no-reporter"],
        capture_output=True, timeout=600, check=False,
    )
    saved = scratch / "axe.json"
    if not saved.exists():
        return {}
    counts = {}
    for page in json.loads(saved.read_text()):
        impacts: dict[str, int] = {}
        for violation in page["violations"]:
            impacts[violation["impact"]] = impacts.get(violation["impact"], 0) + 1
        counts[page["url"]] = impacts
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"))
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed, as python -m http.server does")
    parser.add_argument("--screenshots", type=Path, default=Path("build/screenshots"), help="where the screenshots go")
    parser.add_argument("--only", action="append", metavar="PAGE_TYPE",
                        help="Lighthouse on this page type alone (repeatable; e.g. --only tutorial), no axe, no screenshots")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page and preset (the median is what to read)")
    parser.add_argument("--preset", choices=("desktop", "mobile"), action="append", help="only this preset (repeatable)")
    args = parser.parse_args()
    QuietHandler.compress = not args.no_gzip
    missing = [str(path) for path in (BIN / "lighthouse", BIN / "axe", Path(CHROME), Path(CHROMEDRIVER)) if not path.exists()]
    if missing:
        print(f"audit: missing {', '.join(missing)} (make audit installs the npm tools; apt-get install chromium chromium-driver)")
        return 2
    types = page_types(args.site)
    if args.only:
        unknown = [name for name in args.only if name not in types]
        if unknown:
            print(f"audit: no page type {', '.join(unknown)} in {args.site} (there are: {', '.join(types)})")
            return 2
        types = {name: types[name] for name in args.only}
    presets = args.preset or ("desktop", "mobile")
    server, base = serve(args.site, QuietHandler)
    failures = []
    try:
        with tempfile.TemporaryDirectory() as scratch_dir:
            scratch = Path(scratch_dir)
            os.environ.setdefault("HOME", scratch_dir)  # Lighthouse and Chromium write dot-files there
            print(f"served {'uncompressed' if args.no_gzip else 'gzip-compressed'} from 127.0.0.1\n")
            print(f"load average {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
            print(f"{'page type':<17} {'preset':<8} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'KiB':>6} {'other hosts':>11}"
                  f" {'FCP':>5} {'LCP':>5} {'TBT':>4} {'CLS':>5} {'SI':>5} {'main':>5} {'JS':>4} {'DOM':>4}")
            for name, path in types.items():
                for preset in presets:
                    runs = []
                    for _ in range(args.runs):
                        scores = lighthouse(base + path, preset, scratch)
                        if _show(name, preset, scores):
                            runs.append(scores)
                        else:
                            failures.append(f"{name} ({preset}): Lighthouse gave no report")
                    judged = runs
                    if len(runs) > 1:
                        # A score swings by two or three with a shared machine's load: several runs
                        # are judged by their median.
                        judged = [{key: _median([run[key] for run in runs]) for key in runs[0]}]
                        _show(f"{name}, median", preset, judged[0])
                    for scores in judged:
                        for category, target in zip(CATEGORIES, TARGETS[preset]):
                            if scores[category] < target:
                                failures.append(f"{name} ({preset}): {category} {scores[category]} < {target}")
                        if scores["external"]:
                            failures.append(f"{name}: {scores['external']} requests to other hosts")
            pages = sorted(str(p.parent.relative_to(args.site).as_posix()) + "/" for p in args.site.rglob("index.html"))
            for scheme in () if args.only else ("light", "dark"):
                counts = axe([base + ("" if page == "./" else page) for page in pages], scratch, dark=scheme == "dark")
                total = {impact: sum(c.get(impact, 0) for c in counts.values()) for impact in ("critical", "serious", "moderate", "minor")}
                print(f"\naxe-core on {len(counts)} pages, {scheme} scheme: rule x page violations " + ", ".join(f"{k} {v}" for k, v in total.items()))
                if not counts:
                    failures.append(f"axe gave no report ({scheme} scheme)")
                if total["critical"] or total["serious"]:
                    failures.append(f"axe, {scheme} scheme: {total['critical']} critical and {total['serious']} serious violations")
    finally:
        server.shutdown()
    if not args.only:
        written = screenshots.write(args.site, args.screenshots)
        print(f"\n{len(written)} screenshots in {args.screenshots}/ (open {args.screenshots / 'index.html'})")
    for failure in failures:
        print(f"MISSED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

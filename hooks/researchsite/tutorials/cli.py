"""`tutorials check|list|summary|fetch-reports|workflow`: check tutorials in containers, list them, say the results, or write the CI workflow.

Exit codes: 0 all checked steps passed; 1 a step failed or a check could not start;
2 a tutorial's YAML is wrong (the others are still checked) or an id is unknown; 3 no container
engine works here; 130 or 143 interrupted by SIGINT or SIGTERM (the containers removed, the
tutorials finished before it reported).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

from ..structure.problems import ProblemsFound
from .engines import find_engine
from .load import load_tutorial_files, tutorial_paths
from .reports import junit_xml, read_report, report_name, write_report
from .runner import Interrupted, check_all
from .structure import ERROR, FAILED, NOT_CHECKABLE, NOT_RUN, PASSED, StepResult, Tutorial
from .workflow import WORKFLOW_PATH, matrix, workflow_yaml

ENGINES = {"auto": ["podman", "docker"], "podman": ["podman"], "docker": ["docker"]}
SYMBOL = {PASSED: "ok", FAILED: "FAILED", NOT_RUN: "not run", NOT_CHECKABLE: "not checkable"}


def tutorials_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="researchsite tutorials", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="run tutorials in fresh containers and write their reports")
    check.add_argument("ids", nargs="*", metavar="ID", help="tutorials to check (default: all)")
    check.add_argument("--engine", choices=list(ENGINES), default="auto", help="default: podman, else docker")
    check.add_argument("--runtime", default=os.environ.get("TUTORIALS_RUNTIME"),
                       help="podman's OCI runtime, e.g. runc (default: $TUTORIALS_RUNTIME, else podman's own)")
    check.add_argument("--image", default=None, metavar="NAME",
                       help="check only in this image, one of each tutorial's images (default: each of them)")
    check.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="tutorials checked at once")
    check.add_argument("--reports", type=Path, default=None, help="default: reports/tutorials under --root")
    check.add_argument("--junit", type=Path, default=None, help="default: junit.xml in the reports folder")
    listing = commands.add_parser("list", help="validate the tutorials and list their ids")
    listing.add_argument("--json", action="store_true",
                         help="one JSON line: a CI matrix's rows, one per tutorial and image")
    summary = commands.add_parser("summary", help="the reports' results in Markdown (for $GITHUB_STEP_SUMMARY)")
    summary.add_argument("--reports", type=Path, default=None, help="default: reports/tutorials under --root")
    commands.add_parser(
        "fetch-reports", help="in GitHub Actions: fetch the newest reports tutorials.yml kept, for a build that checks nothing"
    )
    workflow = commands.add_parser("workflow", help="write a GitHub Actions workflow, a job per tutorial")
    workflow.add_argument("--output", type=Path, default=None, help=f"default: {WORKFLOW_PATH} under --root")
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if args.command == "fetch-reports":  # a shell script around `gh`, which the runners have
        script = Path(__file__).with_name("fetch-reports.sh")
        return subprocess.run(["sh", str(script)], cwd=root, env=os.environ | {"REPORTS": os.environ.get("REPORTS", "reports/tutorials")}).returncode
    if args.command == "summary":  # of the reports alone: the tutorial files need not load
        print(summary_markdown(args.reports or root / "reports" / "tutorials"), end="")
        return 0
    tutorials, problems = load_tutorial_files(tutorial_paths(root / "content" / "tutorials"), root)
    if problems:
        print(ProblemsFound(problems).report(), file=sys.stderr)
        if args.command != "check":
            return 2
    if args.command == "list" and args.json:
        print(json.dumps(matrix(tutorials), separators=(",", ":")))
        return 0
    if args.command == "list":
        for tutorial in tutorials:
            print(f"{tutorial.id}\t{', '.join(tutorial.images)}\t{tutorial.title}")
        return 0
    if args.command == "workflow":
        out = args.output or root / WORKFLOW_PATH
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(workflow_yaml(tutorials), encoding="utf-8")
        print(f"Wrote {out} ({len(tutorials)} tutorials).")
        return 0
    # A broken tutorial file is said above, with its lines; the others are checked all the same,
    # and the exit code still says that one was broken.
    broken = {Path(problem.path).stem for problem in problems if problem.path}
    code = _check(args, root, tutorials, broken)
    return 2 if problems and code in (0, 1) else code


def _check(args, root: Path, tutorials: list[Tutorial], broken: set[str] = frozenset()) -> int:
    known = {tutorial.id: tutorial for tutorial in tutorials}
    unknown = [name for name in args.ids if name not in known and name not in broken]
    if unknown:
        print(f"no tutorial with id {', '.join(unknown)} in content/tutorials/ (there are: {', '.join(known) or 'none'})",
              file=sys.stderr)
        return 2
    chosen = [known[name] for name in args.ids if name in known] if args.ids else tutorials
    if args.image is not None:
        without = [tutorial.id for tutorial in chosen if args.image not in tutorial.images]
        if without:
            print(f"--image {args.image}: {', '.join(without)} {'is' if len(without) == 1 else 'are'} not checked in it "
                  f"(their images: {'; '.join(', '.join(known[name].images) for name in without)})", file=sys.stderr)
            return 2
    # One check per tutorial and image: the runner sees a tutorial with that one image.
    chosen = [replace(tutorial, image=image, images=[image])
              for tutorial in chosen for image in tutorial.images if args.image in (None, image)]
    if not chosen:
        print("no tutorials in content/tutorials/: nothing to check" if not broken else "no tutorial without problems: nothing to check")
        return 0
    engine, reasons = find_engine(ENGINES[args.engine], args.runtime)
    if engine is None:
        print("Cannot check tutorials: no container engine works here.", file=sys.stderr)
        for reason in reasons:
            print(f"  {reason}", file=sys.stderr)
        print("Install podman (or docker), or run the checks in CI; steps are never run on this machine itself.",
              file=sys.stderr)
        return 3
    count = len({tutorial.id for tutorial in chosen})
    checks = f" ({len(chosen)} checks, one per image)" if len(chosen) != count else ""
    print(f"Checking {count} tutorial{'s' if count != 1 else ''}{checks} with {engine.name}, {args.jobs} at a time.")
    printing = threading.Lock()

    def progress(tutorial: Tutorial, result: StepResult) -> None:
        variant = f" [{result.variant}]" if result.variant else ""
        timing = f" ({result.duration:.1f} s)" if result.status in (PASSED, FAILED) else ""
        why = f": {result.reason}" if result.reason and result.status != NOT_CHECKABLE else ""
        where = f" in {tutorial.image}" if len(known[tutorial.id].images) > 1 else ""
        with printing:
            print(f"  {tutorial.id}{where} step {result.step}{variant} {SYMBOL[result.status]}{timing} {result.title}{why}", flush=True)

    # SIGTERM (CI cancelling the job) takes the same way out as Ctrl-C: containers removed first.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    interrupted = None
    try:
        reports = check_all(chosen, engine, args.jobs, progress)
    except Interrupted as stop:
        reports, interrupted = stop.reports, stop.signum
    except KeyboardInterrupt as stop:
        reports, interrupted = getattr(stop, "reports", []), signal.SIGINT
    finally:
        signal.signal(signal.SIGTERM, previous)

    reports_dir = args.reports or root / "reports" / "tutorials"
    for report in reports:
        write_report(report, reports_dir, known[report.tutorial].images)
    junit = args.junit or reports_dir / "junit.xml"
    _write_junit(junit, reports_dir, tutorials)
    if interrupted is not None:
        done = ", ".join(_named(report, known) for report in reports) or "none"
        print(f"Interrupted ({signal.Signals(interrupted).name}); the containers were removed. "
              f"Reports written for the tutorials finished before: {done}.", file=sys.stderr)
        return 128 + interrupted

    for report in reports:
        line = f"{_named(report, known)}: {report.status} in {report.duration:.0f} s"
        print(line + (f" - {report.message}" if report.message else ""))
        failed = next((step for step in report.steps if step.status == FAILED), None)
        if failed and failed.output:
            print("    " + failed.output.replace("\n", "\n    "))
    print(f"Reports in {reports_dir}, JUnit XML in {junit}.")
    return 1 if any(report.status in (FAILED, ERROR) for report in reports) else 0


def _named(report, known: dict[str, Tutorial]) -> str:
    """The tutorial's id, and the image when it has several: "ipv6 in debian:trixie"."""
    return f"{report.tutorial} in {report.image}" if len(known[report.tutorial].images) > 1 else report.tutorial


def summary_markdown(reports_dir: Path) -> str:
    """Each report's result in a sentence, and a failed step's output: a CI job's summary."""
    paths = sorted(reports_dir.glob("*.json")) if reports_dir.is_dir() else []
    if not paths:
        return f"**No tutorial report** in `{reports_dir}`: the check did not get as far as writing one.\n"
    lines = []
    for path in paths:
        try:
            report = read_report(path)
        except ValueError as error:
            lines.append(f"- **{path.name}**: not a report this checker can read ({error})\n")
            continue
        counts = {status: sum(step.status == status for step in report.steps)
                  for status in (PASSED, FAILED, NOT_RUN, NOT_CHECKABLE)}
        mark = "passed" if report.status == PASSED else report.status.upper()
        sentence = (f"- **{report.tutorial}** in `{report.image}` ({report.engine}, {report.started}): **{mark}**; "
                    f"{counts[PASSED]} steps passed, {counts[FAILED]} failed, {counts[NOT_RUN]} not run, "
                    f"{counts[NOT_CHECKABLE]} not checkable here")
        lines.append(sentence + (f". {report.message}" if report.message else "") + "\n")
        failed = next((step for step in report.steps if step.status == FAILED), None)
        if failed and failed.output:
            fence = "````" if "```" in failed.output else "```"
            lines.append(f"\n  Output of step {failed.step}:\n\n  {fence}text\n")
            lines.extend(f"  {line}\n" for line in failed.output.strip("\n").splitlines()[-40:])
            lines.append(f"  {fence}\n")
    return "".join(lines)


def _write_junit(junit: Path, reports_dir: Path, tutorials: list[Tutorial]) -> None:
    """JUnit XML of every tutorial's latest report in the folder, read back from the JSON files,
    so the two never disagree: after checking a few tutorials, or a run cut short, it still
    lists the others' latest results, as the site does."""
    latest, names = [], []
    for tutorial in tutorials:
        for image in tutorial.images:
            name = report_name(tutorial.id, image, tutorial.images)
            try:
                latest.append(read_report(reports_dir / name))
            except ValueError:
                continue  # never checked, or a report this checker cannot read: in neither file
            names.append(name.removesuffix(".json"))
    junit.parent.mkdir(parents=True, exist_ok=True)
    part = junit.with_suffix(".xml.part")
    part.write_text(junit_xml(latest, names), encoding="utf-8")
    part.replace(junit)


def _interrupt(signum, frame) -> None:
    raise Interrupted(signum)


if __name__ == "__main__":
    sys.exit(tutorials_main())

"""The command line: check the sources, start a news post, or write the generated pages to a folder.

Writing pages without MkDocs keeps the site movable to another MkDocs-compatible builder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .generate.pages import Urls, site_files
from .generate.source import write_source
from .authoring import new_post
from .project import load_project
from .structure.problems import ProblemsFound


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="researchsite", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate papers/, site_config/ and content/ without building")
    check.add_argument("--strict", action="store_true", help="fail on warnings too (as `strict: true` in site.yml)")
    pages = commands.add_parser(
        "pages", help="write what the build adds to content/ into a folder: laid over content/, the whole site's source"
    )
    pages.add_argument("out", type=Path)
    pages.add_argument("--site-url", default=None)
    source = commands.add_parser(
        "source", help="write the whole site's source, with a config without hooks, for a renderer that runs none (Zensical)"
    )
    source.add_argument("out", type=Path)
    source.add_argument("--config", type=Path, default=None, help="the MkDocs config to start from (default: ROOT/mkdocs.yml)")
    post = commands.add_parser("new-post", help="start a news post dated today in content/news/posts/")
    post.add_argument("title")
    post.add_argument("--paper", action="append", default=[], metavar="KEY", help="a paper the post is about")
    tutorials = commands.add_parser(
        "tutorials", add_help=False, help="check the tutorials in containers, list them, write a CI workflow"
    )
    tutorials.add_argument("rest", nargs=argparse.REMAINDER)
    imports = commands.add_parser(
        "import", add_help=False, help="bring in publications (DBLP, ORCID, BibTeX) or posts (WordPress, Jekyll, Hugo)"
    )
    imports.add_argument("rest", nargs=argparse.REMAINDER)
    sync = commands.add_parser(
        "sync", add_help=False, help="bring in new papers from the sources the site records (DBLP, ORCID, earlier imports)"
    )
    sync.add_argument("rest", nargs=argparse.REMAINDER)
    # Known args only: REMAINDER cannot begin with an option, so `tutorials --help` would be an
    # error here; the tutorials' own parser reads what follows (and rejects what it does not know).
    args, unknown = parser.parse_known_args(argv)

    if args.command == "tutorials":  # its own command line; it needs none of the papers
        from .tutorials.cli import tutorials_main

        return tutorials_main(["--root", str(args.root), *unknown, *args.rest])
    if args.command == "import":  # its own command line: the site need not build to import into it
        from .imports.cli import import_main

        return import_main(["--root", str(args.root), *unknown, *args.rest])
    if args.command == "sync":  # as import: it needs the papers to load, not the site to build
        from .imports.sync import sync_main

        return sync_main(["--root", str(args.root), *unknown, *args.rest])
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")

    try:
        project = load_project(args.root, strict=getattr(args, "strict", False))
    except ProblemsFound as problems:
        print(problems.report(), file=sys.stderr)
        return 1
    for warning in project.warnings:
        print(warning, file=sys.stderr)

    if args.command == "new-post":
        try:
            path = new_post(project, args.title, args.paper)
        except ValueError as error:
            print(f"researchsite: {error}", file=sys.stderr)
            return 1
        print(f"Created {path.relative_to(project.root)}: write the post, then `make serve` to see it.")
        return 0

    papers = project.publications.papers
    if args.command == "check":
        print(_summary(project))
        return 0

    if args.command == "source":
        config = write_source(project, args.config or project.root / "mkdocs.yml", args.out)
        print(f"Wrote the site's source for {len(papers)} papers into {args.out}: build it with `zensical build -f {config}`.")
        return 0

    written = site_files(project, Urls(site_url=args.site_url))
    for generated in written:
        target = args.out / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(generated.content, encoding="utf-8")
    print(f"Wrote {len(written)} files for {len(papers)} papers into {args.out}.")
    return 0


def _summary(project) -> str:
    """ "230 papers (3 proceedings and collections used only through crossref), no errors, 4 warnings." """
    publications = project.publications
    asides = [
        f"{count} {what}"
        for count, what in (
            (len(publications.containers), "proceedings and collections used only through crossref"),
            (len(publications.sets), "@set entries, whose members have the pages"),
        )
        if count
    ]
    aside = f" ({'; '.join(asides)})" if asides else ""
    warnings = len(project.warnings)
    verdict = f"no errors, {warnings} warning{'s' if warnings != 1 else ''}" if warnings else "no problems"
    return f"{len(publications.papers)} papers{aside}, {verdict}."


if __name__ == "__main__":
    sys.exit(main())

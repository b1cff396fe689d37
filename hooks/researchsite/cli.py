"""The command line: start a site, bring in what the researcher has, check it, and write its pages.

Writing pages without MkDocs keeps the site movable to another MkDocs-compatible builder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .generate.pages import Urls, site_files
from .generate.source import write_source
from .blog import blog_urls_by
from .authoring import new_post
from .workflows import workflow_files
from .init import Identity, check_identity, installed_requirement, write_site
from .project import load_project
from .structure.problems import ProblemsFound
from .structure.site import PROFILE_KINDS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="researchsite", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="write a new site for a researcher into an empty folder, ready to build")
    init.add_argument("folder", type=Path)
    init.add_argument("--name", help="the researcher's name, as the site shows it")
    init.add_argument("--url", help="the site's address, e.g. https://ada.github.io/")
    init.add_argument("--position", help="e.g. Assistant Professor")
    init.add_argument("--affiliation", help="e.g. UCLouvain")
    init.add_argument("--description", help="a sentence for search engines and link previews")
    for key, kind in PROFILE_KINDS.items():
        if key != "homepage":  # the site itself
            init.add_argument(f"--{key.replace('_', '-')}", dest=f"profile_{key}", metavar="ID", help=f"{kind.label}: {kind.url.format('ID')}")
    init.add_argument("--requirement", help="how CI installs researchsite (default: as it is installed here)")
    init.add_argument("--no-input", action="store_true", help="never ask: what is missing is an error (for scripts)")
    commands.add_parser("workflows", help="write the GitHub Actions workflows again (after upgrading researchsite)")
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
    metrics = commands.add_parser(
        "metrics", add_help=False, help="read each paper's citation count (OpenAlex, Crossref, Semantic Scholar) into papers/metrics.json"
    )
    metrics.add_argument("rest", nargs=argparse.REMAINDER)
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
    if args.command == "metrics":
        from .imports.metrics import metrics_main

        return metrics_main(["--root", str(args.root), *unknown, *args.rest])
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command == "init":
        return _init(args)
    if args.command == "workflows":
        for path, text in workflow_files().items():
            (args.root / path).parent.mkdir(parents=True, exist_ok=True)
            (args.root / path).write_text(text, encoding="utf-8")
            print(f"Wrote {path}.")
        return 0

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

    urls = Urls(site_url=args.site_url, **blog_urls_by(project.root / "mkdocs.yml", project.news.posts))
    written = site_files(project, urls)
    for generated in written:
        target = args.out / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.data)
    print(f"Wrote {len(written)} files for {len(papers)} papers into {args.out}.")
    return 0


def _init(args: argparse.Namespace) -> int:
    folder = args.folder
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        print(f"researchsite init: {folder} is not an empty folder; init writes a new site into a new or empty one", file=sys.stderr)
        return 2
    ask = not args.no_input and sys.stdin.isatty()
    answers = {}
    for option, question in (("name", "Your name"), ("url", "The site's address (e.g. https://ada.github.io/)"),
                              ("position", "Your position (Enter to skip)"), ("affiliation", "Your affiliation (Enter to skip)"),
                              ("profile_dblp", "Your DBLP pid, to import your papers (Enter to skip)"),
                              ("profile_orcid", "Your ORCID iD (Enter to skip)")):
        answers[option] = getattr(args, option) or (input(f"{question}: ").strip() if ask else None) or None
    missing = [f"--{option}" for option in ("name", "url") if not answers[option]]
    if missing:
        print(f"researchsite init: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} needed", file=sys.stderr)
        return 2
    profile = {key: value for key in PROFILE_KINDS if (value := answers.get(f"profile_{key}") or getattr(args, f"profile_{key}", None))}
    identity = Identity(answers["name"], answers["url"], answers["position"], answers["affiliation"], args.description, profile)
    errors = check_identity(identity)
    if errors:
        for error in errors:
            print(f"researchsite init: {error}", file=sys.stderr)
        return 2
    requirement, warning = (args.requirement, None) if args.requirement else installed_requirement()
    written = write_site(folder, identity, requirement)
    print(f"Wrote a new site for {identity.name} into {folder} ({len(written.created)} files).")
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    steps = [f"cd {folder}", "mkdocs serve                 # see it on http://127.0.0.1:8000"]
    if profile.get("dblp") or profile.get("orcid"):
        steps.insert(1, "researchsite sync            # your publications from " + " and ".join(
            label for key, label in (("dblp", "DBLP"), ("orcid", "ORCID")) if profile.get(key)))
    print("Next:\n" + "\n".join(f"  {step}" for step in steps))
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

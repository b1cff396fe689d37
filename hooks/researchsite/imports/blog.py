"""`import wordpress|jekyll|hugo`: an old blog's posts into content/news/posts/, with a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .posts import Report, UnreadableSource, report_text, site_papers, write_posts


def add_blog_commands(commands) -> None:
    wordpress = commands.add_parser("wordpress", help="posts from a WordPress export (Tools > Export, an .xml file)")
    wordpress.add_argument("export", type=Path)
    wordpress.add_argument(
        "--uploads", type=Path, default=None, metavar="DIR",
        help="a copy of the blog's wp-content/uploads/, for its pictures (default: uploads/ beside the export, if there)",
    )
    wordpress.set_defaults(run=_run, read=_read_wordpress)
    for name, where in (("jekyll", "a Jekyll or al-folio site's folder (its _posts/)"), ("hugo", "a Hugo site's folder (its content/post/ or content/posts/)")):
        command = commands.add_parser(name, help=f"posts from {where}")
        command.add_argument("folder", type=Path)
        command.set_defaults(run=_run, read=_read_markdown_posts)


def _read_wordpress(args: argparse.Namespace, report: Report):
    from .wordpress import read_wordpress

    uploads = args.uploads
    if uploads is not None and not uploads.is_dir():
        raise UnreadableSource(f"{uploads}: no such folder (--uploads)")
    beside = args.export.parent / "uploads"
    return read_wordpress(args.export, uploads or (beside if beside.is_dir() else None), report)


def _read_markdown_posts(args: argparse.Namespace, report: Report):
    from .markdown_posts import read_hugo, read_jekyll

    return (read_jekyll if args.source == "jekyll" else read_hugo)(args.folder, report)


def _run(args: argparse.Namespace) -> int:
    report = Report()
    try:
        posts = args.read(args, report)
        papers, why = site_papers(args.root)
        if why:
            report.notes.insert(0, why)
        written = write_posts(args.root, posts, report, papers)
    except UnreadableSource as error:
        print(f"researchsite import: {error}", file=sys.stderr)
        return 1
    print(report_text(written, posts, report))
    return 0

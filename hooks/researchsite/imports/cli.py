"""`import dblp|orcid|bibtex|wordpress|jekyll|hugo`: bring what a researcher already has into the site.

Exit codes: 0 imported (or nothing new); 1 the source could not be read (a message names it
and where); nothing is written in papers/ or content/ unless the whole import succeeded.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import publications
from .blog import add_blog_commands


def import_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="researchsite import", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's folder (default: here)")
    commands = parser.add_subparsers(dest="source", required=True)
    publications.add_commands(commands)  # dblp, orcid, bibtex
    add_blog_commands(commands)  # posts: wordpress, jekyll, hugo
    args = parser.parse_args(argv)
    return args.run(args)

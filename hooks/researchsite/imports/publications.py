"""`import dblp PID`, `import orcid ID`, `import bibtex FILE-OR-URL`: a researcher's publications
into papers/, each source in a file of its own that `researchsite sync` keeps up to date."""

from __future__ import annotations

import argparse
import sys

from . import dblp, orcid
from .fetch import ImportFailed
from .sync import Source, run


def add_commands(commands: argparse._SubParsersAction) -> None:
    """The publication sources as subcommands of `researchsite import`."""
    for kind, what, check in (
        ("dblp", "PID", dblp.pid),
        ("orcid", "ORCID-ID", orcid.orcid_id),
        ("bibtex", "FILE-OR-URL", str),
    ):
        command = commands.add_parser(
            kind,
            help={
                "dblp": "a person's publications from DBLP, by pid (https://dblp.org/pid/<pid>.html)",
                "orcid": "a person's works from ORCID's public API, by ORCID iD",
                "bibtex": "a .bib file, or its URL",
            }[kind],
        )
        command.add_argument("id", metavar=what)
        command.set_defaults(run=lambda args, kind=kind, check=check: _import(args, kind, check))


def _import(args: argparse.Namespace, kind: str, check) -> int:
    try:
        source = Source(kind, check(args.id))
    except ImportFailed as failure:
        print(f"researchsite: {failure}", file=sys.stderr)
        return 1
    return run(args.root, [source])

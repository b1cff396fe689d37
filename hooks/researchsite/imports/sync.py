"""`researchsite sync`, and the writing behind `import dblp|orcid|bibtex`: one BibTeX file per
source in papers/ (papers/dblp.bib, papers/orcid.bib, ...) that sync owns, and papers/sync.json,
which remembers the sources and what sync last wrote of each entry (a hash), so that an entry
edited by hand is never overwritten: a sync that would change one stops and says so.

Everything else in papers/ is the researcher's: an incoming paper already there is not added.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import bibtexparser
import yaml
from bibtexparser.model import Entry, ParsingFailedBlock

from ..load.bibtex import load_bibliography
from ..load.latex import decode_latex, plain_text
from ..structure.paper import paper_slug
from . import dblp, orcid
from .fetch import ImportFailed, Network, get
from .records import Record, digest, field_digests, format_entry, parse_bibtex, same_paper
from .staging import Staging

STATE = "papers/sync.json"
MARK = "written by `researchsite sync`"  # the first line of a file sync owns
NAMES = {"dblp": "DBLP", "orcid": "ORCID", "bibtex": "BibTeX"}


@dataclass(frozen=True)
class Source:
    kind: str  # dblp, orcid or bibtex
    id: str  # the pid, the ORCID iD, the BibTeX file's URL or path

    @property
    def file(self) -> str:
        if self.kind == "bibtex":
            stem = re.sub(r"\.bib$", "", self.id.rstrip("/").rsplit("/", 1)[-1], flags=re.IGNORECASE)
            return f"papers/{paper_slug(stem)}.bib"
        return f"papers/{self.kind}.bib"

    @property
    def label(self) -> str:
        return f"{NAMES[self.kind]} {self.id}"

    @property
    def recorded(self) -> bool:
        """Whether sync fetches it again: a local file is read once (CI has no copy of it)."""
        return self.kind != "bibtex" or self.id.startswith(("http://", "https://"))

    def fetch(self, network: Network, taken: set[str]) -> list[Record]:
        if self.kind == "dblp":
            return dblp.publications(self.id, network)
        if self.kind == "orcid":
            return orcid.publications(self.id, network, taken)
        if self.recorded:
            answer = get(self.id, network, accept="application/x-bibtex, text/plain;q=0.5, */*;q=0.1", not_found="no BibTeX file there")
            answer.encoding = answer.encoding if "charset" in answer.headers.get("Content-Type", "") else "utf-8"
            text = answer.text
        else:
            try:
                text = Path(self.id).read_text(encoding="utf-8")
            except FileNotFoundError:
                raise ImportFailed(f"{self.id}: no such file") from None
            except (UnicodeDecodeError, IsADirectoryError) as error:
                raise ImportFailed(f"{self.id}: not a BibTeX text file ({error.__class__.__name__})") from None
        records = parse_bibtex(text, self.id)
        for record in records:
            record.where = self.label
        return records


@dataclass
class State:
    """papers/sync.json: the sources, and per file and entry what sync wrote (hashes only)."""

    sources: list[Source] = field(default_factory=list)
    # file -> key -> {"text": hash of the entry as written, "fields": {name: hash of the value}}
    entries: dict[str, dict[str, dict]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> "State":
        path = root / STATE
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            sources = [Source(item["kind"], item["id"]) for item in data.get("sources", [])]
            return cls(sources, {name: dict(keys) for name, keys in data.get("entries", {}).items()})
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ImportFailed(f"{STATE}: not the file sync writes ({error}); restore it from git, or delete it to start again") from None

    def text(self) -> str:
        """JSON, one line per entry: a sync's pull request shows which entries it wrote."""
        about = (
            "Written by `researchsite import` and `researchsite sync`: the sources they fetch, and a hash of each entry "
            "as they last wrote it, so that an entry edited by hand is never overwritten. Do not edit."
        )
        sources = ",\n".join(f"  {json.dumps({'kind': source.kind, 'id': source.id})}" for source in self.sources)
        files = []
        for name, keys in sorted(self.entries.items()):
            if keys:
                lines = ",\n".join(f"   {json.dumps(key)}: {json.dumps(keys[key], sort_keys=True, ensure_ascii=False)}" for key in sorted(keys))
                files.append(f"  {json.dumps(name)}: {{\n{lines}\n  }}")
        entries = ",\n".join(files)
        sources = f"[\n{sources}\n ]" if sources else "[]"
        entries = f"{{\n{entries}\n }}" if entries else "{}"
        return f'{{\n "about": {json.dumps(about)},\n "sources": {sources},\n "entries": {entries}\n}}\n'



@dataclass
class Block:
    """An entry as it is in a file sync owns: where its text is, so that it can be replaced alone."""

    key: str
    line: int
    start: int
    end: int
    text: str


@dataclass
class Outcome:
    files: dict[str, str] = field(default_factory=dict)  # the new text of each file sync owns
    state: State = field(default_factory=State)
    report: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


class _Index:
    """The papers seen so far, found by DOI, arXiv id or title."""

    def __init__(self):
        self.by: dict[str, list[Record]] = {}

    def add(self, record: Record) -> None:
        for key in self._keys(record):
            self.by.setdefault(key, []).append(record)

    def remove(self, record: Record) -> None:
        for key in self._keys(record):
            self.by[key] = [other for other in self.by.get(key, []) if other is not record]

    def find(self, record: Record) -> tuple[Record, str] | None:
        for key in self._keys(record):
            for other in self.by.get(key, []):
                if reason := same_paper(record, other):
                    return other, reason
        return None

    @staticmethod
    def _keys(record: Record) -> list[str]:
        keys = [f"doi:{record.doi}"] if record.doi else []
        keys += [f"arxiv:{record.arxiv}"] if record.arxiv else []
        return keys + ([f"title:{record.title}"] if record.title else [])


def plan(root: Path, sources: list[Source], fetched: dict[Source, list[Record]], state: State,
         keep: frozenset[str] = frozenset(), take: frozenset[str] = frozenset()) -> Outcome:
    """What the files sync owns become with `fetched`, the report, and the conflicts (if any,
    nothing may be written). Reads papers/, writes nothing."""
    outcome = Outcome(state=State(list(state.sources), {name: dict(keys) for name, keys in state.entries.items()}))
    for source in sources:
        if source.recorded and source not in outcome.state.sources:
            outcome.state.sources.append(source)
    files = list(dict.fromkeys(source.file for source in sources))
    texts = {name: _owned_text(root, name, state) for name in files}

    # Every incoming paper once: not when the researcher has it, one entry for two versions.
    index = _Index()
    for record in local_records(root, exclude=set(files)):
        index.add(record)
    kept: list[tuple[Source, Record]] = []
    left_out: dict[str, str] = {}  # key -> why it is not (or no more) in its file
    for source in sources:
        for record in fetched[source]:
            match = index.find(record)
            if match is None:
                index.add(record)
                kept.append((source, record))
                continue
            other, reason = match
            if other.mine:
                hint = f"; its arXiv id {record.arxiv}: add `arxiv: {record.arxiv}` to papers/{paper_slug(other.key)}.yml" if record.arxiv and not other.arxiv else ""
                outcome.report.append(f"already yours: {record.label} is {other.key} ({other.where}), {reason}: not added{hint}")
                left_out[record.key] = f"the same paper as {other.key} ({other.where})"
            elif record.preprint and not other.preprint:
                outcome.report.append(f"merged: {record.label} is the arXiv preprint of {other.label}, {reason}: one entry, {_with_eprint(other, record)}")
                left_out[record.key] = f"merged into {other.key}"
            elif other.preprint and not record.preprint:
                outcome.report.append(f"merged: {other.label} is the arXiv preprint of {record.label}, {reason}: one entry, {_with_eprint(record, other)}")
                left_out[other.key] = f"merged into {record.key}"
                index.remove(other)
                index.add(record)
                kept[next(n for n, (_, r) in enumerate(kept) if r is other)] = (source, record)
            else:
                outcome.report.append(f"merged: {record.label} is {other.label}, {reason}: kept {other.key} only")
                left_out[record.key] = f"the same paper as {other.key}"

    for name in files:
        desired = [record for source, record in kept if source.file == name]
        labels = {record.key: source.label for source, record in kept if source.file == name}
        header = _header([source for source in sources if source.file == name])
        _plan_file(name, texts[name], header, desired, labels, left_out, outcome, keep, take)
    return outcome


def _plan_file(name, text, header, desired, labels, left_out, outcome: Outcome, keep, take) -> None:
    blocks = _blocks(text, name) if text is not None else {}
    written = outcome.state.entries.setdefault(name, {}) if text is not None else {}
    outcome.state.entries[name] = written
    new_text = text if text is not None else header
    replacements: list[tuple[Block, str]] = []
    added: list[str] = []
    counts = {"new": 0, "updated": 0, "removed": 0}
    wanted = {record.key for record in desired}
    for record in desired:
        entry = format_entry(record)
        fields = field_digests(record)
        block = blocks.get(record.key)
        before = written.get(record.key)
        if block is None:
            if before is not None:
                continue  # deleted by hand from a file sync owns: it stays deleted
            added.append(entry)
            written[record.key] = {"text": digest(entry), "fields": fields}
            counts["new"] += 1
            outcome.report.append(f"new: {record.key}: {_title(record)}")
            continue
        if before is None:  # in the file, but not written by sync: the researcher's
            if digest(block.text) == digest(entry):
                written[record.key] = {"text": digest(entry), "fields": fields}
            continue
        edited = digest(block.text) != before["text"]
        if edited and record.key not in take:
            changed = sorted(set(fields) ^ set(before["fields"]) | {n for n in fields if before["fields"].get(n) not in (None, fields[n])})
            if not changed:
                continue  # edited by hand, and nothing new upstream: the edit stands
            if record.key in keep:
                written[record.key] = {"text": before["text"], "fields": fields}  # stays "edited"
                outcome.report.append(f"kept your edit of {record.key} ({name}:{block.line}); {labels[record.key]} changed {', '.join(changed)}")
                continue
            outcome.conflicts.append(
                f"{name}:{block.line}: {record.key} was edited by hand since the last sync, and {labels[record.key]} has changed "
                f"{', '.join(changed)} since: keep your version with `researchsite sync --keep '{record.key}'`, "
                f"or take the new one with `--take '{record.key}'` (move your change to papers/{paper_slug(record.key)}.yml to keep both)"
            )
            continue
        written[record.key] = {"text": digest(entry), "fields": fields}
        if block.text.strip() != entry:
            replacements.append((block, entry))
            counts["updated"] += 1
            outcome.report.append(f"updated: {record.key} ({name}:{block.line}), as {labels[record.key]} now has it")
    for key, block in blocks.items():
        before = written.get(key)
        if key in wanted or before is None or digest(block.text) != before["text"]:
            continue  # still wanted, the researcher's own, or edited by hand: left as it is
        replacements.append((block, ""))
        del written[key]
        counts["removed"] += 1
        outcome.report.append(f"removed: {key} ({name}:{block.line}): {left_out.get(key, 'no longer in the source')}")
    for block, entry in sorted(replacements, key=lambda pair: pair[0].start, reverse=True):
        end = block.end
        while not entry and new_text[end : end + 1] == "\n":  # a removed entry's blank lines go too
            end += 1
        new_text = new_text[: block.start] + entry + new_text[end:]
    if replacements or added:
        new_text = new_text.rstrip("\n") + "\n"
    if added:
        new_text = new_text.rstrip("\n") + "\n\n" + "\n\n".join(added) + "\n"
    if any(counts.values()) or text is None:
        summary = ", ".join(f"{count} {what}" for what, count in counts.items() if count) or "no entry"
        outcome.report.append(f"{name}: {summary}")
    outcome.files[name] = new_text


def local_records(root: Path, exclude: set[str]) -> list[Record]:
    """The researcher's entries: every .bib in papers/ but those sync is about to write."""
    paths = [path for path in sorted((root / "papers").glob("*.bib")) if path.relative_to(root).as_posix() not in exclude]
    entries, _ = load_bibliography(paths, root)  # problems are the build's to report
    return [
        Record(entry.key, entry.entry_type, dict(entry.fields), f"{entry.path}:{entry.line}", entry.line, mine=True)
        for entry in entries
        if not entry.duplicate and not entry.unreadable
    ]


def _owned_text(root: Path, name: str, state: State) -> str | None:
    path = root / name
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    if MARK not in text.split("\n", 1)[0] and not state.entries.get(name):
        raise ImportFailed(
            f"{name} is yours (sync did not write it): rename it, e.g. to papers/{Path(name).stem}-export.bib, and run again; "
            "the papers in it are recognised and not added twice"
        )
    return text


def _blocks(text: str, name: str) -> dict[str, Block]:
    library = bibtexparser.parse_string(text)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    blocks: dict[str, Block] = {}
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            raise ImportFailed(f"{name}:{block.start_line + 1}: this entry cannot be read; mend it before syncing")
        if isinstance(block, Entry):
            start = text.index(block.raw, starts[block.start_line])
            blocks[block.key] = Block(block.key, block.start_line + 1, start, start + len(block.raw), block.raw)
    return blocks


def _header(sources: list[Source]) -> str:
    names = " and ".join(source.label for source in sources)
    return (
        f"% This file is {MARK} from {names}.\n"
        "% Say more about a paper in papers/<its slug>.yml (code, slides, award, arxiv, ...), not here:\n"
        "% an entry edited here is left as it is, but a sync that would change it stops and says so;\n"
        "% an entry deleted here stays deleted. papers/sync.json remembers what sync wrote.\n"
    )


def _with_eprint(paper: Record, preprint: Record) -> str:
    """The paper keeps its preprint's arXiv id, as `eprint` (its arXiv link on the site)."""
    if paper.arxiv or not preprint.arxiv:
        return f"{paper.key}"
    paper.fields["eprinttype"] = "arXiv"
    paper.fields["eprint"] = preprint.arxiv
    return f"{paper.key} with eprint {preprint.arxiv}"


def _title(record: Record) -> str:
    title = " ".join(plain_text(decode_latex(record.fields.get("title", ""))).split())
    return f"{title} ({record.year})" if record.year else title


def run(root: Path, sources: list[Source], keep=(), take=(), out=sys.stdout, err=None) -> int:
    """Fetch `sources`, then write their files and the state all at once, or nothing: 0 done
    (or nothing new), 1 a source failed or an entry edited by hand would change."""
    root = root.resolve()
    err = err or sys.stderr
    try:
        state = State.load(root)
        network = _network(root)
        taken = {record.key.lower() for record in local_records(root, {source.file for source in sources})}
        fetched = {source: source.fetch(network, taken) for source in sources}
        outcome = plan(root, sources, fetched, state, frozenset(keep), frozenset(take))
    except ImportFailed as failure:
        print(f"researchsite: {failure}", file=err)
        return 1
    if outcome.conflicts:
        for conflict in outcome.conflicts:
            print(conflict, file=err)
        print(f"researchsite: nothing was written: {len(outcome.conflicts)} entr{'y' if len(outcome.conflicts) == 1 else 'ies'} edited by hand would change", file=err)
        return 1
    with Staging(root) as staging:
        for name, text in outcome.files.items():
            staging.write(name, text)
        staging.write(STATE, outcome.state.text())
        written = staging.commit()
    names = ", ".join(source.label for source in sources)
    if not written.created and not written.changed:
        print(f"Nothing new from {names}.", file=out)
        return 0
    for line in outcome.report:
        print(line, file=out)
    return 0


def _network(root: Path) -> Network:
    """Who is asking: the site's address and the owner's e-mail, as polite clients say."""
    site = _site(root)
    mkdocs = root / "mkdocs.yml"
    found = re.search(r"^site_url:\s*['\"]?([^'\"\s]+)", mkdocs.read_text(encoding="utf-8"), re.MULTILINE) if mkdocs.is_file() else None
    return Network.from_environment(mailto=(site.get("owner") or {}).get("email"), contact=found.group(1) if found else None)


def _site(root: Path) -> dict:
    path = root / "site_config" / "site.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ImportFailed(f"site_config/site.yml:{mark.line + 1 if mark else ''}: not valid YAML; `researchsite check` says more") from None
    return data if isinstance(data, dict) else {}


def site_sources(root: Path) -> list[Source]:
    """The owner's DBLP pid and ORCID iD in site_config/site.yml, checked."""
    owner = _site(root).get("owner") or {}
    found = []
    if owner.get("dblp"):
        found.append(Source("dblp", dblp.pid(str(owner["dblp"]))))
    if owner.get("orcid"):
        found.append(Source("orcid", orcid.orcid_id(str(owner["orcid"]))))
    return found


def sync_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="researchsite sync",
        description="Bring in the new papers of the sources the site records (site.yml's dblp and orcid, earlier imports), "
        "then refresh the citation counts when site.yml asks for them.",
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's folder (default: here)")
    parser.add_argument("--keep", action="append", default=[], metavar="KEY", help="keep your edit of this entry, though its source changed it")
    parser.add_argument("--take", action="append", default=[], metavar="KEY", help="replace your edit of this entry by its source's version")
    parser.add_argument("--summary", type=Path, metavar="FILE", help="also write what was done as Markdown (a CI job's summary, a pull request's text)")
    args = parser.parse_args(argv)
    out = _Echo(sys.stdout)
    err = _Echo(sys.stderr, out.lines)
    status = _sync(args, out, err)
    if args.summary:
        args.summary.write_text(summary_markdown(out.lines, status), encoding="utf-8")
    return status


NOTHING_TO_SYNC = "Nothing to sync"


def _sync(args, out, err) -> int:
    try:
        sources = list(dict.fromkeys(site_sources(args.root) + State.load(args.root.resolve()).sources))
        counts = _site(args.root.resolve()).get("citation_counts") is not None
    except ImportFailed as failure:
        print(f"researchsite: {failure}", file=err)
        return 1
    if not sources and not counts:
        # Not a failure: a new site has nothing to fetch yet, and a weekly job must not fail for it.
        print(f"{NOTHING_TO_SYNC}: this site names no source of papers and asks for no citation counts. "
              "Add `dblp:` (your pid) or `orcid:` under `owner:` in site_config/site.yml, import once with "
              "`researchsite import dblp|orcid|bibtex ...`, or add `citation_counts:` to site.yml.", file=out)
        return 0
    status = run(args.root, sources, keep=args.keep, take=args.take, out=out, err=err) if sources else 0
    if counts and status == 0:
        from .metrics import run as refresh_counts  # here: it imports this module, and the whole project's loading

        # Counts that could not be read are said, and kept as they were; they never hold back
        # the new papers (a service down for a week is not the researcher's to mend).
        if refresh_counts(args.root, out=out, err=err) != 0:
            print("researchsite: the citation counts stay as they were", file=err)
    return status


class _Echo:
    """A stream printed as usual and also remembered line by line, for the summary."""

    def __init__(self, stream, lines: list[str] | None = None):
        self.stream = stream
        self.lines = lines if lines is not None else []
        self._open = ""

    def write(self, text: str) -> int:
        self.stream.write(text)
        *done, self._open = (self._open + text).split("\n")
        self.lines.extend(done)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()


def summary_markdown(lines: list[str], status: int) -> str:
    """What a sync did, for a person reading a CI run or its pull request."""
    if lines and lines[0].startswith(NOTHING_TO_SYNC):
        why = lines[0].removeprefix(f"{NOTHING_TO_SYNC}: ")
        return f"### {NOTHING_TO_SYNC}\n\n{why[:1].upper()}{why[1:]}\n"
    if status == 0:
        head = ("New papers and refreshed citation counts, found by `researchsite sync`. Check them, add what BibTeX "
                "cannot say in `papers/<slug>.yml`, and merge.")
    else:
        head = "`researchsite sync` stopped, and proposes nothing. Its report says why, and how to settle it."
    fence = "~~~~"  # the report may hold backticks, never a line of four tildes
    return f"{head}\n\n{fence}\n" + "\n".join(lines) + f"\n{fence}\n"

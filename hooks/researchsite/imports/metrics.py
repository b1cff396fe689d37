"""`researchsite metrics`: each paper's citation count, read from OpenAlex, Crossref and Semantic
Scholar (those site.yml's `citation_counts:` names) into papers/metrics.json, which the build shows.

A paper is looked for by its DOI, else its arXiv id, else its title and year. A service that has
no such paper says so in the file; a lookup that fails keeps the last good count, with its day.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable
from urllib.parse import quote, urlencode

from ..load.latex import plain_text
from ..load.metrics import parse_metrics
from ..project import load_project
from ..structure.metrics import COUNT_SOURCES, METRICS_FILE, Count, Failure, Metrics
from ..structure.problems import ProblemsFound
from .fetch import ImportFailed, Network, Unreachable, base_url, get
from .records import normalised_title
from .staging import Staging
from .sync import _network  # who is asking: the site and its owner, as for the imports

ABOUT = (
    "Written by `researchsite metrics` (and `researchsite sync`): per paper, per service, the citation count, the day it "
    "was read and the matched record's id; count null: the service has no such paper; failed: the latest lookup failed and "
    "the count is the last good one. The build reads only this file. Schema: metrics.schema.json in researchsite's schemas/."
)


@dataclass(frozen=True)
class Wanted:
    """A paper, as the services are asked about it."""

    key: str
    doi: str | None
    arxiv: str | None
    title: str  # plain text
    year: int | None


@dataclass(frozen=True)
class Found:
    count: int
    id: str
    by: str  # doi, arxiv or title


# --- The services: each finds one paper (None: it has none such), or raises ImportFailed ------


def _answer(url: str, network: Network, **options) -> dict | list | None:
    """The JSON at `url`; None for a 404 (the service has no such record)."""
    answer = get(url, network, accept="application/json", answered=(404,), **options)
    if answer.status_code == 404:
        return None
    try:
        return answer.json()
    except ValueError:
        raise ImportFailed(f"{url}: the answer is not JSON") from None


def _number(record: dict, name: str, url: str) -> int:
    value = record.get(name) if isinstance(record, dict) else None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ImportFailed(f"{url}: the answer has no {name}")
    return value


def _polite(network: Network, **query) -> str:
    """The query, with the researcher's address where the service asks for it (its polite pool)."""
    return urlencode(query | ({"mailto": network.mailto} if network.mailto else {}))


def _arxiv_doi(arxiv: str) -> str:
    # arXiv registers a DOI (with DataCite) for every paper: how OpenAlex knows a preprint.
    return f"10.48550/arxiv.{arxiv}"


def openalex(paper: Wanted, network: Network) -> Found | None:
    base = base_url("openalex", COUNT_SOURCES["openalex"].base_url)
    select = "id,doi,display_name,publication_year,cited_by_count"
    for by, doi in (("doi", paper.doi), ("arxiv", paper.arxiv and _arxiv_doi(paper.arxiv))):
        if doi:
            url = f"{base}/works/doi:{quote(doi, safe='/')}?{_polite(network, select=select)}"
            if (work := _answer(url, network)) is not None:
                return Found(_number(work, "cited_by_count", url), _openalex_id(work, url), by)
    if paper.title and paper.year:
        words = " ".join("".join(c if c.isalnum() else " " for c in paper.title).split())  # `,` and `:` are filter syntax
        query = _polite(network, filter=f"title.search:{words},publication_year:{paper.year}", select=select, **{"per-page": 10})
        url = f"{base}/works?{query}"
        listed = _answer(url, network)
        results = listed.get("results") if isinstance(listed, dict) else None
        if not isinstance(results, list):
            raise ImportFailed(f"{url}: the answer has no results")
        for work in results:
            if isinstance(work, dict) and normalised_title(str(work.get("display_name") or "")) == normalised_title(paper.title):
                return Found(_number(work, "cited_by_count", url), _openalex_id(work, url), "title")
    return None


def _openalex_id(work: dict, url: str) -> str:
    found = str(work.get("id") or "").rsplit("/", 1)[-1]  # https://openalex.org/W2741809807
    if not found.startswith("W"):
        raise ImportFailed(f"{url}: the answer has no work id")
    return found


def crossref(paper: Wanted, network: Network) -> Found | None:
    """Crossref counts the citations of the DOIs it registers, and knows papers by DOI only."""
    if not paper.doi:
        return None
    base = base_url("crossref", COUNT_SOURCES["crossref"].base_url)
    url = f"{base}/works/{quote(paper.doi, safe='/')}" + (f"?{_polite(network)}" if network.mailto else "")
    answer = _answer(url, network)
    if answer is None:
        return None
    work = answer.get("message") if isinstance(answer, dict) else None
    return Found(_number(work, "is-referenced-by-count", url), str(work.get("DOI") or paper.doi).lower(), "doi")


S2_FIELDS = "title,year,citationCount,externalIds"
S2_BATCH = 500  # the batch endpoint's limit of ids a request


def semantic_scholar_batch(papers: list[Wanted], network: Network) -> dict[str, Found | None | ImportFailed]:
    """Semantic Scholar's count of each paper: one request for every 500 DOIs (then arXiv ids),
    as its documentation asks of clients; a title alone is matched one paper at a time."""
    base = f"{base_url('semantic_scholar', COUNT_SOURCES['semantic_scholar'].base_url)}/graph/v1/paper"
    headers = _s2_key()
    outcome: dict[str, Found | None | ImportFailed] = {}
    for by, prefix in (("doi", "DOI"), ("arxiv", "ARXIV")):
        asked = [paper for paper in papers if paper.key not in outcome and getattr(paper, by)]
        for start in range(0, len(asked), S2_BATCH):
            chunk = asked[start : start + S2_BATCH]
            url = f"{base}/batch?fields={S2_FIELDS}"
            try:
                answer = _answer(url, network, json={"ids": [f"{prefix}:{getattr(paper, by)}" for paper in chunk]}, headers=headers)
                if not isinstance(answer, list) or len(answer) != len(chunk):
                    raise ImportFailed(f"{url}: the answer is not one record (or null) per id asked")
            except Unreachable:
                raise
            except ImportFailed as failure:
                outcome.update((paper.key, failure) for paper in chunk)
                continue
            for paper, record in zip(chunk, answer):
                if record is not None:
                    try:
                        outcome[paper.key] = _s2_found(record, url, by)
                    except ImportFailed as failure:
                        outcome[paper.key] = failure
    for paper in papers:
        if paper.key in outcome or not (paper.title and paper.year):
            continue
        url = f"{base}/search/match?{urlencode({'query': paper.title, 'year': paper.year, 'fields': S2_FIELDS})}"
        try:
            listed = _answer(url, network, headers=headers)  # 404: "Title match not found"
            data = listed.get("data") if isinstance(listed, dict) else None
            match = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else None
            if match and normalised_title(str(match.get("title") or "")) == normalised_title(paper.title):
                outcome[paper.key] = _s2_found(match, url, "title")
        except Unreachable:
            raise
        except ImportFailed as failure:
            outcome[paper.key] = failure
    return {paper.key: outcome.get(paper.key) for paper in papers}


def _s2_found(record: dict, url: str, by: str) -> Found:
    count = _number(record, "citationCount", url)
    if not record.get("paperId"):
        raise ImportFailed(f"{url}: the answer has no paperId")
    return Found(count, str(record["paperId"]), by)


def _s2_key() -> dict[str, str]:
    """Semantic Scholar's own API key, for a site that has one (it lifts the shared rate limit)."""
    key = os.environ.get("RESEARCHSITE_SEMANTIC_SCHOLAR_KEY")
    return {"x-api-key": key} if key else {}


def _one_by_one(lookup: Callable[[Wanted, Network], Found | None]):
    def batch(papers: list[Wanted], network: Network) -> dict[str, Found | None | ImportFailed]:
        outcome: dict[str, Found | None | ImportFailed] = {}
        for paper in papers:
            try:
                outcome[paper.key] = lookup(paper, network)
            except Unreachable:
                raise
            except ImportFailed as failure:
                outcome[paper.key] = failure
        return outcome

    return batch


# Each service's lookup of many papers: a paper's Found, None (no such paper), or why it failed.
LOOKUPS = {
    "openalex": _one_by_one(openalex),
    "crossref": _one_by_one(crossref),
    "semantic_scholar": semantic_scholar_batch,
}


# --- The file ------------------------------------------------------------------------------


def refresh(papers: list[Wanted], sources: tuple[str, ...], before: Metrics, network: Network, today: date) -> tuple[Metrics, list[str], int]:
    """The counts after asking each service of `sources` about `papers`, the report's lines, and
    how many lookups failed. A failed lookup keeps the count it had (or none), marked failed."""
    after = Metrics({paper.key: {} for paper in papers})
    report: list[str] = []
    failures = 0
    for source in sources:
        label = COUNT_SOURCES[source].label
        try:
            outcome = LOOKUPS[source](papers, network)
        except Unreachable as down:  # no use asking it of every paper: each keeps what it had
            outcome = {paper.key: down for paper in papers}
            report.append(f"{label}: {down}; every paper keeps its last count")
        found = absent = failed = 0
        for paper in papers:
            result, old = outcome[paper.key], before.count(paper.key, source)
            if isinstance(result, ImportFailed):
                failed += 1
                kept = replace(old, failed=Failure(today, str(result))) if old else Count(source, None, None, failed=Failure(today, str(result)))
                after.papers[paper.key][source] = kept
                if not isinstance(result, Unreachable):  # a service down was said once, above
                    was = f"kept {old.count} from {old.read.isoformat()}" if old and old.found else "no count yet"
                    report.append(f"{label}: {paper.key}: lookup failed ({result}); {was}")
            elif result is None:
                absent += 1
                after.papers[paper.key][source] = Count(source, None, today)
                if not (old and not old.found):
                    report.append(f"{label}: {paper.key}: not found ({_asked(paper, source)})")
            else:
                found += 1
                after.papers[paper.key][source] = Count(source, result.count, today, result.id, result.by)
                if not old or old.count != result.count:
                    change = f"was {old.count}" if old and old.found else "new"
                    report.append(f"{label}: {paper.key}: {result.count} ({change}; {result.by} match, {result.id})")
        failures += failed
        report.append(f"{label}: {found} found, {absent} not found" + (f", {failed} failed" if failed else ""))
    return after, report, failures


def _asked(paper: Wanted, source: str) -> str:
    if source == "crossref":
        return f"DOI {paper.doi}" if paper.doi else "no DOI: Crossref knows papers by DOI only"
    asked = [f"DOI {paper.doi}"] if paper.doi else []
    asked += [f"arXiv {paper.arxiv}"] if paper.arxiv else []
    asked += [f"title and year {paper.year}"] if paper.title and paper.year else []
    return "looked for by " + (", ".join(asked) or "nothing: no DOI, arXiv id or year")


def metrics_text(metrics: Metrics) -> str:
    """JSON, one line per paper and service: a pull request shows which counts changed."""
    papers = []
    for key in sorted(metrics.papers):
        counts = metrics.papers[key]
        lines = ",\n".join(f"   {json.dumps(source)}: {json.dumps(_entry(counts[source]), ensure_ascii=False)}" for source in COUNT_SOURCES if source in counts)
        papers.append(f"  {json.dumps(key)}: {{\n{lines}\n  }}" if lines else f"  {json.dumps(key)}: {{}}")
    body = ",\n".join(papers)
    return f'{{\n "about": {json.dumps(ABOUT)},\n "papers": {{\n{body}\n }}\n}}\n' if papers else f'{{\n "about": {json.dumps(ABOUT)},\n "papers": {{}}\n}}\n'


def _entry(count: Count) -> dict:
    entry = {"count": count.count, "read": count.read.isoformat() if count.read else None, "id": count.id, "by": count.by}
    if count.failed:
        entry["failed"] = {"on": count.failed.on.isoformat(), "error": count.failed.error}
    return entry


def wanted(project) -> list[Wanted]:
    return [
        Wanted(paper.key, paper.doi, paper.arxiv, " ".join(plain_text(paper.title).split()), paper.year)
        for paper in project.publications.papers
    ]


def run(root: Path, out=sys.stdout, err=sys.stderr, today: date | None = None) -> int:
    """Refresh papers/metrics.json: 0 done (some lookups may have failed: said, counts kept),
    1 the site cannot be read, counts are off, or every lookup failed (then nothing is written)."""
    root = root.resolve()
    try:
        project = load_project(root)
    except ProblemsFound as problems:
        print(problems.report(), file=err)
        print("researchsite: the counts were not read: mend the site first", file=err)
        return 1
    settings = project.config.citation_counts
    if settings is None:
        print("researchsite: citation counts are off: add `citation_counts:` to site_config/site.yml (see the README)", file=err)
        return 1
    try:
        network = _network(root)
    except ImportFailed as failure:
        print(f"researchsite: {failure}", file=err)
        return 1
    path = root / METRICS_FILE
    before, problems = parse_metrics(path.read_text(encoding="utf-8")) if path.is_file() else (Metrics(), [])
    if problems:  # the counts that cannot be read are read again
        print(f"researchsite: {len(problems)} problem{'s' if len(problems) > 1 else ''} in {METRICS_FILE} ({problems[0]}); what it cannot say is read again", file=err)
    papers = wanted(project)
    after, report, failures = refresh(papers, settings.sources, before, network, today or date.today())
    for line in report:
        print(line, file=out)
    if papers and failures == len(papers) * len(settings.sources):
        print(f"researchsite: every lookup failed; {METRICS_FILE} is left as it was", file=err)
        return 1
    with Staging(root) as staging:
        staging.write(METRICS_FILE, metrics_text(after))
        written = staging.commit()
    changed = written.created or written.changed
    print(f"{METRICS_FILE}: {len(papers)} paper{'s' if len(papers) != 1 else ''}" + ("" if changed else ", unchanged"), file=out)
    return 0


def metrics_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="researchsite metrics",
        description="Read each paper's citation count from the services site.yml's citation_counts names into papers/metrics.json.",
    )
    parser.add_argument("--root", type=Path, default=Path("."), help="the site's folder (default: here)")
    args = parser.parse_args(argv)
    return run(args.root)

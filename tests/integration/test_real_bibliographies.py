"""Real bibliographies from researchers' and labs' public sites (see fixtures/bibliographies/
PROVENANCE.md), each dropped into a new site and built by the real mkdocs.

Only true errors stop a build; every entry becomes a page or is named by a problem; and a
sample of titles, names, years and venues, read off the raw files by a person
(fixtures/bibliographies/expected.yml), is what the pages show.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import run_cli, run_mkdocs, site_skeleton  # noqa: E402
from sitecheck import broken_links, parse, text  # noqa: E402

from researchsite.structure.paper import names_year  # noqa: E402

FIXTURES = Path(__file__).parents[1] / "fixtures" / "bibliographies"
ENTRY = re.compile(r"^\s*@(?!string\b|comment\b|preamble\b)\w+\s*[{(]", re.IGNORECASE | re.MULTILINE)
EXPECTED = yaml.safe_load((FIXTURES / "expected.yml").read_text(encoding="utf-8"))

# The errors each file really has; every other file builds. (noman-bashir's site uses two keys
# twice, each time for two different papers: which one a link means is ambiguous.)
ERRORS = {
    "alfolio_noman-bashir.bib": [
        r"papers/alfolio_noman-bashir\.bib:156: duplicate key 'DBLP:confs/sigmetrics24/limitations' \(first defined at papers/alfolio_noman-bashir\.bib:139; rename one\)",
        r"papers/alfolio_noman-bashir\.bib:427: duplicate key '\S+' \(first defined at papers/alfolio_noman-bashir\.bib:410; rename one\)",
    ],
}


def bibliographies() -> list[Path]:
    return sorted(FIXTURES.glob("*.bib"))


def with_keys_renamed(text: str) -> str:
    """The file as its owner fixes it after the duplicate-key errors: later uses renamed."""
    seen: set[str] = set()

    def rename(match: re.Match) -> str:
        key = match.group(2)
        if key not in seen:
            seen.add(key)
            return match.group(0)
        return f"{match.group(1)}{key}-b,"

    return re.sub(r"(@\w+\s*\{\s*)([^,\s]+)\s*,", rename, text)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each file built once into its own site: (project, site, mkdocs result). `fixed=True`
    builds it with its errors fixed, as its owner would."""
    cache: dict[tuple, tuple] = {}

    def build(bib: Path, fixed: bool = False):
        if (bib.name, fixed) not in cache:
            base = tmp_path_factory.mktemp(bib.stem)
            project = site_skeleton(base / "project")
            if fixed:
                (project / "papers" / bib.name).write_text(with_keys_renamed(bib.read_text(encoding="utf-8")), encoding="utf-8")
            else:
                shutil.copy(bib, project / "papers" / bib.name)
            cache[bib.name, fixed] = project, base / "site", run_mkdocs(project, base / "site")
        return cache[bib.name, fixed]

    return build


@pytest.mark.parametrize("bib", bibliographies(), ids=lambda path: path.name)
def test_only_true_errors_stop_the_build_and_every_entry_has_a_page(bib, built):
    project, site, result = built(bib)
    assert "Traceback" not in result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith(("papers/", "  papers/"))]
    for line in problems:  # every problem is located in the file
        assert re.match(rf"\s*papers/{re.escape(bib.name)}:\d+: \S", line), line
    if bib.name in ERRORS:
        assert result.returncode == 1
        errors = [line.strip() for line in problems if ": warning: " not in line]
        assert len(errors) == len(ERRORS[bib.name]), errors
        for pattern, line in zip(ERRORS[bib.name], errors):
            assert re.fullmatch(pattern, line), line
        project, site, result = built(bib, fixed=True)  # and once they are fixed, it builds whole
    assert result.returncode == 0, result.stderr
    assert result.returncode == 0, result.stderr
    summary = run_cli(project, "check").stdout
    held = sum(int(n) for n in re.findall(r"(\d+) (?:proceedings|@set)", summary))
    entries = len(ENTRY.findall(bib.read_text(encoding="utf-8-sig")))
    pages = list((site / "publications").glob("*/index.html"))
    assert len(pages) == entries - held, summary
    assert broken_links(site, base_path="/tom.barbette/") == []


def expected_ids(sample: dict) -> str:
    return f"{sample['file']}:{sample['key']}"


@pytest.mark.parametrize("sample", EXPECTED, ids=expected_ids)
def test_a_hand_checked_sample_reads_right(sample, built):
    project, site, result = built(FIXTURES / sample["file"], fixed=sample["file"] in ERRORS)
    assert result.returncode == 0, result.stderr
    listing = parse(site / "publications" / "index.html")
    slug = re.sub(r"[^a-z0-9._-]+", "-", sample["key"].lower()).strip("-.")
    items = [li for li in listing.iter("li") if li.get("id") == slug]
    if not items:  # a proceedings volume only reached through crossref: its papers show it
        summary = run_cli(project, "check").stdout
        assert "used only through crossref" in summary
        children = [li for li in listing.iter("li") if sample["title"] in text(li)]
        assert children, sample
        return
    [item] = items
    page = parse(site / "publications" / slug / "index.html")
    heading = _plain(text(page.find(".//h1")))
    if "title" in sample and sample["title"] and "$" not in sample["title"]:  # math is MathML on the page
        assert heading == _plain(sample["title"])
        assert _plain(text(item.find(".//span[@class='rs-paper__title']"))).startswith(_plain(sample["title"]))
    if "title" in sample and not sample["title"]:
        assert heading.startswith("Untitled ")  # never an empty link
    if "authors" in sample:
        shown = _plain(text(page.find(".//p[@class='rs-paper__authors']"))) if sample["authors"] else ""
        expected = ", ".join(_plain(name) for name in sample["authors"])
        if sample.get("editors_only"):
            expected += " (eds.)" if len(sample["authors"]) > 1 else " (ed.)"
        assert shown.split("; translated by")[0] == expected
    venue = _plain(text(page.find(".//p[@class='rs-paper__venue']")))
    if sample.get("venue") and "$" not in sample["venue"]:
        assert _plain(sample["venue"]) in venue
    if sample.get("year"):
        year = str(sample["year"])
        if year.isdigit() and names_year(sample.get("venue"), int(year)):  # "SPLASH'12": the venue says it, once
            assert not venue.endswith(f", {year}")
        else:
            assert year in venue


def _plain(value: str) -> str:
    return " ".join(value.replace("\u00a0", " ").split())

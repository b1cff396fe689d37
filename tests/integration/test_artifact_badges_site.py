"""Artifact-evaluation badges are drawn inline: each one an SVG named in full, nothing fetched."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import run_mkdocs  # noqa: E402
from sitecheck import parse  # noqa: E402
from test_html_valid import validator  # noqa: E402

from researchsite.structure.paper import BADGE_BODIES

BIB = """@inproceedings{acm2023,
  title = {Every ACM Badge},
  author = {Barbette, Tom},
  booktitle = {Proceedings of Something},
  year = 2023,
}

@inproceedings{usenix2023,
  title = {Every USENIX Badge},
  author = {Barbette, Tom},
  booktitle = {Proceedings of Something Else},
  year = 2023,
}
"""

ACM_PAGE = "https://www.acm.org/publications/policies/artifact-review-and-badging-current"
EXPECTED = {
    "acm2023": [
        "ACM badge: Artifacts Available",
        "ACM badge: Artifacts Evaluated — Functional",
        "ACM badge: Artifacts Evaluated — Reusable",
        "ACM badge: Results Reproduced",
        "ACM badge: Results Replicated",
    ],
    "usenix2023": [
        "USENIX badge: Artifacts Available",
        "USENIX badge: Artifacts Functional",
        "USENIX badge: Results Reproduced",
    ],
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from conftest import site_skeleton

    project = site_skeleton(tmp_path_factory.mktemp("badges") / "project")
    (project / "papers" / "badges.bib").write_text(BIB)
    for key, body in (("acm2023", "acm"), ("usenix2023", "usenix")):
        names = ", ".join(BADGE_BODIES[body].kinds)
        (project / "papers" / f"{key}.yml").write_text(f"selected: true\nbadges:\n  {body}: [{names}]\n")
    out = project / "site"
    result = run_mkdocs(project, out)
    assert result.returncode == 0, result.stderr
    return out


def badges(tree) -> list:
    return [element for element in tree.iter() if "rs-ae-badge" in (element.get("class") or "").split()]


def tag(element) -> str:
    return element.tag.split("}")[-1]  # html5lib puts SVG elements in the SVG namespace


@pytest.mark.parametrize("page", ["publications/index.html", "index.html", "publications/{key}/index.html"])
@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_each_badge_is_an_svg_named_in_full(site, page, key):
    tree = parse(site / page.format(key=key))
    found = []
    for badge in badges(tree):
        [svg] = [element for element in badge.iter() if tag(element) == "svg"]
        assert svg.get("role") == "img"
        [title] = [element for element in svg.iter() if tag(element) == "title"]
        assert title.text == svg.get("aria-label")
        found.append(svg.get("aria-label"))
        # A plain link to what the badge means, ACM's only: no stable USENIX page is known.
        assert badge.get("href") == (ACM_PAGE if svg.get("aria-label").startswith("ACM") else None)
        assert badge.tag == ("a" if badge.get("href") else "span")
        size = "large" if "{key}" in page else "small"
        assert f"rs-ae-badge--{size}" in badge.get("class").split()
    expected = EXPECTED[key] if "{key}" in page else EXPECTED["acm2023"] + EXPECTED["usenix2023"]
    assert sorted(found) == sorted(expected)


def test_the_paper_page_captions_each_badge_with_its_name(site):
    tree = parse(site / "publications" / "acm2023" / "index.html")
    captions = [" ".join("".join(e.itertext()).split()) for e in tree.iter() if e.get("class") == "rs-ae-badge__caption"]
    assert captions[:2] == ["ACM Artifacts Available", "ACM Artifacts Evaluated — Functional"]


def test_nothing_is_fetched_and_no_id_can_collide(site):
    for page in ("publications/index.html", "publications/acm2023/index.html", "publications/usenix2023/index.html"):
        tree = parse(site / page)
        assert badges(tree)
        for badge in badges(tree):
            for element in badge.iter():
                assert tag(element) not in ("img", "image", "use", "foreignObject", "style", "script"), page
                attributes = {name.split("}")[-1]: value for name, value in element.attrib.items()}
                assert "id" not in attributes, page
                assert "src" not in attributes and "url(" not in " ".join(attributes.values()), page
                if element is not badge:
                    assert "href" not in attributes, page


def test_the_pages_with_badges_are_valid_html(site):
    command = validator()
    pages = [str(site / "publications" / "index.html"), str(site / "index.html")]
    pages += [str(site / "publications" / key / "index.html") for key in EXPECTED]
    checked = subprocess.run([*command, *pages], capture_output=True, text=True, timeout=600)
    errors = [m for m in json.loads(checked.stderr)["messages"] if m["type"] == "error"]
    assert errors == [], "\n".join(f"{Path(m['url']).parent.name}: {m['message']}" for m in errors)

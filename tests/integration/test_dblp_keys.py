"""DBLP's keys hold ':' and '/', which can be neither a page path nor a file name as they are."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import run_mkdocs  # noqa: E402
from sitecheck import broken_links, parse  # noqa: E402

DBLP = """@inproceedings{DBLP:conf/nsdi/GhasemirahniBKF22,
  author    = {Hamid Ghasemirahni and Tom Barbette},
  title     = {Packet Order Matters!},
  booktitle = {19th {USENIX} Symposium on Networked Systems Design and Implementation, {NSDI} 2022},
  year      = {2022},
}
@article{DBLP:journals/ton/Example22,
  author  = {Tom Barbette},
  title   = {A Journal Version},
  journal = {IEEE/ACM Transactions on Networking},
  year    = {2022},
}
"""


def test_dblp_keys_get_flat_pages_and_their_yaml_is_named_by_slug(new_site, tmp_path):
    project = new_site()
    (project / "papers" / "dblp.bib").write_text(DBLP)
    (project / "papers" / "dblp-journals-ton-example22.yml").write_text(
        "extends: DBLP:conf/nsdi/GhasemirahniBKF22\nselected: true\n"
    )
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out"
    conference = site / "publications" / "dblp-conf-nsdi-ghasemirahnibkf22" / "index.html"
    assert conference.is_file()
    hrefs = [a.get("href") for a in parse(conference).iter("a")]
    assert "../dblp-journals-ton-example22/" in hrefs  # "Extended in", derived from the YAML
    assert (site / "publications" / "dblp-conf-nsdi-ghasemirahnibkf22" / "dblp-conf-nsdi-ghasemirahnibkf22.bib").is_file()
    assert broken_links(site, base_path="/tom.barbette/") == []


def test_two_keys_that_would_share_a_page_are_reported(new_site, tmp_path):
    project = new_site()
    (project / "papers" / "a.bib").write_text(
        "@misc{Foo:1, title = {A}, year = 2020}\n@misc{foo/1, title = {B}, year = 2021}\n"
    )
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 1
    assert "papers/a.bib:2: key 'foo/1' and 'Foo:1' (papers/a.bib:1) would share the page publications/foo-1/" in result.stderr

"""`researchsite init`: what it checks in the identity, how it names researchsite for CI, and
that this repository's example is exactly what it writes (so the two cannot drift apart)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from researchsite import init
from researchsite.init import Identity, check_identity, render
from researchsite.workflows import workflow_files

REPO = Path(__file__).resolve().parents[2]


def test_the_examples_mkdocs_yml_is_what_init_writes_for_its_researcher():
    """The six places of mkdocs.yml that name the researcher come from one template."""
    site = yaml.safe_load((REPO / "site_config" / "site.yml").read_text())
    values = {"name": site["owner"]["name"], "url": "https://perso.uclouvain.be/tom.barbette/", "description": site["description"]}
    assert (REPO / "mkdocs.yml").read_text() == render("mkdocs.yml.j2", values), (
        "mkdocs.yml and templates/site/mkdocs.yml.j2 differ: change both"
    )


def test_the_examples_hooks_file_and_workflows_are_the_packages():
    assert (REPO / init.HOOKS_FILE).read_text() == init.hooks_file()
    for path, text in workflow_files().items():
        assert (REPO / path).read_text() == text, f"{path} differs from the package's: researchsite workflows"


@pytest.mark.parametrize(
    "identity, error",
    [
        (Identity(" ", "https://a.example/"), "--name is empty"),
        (Identity("Ada", "ada.example.org"), "--url 'ada.example.org' is not a web address"),
        (Identity("Ada", "ftp://ada.example.org/"), "is not a web address"),
        (Identity("Ada", "https://a.example/", profile={"orcid": "0000-0002-1825-0098"}), "--orcid '0000-0002-1825-0098' is not an ORCID iD"),
        (Identity("Ada", "https://a.example/", profile={"orcid": "0000-0002-1825"}), "is not an ORCID iD"),
    ],
)
def test_an_unusable_identity_is_refused_with_the_option_named(identity, error):
    errors = check_identity(identity)
    assert len(errors) == 1 and error in errors[0]


def test_valid_orcids_pass_including_the_x_check_digit():
    for orcid in ("0000-0002-1825-0097", "0000-0002-1694-233X", "https://orcid.org/0000-0001-5109-3700"):
        assert check_identity(Identity("Ada", "https://a.example/", profile={"orcid": orcid})) == []


@pytest.mark.parametrize(
    "identity, sentence",
    [
        (Identity("Ada", "u", "Assistant Professor", "UCLouvain"), "I am an Assistant Professor at UCLouvain."),
        (Identity("Ada", "u", "Lecturer"), "I am a Lecturer."),
        (Identity("Ada", "u", affiliation="KTH"), "I work at KTH."),
        (Identity("Ada Lovelace", "u"), "I am Ada Lovelace."),
    ],
)
def test_the_home_pages_first_sentence_says_only_what_was_given(identity, sentence):
    assert identity.about == sentence


class _Installed:
    def __init__(self, record: dict | None):
        self.record, self.version = record, "0.3.1"

    def read_text(self, name: str):
        return json.dumps(self.record) if self.record is not None else None


@pytest.mark.parametrize(
    "record, requirement, warned",
    [
        (None, "researchsite==0.3.1", False),  # from a package index
        ({"url": "https://github.com/ada/researchsite", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
         "researchsite @ git+https://github.com/ada/researchsite@abc123", False),
        ({"url": "file:///nowhere/researchsite", "dir_info": {"editable": True}}, "researchsite @ file:///nowhere/researchsite", True),
    ],
)
def test_requirements_name_researchsite_as_ci_can_install_it(monkeypatch, record, requirement, warned):
    monkeypatch.setattr(init.metadata, "distribution", lambda name: _Installed(record))
    found, warning = init.installed_requirement()
    assert found == requirement
    assert (warning is not None) == warned
    if warned:
        assert "CI cannot reach" in warning


def test_a_local_checkout_with_a_public_remote_is_named_by_its_remote_and_commit(monkeypatch, tmp_path):
    monkeypatch.setattr(init.metadata, "distribution", lambda name: _Installed({"url": f"file://{tmp_path}", "dir_info": {}}))
    answers = {("remote", "get-url", "origin"): "git@github.com:ada/researchsite.git", ("rev-parse", "HEAD"): "f00d"}
    monkeypatch.setattr(init, "_git", lambda folder, *args: answers[args])
    assert init.installed_requirement() == ("researchsite @ git+https://github.com/ada/researchsite.git@f00d", None)


@pytest.mark.parametrize("value", ["Zoë O'Brien", "Ada: the first", "- dash", "#1 fan", "yes", "1.5"])
def test_a_value_stays_one_yaml_string_whatever_it_holds(value):
    assert yaml.safe_load(f"key: {init._yaml_scalar(value)}") == {"key": value}

"""config.py: site_config/site.yml, people.yml and venues.yml read into a SiteConfig, problems located."""

from __future__ import annotations

import json
from pathlib import Path

from researchsite.load.config import load_site_config
from researchsite.structure.problems import Problem, warning
from researchsite.structure.site import PROFILE_KINDS, Person, Profile, VenueRule

REPO = Path(__file__).resolve().parents[2]

SITE = """\
# yaml-language-server: $schema=../hooks/researchsite/schemas/site.schema.json
description: Research on networks.
owner:
  name: Tom Barbette
  name_variants: ["T. Barbette"]
  position: Assistant Professor
  orcid: 0000-0002-1825-0097
  github: tbarbette
  homepage: https://example.org/
  email: tom@example.org
"""


def write(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "site_config"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(text)
    return folder


def test_site_yml_becomes_the_owner_with_profile_links_in_a_fixed_order(tmp_path):
    config, problems = load_site_config(write(tmp_path, site=SITE), tmp_path)
    assert problems == []
    assert config.owner.name == "Tom Barbette"
    assert config.owner.name_variants == ["T. Barbette"]
    assert config.owner.email == "tom@example.org"
    assert config.description == "Research on networks."
    # The order a visitor scans them in: write to, find the papers, the code, elsewhere.
    assert config.owner.profiles == [
        Profile("email", "E-mail", "mailto:tom@example.org"),
        Profile("orcid", "ORCID", "https://orcid.org/0000-0002-1825-0097"),
        Profile("github", "GitHub", "https://github.com/tbarbette"),
        Profile("homepage", "Home page", "https://example.org/"),
    ]
    assert [profile.icon for profile in config.owner.profiles] == [
        "material-email", "fontawesome-brands-orcid", "fontawesome-brands-github", "material-home",
    ]
    assert config.people == [] and config.venues == []
    assert config.date_format == "d MMMM y" and config.kind_colours == {}


def test_every_profile_site_yml_accepts_is_declared_once(tmp_path):
    schema = json.loads((REPO / "hooks/researchsite/schemas/site.schema.json").read_text())
    owner = schema["properties"]["owner"]["properties"]
    assert set(PROFILE_KINDS) <= set(owner)
    assert set(owner) - set(PROFILE_KINDS) == {"name", "name_variants", "position", "affiliation", "photo", "photo_alt"}


def test_the_new_profiles_make_their_addresses(tmp_path):
    site = SITE + "  dblp: 123/4567\n  semantic_scholar: '2712345'\n  mastodon: https://mastodon.social/@tom\n  bluesky: tom.bsky.social\n  linkedin: tom-b\n"
    config, problems = load_site_config(write(tmp_path, site=site), tmp_path)
    assert problems == []
    urls = {profile.kind: profile.url for profile in config.owner.profiles}
    assert urls["dblp"] == "https://dblp.org/pid/123/4567.html"
    assert urls["semantic_scholar"] == "https://www.semanticscholar.org/author/2712345"
    assert urls["mastodon"] == "https://mastodon.social/@tom"
    assert urls["bluesky"] == "https://bsky.app/profile/tom.bsky.social"
    assert urls["linkedin"] == "https://www.linkedin.com/in/tom-b"


def test_a_mastodon_handle_instead_of_its_address_is_located(tmp_path):
    site = SITE + "  mastodon: '@tom@mastodon.social'\n"
    _, problems = load_site_config(write(tmp_path, site=site), tmp_path)
    assert [(p.path, p.line) for p in problems] == [("site_config/site.yml", 11)]
    assert "https://mastodon.social/@name" in problems[0].message


def test_date_format_is_a_cldr_pattern_and_a_wrong_one_is_a_warning(tmp_path):
    config, problems = load_site_config(write(tmp_path, site=SITE + "date_format: MMMM d, y\n"), tmp_path)
    assert problems == [] and config.date_format == "MMMM d, y"
    config, problems = load_site_config(write(tmp_path, site=SITE + "date_format: today\n"), tmp_path)
    assert [(p.path, p.line, p.severity) for p in problems] == [("site_config/site.yml", 11, "warning")]
    assert config.date_format == "d MMMM y"  # the site still builds, with the default


def test_venues_yml_may_set_the_badge_colours_of_kinds_and_venues(tmp_path):
    venues = (
        "colours:\n  journal: '#004d40'\n"
        "venues:\n- short: NSDI\n  kind: conference\n  colour: '#c2410c'\n  match: [Networked Systems Design]\n"
    )
    config, problems = load_site_config(write(tmp_path, site=SITE, venues=venues), tmp_path)
    assert problems == []
    assert config.kind_colours == {"journal": "#004d40"}
    assert config.venues == [VenueRule("NSDI", "conference", ("Networked Systems Design",), None, "#c2410c")]


def test_a_wrong_colour_is_located(tmp_path):
    venues = "colours:\n  journal: green\n"
    config, problems = load_site_config(write(tmp_path, site=SITE, venues=venues), tmp_path)
    assert [(p.path, p.line) for p in problems] == [("site_config/venues.yml", 2)]
    assert "'#1b6e3a'" in problems[0].message
    assert config.kind_colours == {}


def test_people_and_venues_are_read(tmp_path):
    people = "- name: Dejan Kostić\n  url: https://k.example\n  variants: [D. Kostic]\n"
    venues = "- short: NSDI\n  kind: conference\n  match: [Networked Systems Design]\n"
    config, problems = load_site_config(write(tmp_path, site=SITE, people=people, venues=venues), tmp_path)
    assert problems == []
    assert config.people == [Person("Dejan Kostić", "https://k.example", ("D. Kostic",))]
    assert config.venues == [VenueRule("NSDI", "conference", ("Networked Systems Design",))]


def test_missing_site_yml_is_a_problem(tmp_path):
    config, problems = load_site_config(write(tmp_path), tmp_path)
    # The rest of the site is still checked against a config without an owner.
    assert config.owner.name == "" and config.people == []
    assert [(p.path, p.line) for p in problems] == [("site_config/site.yml", None)]


def test_people_or_venues_with_only_comments_mean_none(tmp_path):
    # A fresh site has nobody to link yet: the file with its schema comment alone is fine.
    comment = "# yaml-language-server: $schema=../hooks/researchsite/schemas/people.schema.json\n"
    config, problems = load_site_config(write(tmp_path, site=SITE, people=comment, venues=comment), tmp_path)
    assert problems == []
    assert config.people == [] and config.venues == []


def test_schema_problems_in_each_file_are_all_reported_at_their_lines(tmp_path):
    site = "owner:\n  name: Tom\n  orcid: 1234\n  githb: tbarbette\n"
    people = "- name: Alice\n  url: https://alice.example/\n  grup: {role: PhD student}\n"
    venues = "- short: NSDI\n  kind: conferance\n  match: [NSDI]\n"
    config, problems = load_site_config(write(tmp_path, site=site, people=people, venues=venues), tmp_path)
    assert (config.owner.name, config.people, config.venues) == ("", [], [])  # nothing half-applied
    located = sorted((p.path, p.line) for p in problems)
    assert located == [
        ("site_config/people.yml", 3),
        ("site_config/site.yml", 3),
        ("site_config/site.yml", 4),
        ("site_config/venues.yml", 2),
    ]
    messages = " | ".join(p.message for p in problems)
    assert "unknown key 'githb' (did you mean 'github'?)" in messages
    assert "did you mean 'conference'?" in messages
    assert "unknown key 'grup' (did you mean 'group'?)" in messages


def test_owner_without_a_name_is_a_problem(tmp_path):
    _, problems = load_site_config(write(tmp_path, site="owner:\n  position: Professor\n"), tmp_path)
    assert problems == [Problem("site_config/site.yml", 1, "owner: missing required key 'name'")]


def test_invalid_yaml_in_site_yml_is_located(tmp_path):
    config, problems = load_site_config(write(tmp_path, site="owner:\n  name: [Tom\n"), tmp_path)
    assert config.owner.name == ""
    assert problems[0].path == "site_config/site.yml" and problems[0].message.startswith("invalid YAML")


def test_the_example_site_config_loads_cleanly():
    config, problems = load_site_config(REPO / "site_config", REPO)
    assert problems == []
    assert config.owner.name == "Tom Barbette"
    assert any(rule.short == "NSDI" for rule in config.venues)


def test_link_preview_image_must_be_a_file_under_content(tmp_path):
    folder = write(tmp_path, site="image: assets/card.png\nowner:\n  name: Ada Lovelace\n")
    config, problems = load_site_config(folder, tmp_path, tmp_path / "content")
    assert problems == [warning("site_config/site.yml", 1, "image: no file content/assets/card.png; link previews show no picture")]
    assert config.image is None
    (tmp_path / "content" / "assets").mkdir(parents=True)
    (tmp_path / "content" / "assets" / "card.png").write_bytes(b"\x89PNG")
    config, problems = load_site_config(folder, tmp_path, tmp_path / "content")
    assert problems == [] and config.image == "assets/card.png"

"""Read `site_config/`: the owner's profile, the co-authors to link and the venues' short names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from babel.dates import format_date

from ..structure.activities import Member
from ..structure.metrics import CitationSettings
from ..structure.problems import Problem, warning
from ..structure.site import PROFILE_KINDS, Owner, Person, Profile, SiteConfig, VenueRule
from .links import link_target
from .schema import check
from .yamlfile import read_yaml


def load_site_config(folder: Path, root: Path, content_dir: Path | None = None) -> tuple[SiteConfig, list[Problem]]:
    """The config, and its problems. A broken file is left out of the config, not the others:
    the papers, posts and tutorials are still checked against what is right, so one build
    reports every problem (the build then stops on the errors)."""
    problems: list[Problem] = []
    site = read_checked(folder / "site.yml", "site", root, problems, required=True)
    content_dir = content_dir or root / "content"
    for key in ("image",):
        if site and site.get(key) and not (content_dir / site[key]).is_file():
            shown = (folder / "site.yml").relative_to(root).as_posix()
            message = f"{key}: no file {content_dir.name}/{site[key]}; link previews show no picture"
            problems.append(warning(shown, site.line_of(key), message))
            site.pop(key)
    if site and site.get("date_format") and not _date_format_works(site["date_format"]):
        shown = (folder / "site.yml").relative_to(root).as_posix()
        message = f"date_format: '{site['date_format']}' is not a date pattern (e.g. 'd MMMM y', 'MMMM d, y', 'y-MM-dd'); dates are shown as 29 November 2026"
        problems.append(warning(shown, site.line_of("date_format"), message))
        site.pop("date_format")
    people = read_checked(folder / "people.yml", "people", root, problems) or []
    venues = read_checked(folder / "venues.yml", "venues", root, problems) or []
    # venues.yml is the list of venues, or a mapping with that list and the kinds' colours.
    colours = venues.get("colours", {}) if isinstance(venues, dict) else {}
    venues = venues.get("venues", []) if isinstance(venues, dict) else venues
    site = site or {"owner": {"name": ""}}  # site.yml is broken: its problems are reported
    owner = site["owner"]
    profiles = [
        Profile(kind, profile.label, profile.url.format(owner[kind]))
        for kind, profile in PROFILE_KINDS.items()
        if owner.get(kind)
    ]
    config = SiteConfig(
        owner=Owner(
            name=owner["name"],
            name_variants=list(owner.get("name_variants", [])),
            position=owner.get("position"),
            affiliation=owner.get("affiliation"),
            photo=owner.get("photo"),
            photo_alt=owner.get("photo_alt"),
            email=owner.get("email"),
            profiles=profiles,
        ),
        description=site.get("description"),
        image=site.get("image"),
        news_on_home=site.get("news_on_home", 5),
        strict=site.get("strict", False),
        people=[Person(p["name"], p.get("url"), tuple(p.get("variants", ()))) for p in people],
        group=_group(people, folder / "people.yml", root, content_dir, problems),
        venues=[VenueRule(v["short"], v["kind"], tuple(v["match"]), v.get("name"), v.get("colour")) for v in venues],
        kind_colours=colours,
        **({"date_format": site["date_format"]} if site.get("date_format") else {}),
        citation_counts=_citation_counts(site.get("citation_counts")),
    )
    return config, problems


def _citation_counts(settings: dict | None) -> CitationSettings | None:
    if settings is None:
        return None
    defaults = CitationSettings()
    return CitationSettings(
        sources=tuple(settings.get("sources", defaults.sources)),
        in_list=settings.get("in_list", defaults.in_list),
        totals=settings.get("totals", defaults.totals),
    )


def _group(people: list, path: Path, root: Path, content_dir: Path, problems: list[Problem]) -> list[Member]:
    """The people.yml entries with a `group:`, in its order; a person with neither a page nor a
    group is said to be of no use (their name would link nowhere and show nowhere)."""
    shown = path.relative_to(root).as_posix()
    members = []
    for person in people:
        group = person.get("group")
        if group is None:
            if not person.get("url"):
                problems.append(warning(shown, person.line, f"{person['name']}: give their page (url:) or their place in your group (group:); this entry does nothing"))
            continue
        photo, why = (link_target(group["photo"], content_dir, urls=False) if "photo" in group else (None, None))
        if why:
            problems.append(warning(shown, group.line_of("photo"), f"group.photo: {why}; a placeholder is shown"))
        if group.get("since") and group.get("until") and group["until"] < group["since"]:
            problems.append(Problem(shown, group.line_of("until"), f"group.until: {group['until']} is before since: {group['since']}"))
        members.append(
            Member(
                name=person["name"],
                role=group["role"],
                since=group.get("since"),
                until=group.get("until"),
                url=person.get("url"),
                photo=photo,
                now=group.get("now"),
                variants=tuple(person.get("variants", ())),
            )
        )
    return members


def _date_format_works(pattern: str) -> bool:
    """A CLDR date pattern, as Material's blog takes it for the posts' dates; one that names no
    part of a date ("today") is no pattern, one with an unknown letter does not parse."""
    try:
        shown = format_date(date(2026, 11, 29), pattern, locale="en")
    except (ValueError, KeyError, TypeError, AttributeError):  # 'h' or 'a' ask a date for its hour
        return False
    return any(part in shown for part in ("2026", "26", "11", "29", "Nov"))


def read_checked(path: Path, schema_name: str, root: Path, problems: list[Problem], required=False):
    """A site_config file's data once its schema holds; None when it is absent or broken (its
    problems are added)."""
    shown = path.relative_to(root).as_posix()
    if not path.exists():
        if required:
            problems.append(Problem(shown, None, "missing: the site needs it to know whose site it is"))
        return None
    data, found = read_yaml(path, root)
    problems.extend(found)
    if found:
        return None
    if data is None and not required:  # comments only: no people or venues yet, not "should be a list"
        return None
    found = check(data, schema_name, shown)
    problems.extend(found)
    return None if found else data

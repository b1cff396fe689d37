"""Who the site is about and the people and venues it names: `site_config/*.yml` as plain objects."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    """A link on the owner's profile: ORCID, Google Scholar, DBLP, GitHub, e-mail."""

    kind: str
    label: str
    url: str


@dataclass
class Owner:
    name: str
    name_variants: list[str] = field(default_factory=list)
    position: str | None = None
    affiliation: str | None = None
    photo: str | None = None  # a file under content/
    email: str | None = None
    profiles: list[Profile] = field(default_factory=list)


@dataclass(frozen=True)
class Person:
    """A co-author whose name links to their page wherever it appears."""

    name: str
    url: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class VenueRule:
    """How to recognise a venue in BibTeX's booktitle or journal, and how to name it short."""

    short: str
    kind: str
    match: tuple[str, ...]
    name: str | None = None


@dataclass
class SiteConfig:
    owner: Owner
    description: str | None = None
    image: str | None = None  # under content/: what link previews show
    news_on_home: int = 5
    strict: bool = False  # warnings stop the build too (for CI)
    people: list[Person] = field(default_factory=list)
    venues: list[VenueRule] = field(default_factory=list)

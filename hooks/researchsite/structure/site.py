"""Who the site is about and the people and venues it names: `site_config/*.yml` as plain objects."""

from __future__ import annotations

from dataclasses import dataclass, field

from .activities import Member
from .metrics import CitationSettings


@dataclass(frozen=True)
class ProfileKind:
    """What a profile link in site.yml's `owner` is: its name for visitors, its icon, its address."""

    label: str
    icon: str  # a Material icon's shortcode: pymdownx.emoji draws it inline, nothing is loaded
    url: str  # the address, with `{}` for what site.yml says


# The owner's profile links, declared once, in the order the home page shows them (the schema
# of site.yml lists the same keys: tests/unit/test_site_config.py holds them equal).
PROFILE_KINDS = {
    "email": ProfileKind("E-mail", "material-email", "mailto:{}"),
    "google_scholar": ProfileKind("Google Scholar", "fontawesome-brands-google-scholar", "https://scholar.google.com/citations?user={}"),
    "dblp": ProfileKind("DBLP", "simple-dblp", "https://dblp.org/pid/{}.html"),
    "orcid": ProfileKind("ORCID", "fontawesome-brands-orcid", "https://orcid.org/{}"),
    "semantic_scholar": ProfileKind("Semantic Scholar", "simple-semanticscholar", "https://www.semanticscholar.org/author/{}"),
    "researchgate": ProfileKind("ResearchGate", "fontawesome-brands-researchgate", "https://www.researchgate.net/profile/{}"),
    "github": ProfileKind("GitHub", "fontawesome-brands-github", "https://github.com/{}"),
    "gitlab": ProfileKind("GitLab", "fontawesome-brands-gitlab", "https://gitlab.com/{}"),
    "linkedin": ProfileKind("LinkedIn", "fontawesome-brands-linkedin", "https://www.linkedin.com/in/{}"),
    "mastodon": ProfileKind("Mastodon", "fontawesome-brands-mastodon", "{}"),
    "bluesky": ProfileKind("Bluesky", "fontawesome-brands-bluesky", "https://bsky.app/profile/{}"),
    "x": ProfileKind("X (Twitter)", "fontawesome-brands-x-twitter", "https://x.com/{}"),
    "homepage": ProfileKind("Home page", "material-home", "{}"),
}


@dataclass(frozen=True)
class Profile:
    """A link on the owner's profile: e-mail, Google Scholar, DBLP, ORCID, GitHub, ..."""

    kind: str  # a key of PROFILE_KINDS
    label: str
    url: str

    @property
    def icon(self) -> str:
        return PROFILE_KINDS[self.kind].icon


@dataclass
class Owner:
    name: str
    name_variants: list[str] = field(default_factory=list)
    position: str | None = None
    affiliation: str | None = None
    photo: str | None = None  # a file under content/
    photo_alt: str | None = None  # what the photo shows, for screen readers
    email: str | None = None
    profiles: list[Profile] = field(default_factory=list)


@dataclass(frozen=True)
class Person:
    """A co-author whose name links to their page wherever it appears."""

    name: str
    url: str | None  # None: a member of the group without a page of their own
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class VenueRule:
    """How to recognise a venue in BibTeX's booktitle or journal, and how to name it short."""

    short: str
    kind: str
    match: tuple[str, ...]
    name: str | None = None
    colour: str | None = None  # of its badge, when not its kind's


@dataclass
class SiteConfig:
    owner: Owner
    description: str | None = None
    image: str | None = None  # under content/: what link previews show
    news_on_home: int = 5
    strict: bool = False  # warnings stop the build too (for CI)
    people: list[Person] = field(default_factory=list)
    venues: list[VenueRule] = field(default_factory=list)
    group: list[Member] = field(default_factory=list)  # people.yml's entries with a `group:`
    # A venue badge's colour by kind (journal, conference, ...), as venues.yml sets them.
    kind_colours: dict[str, str] = field(default_factory=dict)
    date_format: str = "d MMMM y"  # every date a visitor reads, as a CLDR pattern: 29 November 2026
    citation_counts: CitationSettings | None = None  # None: the site shows no citation counts

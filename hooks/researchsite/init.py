"""`researchsite init DIR`: a new site with the researcher's identity wherever it is needed and
no example data, which builds at once; its hooks, theme and workflows come with the package."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml

from .imports.staging import Staging, Written
from .structure.site import PROFILE_KINDS
from .workflows import workflow_files

# The site's files, by the template (under templates/site/) that writes each.
FILES = {
    "mkdocs.yml": "mkdocs.yml.j2",
    "site_config/site.yml": "site.yml.j2",
    "site_config/venues.yml": "venues.yml",
    "site_config/people.yml": "people.yml",
    "content/index.md": "index.md.j2",
    "content/news/index.md": "news-index.md",
    "content/news/tags.md": "news-tags.md",
    "README.md": "README.md.j2",
    ".gitignore": "gitignore",
}
# Folders a researcher fills, kept in git while empty.
FOLDERS = ("papers", "content/news/posts", "content/tutorials")
# The one-line hooks file: MkDocs takes hooks only as file paths.
HOOKS_FILE = "hooks/researchsite_hooks.py"


@dataclass
class Identity:
    """Who the new site is about, as `init` asks for it."""

    name: str
    url: str
    position: str | None = None
    affiliation: str | None = None
    description: str | None = None
    profile: dict[str, str] = field(default_factory=dict)  # PROFILE_KINDS key -> id or URL

    @property
    def about(self) -> str:
        """The home page's opening sentence, from what was given and nothing more."""
        if self.position and self.affiliation:
            return f"I am {_article(self.position)} {self.position} at {self.affiliation}."
        if self.position:
            return f"I am {_article(self.position)} {self.position}."
        if self.affiliation:
            return f"I work at {self.affiliation}."
        return f"I am {self.name}."


def check_identity(identity: Identity) -> list[str]:
    """What makes the identity unusable, each in a sentence naming the option."""
    errors = []
    if not identity.name.strip():
        errors.append("--name is empty: the site needs the researcher's name")
    parts = urlsplit(identity.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors.append(f"--url '{identity.url}' is not a web address such as https://ada.github.io/")
    for key, value in identity.profile.items():
        if key not in PROFILE_KINDS:
            errors.append(f"'{key}' is not a profile link this site knows")
        elif key == "orcid" and not _orcid_ok(value):
            errors.append(f"--orcid '{value}' is not an ORCID iD (0000-0002-1825-0097: four groups, a valid check digit)")
    return errors


def site_url(url: str) -> str:
    """The address as MkDocs wants it: with the trailing slash that makes relative links right."""
    return url if url.endswith("/") else url + "/"


def write_site(target: Path, identity: Identity, requirement: str) -> Written:
    """Write the new site into `target`, which must be missing or empty; all files or none."""
    target.mkdir(parents=True, exist_ok=True)
    identity = Identity(**{**identity.__dict__, "url": site_url(identity.url)})
    values = {
        "name": identity.name,
        "url": identity.url,
        "description": identity.description or f"{identity.name}: publications, news and tutorials.",
        "profile": [(key, identity.profile[key]) for key in PROFILE_KINDS if identity.profile.get(key)],
        "about": identity.about,
        "initialled": _initialled(identity.name),
    }
    values["profile"] = [*_owner_fields(identity), *values["profile"]]
    with Staging(target) as staging:
        for path, template in FILES.items():
            staging.write(path, render(template, values))
        for folder in FOLDERS:
            staging.write(f"{folder}/.gitkeep", "")
        staging.write(HOOKS_FILE, hooks_file())
        staging.write("requirements.txt", requirements(requirement))
        for path, text in workflow_files().items():
            staging.write(path, text)
        return staging.commit()


def render(template: str, values: dict) -> str:
    return _environment().get_template(template).render(**values)


def hooks_file() -> str:
    """This repository's own `hooks/researchsite_hooks.py`, which every site has the same."""
    return (resources.files("researchsite") / "templates" / "site" / "researchsite_hooks.py").read_text(encoding="utf-8")


def installed_requirement() -> tuple[str, str | None]:
    """How CI can install the researchsite that runs now, and a warning when it cannot.

    From the installation's own record (PEP 610's direct_url.json): a git URL and commit, a
    version from a package index, or a local folder, whose git remote is used when it has one.
    """
    distribution = metadata.distribution("researchsite")
    record = distribution.read_text("direct_url.json")
    if not record:
        return f"researchsite=={distribution.version}", None
    direct = json.loads(record)
    url = direct.get("url", "")
    vcs = direct.get("vcs_info")
    if vcs and vcs.get("vcs") == "git":
        return f"researchsite @ git+{url}@{vcs.get('commit_id') or vcs.get('requested_revision')}", None
    if url.startswith("file://"):
        folder = url.removeprefix("file://")
        remote, commit = _git(folder, "remote", "get-url", "origin"), _git(folder, "rev-parse", "HEAD")
        if remote and commit and re.match(r"^(https://|git@|ssh://)", remote):
            return f"researchsite @ git+{_https(remote)}@{commit}", None
        return f"researchsite @ {url}", (
            f"requirements.txt installs researchsite from {folder}, which CI cannot reach: "
            "name there where CI can install it from (a git URL, or a version)"
        )
    return f"researchsite @ {url}", None


def requirements(requirement: str) -> str:
    return (
        "# What this site is built with: `pip install -r requirements.txt` (the workflows in\n"
        "# .github/workflows/ do the same). researchsite brings MkDocs and Material with it.\n"
        f"{requirement}\n"
    )


def _owner_fields(identity: Identity) -> list[tuple[str, str]]:
    return [(key, value) for key, value in (("position", identity.position), ("affiliation", identity.affiliation)) if value]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("researchsite", "templates/site"),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML and Markdown: values go through the yaml filter instead
    )
    env.filters["yaml"] = _yaml_scalar
    return env


def _yaml_scalar(value: str) -> str:
    """A value as one YAML scalar, quoted only when YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()


def _initialled(name: str) -> str:
    """"Ada Lovelace" as "A. Lovelace": how bibliographies often print it."""
    *given, family = name.split() or [""]
    return " ".join([*(f"{part[0]}." for part in given), family])


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _orcid_ok(value: str) -> bool:
    """ISO 7064 11,2, ORCID's check digit."""
    digits = value.removeprefix("https://orcid.org/").replace("-", "")
    if not re.fullmatch(r"\d{15}[\dX]", digits):
        return False
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def _git(folder: str, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", folder, *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _https(remote: str) -> str:
    """git@github.com:owner/repo.git as https://github.com/owner/repo.git: CI has no SSH key."""
    match = re.match(r"^git@([^:]+):(.+)$", remote)
    return f"https://{match[1]}/{match[2]}" if match else remote

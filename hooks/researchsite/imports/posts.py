"""What the blog imports share: a post as read from the old blog, and writing it into the site
(its file, its pictures, its old addresses, the papers it names) with a report of what was done."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..load.news import read_posts
from ..load.redirects import old_address_problem, read_redirects
from ..news import EXCERPT_SEPARATOR, post_slug
from ..structure.paper import Paper
from .staging import Staging, Written

POSTS_DIR = "content/news/posts"
REDIRECTS_FILE = "site_config/redirects.yml"
# The post schema's slugs: what a URL keeps without escaping.
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class UnreadableSource(Exception):
    """The old blog cannot be read: the message names the file (and line) and why."""


@dataclass
class ImportedPost:
    source: str  # where it was read, for the report: "export.xml:120", "_posts/2020-01-01-a.md"
    title: str
    date: date
    slug: str
    body: str  # Markdown: the teaser, EXCERPT_SEPARATOR, the rest
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    draft: bool = False
    description: str | None = None
    old_addresses: list[str] = field(default_factory=list)  # relative to the old site: "2022/06/15/a/", "?p=12"
    images: dict[str, Path] = field(default_factory=dict)  # file name in the post's image folder -> the file

    @property
    def path(self) -> str:
        return f"{POSTS_DIR}/{self.date.isoformat()}-{self.slug}.md"


@dataclass
class Report:
    """What an import did and what it could not do, post by post, for the researcher to check."""

    notes: list[str] = field(default_factory=list)  # '"Title": what'
    skipped: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (one, several, why) -> how many

    def note(self, title: str, what: str) -> None:
        self.notes.append(f'"{title}": {what}')

    def skip(self, one: str, several: str, why: str, count: int = 1) -> None:
        """`count` things of the old blog not imported, and why: "3 attachments: ..." """
        key = (one, several, why)
        self.skipped[key] = self.skipped.get(key, 0) + count


def site_slug(wanted: str, title: str, fallback: str) -> tuple[str, bool]:
    """The old slug when the site's URLs can keep it, else one made from the title (accents
    dropped), else `fallback`; and whether the old one was kept."""
    if _SLUG.match(wanted):
        return wanted, True
    for candidate in (wanted, title):
        ascii_text = unicodedata.normalize("NFKD", candidate).encode("ascii", "ignore").decode()
        made = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        lossless = all(unicodedata.normalize("NFKD", char)[0].isascii() for char in candidate)
        if _SLUG.match(made) and (lossless or candidate is title):  # 网络-notes is not "notes"
            return made, False
    return fallback, False


def teaser_split(markdown: str) -> tuple[str, bool]:
    """The post with the site's separator: where the old blog put its own, else after the first
    paragraph (the blog requires a teaser); and whether the old blog had one."""
    if EXCERPT_SEPARATOR in markdown:
        return markdown, True
    blocks = re.split(r"\n\s*\n", markdown.strip())
    # The first paragraph a reader sees: an HTML comment (<!--StartFragment-->) is not one.
    first = next((i for i, block in enumerate(blocks) if not _COMMENT.fullmatch(block.strip())), len(blocks) - 1)
    teaser, rest = "\n\n".join(blocks[: first + 1]), "\n\n".join(blocks[first + 1 :])
    return f"{teaser}\n\n{EXCERPT_SEPARATOR}\n" + (f"\n{rest}\n" if rest else ""), False


# --- The papers a post names --------------------------------------------------------------------

_DOI = re.compile(r"10\.\d{4,9}/[^\s\"'<>\])]+", re.IGNORECASE)
_ARXIV = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)(\d{4}\.\d{4,5})", re.IGNORECASE)


def _words(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def papers_named(text: str, papers: list[Paper]) -> list[tuple[str, str]]:
    """(key, how) for each paper of the site the text names: by DOI, arXiv id, or whole title
    (of three words or more: a one-word title such as a system's name is named by other posts too)."""
    dois = {match.rstrip(".,;").lower() for match in _DOI.findall(text)}
    arxivs = set(_ARXIV.findall(text))
    words = f" {_words(text)} "
    named = []
    for paper in papers:
        title = _words(paper.title or "")
        if paper.doi and paper.doi.lower() in dois:
            named.append((paper.key, f"DOI {paper.doi}"))
        elif paper.arxiv and re.sub(r"v\d+$", "", paper.arxiv) in arxivs:
            named.append((paper.key, f"arXiv {paper.arxiv}"))
        elif len(title.split()) >= 3 and f" {title} " in words:
            named.append((paper.key, "its title"))
    return named


def site_papers(root: Path) -> tuple[list[Paper], str | None]:
    """The site's papers, to find those a post names; or none and why, when the site has errors
    (an import does not need a site that builds)."""
    from ..project import load_project
    from ..structure.problems import ProblemsFound

    try:
        return load_project(root).publications.papers, None
    except ProblemsFound as problems:
        return [], f"the site has errors ({len(problems.problems)}; `researchsite check` lists them): no post was matched to its papers"


# --- Writing ------------------------------------------------------------------------------------


def existing_posts(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """slug -> the post file (relative to the root) of each post the site has; and its
    categories and tags by their lower case, as the site writes them."""
    content = root / "content"
    sources, _ = read_posts(content / "news" / "posts", root, content)
    slugs, terms = {}, {}
    for source in sources:
        title = source.meta.get("title") or source.heading or ""
        slugs[source.meta.get("slug") or post_slug(title)] = source.path
        for term in [*source.meta.get("categories", []), *source.meta.get("tags", [])]:
            terms.setdefault(str(term).casefold(), str(term))
    return slugs, terms


def _as_written(terms: list[str], known: dict[str, str]) -> list[str]:
    """Categories and tags spelt as the site (or an earlier post of the import) spells them:
    "papers" and "Papers" would be two categories with one URL."""
    return list(dict.fromkeys(known.setdefault(term.casefold(), term) for term in terms))


def post_text(post: ImportedPost, papers: list[str]) -> str:
    meta: dict = {"date": post.date, "title": post.title, "slug": post.slug}
    meta |= {"categories": post.categories} if post.categories else {}
    meta |= {"tags": post.tags} if post.tags else {}
    meta |= {"description": post.description} if post.description else {}
    meta |= {"papers": papers} if papers else {}
    meta |= {"draft": True} if post.draft else {}
    matter = yaml.dump(meta, Dumper=_FrontMatterDumper, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{matter}---\n\n{post.body.strip()}\n"


class _FrontMatterDumper(yaml.SafeDumper):
    """Front matter as the site's posts write it: `tags: [a, b]` in a block mapping."""

    def represent_list(self, data):
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_FrontMatterDumper.add_representer(list, _FrontMatterDumper.represent_list)


def write_posts(root: Path, posts: list[ImportedPost], report: Report, papers: list[Paper]) -> Written:
    """Write the posts, their pictures and their old addresses, all or nothing. A post whose slug
    the site has already is left alone (said in the report), unless it is this very post as an
    earlier run of the same import wrote it: then nothing changes."""
    root = root.resolve()
    known, terms = existing_posts(root)
    redirects_path = root / REDIRECTS_FILE
    old, problems = read_redirects(redirects_path, root)
    if problems:
        raise UnreadableSource(str(problems[0]))
    redirects = {address: target for address, target, _ in old}
    with Staging(root) as staging:
        for post in posts:
            post.categories, post.tags = _as_written(post.categories, terms), _as_written(post.tags, terms)
            if (post.slug in known and known[post.slug] != post.path) or staging.staged(post.path):
                report.note(post.title, f"not imported: the site has a post with the slug '{post.slug}' ({known.get(post.slug, post.path)})")
                continue
            named = papers_named(post.body, papers)
            text = post_text(post, [key for key, _ in named])
            target = root / post.path
            if target.is_file() and target.read_text(encoding="utf-8") != text:
                report.note(post.title, f"not imported: {post.path} exists and differs (edited since?); not overwritten")
                continue
            known[post.slug] = post.path
            staging.write(post.path, text)
            for name, source in post.images.items():
                staging.copy(f"{POSTS_DIR}/images/{post.slug}/{name}", source)
            for key, how in named:
                report.note(post.title, f"names the paper {key} ({how}): papers: [{key}] links both ways")
            for address in post.old_addresses:
                why = old_address_problem(address)
                if why:
                    report.note(post.title, f"old address not redirected: {why}")
                else:
                    redirects.setdefault(address, post.path.removeprefix("content/"))
        if redirects:
            staging.write(REDIRECTS_FILE, redirects_text(redirects))
        return staging.commit()


def redirects_text(redirects: dict[str, str]) -> str:
    header = (
        "# Old addresses of imported posts (written by `researchsite import`; yours to edit): each\n"
        "# gets a page there that forwards to the post. `?p=123` is WordPress's own, on the home page.\n"
    )
    return header + yaml.safe_dump(redirects, sort_keys=False, allow_unicode=True, width=10_000)


def report_text(written: Written, posts: list[ImportedPost], report: Report) -> str:
    """The summary a researcher reads after an import: counts first, then post by post."""
    drafts = sum(post.draft for post in posts)
    lines = [
        f"Read {len(posts)} posts ({drafts} draft{'s' if drafts != 1 else ''}): "
        f"{len(written.created)} files created, {len(written.changed)} changed, {len(written.unchanged)} unchanged."
    ]
    lines += [
        f"Not imported: {count} {one if count == 1 else several} ({why})."
        for (one, several, why), count in report.skipped.items()
    ]
    lines += report.notes
    return "\n".join(lines)

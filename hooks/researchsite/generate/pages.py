"""Write the publication pages as Markdown with front matter, from Jinja templates.

Pages are real MkDocs pages (themed, searched); the dynamic parts are HTML blocks rendered
with autoescaping, so text from BibTeX or YAML is always shown as text, never as markup.
"""

from __future__ import annotations

import colorsys
import html
import json
import os
import posixpath
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import NamedTuple

import jinja2
import yaml
from markupsafe import Markup, escape

from ..news import EXCERPT_SEPARATOR
from ..project import Project
from ..people import people_directory
from ..structure.activities import ResearchProject, Talk
from ..structure.news import OLD_ID
from ..structure.paper import KIND_COLOURS, KIND_LABELS, KINDS, Paper
from ..structure.site import SiteConfig
from ..structure.problems import Problem, counted
from ..load.citations import find_citations
from .citations import cite
from . import cv, exports, head, kept, metrics, text, tutorials
from .text import slug
from .venue import venue_line

class Later:
    """Content still being made (cv.pdf, typeset in a child process, and the CV page, which gives
    the PDF's size): made when first asked for, so that the renderer's work goes on meanwhile."""

    def __init__(self, make: Callable[[], str | bytes]):
        self._make: Callable[[], str | bytes] | None = make
        self._made: str | bytes | None = None

    def result(self) -> str | bytes:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    @property
    def made(self) -> bool:
        return self._make is None

    def __eq__(self, other) -> bool:
        return self.result() == (other.result() if isinstance(other, Later) else other)

    __hash__ = None


class Filled(Later):
    """Text with a slot for what another Later makes (the CV page: cv.pdf's size), filled in when
    first asked for; `filled` fills it from a stand-in instead (in `mkdocs serve`, the last PDF's,
    while Typst typesets the next)."""

    def __init__(self, text: str, slot: str, source: Later, fill: Callable[[bytes], str]):
        super().__init__(lambda: self.filled(source.result()))
        self.text, self.slot, self.source, self.fill = text, slot, source, fill

    def filled(self, made: bytes) -> str:
        return self.text.replace(self.slot, self.fill(made))


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the docs dir
    _content: str | bytes | Later  # bytes: a binary download (cv.pdf)
    is_page: bool = True  # a Markdown page, as opposed to a download
    in_nav: bool = False  # a page mkdocs.yml's navigation lists; the others are reached by links
    replaces: bool = False  # the researcher's own file at this path, merged with what the build adds
    is_post: bool = False  # a news post: the blog plugin reads posts from disk
    # A header tab of this title, added to the navigation when mkdocs.yml does not list the page:
    # the tab is there exactly when the data behind it is.
    tab: str | None = None
    # The page's large HTML blocks (a publication list's years, a CV's sections), each left in
    # `skeleton` as a placeholder: a renderer that can take the HTML as it is puts them into the
    # page's HTML itself, and its Markdown parser reads a page of headings (see HTML_BLOCK).
    html_blocks: tuple[str, ...] = ()
    # The page's front matter as data, where `_content` is its Markdown without it (a paper's page):
    # `skeleton` writes it first; a renderer that takes front matter as data (the MkDocs hook) can
    # have part of it apart (`apart_from_matter`).
    matter: dict | None = None

    @property
    def content(self) -> str | bytes:
        """The content, waited for if it is still being made: a page's whole Markdown."""
        skeleton = self.skeleton
        return with_html_blocks(skeleton, self.html_blocks) if self.html_blocks else skeleton

    @property
    def skeleton(self) -> str | bytes:
        """The content, each of `html_blocks` left as its placeholder."""
        content = self._content.result() if isinstance(self._content, Later) else self._content
        return content if self.matter is None else _front_matter(self.matter) + content

    def apart_from_matter(self, keys: frozenset[str]) -> tuple[str | bytes, dict]:
        """`skeleton` with the front matter less `keys`, and their values (in the front matter's order)."""
        if self.matter is None or not keys & self.matter.keys():
            return self.skeleton, {}
        kept = {key: value for key, value in self.matter.items() if key not in keys}
        return _front_matter(kept) + self._content, {key: value for key, value in self.matter.items() if key in keys}

    @property
    def later(self) -> Later | None:
        """The content while it may still be being made, for a renderer that can take it last."""
        return self._content if isinstance(self._content, Later) else None

    @property
    def data(self) -> bytes:
        """The content as the file's bytes."""
        content = self.content
        return content if isinstance(content, bytes) else content.encode("utf-8")


class GenerationCache:
    """What is generated for one paper (its page, downloads, row in a list), kept by the repr of
    everything it is made of: a rebuild (`mkdocs serve`) generates again only what an edit
    touched. One per process, handed in by its owner; only what the latest build made is kept."""

    def __init__(self):
        self._made: dict[str, object] = {}
        self._next: dict[str, object] = {}

    def get(self, key: str, make):
        if key not in self._next:
            self._next[key] = self._made[key] if key in self._made else make()
        return self._next[key]

    def done(self) -> None:
        self._made, self._next = self._next, {}


class _NoCache(GenerationCache):
    """A one-off build keeps nothing: at 10,000 papers the rows alone would hold some 17 MB."""

    def get(self, key: str, make):
        return make()


def site_files(project: Project, urls: Urls, cache: GenerationCache | None = None) -> list[GeneratedFile]:
    """Everything the build adds to the researcher's content/: the one registry of what the site
    is made of. The MkDocs hook turns each into a MkDocs file; `researchsite pages` writes them
    into a folder which, laid over content/, is the whole site's source for any renderer."""
    # The templates' compiled code, kept in the site's .cache/ for the next build; a template's file
    # is looked at again on each use (some 8,000 times at 1,000 papers) only by a build that keeps
    # what it made for the next (`mkdocs serve`, which watches the package's templates too).
    environment = _environment()
    environment.bytecode_cache = kept.template_bytecode(project.root, "pages")
    environment.auto_reload = cache is not None
    cache = cache or _NoCache()
    _once.start()
    try:
        return _site_files(project, urls, cache)
    finally:
        _once.stop()


def _site_files(project: Project, urls: Urls, cache: GenerationCache) -> list[GeneratedFile]:
    curriculum = cv_files(project, urls, cache)  # first: Typst typesets while the rest is made
    files = [
        *publication_files(project, urls, cache),
        *tutorial_files(project, urls),
        *project_files(project, urls),
        *talk_files(project, urls),
        *teaching_files(project, urls),
        *group_files(project, urls),
        *news_files(project, urls),
        *posts_with_papers(project, urls),
        *redirect_files(project),
        *home_files(project, urls),
        *curriculum,
        *robots_files(project, urls),
    ]
    files += citing_page_files(project, made={file.path for file in files})
    cache.done()
    return files


class Urls:
    """Site paths of generated pages, and links between them relative to the linking page.

    MkDocs leaves the links of HTML blocks as they are, so they are relative to the page's URL;
    Zensical reads them as relative to the page's source file and rewrites them, as it does
    Markdown links: `source_relative` writes them for it. `placed`: the pages a plugin serves
    from another path than their source's, by source path (the blog's posts: news/posts/x.md at
    news/2022/04/07/x.md), whose HTML links MkDocs would otherwise get wrong. `excerpt_end`:
    the blog's excerpt separator, put before a post's cards when the post has none (a blog whose
    excerpt is then the whole post would show them on the news list, from whose address their
    links lead nowhere); None where the blog requires one (the build then stops, naming the post).
    """

    def __init__(
        self,
        directory_urls: bool = True,
        site_url: str | None = None,
        source_relative: bool = False,
        placed: dict[str, str] | None = None,
        excerpt_end: str | None = EXCERPT_SEPARATOR,
    ):
        self.directory_urls = directory_urls
        self.site_url = (site_url or "").rstrip("/") + "/" if site_url else None
        self.source_relative = source_relative
        self.placed = placed or {}
        self.excerpt_end = excerpt_end
        self._relative: dict[tuple[str, str], str] = {}  # posixpath.relpath asks the OS for the cwd twice

    def page(self, markdown_path: str) -> str:
        """The URL path of a page, as MkDocs gives it: publications/x.md -> publications/x/."""
        stem = self.placed.get(markdown_path, markdown_path).removesuffix(".md")
        if self.directory_urls and (stem == "index" or stem.endswith("/index")):
            return stem.removesuffix("index")
        return f"{stem}/" if self.directory_urls else f"{stem}.html"  # MkDocs: index.md -> index.html

    def relative(self, from_page: str, to_path: str) -> str:
        key = (from_page, to_path)
        if key not in self._relative:
            self._relative[key] = self._relative_path(from_page, to_path)
        return self._relative[key]

    def _relative_path(self, from_page: str, to_path: str) -> str:
        if not self.directory_urls and (not to_path or to_path.endswith("/")):
            # Without directory URLs the site is browsed from disk, where a link to a folder opens
            # a file listing, not its index.html: name the file, as MkDocs' own links do.
            to_path += "index.html"
        if self.source_relative:
            base = posixpath.dirname(from_page)
        else:
            url = self.page(from_page)
            base = url.rstrip("/") if url.endswith("/") or not url else posixpath.dirname(url)
        target = posixpath.relpath(to_path or ".", base or ".")
        if (not to_path or to_path.endswith("/")) and not target.endswith("/"):
            target += "/"
        return target

    def absolute(self, to_path: str) -> str | None:
        return f"{self.site_url}{to_path}" if self.site_url else None


# Generated pages that the navigation lists (mkdocs.yml names them); the others are reached by
# links, or get a tab of their own when their data exists (GeneratedFile.tab).
LISTED_PAGES = ("publications/index.md", "tutorials/index.md", cv.PAGE)
PROJECTS_PAGE = "projects/index.md"
TALKS_PAGE = "talks/index.md"
TEACHING_PAGE = "teaching/index.md"
GROUP_PAGE = "group/index.md"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)


def nav_without(nav: list | None, absent: set[str]) -> list | None:
    """The config's `nav:` less its entries for listed pages this build does not make: a site
    with no tutorials has no Tutorials tab (and a section left empty goes too)."""
    if nav is None:
        return None
    kept = []
    for item in nav:
        if isinstance(item, str):
            if item not in absent:
                kept.append(item)
            continue
        if isinstance(item, dict) and len(item) == 1:
            (title, value), = item.items()
            if isinstance(value, list):
                value = nav_without(value, absent)
                if value:
                    kept.append({title: value})
                continue
            if value in absent:
                continue
        kept.append(item)
    return kept


def absent_pages(generated: list[GeneratedFile], content_dir: Path) -> set[str]:
    """The listed pages neither generated nor written by the researcher."""
    made = {file.path for file in generated}
    return {path for path in LISTED_PAGES if path not in made and not (content_dir / path).is_file()}


def problems_html(problems: list[Problem]) -> str:
    """The problem list as HTML, for the preview while the site is broken."""
    return _render("problems.html.j2", "index.md", Urls(), problems=problems, summary=counted(problems))


def paper_page_path(paper: Paper) -> str:
    return f"publications/{paper.slug}.md"


def publication_files(project: Project, urls: Urls, cache: GenerationCache | None = None) -> list[GeneratedFile]:
    """The publication list, one page per paper, and every export, ready to hand to MkDocs."""
    cache = cache or _NoCache()
    by_key = project.publications.by_key()
    # What every paper's page depends on besides its own paper, versions and news.
    site = repr((project.config, urls.directory_urls, urls.site_url, urls.source_relative))
    keys, per_paper = {}, []
    cited = cited_lines(project)
    for paper in project.publications.papers:
        extends = by_key.get(paper.extends) if paper.extends else None
        extended_by = [by_key[key] for key in paper.extended_by]
        news = project.news.about(paper.key)
        named = _named_by(paper, project)
        keys[paper.key] = key = repr((paper, extends, extended_by, news, named, cited.get(paper.key))) + site
        per_paper.append(cache.get(key, lambda: _paper_files(paper, extends, extended_by, news, named, project, urls, cited.get(paper.key))))
    # The whole-list downloads are the papers' own, joined: nothing is made twice.
    whole = [
        GeneratedFile(f"publications/all.{suffix}", join([files[index].content for files in per_paper]), False)
        for index, suffix, join in ((1, "bib", exports.joined_bibtex), (2, "ris", exports.joined_ris), (3, "json", exports.joined_csl_json))
    ]
    in_rows = cited if project.config.citation_counts and project.config.citation_counts.in_list else {}
    return [*_publication_lists(project, urls, cache, keys, in_rows), *whole, *(file for files in per_paper for file in files)]


def cited_lines(project: Project) -> dict[str, metrics.CitedBy]:
    """Each paper's "Cited by ..." line, with the other versions of its work; none when the site
    shows no counts."""
    settings = project.config.citation_counts
    if settings is None:
        return {}
    lines = {}
    for work in metrics.works(project.publications.papers):
        for paper in work:
            others = [other for other in work if other is not paper]
            if line := metrics.cited_by(paper, others, project.metrics, settings.shown, project.config.date_format):
                lines[paper.key] = line
    return lines


def citation_totals(project: Project) -> metrics.Totals | None:
    """The CV's and the home page's totals, when the site shows them."""
    settings = project.config.citation_counts
    if settings is None or not settings.totals:
        return None
    return metrics.totals(project.publications.papers, project.metrics, settings.shown, project.config.date_format)


# A required BibTeX field a paper's YAML says is not known yet, as a visitor reads it.
MISSING_DETAILS = {
    "author": "its authors", "editor": "its editors", "year": "its year", "date": "its date",
    "journal": "its journal", "journaltitle": "its journal", "booktitle": "where it appears",
    "publisher": "its publisher", "school": "its university", "institution": "its institution",
    "pages": "its pages", "title": "its title", "url": "its address on the web", "number": "its number",
}

# The page shows the abstract above; its BibTeX block need not repeat it (the download keeps it).
_NOT_IN_SHOWN_BIBTEX = frozenset({"abstract"})


class Named(NamedTuple):
    """What a paper's page links besides its versions and news: its projects and its talks."""

    projects: list[ResearchProject]
    talks: list[Talk]


def _named_by(paper: Paper, project: Project) -> Named:
    activities = project.activities
    return Named(activities.projects_of(paper.projects), activities.talks_about(paper.key))


def _paper_files(paper, extends, extended_by, news, named: Named, project: Project, urls: Urls, cited_by=None) -> list[GeneratedFile]:
    bibtex = exports.bibtex_entry(paper)
    shown = exports.bibtex_entry(paper, _NOT_IN_SHOWN_BIBTEX)
    stem = f"publications/{paper.slug}/{paper.slug}"
    matter, page, blocks = _paper_page(paper, shown, extends, extended_by, news, named, project, urls, cited_by)
    return [
        GeneratedFile(paper_page_path(paper), page, html_blocks=blocks, matter=matter),
        GeneratedFile(f"{stem}.bib", bibtex, False),
        GeneratedFile(f"{stem}.ris", exports.ris_file([paper]), False),
        GeneratedFile(f"{stem}.json", exports.csl_json([paper]), False),
    ]


def news_files(project: Project, urls: Urls) -> list[GeneratedFile]:
    """A post for each paper's `announce:` that no hand-written post already tells, with the
    paper's card as the publication list shows it."""
    papers = project.publications.by_key()
    cited = _cited_in_lists(project) if any(post.is_generated for post in project.news.posts) else {}
    files = []
    for post in project.news.posts:
        if not post.is_generated:
            continue
        paper = papers[post.announces]
        # A plain description: feeds and search results show it (the rss plugin would otherwise
        # convert the excerpt's Markdown itself, leaving the link to the paper's page unresolved).
        matter = {
            "date": post.date,
            "title": post.title,
            "description": announcement_description(post, paper),
            "categories": post.categories,
            "papers": post.papers,
        }
        card = _post_card(paper, post.path, urls, project, cited)
        body = _render("announcement.md.j2", post.path, urls, post=post, paper=paper, card=card)
        files.append(GeneratedFile(post.path, _front_matter(matter) + body, is_post=True))
    return files


def announcement_description(post, paper: Paper) -> str:
    """An announcement in one line of plain text: its own text's start, the abstract's, or what
    the paper is (the post's excerpt is the first two, as the news list shows it)."""
    if post.excerpt:
        return head.teaser(text.plain(post.excerpt), head.DESCRIPTION_LENGTH)
    if paper.abstract:
        return head.teaser(text.plain(paper.abstract), head.DESCRIPTION_LENGTH)
    venue = paper.venue.short or paper.venue.name if paper.venue else None
    where = f" {'in' if paper.kind in ('journal', 'preprint') else 'at'} {venue}" if venue else ""
    return head.teaser(f"A new paper{where}: {text.plain(paper.heading)}.", head.DESCRIPTION_LENGTH)


def tutorial_files(project: Project, urls: Urls) -> list[GeneratedFile]:
    """The tutorials' list and a page per tutorial, with what the latest check says."""
    if not project.tutorials:
        return []
    verdicts = [(tutorial, tutorials.verdict(tutorial, project.config.date_format)) for tutorial in project.tutorials]
    shared = {"labels": tutorials.LABELS, "checking": tutorials.CHECKING_PAGE}
    matter = {"title": "Tutorials", "description": "Tutorials whose commands are checked in containers.", "hide": ["navigation", "toc"]}
    checking = {
        "title": "How tutorials are checked",
        "description": "What the tutorial checker runs, where, and what verified, failed, not checkable and not verified yet mean.",
    }
    files = [
        GeneratedFile(
            "tutorials/index.md",
            _front_matter(matter) + _render("tutorials.md.j2", "tutorials/index.md", urls, tutorials=verdicts, **shared),
            in_nav=True,
        ),
        # Linked from every tutorial's banner and from the list: what their statuses mean.
        GeneratedFile(
            tutorials.CHECKING_PAGE,
            _front_matter(checking)
            + _render("tutorial_checking.md.j2", tutorials.CHECKING_PAGE, urls, owner=project.config.owner.name, **shared),
        ),
    ]
    for tutorial, verdict in verdicts:
        path = f"tutorials/{tutorial.id}.md"
        matter = {"title": str(escape(tutorial.title)), "description": head.teaser(tutorial.summary, 160), "hide": ["navigation"]}
        body = _render(
            "tutorial.md.j2",
            path,
            urls,
            tutorial=tutorial,
            verdict=verdict,
            steps=tutorials.shown_steps(tutorial),
            status=tutorials.step_status,
            where=tutorials.WHERE,
            checked_in=tutorials.checked_in(tutorial, project.config.date_format),
            passed_output=tutorials.passed_output,
            image_notes=tutorials.image_notes,
            per_image=tutorials.per_image(tutorial, project.config.date_format),
            projects=project.activities.projects_of(tutorial.projects),
            **shared,
        )
        files.append(GeneratedFile(path, _front_matter(matter) + with_citations(body, path, project)))
    return files


def site_nav(nav: list | None, generated: list[GeneratedFile], content_dir: Path) -> list | None:
    """mkdocs.yml's `nav:` as this build has it: without the listed pages it does not make, with
    a tab for each page that asks for one."""
    return with_tabs(nav_without(nav, absent_pages(generated, content_dir)), generated)


def with_tabs(nav: list | None, files: list[GeneratedFile]) -> list | None:
    """mkdocs.yml's navigation with a tab for each generated page that asks for one and that it
    does not list already (where the researcher placed it, it stays), after Publications. A
    site without `nav:` lists every page already."""
    if nav is None:
        return None
    listed = set(_nav_paths(nav))
    tabs = [{file.tab: file.path} for file in files if file.tab and file.path not in listed]
    after = next((index + 1 for index, item in enumerate(nav) if "publications/index.md" in _nav_paths([item])), len(nav))
    return [*nav[:after], *tabs, *nav[after:]]


def _nav_paths(items) -> list[str]:
    """Every page path a navigation (or part of it) names."""
    if isinstance(items, str):
        return [items]
    if isinstance(items, dict):
        return [path for value in items.values() for path in _nav_paths(value)]
    if isinstance(items, list):
        return [path for item in items for path in _nav_paths(item)]
    return []


def project_page_path(research_project: ResearchProject) -> str:
    return f"projects/{research_project.id}.md"


def project_files(project: Project, urls: Urls) -> list[GeneratedFile]:
    """/projects/ (active first) and a page per project with its papers, talks, news, tutorials
    and code."""
    activities = project.activities
    if not activities.projects:
        return []
    owner = project.config.owner.name
    matter = {"title": "Projects", "description": f"The projects of {owner}: software, systems and lines of research.", "hide": ["navigation", "toc"]}
    files = [
        GeneratedFile(
            PROJECTS_PAGE,
            _front_matter(matter) + _render("projects.md.j2", PROJECTS_PAGE, urls, projects=activities.projects_in_order),
            tab="Projects",
        )
    ]
    papers = project.publications.by_key()
    directory = people_directory(project.config)
    for research_project in activities.projects:
        path = project_page_path(research_project)
        its_papers = [papers[key] for key in activities.project_papers[research_project.id]]
        keys = {paper.key for paper in its_papers}
        body = _render(
            "project.md.j2",
            path,
            urls,
            project=research_project,
            people=[directory.author(name) for name in research_project.people],
            rows=[_list_item(paper, path, urls, project.config) for paper in its_papers],
            talks=[(talk, papers.get(talk.paper)) for talk in activities.talks if talk.paper in keys],
            when=_talk_when(project.config.date_format),
            posts=[project.news.post_at(post) for post in activities.project_posts[research_project.id]],
            tutorials=[tutorial for tutorial in project.tutorials if tutorial.id in activities.project_tutorials[research_project.id]],
            code=_code_links(research_project, its_papers),
            date_format=project.config.date_format,
        )
        # No table of contents, as on a paper's page: its few short sections read down the page.
        matter = {"title": str(escape(research_project.name)), "description": head.teaser(research_project.pitch, head.DESCRIPTION_LENGTH), "hide": ["navigation", "toc"]}
        files.append(GeneratedFile(path, _front_matter(matter) + with_citations(body, path, project)))
    return files


def _code_links(research_project: ResearchProject, papers: list[Paper]) -> list[tuple[str, str]]:
    """The project's repository, then each paper's code that is elsewhere: (label, URL)."""
    links = [(f"{research_project.name} repository", research_project.repository)] if research_project.repository else []
    for paper in papers:
        for link in paper.links:
            if link.kind == "code" and not link.is_local and link.url not in {url for _, url in links}:
                short = paper.venue.short if paper.venue else None
                links.append((f"Code of the {short} paper" if short else f"Code of {text.plain(paper.heading)}", link.url))
    return links


def talk_files(project: Project, urls: Urls) -> list[GeneratedFile]:
    """/talks/, by year, newest first."""
    talks = project.activities.talks
    if not talks:
        return []
    papers = project.publications.by_key()
    years: dict[int, list] = {}
    for talk in talks:
        years.setdefault(talk.year, []).append((talk, papers.get(talk.paper)))
    owner = project.config.owner.name
    matter = {"title": "Talks", "description": f"Talks by {owner} and the group, newest first, with their slides, videos and papers.", "hide": ["navigation", "toc"]}
    # Under its year's heading a talk's date leaves the year out (and a talk known by its year alone has none).
    when = _talk_when(project.config.date_format, with_year=False)
    body = _render("talks.md.j2", TALKS_PAGE, urls, years=list(years.items()), when=when)
    return [GeneratedFile(TALKS_PAGE, _front_matter(matter) + body, tab="Talks")]


def _talk_when(date_format: str, with_year: bool = True):
    """A talk's date as precisely as it is known, in the site's format for a whole date;
    without `with_year`, that format less its year ("7 April", "April", or nothing)."""
    day_format = date_format if with_year else text.without_year(date_format)

    def when(talk: Talk) -> str:
        if talk.day:
            return text.day_text(talk.day, day_format)
        if talk.month:
            return text.month_text(talk.year, talk.month, date_format) if with_year else text.month_under_year(talk.month, date_format)
        return str(talk.year) if with_year else ""

    return when


def teaching_files(project: Project, urls: Urls) -> list[GeneratedFile]:
    """/teaching/, linked from the home page's profile."""
    courses = project.activities.courses
    if not courses:
        return []
    matter = {"title": "Teaching", "description": f"The courses {project.config.owner.name} teaches and taught.", "hide": ["navigation", "toc"]}
    return [GeneratedFile(TEACHING_PAGE, _front_matter(matter) + _render("teaching.md.j2", TEACHING_PAGE, urls, courses=courses))]


def group_files(project: Project, urls: Urls) -> list[GeneratedFile]:
    """/group/: current members and alumni, each with the papers written together; only for a
    site whose people.yml declares a group. Linked from the home page's profile."""
    group = project.config.group
    if not group:
        return []
    papers = project.publications.by_key()
    year = project.news.today.year
    shown = [(member, [papers[key] for key in project.activities.member_papers.get(member.name, [])]) for member in group]
    sections = [
        ("Current members", [(member, its) for member, its in shown if member.is_current(year)]),
        ("Alumni", [(member, its) for member, its in shown if not member.is_current(year)]),
    ]
    matter = {"title": "Group", "description": f"The members and alumni of {project.config.owner.name}'s group.", "hide": ["navigation"]}
    body, blocks = _render_split("group.md.j2", GROUP_PAGE, urls, sections=sections)
    return [GeneratedFile(GROUP_PAGE, _front_matter(matter) + body, html_blocks=blocks)]


def social_image(project: Project, urls: Urls) -> str | None:
    """The absolute URL of the picture link previews show (site.yml's `image`), if any."""
    return urls.absolute(project.config.image) if project.config.image else None


def theme_extra(project: Project, urls: Urls, built: datetime | None = None) -> dict:
    """What the theme's own templates show on every page (the link-preview picture, the footer's
    owner and last update), for `extra` in the renderer's config: static templates such as the
    404 page have it too, and so does a renderer that runs no hooks."""
    built = built or build_time()
    return {
        "social_image": social_image(project, urls),
        "researchsite": {
            "owner": project.config.owner.name,
            "monogram": text.monogram(project.config.owner.name),
            "year": built.year,
            "updated": text.day_text(built.date(), project.config.date_format),
            "updated_iso": built.date().isoformat(),
        },
    }


def build_time() -> datetime:
    """When the site was built: SOURCE_DATE_EPOCH when set (the last commit's time, as `make`
    sets it), so that two builds of the same sources are the same."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)


def robots_files(project: Project, urls: Urls) -> list[GeneratedFile]:
    """Crawlers welcome, and told where the sitemap is (MkDocs writes sitemap.xml); the
    researcher's own robots.txt wins."""
    if (project.content_dir / "robots.txt").is_file():
        return []
    sitemap = urls.absolute("sitemap.xml")
    lines = ["User-agent: *", "Allow: /"] + ([f"Sitemap: {sitemap}"] if sitemap else [])
    return [GeneratedFile("robots.txt", "\n".join(lines) + "\n", is_page=False)]


def home_files(project: Project, urls: Urls) -> list[GeneratedFile]:
    """The home page: the researcher's own index.md between their profile, the latest news and
    the selected papers."""
    if project.home_markdown is None:
        return []
    home = project.citing.get("index.md")
    markdown = cite(home.markdown, home.citations, project.publications.by_key(), _citation_macros("index.md")) if home else project.home_markdown
    matter, body = _split_front_matter(markdown)
    config = project.config
    selected = [paper for paper in project.publications.papers if paper.selected]
    cited = _cited_in_lists(project)
    # A "home page" link that is this very site would lead the visitor where they are.
    here = (urls.site_url or "").rstrip("/")
    profiles = [profile for profile in config.owner.profiles if not (profile.kind == "homepage" and here and profile.url.rstrip("/") == here)]
    merged = _render(
        "home.md.j2",
        "index.md",
        urls,
        body=Markup(body),
        owner=config.owner,
        profiles=profiles,
        selected=[_list_item(paper, "index.md", urls, config, mark_selected=False, cited_by=cited.get(paper.key)) for paper in selected],
        latest=project.news.published[: config.news_on_home],
        about=_about_pages(project),
        cv_pdf=cv.PDF if project.cv is not None else None,
        date_format=config.date_format,
        citation_totals=citation_totals(project),
        moved_ids={
            match.group(1): urls.relative("index.md", urls.page(redirect_page_path(redirect.old)))
            for redirect in project.news.redirects
            if (match := OLD_ID.match(redirect.old))
        },
    )
    return [GeneratedFile("index.md", _hidden(matter, "navigation", "toc") + merged, in_nav=True, replaces=True)]


def _about_pages(project: Project) -> list[tuple[str, str]]:
    """The pages about the researcher that have no tab of their own, linked from the profile:
    (label, page path), present when their data is."""
    pages = [("Group", GROUP_PAGE, project.config.group), ("Teaching", TEACHING_PAGE, project.activities.courses)]
    return [(label, path) for label, path, data in pages if data]


# Where the CV page says how large cv.pdf is, until it is typeset: no text of a CV has it.
_PDF_SIZE = "\ue000cv.pdf size\ue000"


def cv_files(project: Project, urls: Urls, cache: GenerationCache | None = None) -> list[GeneratedFile]:
    """The CV page and cv.pdf, when the site has a cv.yml. The PDF is typeset again only when what
    it shows changed (`cache`, by its data): `mkdocs serve` rebuilds stay quick."""
    if project.cv is None:
        return []
    cache = cache or _NoCache()
    config = project.config
    sections = cv.shown_sections(project)
    papers = [paper for section in sections for _, group in section.groups for paper in group]
    built = build_time().date()
    page_urls = {paper.key: urls.absolute(urls.page(paper_page_path(paper))) for paper in papers}
    list_url = urls.absolute(urls.page(LIST_PAGE))
    totals = citation_totals(project)
    data = cv.pdf_data(project, sections, page_urls, urls.absolute(urls.page(cv.PAGE)), built, list_url, totals.plain if totals else None, cache)
    # Typst works in its own process while the rest of the site is generated and handed over; the
    # page, which gives the PDF's size, is finished when the renderer takes it.
    pdf = cache.get(f"{cv.PDF}\0{data!r}", lambda: Later(cv.typeset(data, built, kept.folder(project.root, "typst")).result))
    owner = config.owner.name
    matter = {"title": "Curriculum vitae", "description": f"The curriculum vitae of {owner}, also as a PDF.", "hide": ["navigation", "toc"]}

    def page() -> tuple[Later, tuple[str, ...]]:
        # Rendered now, with the PDF's size left to fill in once Typst is done: what waits holds
        # a page of text, not the model of the papers it shows.
        body, blocks = _render_split(
            "cv.md.j2", cv.PAGE, urls, owner=config.owner, profiles=config.owner.profiles, sections=sections,
            paper_lines=_cv_lines(papers, urls, config.date_format, cache),
            pdf=cv.PDF, pdf_size=_PDF_SIZE, updated=built, date_format=config.date_format, list_page=LIST_PAGE,
            citation_totals=totals,
        )
        return Filled(_front_matter(matter) + body, _PDF_SIZE, pdf, lambda made: f"PDF, {max(1, round(len(made) / 1000))} kB"), blocks

    if isinstance(cache, _NoCache):
        shown, blocks = page()
    else:
        # Kept as the PDF is, by everything it shows (its papers' page paths too, absent from the
        # PDF's data without a site_url): a rebuild whose edit leaves the CV as it was finds it made.
        made_of = repr((data, sections, totals, [paper_page_path(paper) for paper in papers], config.date_format, urls.directory_urls, urls.source_relative))
        shown, blocks = cache.get(f"{cv.PAGE}\0{made_of}", page)
    return [GeneratedFile(cv.PAGE, shown, in_nav=True, html_blocks=blocks), GeneratedFile(cv.PDF, pdf, is_page=False)]


def _cv_lines(papers: list[Paper], urls: Urls, date_format: str, cache: GenerationCache) -> dict[str, Markup]:
    """Each paper's line on the CV page, kept (`mkdocs serve`) by the paper, the URL style and the date format: an
    edit to one paper renders its line again, not the CV's thousand."""
    line = _environment().get_template("macros.html.j2").module.cv_paper
    paper_href = _links(cv.PAGE, urls)["paper_href"]
    if isinstance(cache, _NoCache):
        return {paper.key: line(paper, paper_href, date_format) for paper in papers}
    style = f"{urls.directory_urls}\0{urls.source_relative}\0{date_format}"
    return {paper.key: cache.get(f"{cv.PAGE}\0{style}\0{paper!r}", lambda paper=paper: line(paper, paper_href, date_format)) for paper in papers}


def _hidden(matter: str, *parts: str) -> str:
    """The researcher's front matter with Material's `hide:` for `parts` added, unless they chose
    what to hide: a homepage is read whole, without a documentation sidebar."""
    data = yaml.safe_load(matter.strip().removeprefix("---").removesuffix("---").removesuffix("...")) if matter else None
    data = data if isinstance(data, dict) else {}
    return _front_matter({**data, "hide": data.get("hide", list(parts))})


def posts_with_papers(project: Project, urls: Urls) -> list[GeneratedFile]:
    """Each hand-written post that cites papers, with its citations linked and its references at
    the end, or that names papers or projects, followed by them: the papers as the publication
    list shows them, the projects linked (an announcement shows its paper already)."""
    papers = project.publications.by_key()
    cited = _cited_in_lists(project) if any(post.papers and not post.is_generated for post in project.news.posts) else {}
    files = []
    for post in project.news.posts:
        if post.is_generated or not (post.papers or post.projects or post.citations):
            continue
        markdown = cite(post.markdown, post.citations, papers, _citation_macros(post.path))
        if post.papers or post.projects:
            section = _render(
                "post_papers.md.j2",
                post.path,
                urls,
                cards=[_post_card(papers[key], post.path, urls, project, cited) for key in post.papers],
                projects=project.activities.projects_of(post.projects),
            )
            # The cards end the post, after its excerpt: also when it wrote no separator.
            ends = f"\n\n{urls.excerpt_end}" if post.papers and urls.excerpt_end and urls.excerpt_end not in markdown else ""
            markdown = f"{markdown.rstrip()}{ends}\n\n{section}"
        files.append(GeneratedFile(post.path, markdown, replaces=True, is_post=True))
    return files


def _cited_in_lists(project: Project) -> dict:
    config = project.config
    return cited_lines(project) if config.citation_counts and config.citation_counts.in_list else {}


def _post_card(paper: Paper, post_path: str, urls: Urls, project: Project, cited: dict) -> Markup:
    """A paper's card on a post: the list's row. Its links are HTML, which MkDocs does not rewrite:
    `urls` knows where the blog serves the post (Urls.placed), and Zensical, which rewrites them
    from the post's source, gets them written from there (Urls.source_relative). Written as
    Markdown `.md` links inside md_in_html instead, the card would differ from the list's (every
    inline line wrapped in a paragraph) and the abstract and BibTeX would be read as Markdown."""
    return _list_item(paper, post_path, urls, project.config, mark_selected=False, cited_by=cited.get(paper.key))


def redirect_page_path(old: str) -> str:
    """Where the page answering an old address is: its folder's index, so that the address is
    the same with or without directory URLs; `?p=123` gets p/123/, where the home page sends it."""
    match = OLD_ID.match(old)
    return f"p/{match.group(1)}/index.md" if match else f"{old}index.md"


def redirect_files(project: Project) -> list[GeneratedFile]:
    """A page at each old address of an imported post (site_config/redirects.yml), forwarding to it.

    Generated pages rather than mkdocs-redirects: that plugin reads its map from mkdocs.yml, which
    an import should not rewrite, and runs under MkDocs only, where these pages are part of the
    one registry every renderer builds (Zensical too, through `researchsite source`)."""
    files, made = [], set()
    for redirect in project.news.redirects:
        path = redirect_page_path(redirect.old)
        if path in made:
            continue
        made.add(path)
        matter = {"title": redirect.post.title, "search": {"exclude": True}, "hide": ["navigation", "toc"]}
        body = _render("redirect.md.j2", path, Urls(), post=redirect.post)
        files.append(GeneratedFile(path, _front_matter(matter) + body))
    return files


def citing_page_files(project: Project, made: set[str]) -> list[GeneratedFile]:
    """The researcher's own pages that cite papers, their citations linked and their references
    at the end (a page the build remakes anyway, as the home page, does that itself)."""
    papers = project.publications.by_key()
    return [
        GeneratedFile(page.path, cite(page.markdown, page.citations, papers, _citation_macros(page.path)), replaces=True)
        for page in project.citing.values()
        if page.path not in made
    ]


def with_citations(markdown: str, page_path: str, project: Project) -> str:
    """A generated page's Markdown with the citations its researcher-written text makes (in a
    tutorial's steps, say) linked; unknown keys were reported with the source's lines already."""
    papers = project.publications.by_key()
    known = [citation for citation in find_citations(markdown) if all(key in papers for key in citation.keys)]
    return cite(markdown, known, papers, _citation_macros(page_path))


def _citation_macros(page_path: str):
    return _environment().get_template("citations.md.j2").make_module(_links(page_path, Urls()))


def _split_front_matter(markdown: str) -> tuple[str, str]:
    match = _FRONT_MATTER.match(markdown)
    return (match.group(0), markdown[match.end() :]) if match else ("", markdown)


# The list a visitor downloads first stays under 1 MB of HTML: its rows (with their abstracts and
# BibTeX, some 1.5 KB a paper) up to this many bytes, the newest years first; each earlier year
# gets a page of its own.
LIST_BYTES = 900_000
LIST_PAGE = "publications/index.md"


def _publication_lists(project: Project, urls: Urls, cache: GenerationCache, keys: dict[str, str], cited: dict) -> list[GeneratedFile]:
    """The publication list, newest first, by year; split when long (see LIST_BYTES). `keys`:
    what each paper is made of, under which its rows are kept; `cited`: the rows' citation counts."""
    years: dict[str, list[Paper]] = {}
    for paper in project.publications.papers:
        years.setdefault(paper.year_label, []).append(paper)
    first: dict[str, list[Paper]] = {}
    earlier: list[tuple[str, str]] = []  # (year, the page's path)
    first_rows: dict[str, Markup] = {}  # the first page's rows, made once to be measured and used
    listed = 0
    for year, papers in years.items():
        if earlier:
            earlier.append((year, f"publications/by-year/{slug(year)}.md"))
            continue
        rows = {paper.key: _row(paper, LIST_PAGE, urls, project.config, cache, keys, cited) for paper in papers}
        size = sum(len(row) for row in rows.values())
        if first and listed + size > LIST_BYTES:
            earlier.append((year, f"publications/by-year/{slug(year)}.md"))
        else:
            first[year] = papers
            first_rows.update(rows)
            listed += size
    owner = project.config.owner.name
    page, blocks = _list_page(LIST_PAGE, "Publications", f"Publications of {owner}, newest first.", first, earlier, urls, latest=True, cache=cache, keys=keys, config=project.config, rows=first_rows, cited=cited)
    files = [GeneratedFile(LIST_PAGE, page, html_blocks=blocks, in_nav=True)]
    for year, path in earlier:
        title = f"Publications of {year}" if year.isdigit() else f"{year} publications"
        description = f"{title} by {owner}."
        page, blocks = _list_page(path, title, description, {year: years[year]}, earlier, urls, latest=False, cache=cache, keys=keys, config=project.config, cited=cited)
        files.append(GeneratedFile(path, page, html_blocks=blocks))
    return files


def _row(paper: Paper, path: str, urls: Urls, config: SiteConfig, cache: GenerationCache, keys: dict[str, str], cited: dict) -> Markup:
    return cache.get(f"{path}\0{keys[paper.key]}", lambda: _list_item(paper, path, urls, config, cited_by=cited.get(paper.key)))


def _list_page(path, title, description, years: dict[str, list[Paper]], earlier, urls: Urls, latest, cache, keys, config: SiteConfig, rows=None, cited=None) -> tuple[str, tuple[str, ...]]:
    """A list page's Markdown and its HTML blocks (a year's papers each)."""
    papers = [paper for group in years.values() for paper in group]
    rows = rows or {paper.key: _row(paper, path, urls, config, cache, keys, cited or {}) for paper in papers}
    kinds = [(kind, KIND_LABELS[kind]) for kind in KINDS if any(p.kind == kind for p in papers)]
    topics = sorted({topic for paper in papers for topic in paper.topics}, key=str.lower)
    # No table of contents beside the list: its years are a row of links above it, which the
    # filter thins as it empties them.
    markdown, blocks = _render_split(
        "publications.md.j2", path, urls, title=title, years=years, rows=rows, kinds=kinds, topics=topics, earlier=earlier,
        latest=latest, selected=any(paper.selected for paper in papers),
    )
    return _front_matter({"title": title, "description": description, "hide": ["navigation", "toc"]}) + markdown, blocks


def _paper_page(
    paper: Paper, bibtex: str, extends, extended_by, news, named: Named, project: Project, urls: Urls, cited_by=None
) -> tuple[dict, str, tuple[str, ...]]:
    """The paper's page: its front matter, its Markdown, and its HTML parts (header, abstract,
    citation) as HTML blocks (HTML_BLOCK)."""
    page_path = paper_page_path(paper)
    matter = {
        # Material inserts page titles as HTML in several places, unescaped: give it HTML.
        "title": str(escape(text.plain(paper.heading))),
        "description": head.description(paper),
        "hide": ["navigation", "toc"],
        "researchsite": head.paper_head(paper, project.config, urls, page_path),
    }
    markdown, blocks = _render_split(
        "paper.md.j2",
        page_path,
        urls,
        paper=paper,
        extends=extends,
        extended_by=extended_by,
        news=news,
        projects=named.projects,
        talks=named.talks,
        when=_talk_when(project.config.date_format),
        bibtex=bibtex,
        venue_badge=venue_badge(paper, project.config),
        date_format=project.config.date_format,
        cited_by=cited_by,
    )
    return matter, markdown, blocks


def _render(template: str, page_path: str, urls: Urls, **context) -> str:
    return _environment().get_template(template).render(**_links(page_path, urls), **context)


# Python-Markdown reads a raw HTML block tag by tag (md_in_html's parser, then MkDocs' own, for
# anchors), which at 1,000 papers was most of rendering the publication list and the CV: their
# lists are HTML from our templates, ready as they are. The template marks each such block
# (`{% filter html_block %}`); the page's Markdown holds a comment in its place, which Markdown
# passes through as it would the block, and the block goes into the page's HTML for it.
HTML_BLOCK = re.compile(r"<!-- researchsite:html (\d+) -->")


def _render_split(template: str, page_path: str, urls: Urls, **context) -> tuple[str, tuple[str, ...]]:
    """The page's Markdown with a placeholder for each HTML block the template marks, and the blocks."""
    blocks: list[str] = []
    return _render(template, page_path, urls, html_blocks=blocks, **context), tuple(blocks)


@jinja2.pass_context
def _html_block(context, markup: str) -> Markup:
    blocks = context["html_blocks"]
    # Kept as plain text: joined to a str, Markup escapes the str (an HTML parser fed the page's
    # text up to a block, then the block, would read the text's unfinished tag as escaped text).
    block = str(markup).rstrip("\n")
    blocks.append(block)
    return Markup(f"<!-- researchsite:html {len(blocks) - 1} -->{markup[len(block):]}")


# The anchors MkDocs gathers from a page's raw HTML (an element's id, a link's name), as they
# are written in our templates' HTML: quoted, and escaped (a quote in a value or in text is &#34;).
_ID = re.compile(r'\sid="([^"]*)"')
_LINK_NAME = re.compile(r'<a(?:\s[^>]*?)?\sname="([^"]*)"')


def anchor_ids(blocks: tuple[str, ...]) -> set[str]:
    return {html.unescape(value) for block in blocks for pattern in (_ID, _LINK_NAME) for value in pattern.findall(block)}


def with_html_blocks(text: str, blocks: tuple[str, ...]) -> str:
    """Markdown or HTML with each placeholder of HTML_BLOCK replaced by its block."""
    return HTML_BLOCK.sub(lambda match: blocks[int(match.group(1))], text)


def _list_item(paper: Paper, page_path: str, urls: Urls, config: SiteConfig, mark_selected: bool = True, cited_by=None) -> Markup:
    """A paper's row in a list, as the lists' template writes it (its `item` macro)."""
    links = _links(page_path, urls)
    shown = exports.bibtex_entry(paper, _NOT_IN_SHOWN_BIBTEX)
    macros = _environment().get_template("macros.html.j2").module
    return macros.item(paper, venue_badge(paper, config), shown, links["href"], links["paper_href"], config.date_format, mark_selected, cited_by)


class VenueBadge(NamedTuple):
    """The badge beside a paper: its venue's short name, or what it is, on its kind's colour."""

    text: str
    background: str
    colour: str  # of the text: white or black, whichever reads better on the background


class ProjectTile(NamedTuple):
    """What stands for a project without a logo: its initials on a colour of its own."""

    initials: str
    background: str


# 24 hues, 15 degrees apart: two projects rarely share one. Each is darkened until white text
# on it reaches 4.5:1 (with a margin), which holds in both colour schemes.
TILE_HUES = 24


def project_tile(research_project: ResearchProject) -> ProjectTile:
    """The same colour for the same id on every build (a checksum of the id, not Python's
    `hash`, which changes per process), and initials that tell projects of one letter apart:
    'FastClick' FC, 'NPF' NPF, 'Network Performance Framework' NP, 'Cheetah' C."""
    return ProjectTile(initials(research_project.name), tile_colour(zlib.crc32(research_project.id.encode()) % TILE_HUES))


@cache
def tile_colour(hue: int) -> str:
    lightness = 0.5
    while True:
        red, green, blue = colorsys.hls_to_rgb(hue / TILE_HUES, lightness, 0.5)
        colour = f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
        if text.white_text_contrast(colour) >= 4.8:
            return colour
        lightness -= 0.01


def initials(name: str) -> str:
    """A project's initials: its first two words' ('Network Performance Framework' NP), or a
    one-word name's capitals ('FastClick' FC, 'NPF' NPF). Not `text.monogram`, a person's first
    and last names' initials ('Gerald Q. Maguire Jr.' GM): the two agree on neither example."""
    words = re.findall(r"[^\W_]+", name)
    if not words:
        return name[:1].upper() or "?"
    if len(words) > 1:
        return "".join(word[0] for word in words[:2]).upper()
    word = words[0]
    if word.isupper() and len(word) <= 3:
        return word
    capitals = [letter for letter in word if letter.isupper()]
    return "".join(capitals[:2]) if len(capitals) > 1 else word[0].upper()


def venue_badge(paper: Paper, config: SiteConfig) -> VenueBadge:
    short = paper.venue.short if paper.venue else None
    background = (paper.venue.colour if paper.venue else None) or config.kind_colours.get(paper.kind) or KIND_COLOURS[paper.kind]
    return VenueBadge(short or KIND_LABELS[paper.kind], background, text.readable_on(background))


def _links(page_path: str, urls: Urls) -> dict:
    """The functions templates make links with, from the page at `page_path`."""

    def href(target: str) -> str:
        if "://" in target or target.startswith(("mailto:", "#")):
            return target
        return urls.relative(page_path, target)

    def page_href(markdown_path: str) -> str:
        return href(urls.page(markdown_path))

    def paper_href(paper: Paper) -> str:
        return page_href(paper_page_path(paper))

    def project_href(research_project: ResearchProject) -> str:
        return page_href(project_page_path(research_project))

    def source_href(docs_path: str) -> str:
        """A Markdown link to another page's source: MkDocs turns it into that page's URL, wherever
        a plugin puts it (the blog decides its posts' URLs), and checks it in strict mode."""
        return posixpath.relpath(docs_path, posixpath.dirname(page_path) or ".")

    return {
        "href": href,
        "page_href": page_href,
        "paper_href": paper_href,
        "source_href": source_href,
        "paper_source": paper_page_path,
        "project_href": project_href,
        "project_source": project_page_path,
    }


class _Once:
    """A paper's pieces that read the same wherever it is shown (its authors, its venue line): its
    page, its row in each list and its line on the CV rendered each anew, three times a paper; within
    `site_files` each is rendered once (`{{ paper | once("authors") }}`, a macro of macros.html.j2)."""

    def __init__(self):
        self._made: dict[tuple, tuple[Paper, Markup]] | None = None

    def start(self) -> None:
        self._made = {}

    def stop(self) -> None:
        self._made = None

    def __call__(self, paper: Paper, macro: str, *args) -> Markup:
        render = getattr(_environment().get_template("macros.html.j2").module, macro)
        if self._made is None:
            return render(paper, *args)
        key = (macro, id(paper), args)
        made = self._made.get(key)
        if made is None or made[0] is not paper:  # the paper itself is kept: its id stays its own
            made = self._made[key] = (paper, render(paper, *args))
        return made[1]


_once = _Once()


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("researchsite", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["rich"] = text.rich_text
    env.filters["slug"] = text.slug
    env.filters["fence"] = text.fence
    env.filters["code_span"] = lambda code: Markup(text.code_span(code))  # Markdown escapes code spans itself
    env.filters["md"] = text.markdown_text
    env.filters["plain"] = text.plain
    env.filters["missing_detail"] = lambda field: MISSING_DETAILS.get(field, f"its {field}")
    env.filters["venue_line"] = venue_line
    env.filters["tile"] = project_tile
    # Every date in the site's format: the page's `date_format`, handed to the template.
    env.filters["day"] = jinja2.pass_context(lambda context, day: text.day_text(day, context.get("date_format", text.DATE_FORMAT)))
    env.filters["paragraphs"] = _paragraphs
    env.filters["html_block"] = _html_block
    env.filters["once"] = _once
    env.filters["when_parts"] = jinja2.pass_context(lambda context, when: cv.when_parts(when, context.get("date_format", text.DATE_FORMAT)))
    env.filters["address"] = cv.shown_address
    env.filters["md_url"] = lambda url: Markup(f"<{escape(url.replace(' ', '%20').replace('>', '%3E'))}>")
    env.filters["teaser"] = lambda text: head.teaser(text, 300)
    # The researcher's own Markdown (a summary, an announcement's text) goes to MkDocs as it is,
    # and so does a code block's text: Markdown escapes it there, escaping it first doubles it.
    env.filters["markdown"] = Markup
    env.filters["verbatim"] = Markup
    return env


def _paragraphs(text: str | None) -> list[str]:
    if not text:
        return []
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


# libyaml's emitter is ~20 times faster than PyYAML's own, which dominated generation time.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# What JSON leaves as it is but YAML reads otherwise: line breaks of its own (NEL, U+2028,
# U+2029), which it would fold, and the characters it refuses in a document.
_NOT_YAML_AS_IS = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _front_matter(data: dict) -> str:
    """Front matter as YAML reads it. JSON is YAML, and json's C encoder writes it some 30 times
    faster than even libyaml's emitter (a third of generating a paper's page went to YAML); a post's
    front matter, with its date, is YAML proper."""
    try:
        text = json.dumps(data, ensure_ascii=False)
    except TypeError:  # a date
        text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    else:
        text = _NOT_YAML_AS_IS.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
    return f"---\n{text}---\n\n"

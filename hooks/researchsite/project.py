"""Load everything the site is built from, in one pass, and stop once with every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .activities import PROJECTS_FILE, build_activities, check_projects_named, read_courses, read_projects, read_talks
from .citations import CitingPage, citing_pages, project_citation_problems, tutorial_citation_problems
from .load.bibtex import LoadCache, load_bibliography
from .load.config import load_site_config
from .load.cv import load_cv
from .load.extras import load_extras
from .load.metrics import load_metrics
from .load.news import read_posts
from .load.pages import read_pages
from .load.redirects import read_redirects
from .news import build_news
from .papers import PaperCache, Publications, build_publications
from .structure.activities import Activities
from .structure.cv import Cv
from .structure.metrics import Metrics
from .structure.news import News
from .structure.problems import Problem, ProblemsFound, in_order
from .structure.site import SiteConfig
from .tutorials import Tutorial, load_tutorials


@dataclass
class Project:
    root: Path
    content_dir: Path
    config: SiteConfig
    publications: Publications
    news: News
    tutorials: list[Tutorial]
    activities: Activities = field(default_factory=Activities)  # projects, talks, teaching
    warnings: list[Problem] = field(default_factory=list)  # shown, not fatal: by file and line
    home_markdown: str | None = None  # content/index.md, which the home page is built around
    citing: dict[str, CitingPage] = field(default_factory=dict)  # the researcher's pages that cite papers, by path under content/
    cv: Cv | None = None  # site_config/cv.yml; None: the site has no CV page and no PDF
    metrics: Metrics = field(default_factory=Metrics)  # papers/metrics.json, when site.yml asks for citation counts


@dataclass
class ProjectCache:
    """What a process that loads the project again (`mkdocs serve`) keeps from one load to the
    next, keyed by content: the BibTeX files' entries, and the papers made of them."""

    bibliography: LoadCache = field(default_factory=LoadCache)
    papers: PaperCache = field(default_factory=PaperCache)


def load_project(
    root: Path,
    content_dir: Path | None = None,
    today: date | None = None,
    strict: bool = False,
    cache: ProjectCache | None = None,
) -> Project:
    """Read papers/, site_config/ and content/ under `root`.

    Raises ProblemsFound, listing every error and warning, when there is an error (or, when
    `strict` or the site's `strict:` setting asks for it, a warning). `today` decides which
    posts are future-dated, hence not yet published. `cache` keeps what is unchanged from the
    previous load of the same process (`mkdocs serve`).
    """
    root = root.resolve()
    content_dir = (content_dir or root / "content").resolve()
    papers_dir = root / "papers"
    config, problems = load_site_config(root / "site_config", root, content_dir)
    projects, found = read_projects(root / "site_config", root, content_dir)
    problems += found
    projects_readable = not any(problem.is_error for problem in found)  # else every id would be unknown
    entries, found = load_bibliography(sorted(papers_dir.glob("*.bib")), root, cache.bibliography if cache else None)
    problems += found
    extras, found = load_extras(sorted(papers_dir.glob("*.yml")) + sorted(papers_dir.glob("*.yaml")), root)
    problems += found
    publications, found = build_publications(entries, extras, config, content_dir, cache.papers if cache else None)
    problems += found
    metrics = Metrics()
    if config.citation_counts is not None:
        metrics, found = load_metrics(root, {paper.key for paper in publications.papers})
        problems += found
    cv, found = load_cv(root / "site_config" / "cv.yml", root, publications.papers)
    problems += found
    posts, found = read_posts(content_dir / "news" / "posts", root, content_dir)
    problems += found
    redirects_file = root / "site_config" / "redirects.yml"
    redirects, found = read_redirects(redirects_file, root)
    problems += found
    news, found = build_news(posts, publications, extras, today or date.today(), redirects, "site_config/redirects.yml")
    problems += found
    pages, found = citing_pages(read_pages(content_dir, root), publications)
    problems += found
    # The latest reports of `make check-tutorials`, which the pages show.
    tutorials, found = load_tutorials(content_dir, root / "reports" / "tutorials")
    problems += found + tutorial_citation_problems(tutorials, publications)
    problems += project_citation_problems(projects, f"site_config/{PROJECTS_FILE}", publications)
    if projects_readable:
        problems += check_projects_named(projects, extras, posts, tutorials)
    talks, found = read_talks(root / "site_config", root, content_dir, publications)
    problems += found
    courses, found = read_courses(root / "site_config", root, content_dir)
    problems += found
    activities = build_activities(projects, talks, courses, config.group, publications, news, tutorials)
    if any(problem.is_error for problem in problems) or (problems and (strict or config.strict)):
        raise ProblemsFound(problems)
    home = content_dir / "index.md"
    home_markdown = home.read_text(encoding="utf-8-sig") if home.is_file() else None
    citing = {page.path: page for page in pages}
    return Project(
        root, content_dir, config, publications, news, tutorials, activities, in_order(problems), home_markdown, citing, cv, metrics
    )

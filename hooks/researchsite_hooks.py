"""MkDocs hooks: turn MkDocs events into calls of the `researchsite` package, nothing more.

Named so as not to shadow a standard-library module (`site.py` would shadow `site`).
"""

from __future__ import annotations

import atexit
import logging
import shutil
import sys
import tempfile
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page

from researchsite.generate.pages import LISTED_PAGES, GeneratedFile, Urls, problems_html, site_files, social_image
from researchsite.load.bibtex import LoadCache
from researchsite.project import Project, load_project
from researchsite.structure.problems import Problem, ProblemsFound

# Survives `mkdocs serve` rebuilds; replaced on every build, never read across two.
_build: dict[str, object] = {}
_serving = False
_cache = LoadCache()  # what the next rebuild need not parse and decode again

# Problems go out as `path:line: warning: ...`, as compilers and CI annotations read them, and
# on every build: MkDocs' own loggers drop a message they printed before, so a mistake made
# twice in `mkdocs serve` would be explained once; and under `--strict` MkDocs counts their
# warnings as fatal, where ours are fatal only when the site's `strict:` asks.
_log = logging.getLogger("researchsite")
if not _log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(message)s"))
    _log.addHandler(_handler)
    _log.propagate = False


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    # Watched here, not with `watch:` in mkdocs.yml, which fails on a folder that does not
    # exist yet (a new site with no papers/).
    root = Path(config.config_file_path).parent
    for folder in ("papers", "site_config", "hooks"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    return server


# Generate before any plugin reads the files (at equal priority hooks would run after plugins).
@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    _drop_unused_theme_files(files, config)
    for key in ("project", "urls", "problems"):  # the posts' folder stays, for the next rebuild
        _build.pop(key, None)
    project = _load(config)
    # A tutorial's YAML is its page's source, not a file to publish.
    for file in [file for file in files if file.src_uri.startswith("tutorials/") and file.src_uri.endswith(".yml")]:
        files.remove(file)
    if project is None:  # a broken site in `mkdocs serve`: every page shows the problems
        for path in LISTED_PAGES:
            _add(files, config, File.generated(config, path, content="# The site cannot be built yet\n"))
        return files
    urls = Urls(config.use_directory_urls, config.site_url)
    _build.update(project=project, urls=urls)
    for generated in site_files(project, urls):
        if generated.replaces:
            files.remove(files.get_file_from_path(generated.path))
        if generated.is_post:
            # Material's blog plugin opens each post's abs_src_path: a post needs a real file.
            file = File.generated(config, generated.path, abs_src_path=_write(generated))
        else:
            hidden = generated.is_page and not generated.in_nav
            inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
            file = File.generated(config, generated.path, content=generated.content, inclusion=inclusion)
        _add(files, config, file)
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "problems" not in _build:
        return markdown
    # A broken site in `mkdocs serve`. A post keeps its text: the blog needs its excerpt separator.
    problems = problems_html(_build["problems"])
    return f"{markdown}\n\n{problems}" if page.file.src_uri.startswith("news/posts/") else problems


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    # The 404 page too: it is what the browser shows of a paper page the broken build lacks.
    if "problems" in _build and template_name == "404.html":
        return output.replace("</h1>", "</h1>" + problems_html(_build["problems"]), 1)
    return output


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # In config.extra, where `researchsite source` puts it for renderers without hooks, so that
    # static templates (the 404 page) have it too; link previews need an absolute URL.
    project = _build.get("project")
    config.extra["social_image"] = social_image(project, _build["urls"]) if project else None
    return env


def _add(files: Files, config: MkDocsConfig, file: File) -> None:
    if files.get_file_from_path(file.src_uri):
        raise PluginError(
            f"{Path(config.docs_dir).name}/{file.src_uri}: the build generates this file (from papers/, "
            "an announcement or a tutorial); remove or rename the hand-written one"
        )
    files.append(file)


def _write(generated: GeneratedFile) -> str:
    if "posts_dir" not in _build:
        folder = tempfile.mkdtemp(prefix="researchsite-posts-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _build["posts_dir"] = folder
    path = Path(_build["posts_dir"]) / generated.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generated.content, encoding="utf-8")
    return str(path)


def _load(config: MkDocsConfig) -> Project | None:
    """The project, its warnings printed; on errors, the build stops with all of them, or, in
    `mkdocs serve`, goes on to show them in the browser (a failed rebuild would leave every
    request hanging until the next good one)."""
    try:
        project = load_project(Path(config.config_file_path).parent, Path(config.docs_dir), cache=_cache)
    except ProblemsFound as problems:
        if not _serving:
            raise PluginError(problems.report()) from None
        _log.error(problems.report())
        _build["problems"] = problems.problems
        return None
    for warning in project.warnings:
        _log.warning(str(warning))
    return project


def _drop_unused_theme_files(files: Files, config: MkDocsConfig) -> None:
    """Source maps and the search languages the site does not use: 1.3 MB nobody downloads.

    Material's search worker imports min/lunr.<lang>.min.js for each language but English,
    lunr.stemmer.support when it imports any, lunr.multi for several, tinyseg.js for
    Japanese and wordcut.js for Hindi and Thai; English alone needs none of them.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    languages = list(search.config.lang or ["en"]) if search else []
    needed = {f"lunr/min/lunr.{lang}.min.js" for lang in languages if lang != "en"}
    needed |= {"lunr/tinyseg.js"} if "ja" in languages else set()
    needed |= {"lunr/wordcut.js"} if {"hi", "th"} & set(languages) else set()
    needed |= {"lunr/min/lunr.multi.min.js"} if len(languages) > 1 else set()
    needed |= {"lunr/min/lunr.stemmer.support.min.js"} if needed else set()
    for file in list(files):
        path = file.src_uri
        unused_language = path.startswith("assets/javascripts/lunr/") and path.removeprefix("assets/javascripts/") not in needed
        if path.endswith(".map") or unused_language:
            files.remove(file)

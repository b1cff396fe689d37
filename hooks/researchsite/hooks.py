"""MkDocs hooks: turn MkDocs events into calls of the `researchsite` package, and give
`mkdocs serve --dirty` the correct incremental rebuilds MkDocs alone does not (at the end).

A site names them with a one-line file of its own (`hooks/researchsite_hooks.py`), which
`researchsite init` writes: MkDocs takes hooks only as file paths.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime, meta

from researchsite import partials
from researchsite.generate import kept, typeset
from researchsite.generate.pages import (
    LISTED_PAGES,
    Filled,
    GeneratedFile,
    GenerationCache,
    Later,
    Urls,
    anchor_ids,
    problems_html,
    site_files,
    site_nav,
    theme_extra,
    with_html_blocks,
)
from researchsite.generate.search import add_folded_forms
from researchsite.generate.source import THEME_DIR
from researchsite.generate.text import bare_code_whitespace, unbroken_compounds
from researchsite.blog import blog_urls, missing_excerpt_ends
from researchsite.page_markdown import SharedMarkdown
from researchsite.project import Project, ProjectCache, load_project
from researchsite.search_blocks import BlockTexts, add_entries
from researchsite.structure.problems import ProblemsFound, report
from researchsite.writer import Writer, WriterFailed

if TYPE_CHECKING:  # `mkdocs serve` only: a build does not load the server and its file observer
    from mkdocs.livereload import LiveReloadServer

# Survives `mkdocs serve` rebuilds; replaced on every build, never read across two.
_build: dict[str, object] = {}
_serving = False
_dirty = False  # `mkdocs serve --dirty` (make serve): a rebuild renders only what an edit changed
_server: LiveReloadServer | None = None  # `mkdocs serve`'s, once it has built the site
# A one-off build's downloads, written by a child process of their own while MkDocs reads the
# pages; waited for before MkDocs copies its files (see on_env). `mkdocs serve` writes its own,
# only those that changed, and may write cv.pdf later (_Incremental).
_writer: Writer | None = None
# The front matter keys a generated page hands MkDocs as data: ours, which no plugin reads
# before the page's Markdown events, where the hook puts them in (on_page_markdown).
MATTER_AS_DATA = frozenset({"researchsite"})
# What the next rebuild of `mkdocs serve` need not parse, decode and generate again; a one-off
# build keeps none of it (at 10,000 papers the caches held a third of the memory).
_cache = ProjectCache()
_generation = GenerationCache()
_block_texts = BlockTexts()

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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # The theme's templates and assets come with the package, so that a new version reaches
    # every site that installs it; the site's own custom_dir, if any, still goes first.
    position = 1 if config.theme.custom_dir else 0
    if THEME_DIR not in config.theme.dirs:
        config.theme.dirs.insert(position, THEME_DIR)
    # MkDocs makes the theme's environment anew for each build and compiles its templates again
    # (0.45 s of a 1.3 s rebuild; with the generated pages' own, some 0.4 s of CPU of any build):
    # their code is kept, in memory while serving, otherwise in the site's .cache/ for the next
    # build. Set from the first moment of each environment: the blog plugin loads its templates
    # in on_nav, before on_env.
    bytecode = _templates if _serving else kept.template_bytecode(Path(config.config_file_path).parent, "theme")
    get_env = config.theme.get_env
    config.theme.get_env = lambda: _with_bytecode(get_env(), bytecode)
    return config


def _with_bytecode(env: Environment, bytecode: jinja2.BytecodeCache | None) -> Environment:
    env.bytecode_cache = bytecode
    return env


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty
    if dirty:
        # Said on every rebuild, and fatal under --strict; what it warns of is handled below.
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyBuildNotice())
    if _serving:
        # Every rebuild lists the theme's files again (Material's icons: some 15,000 names, each
        # matched against a dozen patterns), a third of a second of each rebuild: once, while
        # the theme's folders stay as they are.
        Files.add_files_from_theme = _theme_files_once(Files.add_files_from_theme)


def on_serve(server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
    global _server
    _server = server
    # Watched here, not with `watch:` in mkdocs.yml, which fails on a folder that does not
    # exist yet (a new site with no papers/).
    root = Path(config.config_file_path).parent
    for folder in ("papers", "site_config", "hooks"):
        if (root / folder).is_dir():
            server.watch(str(root / folder))
    _poll_often(server)
    return server


def _poll_often(server: LiveReloadServer) -> None:
    """MkDocs polls the watched folders every 0.5 s, a quarter of a second of every preview on
    average, more than the rebuild of a paper takes: every 0.1 s instead (a site's sources are
    a few hundred files to look at). MkDocs 1.6 has no option for it: the watches are made
    again on an observer of that interval, before the server starts it. It then waits for 0.1 s
    without a change before it builds; a poll reports a save's changes at once, so 0.02 s
    (a save split across two polls is built twice, the second time as it ends)."""
    import watchdog.observers.polling

    server.build_delay = 0.02
    paths = list(server._watched_paths)
    server._watched_paths.clear()
    server._watch_refs.clear()
    server.observer = watchdog.observers.polling.PollingObserver(timeout=0.1)
    for path in paths:
        server.watch(path)


# Generate before any plugin reads the files (at equal priority hooks would run after plugins).
@event_priority(100)
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    global _writer
    _drop_unused_theme_files(files, config)
    _writer = None if _serving or _dirty else Writer()
    for key in ("extra", "problems", "folders", "placed", "html_blocks", "search_blocks", "generated_pages", "matter"):  # the generated files' folder stays, for the next rebuild
        _build.pop(key, None)
    _build["markdown"] = SharedMarkdown()  # for this build's configuration
    project = _load(config)
    # A tutorial's YAML is its page's source, not a file to publish.
    for file in [file for file in files if file.src_uri.startswith("tutorials/") and file.src_uri.endswith(".yml")]:
        files.remove(file)
    if project is None:  # a broken site in `mkdocs serve`: every page shows the problems
        for path in LISTED_PAGES:
            _add(files, config, File.generated(config, path, content="# The site cannot be built yet\n"))
        return files
    blog = config.plugins.get("material/blog")
    if missing := missing_excerpt_ends(blog, project.news.posts):
        raise PluginError(report(missing))
    # The papers' cards on a post are HTML, whose links MkDocs does not rewrite: written for its
    # address, and kept out of its excerpt, which the news list shows from another.
    urls = Urls(config.use_directory_urls, config.site_url, **blog_urls(blog, project.news.posts, config.theme["language"]))
    _build["placed"] = {post: urls.page(post) for post in urls.placed}
    # Only what later events need: the model of 10,000 papers need not live through rendering.
    _build["extra"] = theme_extra(project, urls, get_build_datetime())
    # The posts' dates in the site's date format, as every other date (site.yml's date_format).
    if blog is not None:
        blog.config.post_date_format = project.config.date_format
    if _dirty and _server is not None:
        typeset.hold()  # cv.pdf's child starts once this rebuild is rendered (on_post_build)
    generated_files = site_files(project, urls, _generation if _serving else None)
    if _dirty and _server is not None:
        generated_files = _incremental.without_waiting(generated_files, config)
    config.nav = site_nav(config.nav, generated_files, Path(config.docs_dir))
    # What is still being made (the CV, by Typst in its own process) is handed over last: its
    # child works while everything else, the downloads above all, is written. It is waited for
    # before MkDocs reads any page, so that Typst's memory is given back before the pages' grows.
    pending = {index for index, generated in enumerate(generated_files) if generated.later and not generated.later.made}
    if pending:
        typeset.go()  # waited for below
    made: dict[int, File] = {}
    for index in [index for index in range(len(generated_files)) if index not in pending] + sorted(pending):
        made[index] = _file(generated_files[index], files, config)
    for index in range(len(generated_files)):  # in the registry's order, which the pages keep
        _add(files, config, made[index])
    if _dirty:
        _incremental.skippable = {generated.path for generated in generated_files if not generated.is_post}
    if _writer is not None:
        _writer.close()  # the child writes them meanwhile
    return files


@event_priority(-100)  # after the blog plugin's, which brings the posts in at -50
def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    if _dirty:
        _incremental.nav(nav, config, files)
    if _serving:
        _feed.before_pages(config, files)
    return nav


def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    if page.file.src_uri in _build.get("generated_pages", ()):
        page.read_source = lambda config: _read_generated(page, config)
    # Markdown of our own making, around HTML, rendered by MkDocs' own Page (SharedMarkdown does
    # what its render does; ProperDocs' or a plugin's page keeps its own).
    if page.file.src_uri in _build.get("html_blocks", ()) and type(page).render is Page.render:
        page.render = lambda config, files: _build["markdown"].render(page, config, files)
    return page


def _read_generated(page: Page, config: MkDocsConfig) -> None:
    """`Page.read_source` for a generated page: its front matter is JSON (generate/pages.py), which
    PyYAML, MkDocs' reader, reads in 0.33 ms a paper page (a sixth of its way from source to HTML)
    and json in a thirtieth of that, to the same values."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        source = page.file.content_string
    page.markdown, page.meta = json_front_matter(source) or meta.get_data(source)


def json_front_matter(source: str) -> tuple[str, dict] | None:
    """The Markdown and front matter MkDocs' `meta.get_data` reads from `source`, when its front
    matter is JSON that YAML reads as json does: no number with a fraction or an exponent (YAML
    1.1 reads 1e+20 as text), no NaN or Infinity, no escaped surrogate (which libyaml refuses,
    and MkDocs then keeps no front matter); otherwise None."""
    match = meta.YAML_RE.match(source)
    if match is None or not match.group(1).startswith("{") or "\\ud" in match.group(1):
        return None
    try:
        data = json.loads(match.group(1), parse_float=_not_as_yaml_reads_it, parse_constant=_not_as_yaml_reads_it)
    except ValueError:
        return None
    return (source[match.end() :].lstrip("\n"), data) if isinstance(data, dict) else None


def _not_as_yaml_reads_it(text: str):
    raise ValueError(text)


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    # What the page's front matter has as data, not as YAML for MkDocs to read back (_file).
    if matter := _build.get("matter", {}).pop(page.file.src_uri, None):
        page.meta.update(matter)
    expected = _build.get("placed", {}).get(page.file.src_uri)
    if expected is not None and page.url != expected:
        # A change in the blog plugin would leave the cards' links pointing nowhere: said, not hidden.
        # Under MkDocs' logger: fatal under --strict (make site, CI), as a broken link is.
        logging.getLogger("mkdocs.plugins.researchsite").warning(
            f"{page.file.src_uri}: the blog serves this post at {page.url}, not at {expected}, where the links of its papers' cards were written for"
        )
    if "problems" not in _build:
        return markdown
    # A broken site in `mkdocs serve`. A post keeps its text: the blog needs its excerpt separator.
    problems = problems_html(_build["problems"])
    return f"{markdown}\n\n{problems}" if page.file.src_uri.startswith("news/posts/") else problems


@event_priority(100)  # before any plugin reads the page's HTML (the search plugin, in on_page_context)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    blocks = _build.get("html_blocks", {}).pop(page.file.src_uri, None)
    if blocks:
        # The page's large HTML blocks, which its Markdown had as placeholders (GeneratedFile.html_blocks),
        # and their anchors, which MkDocs gathers from a page's raw HTML to check links to them.
        html = with_html_blocks(html, blocks)
        page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(blocks)
        _build.setdefault("search_blocks", {})[page.file.src_uri] = blocks  # read once each (search_blocks.py)
    # Titles that break at a hyphen ("Load-" / "Balancer") are kept whole (generate/text.py);
    # code loses the elements that only hold its spaces.
    return bare_code_whitespace(unbroken_compounds(html))


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    # The 404 page too: it is what the browser shows of a paper page the broken build lacks.
    if "problems" in _build and template_name == "404.html":
        return output.replace("</h1>", "</h1>" + problems_html(_build["problems"]), 1)
    return output


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav: Navigation):
    if _dirty:
        _incremental.rendered.add(_page_of(page.url))
    return context


# Before Material's search plugin writes its index (at equal priority hooks run after plugins).
@event_priority(100)
def on_post_build(*, config: MkDocsConfig) -> None:
    typeset.go()
    if _dirty:
        _incremental.search_index(config)
    if _serving:
        _feed.after_build(config)
        _block_texts.done()
    search = config.plugins.get("material/search")
    if search is not None and getattr(search, "search_index", None):  # after the merge: every entry
        add_folded_forms(search.search_index.entries, search.search_index.config["fields"])


@event_priority(200)  # before the tags plugin renders with it
def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    # Every download in place before MkDocs copies the files (it looks at each) and writes a page.
    _downloads_written(config)
    # The navigation and the tabs, the same on most pages, rendered once for all of them.
    partials.render_once(env)
    search = config.plugins.get("material/search")
    if search is not None and getattr(search, "search_index", None) is not None:
        _index_blocks_once(search.search_index)
    # In config.extra, where `researchsite source` puts it for renderers without hooks, so that
    # static templates (the 404 page) have it too; link previews need an absolute URL.
    config.extra.update(_build.get("extra") or {"social_image": None})
    return env


def on_build_error(*, error: Exception) -> None:
    typeset.go()  # a failed rebuild holds no child back
    # A failed build leaves no child writing into the site after it.
    if _writer is not None:
        try:
            _writer.wait()
        except WriterFailed:
            pass  # the build has failed already, and says why


def _downloads_written(config: MkDocsConfig) -> None:
    global _writer
    writer, _writer = _writer, None
    if writer is None:
        return
    try:
        writer.wait()
    except WriterFailed as failed:
        raise PluginError(f"the build could not write these downloads:\n{_shown_in(config, str(failed))}") from None


def _shown_in(config: MkDocsConfig, failures: str) -> str:
    """The writer's lines, each file named from the site's folder (`site/publications/x.bib: ...`)."""
    parent = os.path.dirname(os.path.abspath(config.site_dir))
    return "\n".join(f"  {line.replace(parent + os.sep, '', 1)}" for line in failures.splitlines())


def _index_blocks_once(index) -> None:
    """The search plugin's index (made anew each build) reads a page with HTML blocks a block at
    a time, each block's text kept in `mkdocs serve` for the next rebuild (search_blocks.py)."""
    every_page = index.add_entry_from_context

    def add_entry_from_context(page: Page) -> None:
        blocks = _build.get("search_blocks", {}).pop(page.file.src_uri, None)
        if blocks:
            add_entries(index, page, blocks, _block_texts if _serving else None)
        else:
            every_page(page)

    index.add_entry_from_context = add_entry_from_context


def _file(generated: GeneratedFile, files: Files, config: MkDocsConfig) -> File:
    """The MkDocs file of a generated one (the researcher's file it replaces taken out)."""
    if generated.replaces:
        files.remove(files.get_file_from_path(generated.path))
    hidden = generated.is_page and not generated.in_nav and not generated.is_post
    inclusion = InclusionLevel.NOT_IN_NAV if hidden else InclusionLevel.UNDEFINED
    if not generated.is_page:
        # A download goes straight to the output (MkDocs leaves a file whose source is its
        # destination where it is): written once, by the writer's child unless it is still being
        # made (cv.pdf, which the CV page waits for anyway), and 10,000 papers' downloads hold no memory.
        if _writer is not None and generated.later is None:
            path = os.path.join(config.site_dir, generated.path)
            _writer.add(path, generated.data)
        else:
            path = _output(config, generated)
        if _dirty:  # the same MkDocs file as the last build's, for the same path: 3,000 at 1,000 papers
            return _incremental.download(config, generated.path, path, inclusion)
        return File.generated(config, generated.path, abs_src_path=path, inclusion=inclusion)
    if generated.html_blocks:
        _build.setdefault("html_blocks", {})[generated.path] = generated.html_blocks
    if not generated.is_post:  # the blog plugin reads its posts itself
        _build.setdefault("generated_pages", set()).add(generated.path)
    # Our own front matter (a paper's Scholar tags and JSON-LD) goes to the page as data: MkDocs
    # read it back from YAML, PyYAML's constructor 0.3 s of a 1,000-paper build.
    markdown, apart = generated.apart_from_matter(MATTER_AS_DATA)
    if apart:
        _build.setdefault("matter", {})[generated.path] = apart
    if generated.is_post or _dirty:
        # Material's blog plugin opens each post's abs_src_path: a post needs a real file. So
        # does a dirty rebuild, which skips a page whose file is older than what it built.
        return File.generated(config, generated.path, abs_src_path=str(_write(generated, markdown)), inclusion=inclusion)
    return File.generated(config, generated.path, content=markdown, inclusion=inclusion)


def _add(files: Files, config: MkDocsConfig, file: File) -> None:
    if file.src_uri in files.src_uris:  # a File's src_uri is the path as Files keys it
        raise PluginError(
            f"{Path(config.docs_dir).name}/{file.src_uri}: the build generates this file (from papers/, "
            "an announcement or a tutorial); remove or rename the hand-written one"
        )
    files.append(file)


def _output(config: MkDocsConfig, generated: GeneratedFile) -> str:
    """A download written where the site's copy of it goes (site_dir, which a build without
    --dirty has emptied already); a dirty rebuild leaves it alone when it did not change."""
    path = os.path.join(config.site_dir, generated.path)
    if _dirty and _incremental.same(path, generated):
        return path
    data = generated.data
    digest = hashlib.blake2b(data).digest() if _dirty else None
    with _incremental.writing:  # a PDF typeset in the background may be written meanwhile
        if digest is None or _incremental.written.get(path) != digest:
            folder = os.path.dirname(path)
            if folder not in _build.setdefault("folders", set()):
                os.makedirs(folder, exist_ok=True)
                _build["folders"].add(folder)
            with open(path, "wb") as output:
                output.write(data)
        if digest is not None:
            _incremental.wrote(path, generated, digest)
    return path


def _write(generated: GeneratedFile, markdown: str) -> Path:
    """The generated file on disk, rewritten only when its content changed: a dirty rebuild
    compares its time with that of the page it built."""
    if "generated_dir" not in _build:
        folder = tempfile.mkdtemp(prefix="researchsite-generated-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _build["generated_dir"] = folder
    path = Path(_build["generated_dir"]) / generated.path
    if _incremental.same(generated.path, generated):
        return path
    digest = hashlib.blake2b(generated.data).digest()  # of the whole page, its HTML blocks too
    if _incremental.written.get(generated.path) != digest:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    _incremental.wrote(generated.path, generated, digest)
    return path


def _load(config: MkDocsConfig) -> Project | None:
    """The project, its warnings printed; on errors, the build stops with all of them, or, in
    `mkdocs serve`, goes on to show them in the browser (a failed rebuild would leave every
    request hanging until the next good one)."""
    try:
        root, docs = Path(config.config_file_path).parent, Path(config.docs_dir)
        project = load_project(root, docs, cache=_cache if _serving else None)
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


# --- Incremental rebuilds: `mkdocs serve --dirty` --------------------------------------------
# MkDocs' dirty build skips a page whose source file is older than the HTML it built. Alone, it
# leaves the navigation, the tags page and Material's search index stale (mkdocs#2220,
# mkdocs-material#7638). Here a rebuild renders: every generated page whose content changed
# (their files are rewritten only then); every page of the researcher's own (few: the posts
# and tags come with them); everything when the navigation, the config or the theme changed;
# and the search index keeps the entries of the pages not rendered again. cv.pdf is not waited
# for: the last one stays until Typst has typeset the new one (`without_waiting`).


class _DirtyBuildNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


class _Incremental:
    def __init__(self):
        self.written: dict[str, bytes] = {}  # generated file -> the digest of its content on disk
        self.made_from: dict[str, object] = {}  # generated file -> the content it was last written from
        self.destinations: set[str] = set()  # what the last build wrote
        self.signature: str | None = None  # of the navigation, the config and the theme
        self.pages: set[str] = set()  # URLs of the pages this build has
        self.rendered: set[str] = set()  # URLs of the pages this build renders
        self.entries: list[dict] | None = None  # the search index the last build wrote
        self.skippable: set[str] = set()  # generated pages a rebuild may leave as they are
        self.downloads: dict[tuple, File] = {}  # the last build's MkDocs files of downloads
        self.next_downloads: dict[tuple, File] = {}  # this build's
        self.typesetting: dict[str, Later] = {}  # download -> what is being made for it, not waited for
        self.showing: dict[str, list[tuple[Filled, str]]] = {}  # download -> the pages filled from its last one
        self.writing = threading.RLock()  # held while a download is written and `written` updated

    def same(self, path: str, generated: GeneratedFile) -> bool:
        """Whether the file at `path` was written from this very content: the generation cache
        hands a page or download an edit did not touch as the same object, which need not be
        encoded and digested again (3,000 downloads and 1,000 pages at 1,000 papers)."""
        with self.writing:
            return self.made_from.get(path) is generated._content

    def wrote(self, path: str, generated: GeneratedFile, digest: bytes) -> None:
        with self.writing:
            self.written[path] = digest
            self.made_from[path] = generated._content

    def download(self, config: MkDocsConfig, path: str, written: str, inclusion: InclusionLevel) -> File:
        """The MkDocs file of a download written at `written`, kept from the last build: what MkDocs
        derives from it (its URL, its destination) is the same while these are."""
        key = (path, written, inclusion, config.site_dir, config.use_directory_urls)
        file = self.downloads.get(key) or File.generated(config, path, abs_src_path=written, inclusion=inclusion)
        self.next_downloads[key] = file
        return file

    def without_waiting(self, generated_files: list[GeneratedFile], config: MkDocsConfig) -> list[GeneratedFile]:
        """The files to hand over at once: a download still being made (cv.pdf, while Typst
        typesets it) is not waited for when the last build wrote one. The site keeps the last one,
        and a page showing it (the CV, its size) is filled from it, until the new one is written
        in the background, and the site rebuilt when that changes what the page says."""
        last = {
            id(generated.later): generated
            for generated in generated_files
            if not generated.is_page and generated.later and not generated.later.made
            and os.path.isfile(os.path.join(config.site_dir, generated.path))
        }
        if not last:
            return generated_files
        shown: dict[int, list[tuple[Filled, str]]] = {key: [] for key in last}
        handed = []
        for generated in generated_files:
            later = generated.later
            if id(later) in last:
                generated = replace(generated, _content=Path(config.site_dir, generated.path).read_bytes())
            elif isinstance(later, Filled) and id(later.source) in last:
                stand_in = Path(config.site_dir, last[id(later.source)].path).read_bytes()
                generated = replace(generated, _content=later.filled(stand_in))
                shown[id(later.source)].append((later, generated.skeleton))
            handed.append(generated)
        for key, download in last.items():
            with self.writing:
                self.showing[download.path] = shown[key]
                if self.typesetting.get(download.path) is download.later:
                    continue  # already awaited, by an earlier rebuild's thread
                self.typesetting[download.path] = download.later
            threading.Thread(target=self._finish, args=(download, config), daemon=True).start()
        return handed

    def _finish(self, download: GeneratedFile, config: MkDocsConfig) -> None:
        typeset.until_going()  # asking for the PDF now would start it
        try:
            data = download.data
        except Exception as error:  # TypesetFailed: the next rebuild meets it again, and stops
            _log.error(f"{download.path}: {error}")
            return
        with self.writing:
            if self.typesetting.get(download.path) is not download.later:
                return  # a later edit's is on its way
            del self.typesetting[download.path]
            if all(page.filled(data) == text for page, text in self.showing.pop(download.path, [])):
                _output(config, download)  # the lock is reentrant: written here, or by the rebuild below
                return
        # The page says something else now (the PDF's size): built again, with the new PDF.
        _rebuild_soon()

    def nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """Removes what this build must write again, once every plugin has placed the files
        (the blog plugin gives posts their URLs in its on_files)."""
        self.rendered = set()
        self.downloads, self.next_downloads = self.next_downloads, {}
        pages = [file for file in files if file.is_documentation_page()]  # drafts and posts too
        self.pages = {_page_of(file.url) for file in pages}
        destinations = {file.abs_dest_path for file in files}
        for stale in self.destinations - destinations:  # a page or download that is gone
            Path(stale).unlink(missing_ok=True)
            with self.writing:  # were it made again, it would be written again
                self.written.pop(stale, None)
                self.made_from.pop(stale, None)
        self.destinations = destinations
        digest = hashlib.sha256(repr(_outline(nav.items)).encode())
        digest.update(Path(config.config_file_path).read_bytes())
        digest.update(repr(_theme_state(config)).encode())  # Material's own does not change while serving
        everything = digest.hexdigest() != self.signature
        self.signature = digest.hexdigest()
        for file in pages:
            # A generated page may stay as it is when unchanged; the researcher's pages and every
            # post are rendered again (the blog plugin makes a post's excerpt for the news pages
            # only while it renders the post), and everything when the navigation changed.
            if everything or file.src_uri not in self.skippable:
                Path(file.abs_dest_path).unlink(missing_ok=True)

    def search_index(self, config: MkDocsConfig) -> None:
        search = config.plugins.get("material/search")
        if search is None or not getattr(search, "search_index", None):
            return
        index = search.search_index
        if self.entries is not None:
            # The last index, less the pages rendered again (their entries are new) or gone.
            kept = [
                entry
                for entry in self.entries
                if _page_of(entry["location"]) in self.pages and _page_of(entry["location"]) not in self.rendered
            ]
            index.entries = kept + index.entries
        # Material's own merge assumes one page was rendered; every entry is here already.
        search.search_index_prev = None
        self.entries = list(index.entries)


class _Feed:
    """The rss plugin adds the posts of each build to those of the builds before, for as long as
    `mkdocs serve` runs (every post twice in the feed after one edit): the last of each is kept,
    of the posts there are."""

    def __init__(self):
        self.before = 0  # how many posts the plugin was shown before this build
        self.posts: set[str] = set()  # this build's pages, by canonical URL (the feed's guid)

    def before_pages(self, config: MkDocsConfig, files: Files) -> None:
        feed = config.plugins.get("rss")
        self.before = len(feed.pages_to_filter) if feed is not None else 0
        self.posts = {file.page.canonical_url for file in files if file.is_documentation_page() and file.page is not None}

    def after_build(self, config: MkDocsConfig) -> None:
        feed = config.plugins.get("rss")
        if feed is None:
            return
        earlier, shown = feed.pages_to_filter[: self.before], feed.pages_to_filter[self.before :]
        again = {post.guid for post in shown}
        feed.pages_to_filter = [post for post in earlier if post.guid not in again and post.guid in self.posts] + shown


_feed = _Feed()


def _rebuild_soon() -> None:
    """`mkdocs serve` builds again, as when a watched file changes (LiveReloadServer's own flag:
    MkDocs 1.6 has no call for it); meanwhile requests wait for that build, as they do then."""
    with _server._rebuild_cond:
        _server._want_rebuild = True
        _server._rebuild_cond.notify_all()


def _outline(items) -> list:
    return [(item.title, getattr(item, "url", None), _outline(getattr(item, "children", None) or [])) for item in items]


def _page_of(location: str) -> str:
    """The page of a search entry's location, as page URLs write it (the home page's is './')."""
    return location.split("#", 1)[0] or "./"


_incremental = _Incremental()


def _theme_files_once(add_files_from_theme):
    """MkDocs' `Files.add_files_from_theme`, its listing kept while the theme's folders are
    unchanged (the site's custom_dir and the package's theme are checked; Material's own does
    not change while serving)."""
    listed: dict[tuple, list[tuple[str, str]]] = {}

    def add(files: Files, env: Environment, config: MkDocsConfig) -> None:
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates), _theme_state(config))
        if key not in listed:
            alone = Files([])
            add_files_from_theme(alone, env, config)
            listed.clear()
            listed[key] = [(file.src_uri, file.src_dir) for file in alone]
        for path, folder in listed[key]:
            if files.get_file_from_path(path) is None:  # theme files do not override docs_dir files
                files.append(File(path, folder, config.site_dir, config.use_directory_urls))

    return add


def _theme_state(config: MkDocsConfig) -> tuple:
    """Every file of the site's custom_dir and of the package's theme, with its time."""
    return tuple(
        (str(path), path.stat().st_mtime_ns)
        for folder in (config.theme.custom_dir, THEME_DIR)
        if folder
        for path in sorted(Path(folder).rglob("*"))
    )


class _TemplateBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by template and source checksum (Jinja's own key)."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_templates = _TemplateBytecode()

"""`mkdocs serve` (as `make serve` runs it) on a site that breaks and is mended while it runs.

While the sources have errors the browser gets the problem list, not a request that hangs,
and every failed rebuild prints the list again.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import BIN, REPO  # noqa: E402

GOOD = "@inproceedings{good2023,\n  author = {Tom Barbette},\n  title = {A Good Paper},\n  booktitle = {NSDI},\n  year = 2023,\n}\n"
BROKEN = GOOD.replace("title = {A Good Paper},", "title = {A Good Paper,")
PROBLEM = "papers/main.bib:3: unclosed '{' in field 'title'"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=20) as response:  # a hung request fails here
        return html.unescape(response.read().decode("utf-8"))


def wait_for(condition, what: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"gave up waiting for {what}")


def test_a_broken_site_shows_its_problems_in_the_browser_and_each_rebuild_prints_them(new_site, tmp_path):
    project = new_site()
    bib = project / "papers" / "main.bib"
    bib.write_text(BROKEN)
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [BIN / "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}", "-f", project / "mkdocs.yml"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/tom.barbette/"
    try:
        def up(path: str = ""):
            try:
                return fetch(base + path)
            except OSError:
                return None

        home = wait_for(up, "the server")
        assert "The site cannot be built yet" in home and PROBLEM in home
        # A paper page the broken build lacks: the 404 page says why.
        try:
            fetch(base + "publications/good2023/")
        except urllib.error.HTTPError as error:
            assert error.code == 404 and PROBLEM in html.unescape(error.read().decode())

        bib.write_text(GOOD)
        wait_for(lambda: "A Good Paper" in (up("publications/") or ""), "the mended site")
        assert PROBLEM not in up()
        assert "A Good Paper" in fetch(base + "publications/good2023/")

        bib.write_text(BROKEN)  # the same mistake again: explained again
        wait_for(lambda: PROBLEM in (up() or ""), "the problems again")
        printed = lambda: Path(log.name).read_text().count(PROBLEM)  # noqa: E731
        wait_for(lambda: printed() >= 2, "the second report on the terminal")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>", re.DOTALL)


def served_site_matches_a_clean_build(base: str, project: Path, out: Path) -> None:  # noqa: C901
    """Every page the server shows is the page a clean `mkdocs build` makes of the same sources,
    and its search index holds the same entries: nothing stale after a dirty rebuild."""
    # The server gives the site its own URL: the clean build gets the same.
    config = project / "clean.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nsite_url: {base}\n")
    clean = subprocess.run(
        [BIN / "mkdocs", "build", "--strict", "-f", config, "-d", out],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000"),
        timeout=600,
    )
    config.unlink()
    assert clean.returncode == 0, clean.stderr

    def served(path: str) -> bytes:
        with urllib.request.urlopen(base + path.removesuffix("index.html"), timeout=20) as response:
            content = response.read()
        return LIVERELOAD.sub("", content.decode("utf-8")).encode("utf-8") if path.endswith(".html") else content

    def differing(paths: list[str]) -> list[str]:
        return [path for path in paths if served(path) != (out / path).read_bytes()]

    # Every page and download (the search index is compared below, by its entries)...
    files = sorted(
        str(path.relative_to(out)) for path in out.rglob("*")
        if path.is_file() and path.name != "404.html" and not str(path.relative_to(out)).startswith(("search/", "assets/"))
    )
    # ...at once, but for cv.pdf, which `make serve` typesets in the background, and the CV page
    # that gives its size: the last ones until Typst is done, then the new ones.
    later = ["cv.pdf", "cv/index.html"]
    assert differing([path for path in files if path not in later]) == []
    wait_for(lambda: not differing(later), "the CV and its PDF as a clean build makes them")
    with urllib.request.urlopen(base + "search/search_index.json", timeout=20) as response:
        served_index = json.loads(response.read())["docs"]
    clean_index = json.loads((out / "search" / "search_index.json").read_text())["docs"]
    key = lambda entry: json.dumps(entry, sort_keys=True)  # noqa: E731
    served, clean = sorted(map(key, served_index)), sorted(map(key, clean_index))
    missing = [entry[:90] for entry in clean if entry not in served]
    extra = [entry[:90] for entry in served if entry not in clean]
    assert (missing, extra) == ([], []) and len(served) == len(clean)


def test_a_dirty_rebuild_shows_the_same_site_as_a_clean_build(new_site, tmp_path):
    """`make serve` renders only what an edit changed; what it shows must still be the whole truth."""
    project = new_site(with_example_papers=True)
    shutil.copytree(REPO / "content" / "news" / "posts", project / "content" / "news" / "posts", dirs_exist_ok=True)
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    server = subprocess.Popen(
        [BIN / "mkdocs", "serve", "--strict", "--dirty", "-a", f"127.0.0.1:{port}", "-f", project / "mkdocs.yml"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}/tom.barbette/"
    # MkDocs' log drops a line it printed before ("Documentation built in 0.40 seconds"): the
    # reload notice carries the time, so it is counted instead.
    builds = lambda: Path(log.name).read_text().count("Reloading browsers")  # noqa: E731

    def after(edit) -> None:
        done = builds()
        edit()
        wait_for(lambda: builds() > done, "the rebuild")

    try:
        wait_for(lambda: "Serving on" in Path(log.name).read_text(), "the first build")
        served_site_matches_a_clean_build(base, project, tmp_path / "clean-first")
        bib = project / "papers" / "barbette.bib"
        cheetah = project / "papers" / "barbette2020cheetah.yml"
        post = sorted((project / "content" / "news" / "posts").glob("*.md"))[0]
        extra = project / "papers" / "extra.bib"
        edits = [
            lambda: cheetah.write_text(cheetah.read_text() + "\nsummary: What is new in this version.\n"),
            lambda: bib.write_text(bib.read_text().replace("Packet Order Matters!", "Packet Order Matters, Edited!", 1)),
            lambda: post.write_text(post.read_text().replace("<!-- more -->", "One more line.\n\n<!-- more -->", 1)),
            lambda: cheetah.write_text(cheetah.read_text().replace("selected: true", "selected: false")),
            # A post in a year the news had none: the navigation changes, every page with it.
            lambda: (project / "content" / "news" / "posts" / "2019-05-01-older.md").write_text(
                "---\ndate: 2019-05-01\ncategories: [Career]\n---\n\n# An older post\n\nIts teaser.\n\n<!-- more -->\n\nMore.\n"
            ),
            lambda: extra.write_text("@misc{added2024, author = {Tom Barbette}, title = {Added}, year = 2024}\n"),
            lambda: extra.unlink(),  # a paper gone: its page must go too
            # ...and back, the same: its downloads, unlinked as it went, are written again.
            lambda: extra.write_text("@misc{added2024, author = {Tom Barbette}, title = {Added}, year = 2024}\n"),

        ]
        for number, edit in enumerate(edits):
            after(edit)
            served_site_matches_a_clean_build(base, project, tmp_path / f"clean-{number}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

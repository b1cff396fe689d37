"""`mkdocs serve` (as `make serve` runs it) on a site that breaks and is mended while it runs.

While the sources have errors the browser gets the problem list, not a request that hangs,
and every failed rebuild prints the list again.
"""

from __future__ import annotations

import html
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import BIN  # noqa: E402

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

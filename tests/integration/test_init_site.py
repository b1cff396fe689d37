"""A new site from `researchsite init`: the researcher's identity everywhere, no example data, and
a strict build at once; then the first paper and the first post, as a new user adds them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import BIN, run_cli, run_mkdocs  # noqa: E402
from sitecheck import broken_links, parse, text  # noqa: E402

IDENTITY = [
    "--name", "Zoë O'Brien-Kostić", "--url", "https://zoe.example.org/lab", "--position", "Assistant Professor",
    "--affiliation", "Université de Test: ICTEAM", "--dblp", "12/3456", "--orcid", "0000-0002-1694-233X",
    "--github", "zoe", "--email", "zoe@example.org", "--no-input", "--requirement", "researchsite==0.1.0",
]


def init(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "researchsite", "init", str(folder), *args], capture_output=True, text=True, timeout=120)


def test_a_new_site_is_the_researchers_and_builds_at_once(tmp_path):
    site = tmp_path / "zoe"
    made = init(site, *IDENTITY)
    assert made.returncode == 0, made.stderr
    assert "researchsite sync" in made.stdout  # the next step, since a DBLP pid was given
    built = run_mkdocs(site, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    out = tmp_path / "out"

    home = parse(out / "index.html")
    assert "Zoë O'Brien-Kostić" in text(home.find(".//h1"))
    assert "I am an Assistant Professor at Université de Test: ICTEAM." in text(home)
    hrefs = {a.get("href") for a in home.iter("a")}
    assert {"https://dblp.org/pid/12/3456.html", "https://orcid.org/0000-0002-1694-233X", "https://github.com/zoe",
            "mailto:zoe@example.org"} <= hrefs
    canonical = next(link.get("href") for link in home.iter("link") if link.get("rel") == "canonical")
    assert canonical == "https://zoe.example.org/lab/"
    # Tabs only for what the site has: no tutorials yet, so no Tutorials tab.
    tabs = [text(a) for a in home.findall(".//nav[@class='md-tabs']//a")]
    assert tabs == ["Home", "Publications", "News"]
    assert "No publications yet." in text(parse(out / "publications" / "index.html"))
    assert "News from Zoë O'Brien-Kostić" in (out / "feed_rss_created.xml").read_text()
    assert broken_links(out, "/lab/") == []
    # Nothing of the example's researcher came along.
    for page in out.rglob("*.html"):
        assert "Barbette" not in page.read_text(), page


def test_the_first_paper_and_post_come_in_as_documented(tmp_path):
    site = tmp_path / "zoe"
    assert init(site, *IDENTITY).returncode == 0
    (site / "papers" / "mine.bib").write_text(
        "@inproceedings{obrien2026first,\n  author = {Zo{\\\"e} O'Brien-Kosti{\\'c}},\n  title = {A First Paper},\n"
        "  booktitle = {Proceedings of a Test Conference},\n  year = {2026},\n}\n"
    )
    posted = run_cli(site, "new-post", "Our first paper", "--paper", "obrien2026first")
    assert posted.returncode == 0, posted.stderr
    built = run_mkdocs(site, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "publications" / "obrien2026first" / "index.html").is_file()
    assert "Our first paper" in text(parse(tmp_path / "out" / "news" / "index.html"))
    paper = parse(tmp_path / "out" / "publications" / "obrien2026first" / "index.html")
    assert "Our first paper" in text(paper)  # In the news, both ways


def test_init_never_writes_into_a_folder_that_has_files(tmp_path):
    site = tmp_path / "existing"
    site.mkdir()
    (site / "notes.txt").write_text("mine")
    made = init(site, *IDENTITY)
    assert made.returncode == 2
    assert "is not an empty folder" in made.stderr and "Traceback" not in made.stderr
    assert [p.name for p in site.iterdir()] == ["notes.txt"]


def test_missing_answers_in_a_script_are_named_not_asked(tmp_path):
    made = subprocess.run([BIN / "researchsite", "init", str(tmp_path / "s"), "--no-input"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert made.returncode == 2
    assert made.stderr.strip() == "researchsite init: --name and --url are needed"
    assert not (tmp_path / "s").exists() or not any((tmp_path / "s").iterdir())


def test_answers_are_asked_for_when_run_at_a_terminal(tmp_path):
    """Without a terminal it asks nothing; here questions are answered through a pseudo-terminal."""
    import pty, os  # noqa: E401

    pid, fd = pty.fork()
    if pid == 0:  # the child: researchsite init at a terminal
        os.execv(str(BIN / "researchsite"), [str(BIN / "researchsite"), "init", str(tmp_path / "s"), "--requirement", "researchsite"])
    answers = iter(["Ada Lovelace", "https://ada.example.org/", "", "", "", ""])
    seen = b""
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if seen.rstrip().endswith(b":"):
            os.write(fd, (next(answers) + "\n").encode())
            seen = b""
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert "name: Ada Lovelace" in (tmp_path / "s" / "site_config" / "site.yml").read_text()

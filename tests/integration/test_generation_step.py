"""`researchsite pages` is the whole generation step: its output laid over content/ builds, with
no hook at all, the same site as the MkDocs hook builds (the way to renderers without hooks)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, run_cli, run_mkdocs  # noqa: E402

from researchsite.generate.source import THEME_DIR  # noqa: E402

SITE_URL = "https://perso.uclouvain.be/tom.barbette/"
# What only the hook adds: the link-preview picture, a template global it sets from site.yml.
# What the hook puts in the theme's `extra` (`researchsite source` writes it into the config).
HOOK_ONLY = re.compile(
    r'^\s*(<meta (property="og:image(:alt)?"|name="twitter:card")[^>]*>|© \d{4} .*|· Last updated <time .*)\n', re.MULTILINE
)

HOOK_ONLY_MARKUP = re.compile(
    r'<span class="rs-monogram" data-monogram="[^"]*" aria-hidden="true"></span>|<span class="rs-nowrap">([^<]*)</span>'
    r'|<span class="w">(\s*)</span>'
)


def test_the_generated_sources_build_the_same_site_without_the_hook(tmp_path):
    hooked = run_mkdocs(REPO, tmp_path / "hooked")
    assert hooked.returncode == 0, hooked.stderr

    plain = tmp_path / "plain"
    shutil.copytree(REPO / "content", plain / "docs", ignore=shutil.ignore_patterns("*.yml"))
    shutil.copytree(THEME_DIR, plain / "overrides")  # what the hook adds to the theme
    written = run_cli(REPO, "pages", str(plain / "docs"), "--site-url", SITE_URL)
    assert written.returncode == 0, written.stderr
    config = (REPO / "mkdocs.yml").read_text()
    config = re.sub(r"^hooks:\n(  - .*\n)+", "", config, flags=re.MULTILINE).replace("docs_dir: content", "docs_dir: docs")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    assert "hooks" not in config
    # The hook gives the blog the site's date format (site.yml's date_format); a config without it says it.
    config = config.replace("      post_readtime: false\n", "      post_readtime: false\n      post_date_format: d MMMM y\n")
    # The hook adds a tab for the projects and the talks, which the example has: a config says it.
    config = config.replace("  - News:\n", "  - Projects: projects/index.md\n  - Talks: talks/index.md\n  - News:\n")
    (plain / "mkdocs.yml").write_text(config)
    built = run_mkdocs(plain, tmp_path / "unhooked")
    assert built.returncode == 0, built.stderr

    def pages(site: Path) -> dict[str, str]:
        return {str(path.relative_to(site)): path.read_text() for path in sorted(site.rglob("*.html"))}

    ours, theirs = pages(tmp_path / "hooked"), pages(tmp_path / "unhooked")
    assert sorted(ours) == sorted(theirs)  # every page type the hook makes, the step makes too
    def same(html: str) -> str:
        # The hook's too: the logo's initials (from site.yml), headings' compounds kept whole, and
        # code without Pygments' whitespace spans.
        html = HOOK_ONLY_MARKUP.sub(lambda match: match.group(1) or match.group(2) or "", html)
        return re.sub(r"\n\s*\n", "\n", HOOK_ONLY.sub("", html))

    for path, html in ours.items():
        assert same(html) == same(theirs[path]), path
    for download in ("publications/all.bib", "publications/all.ris", "publications/all.json", "robots.txt"):
        assert (tmp_path / "hooked" / download).read_bytes() == (tmp_path / "unhooked" / download).read_bytes()

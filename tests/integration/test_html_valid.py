"""Every page of the example site passes the Nu Html Checker (the W3C's validator) with 0 errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path


sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, run_mkdocs, unavailable  # noqa: E402

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validator() -> list[str]:
    missing = [what for what, ok in (("java", shutil.which("java")), (str(VNU), VNU.is_file())) if not ok]
    if missing:
        unavailable(f"the Nu Html Checker needs {' and '.join(missing)} (`make checkers` installs vnu.jar)", "REQUIRE_HTML_VALIDATOR")
    return ["java", "-jar", str(VNU), "--format", "json", "--skip-non-html"]


def test_every_page_of_the_example_site_is_valid_html(tmp_path):
    command = validator()
    result = run_mkdocs(REPO, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = list((tmp_path / "site").rglob("*.html"))
    assert len(pages) >= 25  # home, list, 7 papers, news index, 7 posts, archives, categories, tags, 404
    checked = subprocess.run([*command, str(tmp_path / "site")], capture_output=True, text=True, timeout=600)
    messages = json.loads(checked.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error"]
    summary = Counter(f"{m['message']} ({Path(m['url']).parent.name})" for m in errors)
    assert errors == [], "\n".join(f"{count}× {message}" for message, count in summary.most_common(20))

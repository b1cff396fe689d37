"""The example site built once with the real `mkdocs build`, served on 127.0.0.1, and one
headless Chromium per session that can reach nothing but that server.

Without chromium and chromedriver the tests are skipped with the reason, unless
REQUIRE_BROWSER=1 (as in CI) makes that a failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from conftest import REPO, run_mkdocs, site_skeleton, unavailable, with_group_and_teaching  # noqa: E402

sys.path.insert(0, str(REPO / "tools" / "audit"))
import chromium  # noqa: E402
from chromium import DESKTOP, PHONE, emulate  # noqa: E402,F401  (tests import them from here)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The example site, built by `mkdocs build` into a temporary folder; with a group and a
    course, which it lacks, so that every page type is there."""
    project = with_group_and_teaching(site_skeleton(tmp_path_factory.mktemp("project") / "site", with_example_papers=True))
    out = tmp_path_factory.mktemp("built")
    result = run_mkdocs(project, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The base URL the built site is served at, on 127.0.0.1."""
    server, base = chromium.serve(built_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def page_types(built_site) -> dict[str, str]:
    """One page of each type, as paths under `site_url` (the audit's list)."""
    return chromium.page_types(built_site)


@pytest.fixture(scope="session")
def _driver(tmp_path_factory):
    absent = chromium.missing()
    if absent:
        unavailable(f"no browser: {', '.join(absent)} missing (apt-get install chromium chromium-driver)", "REQUIRE_BROWSER")
    driver = chromium.start(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture
def browser(_driver):
    """The session's browser at desktop size (1280x900), light scheme, its request log empty.
    `emulate(browser, PHONE, dark=True)` changes it for the next page load."""
    _driver.get("about:blank")  # first: an open page of the site would follow the emulation
    emulate(_driver, DESKTOP)
    chromium.requested_urls(_driver)
    return _driver


@pytest.fixture
def phone(browser):
    """The same browser as a 390x844 touch screen."""
    emulate(browser, PHONE)
    return browser


def copy_with(browser, button) -> str:
    """Clicks a copy button and returns what reached the clipboard, once Material's "Copied to
    clipboard" has shown (the page's origin must be granted the clipboard first)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    button.click()
    dialog = WebDriverWait(browser, 20).until(
        lambda b: next((d for d in b.find_elements(By.CSS_SELECTOR, ".md-dialog") if "Copied" in d.text), None)
    )
    assert "Copied to clipboard" in dialog.text
    return browser.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, error => done('ERROR ' + error))"
    )

"""The publication list's filter and a paper page's BibTeX copy button, in a real browser."""

from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait


def test_the_kind_filter_shows_only_that_kind_and_hides_emptied_years(browser, site_url):
    browser.get(site_url + "publications/")
    form = browser.find_element(By.CSS_SELECTOR, "form.rs-filter")
    assert form.is_displayed()  # shown by the script; hidden without JavaScript
    papers = browser.find_elements(By.CSS_SELECTOR, "li.rs-paper")
    kinds = {paper.get_attribute("data-kind") for paper in papers}
    assert {"journal", "conference"} <= kinds
    count = form.find_element(By.CSS_SELECTOR, "output")
    assert _numbers(count.text) == [len(papers), len(papers)]

    Select(form.find_element(By.NAME, "kind")).select_by_value("conference")
    visible = [paper for paper in papers if paper.is_displayed()]
    assert visible and len(visible) < len(papers)
    assert {paper.get_attribute("data-kind") for paper in visible} == {"conference"}
    assert _numbers(count.text) == [len(visible), len(papers)]
    # A year whose papers are all journals is left empty: its heading goes with it.
    emptied = browser.execute_script("""
        return Array.from(document.querySelectorAll('ol.rs-papers'))
          .filter(list => !list.querySelector('li.rs-paper:not([hidden])'))
          .map(list => list.previousElementSibling)""")
    assert emptied, "no year is left empty by this filter: the test shows nothing"
    assert not any(heading.is_displayed() for heading in emptied)

    Select(form.find_element(By.NAME, "kind")).select_by_value("")
    assert all(paper.is_displayed() for paper in papers)
    assert not any(not heading.is_displayed() for heading in emptied)


def test_the_bibtex_copy_button_is_visible_and_copies_the_entry(browser, site_url, page_types):
    paper_url = site_url + page_types["paper"]
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": site_url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
    })
    browser.get(paper_url)
    block = browser.find_element(By.XPATH, "//pre[contains(., '@') and .//code]")
    # Material's script adds the button (`.md-clipboard` before 9.7, `.md-code__button` since).
    button = WebDriverWait(browser, 10).until(
        lambda _: block.find_element(By.CSS_SELECTOR, "button[data-clipboard-target]")
    )
    # Visible before any hover: not transparent, not hidden.
    assert button.is_displayed()
    opacity, colour = browser.execute_script(
        "const style = getComputedStyle(arguments[0]); return [style.opacity, style.color]", button
    )
    assert float(opacity) > 0
    assert _alpha(colour) > 0, f"the button's colour is {colour}"

    button.click()
    dialog = WebDriverWait(browser, 5).until(
        lambda b: next((d for d in b.find_elements(By.CSS_SELECTOR, ".md-dialog") if "Copied" in d.text), None)
    )
    assert "Copied to clipboard" in dialog.text
    copied = browser.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, error => done('ERROR ' + error))"
    )
    entry = block.find_element(By.TAG_NAME, "code").text
    assert copied.strip() == entry.strip()
    assert re.match(r"@\w+\{", copied)


def _numbers(text: str) -> list[int]:
    return [int(number) for number in re.findall(r"\d+", text)]


def _alpha(colour: str) -> float:
    """The alpha of a computed CSS colour: rgb(...) is opaque, rgba(..., a) and color(... / a) say."""
    found = re.search(r"(?:,|/)\s*([\d.]+)\)$", colour)
    return float(found.group(1)) if found and colour.startswith(("rgba", "color")) else 1.0

"""The publication list's filter and a paper page's BibTeX copy button, in a real browser."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import copy_with


def test_the_kind_filter_shows_only_that_kind_and_hides_emptied_years(browser, site_url):
    browser.get(site_url + "publications/")
    form = browser.find_element(By.CSS_SELECTOR, "form.rs-filter")
    assert form.is_displayed()  # shown by the script; hidden without JavaScript
    papers = browser.find_elements(By.CSS_SELECTOR, "li.rs-paper")
    kinds = {paper.get_attribute("data-kind") for paper in papers}
    assert {"journal", "conference"} <= kinds
    count = form.find_element(By.CSS_SELECTOR, "output")
    assert _numbers(count.text) == [len(papers)]  # "7 publications"

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


def test_the_filter_state_is_the_address_so_a_filtered_list_can_be_shared(browser, site_url):
    browser.get(site_url + "publications/?kind=conference&text=kostic")
    form = browser.find_element(By.CSS_SELECTOR, "form.rs-filter")
    assert form.find_element(By.NAME, "text").get_attribute("value") == "kostic"
    assert Select(form.find_element(By.NAME, "kind")).first_selected_option.get_attribute("value") == "conference"
    visible = [p for p in browser.find_elements(By.CSS_SELECTOR, "li.rs-paper") if p.is_displayed()]
    # Accents and case aside, every paper shown is a conference paper with Dejan Kostić.
    assert visible and all(p.get_attribute("data-kind") == "conference" and "Kostić" in p.text for p in visible)
    assert not browser.find_element(By.CSS_SELECTOR, ".rs-filter__none").is_displayed()

    Select(form.find_element(By.NAME, "year")).select_by_value("2022")
    assert _query(browser) == {"kind": ["conference"], "text": ["kostic"], "year": ["2022"]}
    # The years the filter empties leave the row of years too.
    years = {link.get_attribute("hash"): link.is_displayed() for link in browser.find_elements(By.CSS_SELECTOR, "nav.rs-year-links a")}
    assert years["#2022"] and not years["#2021"] and not years["#forthcoming"]


def test_a_filter_nothing_matches_says_so_and_resets(browser, site_url):
    browser.get(site_url + "publications/?text=no+such+paper")
    message = browser.find_element(By.CSS_SELECTOR, ".rs-filter__none")
    assert message.is_displayed() and "No publication matches" in message.text
    assert not any(p.is_displayed() for p in browser.find_elements(By.CSS_SELECTOR, "li.rs-paper"))
    message.find_element(By.TAG_NAME, "button").click()
    assert all(p.is_displayed() for p in browser.find_elements(By.CSS_SELECTOR, "li.rs-paper"))
    assert not message.is_displayed() and _query(browser) == {}


def test_abstract_and_bibtex_open_in_place(browser, site_url):
    browser.get(site_url + "publications/")
    row = browser.find_element(By.ID, "ghasemirahni2022packet")
    abstract = row.find_element(By.XPATH, ".//details[summary='Abstract']")
    assert "Reframer" not in row.text  # closed: the abstract is not shown
    abstract.find_element(By.TAG_NAME, "summary").click()
    assert "Reframer" in abstract.text
    bibtex = row.find_element(By.XPATH, ".//details[summary='BibTeX']")
    bibtex.find_element(By.TAG_NAME, "summary").click()
    pre = bibtex.find_element(By.TAG_NAME, "pre")
    assert pre.is_displayed() and pre.text.startswith("@inproceedings{ghasemirahni2022packet,")
    # Whole lines: the block scrolls sideways, it does not wrap (and the page does not overflow).
    assert browser.execute_script("return getComputedStyle(arguments[0].querySelector('code')).whiteSpace", pre) == "pre"
    assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", pre)
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth")


def test_without_javascript_every_paper_is_listed_and_the_toggles_still_open(browser, site_url):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(site_url + "publications/?kind=journal")
        assert not browser.find_element(By.CSS_SELECTOR, "form.rs-filter").is_displayed()
        papers = browser.find_elements(By.CSS_SELECTOR, "li.rs-paper")
        assert len(papers) == 7 and all(p.is_displayed() for p in papers)
        row = browser.find_element(By.ID, "ghasemirahni2022packet")
        row.find_element(By.XPATH, ".//details[summary='Abstract']/summary").click()
        assert "Reframer" in row.text
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_the_bibtex_copy_button_is_visible_and_copies_the_entry(browser, site_url, page_types):
    paper_url = site_url + page_types["paper"]
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": site_url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
    })
    browser.get(paper_url)
    block = browser.find_element(By.XPATH, "//pre[contains(., '@') and .//code]")
    # Material's script adds the button (`.md-clipboard` before 9.7, `.md-code__button` since).
    button = WebDriverWait(browser, 30).until(
        lambda _: block.find_element(By.CSS_SELECTOR, "button[data-clipboard-target]")
    )
    # Visible before any hover: not transparent, not hidden.
    assert button.is_displayed()
    opacity, colour = browser.execute_script(
        "const style = getComputedStyle(arguments[0]); return [style.opacity, style.color]", button
    )
    assert float(opacity) > 0
    assert _alpha(colour) >= 0.5, f"the button's colour is {colour}: hardly seen before a hover"

    copied = copy_with(browser, button)
    entry = block.find_element(By.TAG_NAME, "code").text
    assert copied.strip() == entry.strip()
    assert re.match(r"@\w+\{", copied)


def _query(browser) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browser.current_url).query)


def _numbers(text: str) -> list[int]:
    return [int(number) for number in re.findall(r"\d+", text)]


def _alpha(colour: str) -> float:
    """The alpha of a computed CSS colour: rgb(...) is opaque, rgba(..., a) and color(... / a) say."""
    found = re.search(r"(?:,|/)\s*([\d.]+)\)$", colour)
    return float(found.group(1)) if found and colour.startswith(("rgba", "color")) else 1.0

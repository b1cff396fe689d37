"""Material's search in a real browser: a paper is found by its words, with or without accents."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def search(browser, site_url: str, query: str) -> list[str]:
    """The result links (URLs) Material's search lists for `query`, typed on the home page."""
    browser.get(site_url)
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    # Material asks its worker on every keyup and lists each answer as it comes, so typed key
    # by key a slow worker can show the results of "R" while "Reframer" is being asserted on
    # (CI did, once). The whole query in one keyup makes its answer the only one listed.
    browser.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}))", box, query)
    # The worker loads the index first; results come once it answers for this query.
    # (In an object: WebDriverWait takes an empty list for "not yet".)
    answer = WebDriverWait(browser, 30).until(lambda b: b.execute_script("""
        const meta = document.querySelector('.md-search-result__meta');
        const links = Array.from(document.querySelectorAll('.md-search-result__list a'));
        return links.length ? {urls: links.map(link => link.href)}
             : meta && /No matching/.test(meta.textContent) ? {urls: []} : null"""))
    return answer["urls"]


def test_a_word_of_a_paper_finds_its_page(browser, site_url):
    results = search(browser, site_url, "Reframer")
    assert any(url.startswith(site_url + "publications/ghasemirahni2022packet/") for url in results), results


def test_a_nonsense_word_finds_nothing(browser, site_url):
    assert search(browser, site_url, "xylophonequartz") == []


@pytest.mark.parametrize("query", ["Kostić", "kostic", "Kostic"])
def test_a_name_with_an_accent_is_found_typed_with_or_without_it(browser, site_url, query):
    # Dejan Kostić is a co-author of the NSDI '22 paper (papers/barbette.bib).
    results = search(browser, site_url, query)
    assert any(url.startswith(site_url + "publications/ghasemirahni2022packet/") for url in results), results

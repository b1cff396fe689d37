"""A tutorial page in a real browser: the copy buttons written into the page, and the page's
parts a reader meets (what was checked, what a step printed) drawn as the site's, not as
Material's documentation boxes."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def _grant_clipboard(browser, site_url):
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": site_url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
    })


def test_a_command_s_copy_button_copies_it_and_material_adds_none(browser, site_url, page_types):
    _grant_clipboard(browser, site_url)
    browser.get(site_url + page_types["tutorial"])
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.documentElement.classList.contains('js')"))
    blocks = browser.find_elements(By.CSS_SELECTOR, "article .rs-step .rs-code")
    typed = [b for b in blocks if b.find_elements(By.CSS_SELECTOR, "button")]
    assert len(typed) >= 5
    # One button each, ours: Material's script, which would insert one per block and measure the
    # block after each insertion, adds none.
    assert all(len(b.find_elements(By.CSS_SELECTOR, "button")) == 1 for b in blocks if b in typed)
    assert not browser.find_elements(By.CSS_SELECTOR, ".rs-code button[data-clipboard-target]")
    # A file with blank lines: what is copied is the file, as shown.
    block = next(b for b in typed if "\n\n" in b.find_element(By.TAG_NAME, "code").get_attribute("textContent"))
    button = block.find_element(By.CSS_SELECTOR, "button")
    assert button.is_displayed() and button.get_attribute("title") == "Copy to clipboard"
    # In the block's top right corner, over the code, and staying there when the code scrolls.
    box, button_box = (browser.execute_script("return arguments[0].getBoundingClientRect().toJSON()", e) for e in (block, button))
    assert box["right"] - 40 < button_box["right"] <= box["right"] and box["top"] <= button_box["top"] < box["top"] + 40
    button.click()
    dialog = WebDriverWait(browser, 5).until(
        lambda b: next((d for d in b.find_elements(By.CSS_SELECTOR, ".md-dialog") if "Copied" in d.text), None)
    )
    assert "Copied to clipboard" in dialog.text
    copied = browser.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, error => done('ERROR ' + error))"
    )
    assert copied == block.find_element(By.TAG_NAME, "code").get_attribute("textContent").rstrip("\n")


def test_without_javascript_there_is_no_dead_copy_button(browser, site_url, page_types):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(site_url + page_types["tutorial"])
        buttons = browser.find_elements(By.CSS_SELECTOR, "article .rs-code button")
        assert buttons and not any(b.is_displayed() for b in buttons)
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})

"""A tutorial page in a real browser: the copy buttons written into the page, and the page's
parts a reader meets (what was checked, what a step printed) drawn as the site's, not as
Material's documentation boxes."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import DESKTOP, PHONE, copy_with, emulate


def _grant_clipboard(browser, site_url):
    browser.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": site_url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
    })


def test_a_command_s_copy_button_copies_it_and_material_adds_none(browser, site_url, page_types):
    _grant_clipboard(browser, site_url)
    browser.get(site_url + page_types["tutorial"])
    WebDriverWait(browser, 30).until(lambda b: b.execute_script("return document.documentElement.classList.contains('js')"))
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
    copied = copy_with(browser, button)
    assert copied == block.find_element(By.TAG_NAME, "code").get_attribute("textContent").rstrip("\n")


def test_without_javascript_there_is_no_dead_copy_button(browser, site_url, page_types):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(site_url + page_types["tutorial"])
        buttons = browser.find_elements(By.CSS_SELECTOR, "article .rs-code button")
        assert buttons and not any(b.is_displayed() for b in buttons)
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


_BOX = """
const style = getComputedStyle(arguments[0]), before = getComputedStyle(arguments[0].querySelector(arguments[1]), "::before");
return {border: ["Top", "Right", "Bottom"].map(side => parseFloat(style[`border${side}Width`])), shadow: style.boxShadow,
        background: style.backgroundColor, icon: before.maskImage || before.webkitMaskImage || "none",
        content: before.content};
"""


def test_how_a_step_is_checked_and_where_it_runs_are_not_documentation_boxes(browser, site_url, page_types):
    for dark in (False, True):
        emulate(browser, DESKTOP, dark=dark)
        browser.get("about:blank")
        browser.get(site_url + page_types["tutorial"])
        checks = browser.find_elements(By.CSS_SELECTOR, "article .rs-step details.rs-check")
        notes = browser.find_elements(By.CSS_SELECTOR, "article .rs-step .admonition.rs-runs-in")
        assert checks and notes
        for element, part in [(checks[0], "summary"), (notes[0], ".admonition-title")]:
            box = browser.execute_script(_BOX, element, part)
            # No frame, no shadow, no fill, no masked icon: a thin rule at most, on the left.
            assert box["border"] == [0, 0, 0] and box["shadow"] == "none", box
            assert box["background"] in ("rgba(0, 0, 0, 0)", "transparent"), box
            assert box["icon"] == "none" or box["content"] == "none", box  # drawn without, or not drawn
        # The note on where a step runs is run into its text: title and text on one line.
        title, text = notes[0].find_element(By.CSS_SELECTOR, ".admonition-title"), notes[0].find_element(By.CSS_SELECTOR, "p + p")
        assert title.location["y"] == text.location["y"] or abs(title.rect["y"] - text.rect["y"]) < 4
        # Folded until asked; opens on a click, its triangle turned.
        summary = checks[0].find_element(By.TAG_NAME, "summary")
        assert checks[0].get_attribute("open") is None
        summary.click()
        assert checks[0].get_attribute("open") is not None
        turned = browser.execute_script("return getComputedStyle(arguments[0], '::before').transform", summary)
        assert turned not in ("none", ""), turned


def test_a_step_s_prose_keeps_a_readable_measure(browser, site_url, page_types):
    browser.get(site_url + page_types["tutorial"])
    # Characters per line of the step's widest paragraph, as the bio's test measures them.
    widest = browser.execute_script("""
        let widest = 0;
        for (const p of document.querySelectorAll("article .rs-step > p")) {
          const range = document.createRange(); range.selectNodeContents(p);
          const lines = Array.from(range.getClientRects()).map(r => Math.round(r.top));
          if (new Set(lines).size < 2) continue;
          const perLine = p.textContent.length / new Set(lines).size;
          widest = Math.max(widest, perLine);
        }
        return widest;""")
    assert 40 < widest <= 85, widest


def test_the_list_of_tutorials_is_rows_of_title_summary_and_what_was_checked(browser, site_url, page_types):
    for size in (DESKTOP, PHONE):
        emulate(browser, size)
        browser.get("about:blank")
        browser.get(site_url + page_types["tutorials"])
        rows = browser.execute_script("""
            return Array.from(document.querySelectorAll("article .rs-tutorials li")).map(li => ({
              bullet: getComputedStyle(li).listStyleType,
              tops: [".rs-tutorials__title", ".rs-tutorials__summary", ".rs-tutorials__checked"].map(
                part => li.querySelector(part)?.getBoundingClientRect().top ?? null),
              line: getComputedStyle(li).borderBottomStyle}))""")
        assert len(rows) == 2
        for row in rows:
            assert row["bullet"] == "none" and row["line"] == "solid"
            assert None not in row["tops"] and row["tops"] == sorted(row["tops"]) and len(set(row["tops"])) == 3, row

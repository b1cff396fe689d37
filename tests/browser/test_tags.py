"""The tags page in a real browser: an index of rows (a tag beside its posts), not Material's
grey chips over bullet lists."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from .conftest import DESKTOP, PHONE, emulate

_ROWS = """
return Array.from(document.querySelectorAll("article h2[id^='tag:']")).map(h2 => {
  const list = h2.nextElementSibling, tag = h2.querySelector(".md-tag"), first = list.querySelector("li");
  const chip = getComputedStyle(tag), box = h2.getBoundingClientRect(), listBox = list.getBoundingClientRect();
  return {tag: tag.textContent.trim(), top: box.top, bottom: box.bottom, left: box.left, right: box.right,
          listTop: listBox.top, listLeft: listBox.left, listBottom: listBox.bottom,
          firstTop: first.getBoundingClientRect().top, background: chip.backgroundColor,
          bullet: getComputedStyle(first).listStyleType, posts: list.querySelectorAll("li a").length};
});"""


def test_each_tag_sits_beside_its_posts_on_a_wide_screen_and_above_them_on_a_phone(browser, site_url, page_types):
    for size in (DESKTOP, PHONE):
        emulate(browser, size)
        browser.get("about:blank")
        browser.get(site_url + page_types["tags"])
        rows = browser.execute_script(_ROWS)
        assert len(rows) >= 5 and all(row["posts"] >= 1 for row in rows)
        for row, after in zip(rows, rows[1:]):
            assert row["background"] in ("rgba(0, 0, 0, 0)", "transparent"), row  # no chip
            assert row["bullet"] == "none", row
            if size == DESKTOP:
                # The tag in a column of its own, its first post on the same line, rows one under another.
                assert row["right"] <= row["listLeft"] + 1 and abs(row["top"] - row["listTop"]) < 1, row
                assert abs(row["bottom"] - row["listBottom"]) < 1 and after["top"] >= row["listBottom"] - 1
            else:
                assert row["bottom"] <= row["firstTop"] and abs(row["left"] - row["listLeft"]) < 1, row
        assert browser.execute_script("return document.documentElement.scrollWidth") <= size[0]

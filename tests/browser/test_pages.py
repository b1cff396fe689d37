"""Each page type fits a phone's width and a desktop's, and loads nothing from another host."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, PHONE, chromium, emulate

PAGE_TYPES = (
    "home", "publication list", "paper", "news", "post", "tags", "tutorials", "tutorial", "how tutorials are checked",
    "projects", "project", "talks", "teaching", "group", "cv",
)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_fits_the_screen_and_stays_on_this_host(browser, site_url, page_types, page_type, size):
    assert page_type in page_types, f"the example site has no {page_type} page"
    emulate(browser, size)
    browser.get(site_url + page_types[page_type])
    width, inner = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    # A phone widens its layout viewport to what overflows, so both are compared with the screen.
    assert width <= size[0] and inner == size[0], f"the document is {width} px wide, the viewport {inner} px"
    # Material fetches the search index from a worker once the page is up: wait for it, so
    # that late requests are seen too.
    browser.execute_async_script(
        "const done = arguments[0]; setTimeout(done, 300)"
    )
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name)"
    )
    assert resources, "Resource Timing saw no request at all"
    elsewhere = [url for url in resources + chromium.requested_urls(browser) if not _here(url, site_url)]
    assert elsewhere == []


def _here(url: str, site_url: str) -> bool:
    return url.startswith((site_url, "data:", "blob:", "about:"))


@pytest.mark.parametrize("dark", [True, False], ids=["dark", "light"])
def test_the_site_follows_the_visitors_colour_scheme(browser, site_url, dark):
    emulate(browser, DESKTOP, dark=dark)
    browser.get(site_url)
    background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(value) for value in re.findall(r"\d+", background)[:3])
    lightness = (red + green + blue) / 3 / 255
    assert (lightness < 0.3) if dark else (lightness > 0.8), background

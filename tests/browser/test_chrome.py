"""The chrome every page shares and the page types of a researcher's homepage, in a real browser:
the neutral header, search as an icon, the site's own font, the measure of prose, the home
page's profile, a post's header on a phone, the news as rows, and the 404 page."""

from __future__ import annotations

import re

import pytest
from selenium.webdriver.common.by import By

from .conftest import DESKTOP, PHONE, chromium, emulate

# The example's site_url is https://perso.uclouvain.be/tom.barbette/: MkDocs writes the 404
# page's links from that path, since the page is served at any address.
BASE_PATH = "/tom.barbette/"


def lightness(colour: str) -> float:
    red, green, blue = (int(value) for value in re.findall(r"\d+", colour)[:3])
    return (red + green + blue) / 3 / 255


def test_the_header_is_neutral_in_both_schemes_and_its_logo_is_the_monogram(browser, site_url):
    for dark in (False, True):
        emulate(browser, DESKTOP, dark=dark)
        browser.get(site_url)
        header = browser.execute_script("return getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        red, green, blue = (int(value) for value in re.findall(r"\d+", header)[:3])
        assert max(red, green, blue) - min(red, green, blue) < 20, f"a coloured header: {header}"  # grey, not indigo
        assert (lightness(header) < 0.15) if dark else (lightness(header) > 0.95), header
        logo = browser.find_element(By.CSS_SELECTOR, ".md-header .md-logo")
        monogram = browser.execute_script("return getComputedStyle(arguments[0].querySelector('.rs-monogram'), '::before').content", logo)
        assert monogram.startswith('"TB"') and not logo.find_elements(By.TAG_NAME, "svg")  # the initials, no book
        title = browser.execute_script("return getComputedStyle(document.querySelector('.md-typeset h1')).color")
        assert (lightness(title) > 0.9) if dark else (lightness(title) < 0.15), title  # full contrast


def test_search_is_an_icon_until_used_then_a_field(browser, site_url):
    browser.get(site_url)
    inner = browser.find_element(By.CSS_SELECTOR, ".md-search__inner")
    assert inner.size["width"] <= 48  # the magnifier alone
    browser.find_element(By.CSS_SELECTOR, ".md-search__input").click()
    browser.execute_async_script("setTimeout(arguments[0], 400)")  # Material's widening transition
    assert inner.size["width"] > 400
    assert browser.execute_script("return document.activeElement.classList.contains('md-search__input')")
    assert browser.execute_script("return document.getElementById('__search').checked")


def test_the_site_s_one_font_comes_from_the_site_and_is_used(browser, site_url):
    browser.get(site_url)
    browser.execute_async_script("document.fonts.ready.then(() => arguments[0]())")
    assert browser.execute_script("return document.fonts.check('16px \"Source Sans 3\"')")
    family = browser.execute_script("return getComputedStyle(document.querySelector('.md-typeset p')).fontFamily")
    assert family.startswith('"Source Sans 3"'), family
    fonts = [url for url in browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)") if url.endswith(".woff2")]
    assert fonts and all(url.startswith(site_url + "assets/fonts/source-sans-3-") for url in fonts)
    preload = browser.find_element(By.CSS_SELECTOR, 'link[rel="preload"][as="font"]').get_attribute("href")
    assert preload in fonts


# The characters on each line of an element's text, as the browser laid them out.
LINE_LENGTHS = """
const element = arguments[0], range = document.createRange(), lines = new Map();
const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  for (let i = 0; i < node.length; i++) {
    range.setStart(node, i); range.setEnd(node, i + 1);
    const box = range.getBoundingClientRect();
    if (box.width === 0) continue;
    const top = Math.round(box.top);
    lines.set(top, (lines.get(top) || 0) + 1);
  }
}
return [...lines.values()];
"""


def test_prose_is_set_at_a_readable_measure_on_a_wide_screen(browser, site_url, page_types):
    browser.get(site_url)
    bio = browser.find_element(By.XPATH, "//article//p[contains(., 'assistant professor at')]")
    lines = browser.execute_script(LINE_LENGTHS, bio)[:-1]  # the last line of a paragraph is short
    assert len(lines) >= 3 and all(55 <= length <= 85 for length in lines), lines
    browser.get(site_url + "news/2022/04/07/packet-order-matters-won-the-nsdi-22-community-award/")
    body = browser.find_element(By.XPATH, "//article//p[contains(., 'Data centers increasingly')]")
    lines = browser.execute_script(LINE_LENGTHS, body)[:-1]
    assert len(lines) >= 3 and all(55 <= length <= 85 for length in lines), lines


def test_the_home_profile_has_no_silhouette_large_icons_and_the_cv(browser, site_url):
    browser.get(site_url)
    profile = browser.find_element(By.CSS_SELECTOR, ".rs-profile")
    assert not profile.find_elements(By.CSS_SELECTOR, ".rs-profile__photo")  # no photo in site.yml: none drawn
    icons = profile.find_elements(By.CSS_SELECTOR, ".rs-profile__link")
    assert icons and all(icon.size["width"] >= 32 and icon.size["height"] >= 32 for icon in icons)
    cv = profile.find_element(By.CSS_SELECTOR, ".rs-profile__cv")
    assert cv.text == "CV (PDF)" and cv.get_attribute("href").endswith("/cv.pdf")
    assert abs(cv.location["y"] + cv.size["height"] / 2 - (icons[0].location["y"] + icons[0].size["height"] / 2)) < 4  # beside them
    # The profile starts the page: no empty band above it.
    header = browser.find_element(By.CSS_SELECTOR, ".md-tabs")
    assert profile.location["y"] - (header.location["y"] + header.size["height"]) < 60
    selected = browser.find_element(By.CSS_SELECTOR, ".rs-papers--home")
    assert not [topic for topic in selected.find_elements(By.CSS_SELECTOR, ".rs-topic") if topic.is_displayed()]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_post_s_date_category_and_tags_are_one_line_under_its_title(browser, site_url, size):
    emulate(browser, size)
    browser.get(site_url + "news/2022/04/07/packet-order-matters-won-the-nsdi-22-community-award/")
    title = browser.find_element(By.CSS_SELECTOR, "article h1")
    meta = browser.find_element(By.CSS_SELECTOR, "article .rs-post-meta")
    assert [item.text for item in meta.find_elements(By.CSS_SELECTOR, "time, a")] == ["7 April 2022", "Awards", "NSDI", "Reframer"]
    tops = {round(item.location["y"] + item.size["height"] / 2) for item in meta.find_elements(By.CSS_SELECTOR, "time, a")}
    assert max(tops) - min(tops) <= 4, "not on one line"
    gap = meta.location["y"] - (title.location["y"] + title.size["height"])
    assert 0 <= gap < 30, gap  # right under the title
    assert not browser.find_elements(By.CSS_SELECTOR, ".md-sidebar--post")  # no "Metadata" box
    assert "Metadata" not in browser.find_element(By.TAG_NAME, "body").text


def test_a_title_s_compound_is_never_split(phone, site_url):
    phone.get(site_url + "news/2020/02/25/new-paper-at-nsdi-20-a-high-speed-load-balancer-design-with-guaranteed-per-connection-consistency/")
    compound = phone.find_element(By.XPATH, "//article//h1//span[@class='rs-nowrap'][.='Load-Balancer']")
    assert compound.size["height"] < 1.5 * float(phone.execute_script("return parseFloat(getComputedStyle(arguments[0]).lineHeight)", compound))


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_news_list_is_one_row_per_post_without_sidebars(browser, site_url, size):
    emulate(browser, size)
    browser.get(site_url + "news/")
    rows = browser.find_elements(By.CSS_SELECTOR, ".rs-post-row")
    assert len(rows) == 7
    for row in rows:
        date, title = row.find_element(By.TAG_NAME, "time"), row.find_element(By.CSS_SELECTOR, "h2 a")
        summary = row.find_element(By.CSS_SELECTOR, "h2 + p")
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", date.text) and title.get_attribute("href").startswith(site_url + "news/20")
        line = float(browser.execute_script("return parseFloat(getComputedStyle(arguments[0]).lineHeight)", summary))
        assert summary.size["height"] <= (2 if size == PHONE else 1) * line + 2  # a one-line summary (two on a phone)
        assert row.find_element(By.CSS_SELECTOR, ".rs-post-row__categories a").is_displayed()
        assert not [link for link in row.find_elements(By.LINK_TEXT, "Continue reading") if link.is_displayed()]
    assert not [bar for bar in browser.find_elements(By.CSS_SELECTOR, ".md-sidebar") if bar.is_displayed()]


@pytest.fixture(scope="module")
def hosted(built_site):
    assert chromium.base_path(built_site) == BASE_PATH
    server, base = chromium.serve(built_site, type("Pages", (chromium.PagesHandler,), {"base_path": BASE_PATH}))
    yield base.rstrip("/")
    server.shutdown()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_404_page_says_so_and_leads_home_to_the_papers_the_news_and_search(browser, hosted, size):
    emulate(browser, size)
    browser.get(hosted + BASE_PATH + "publications/no-such-paper/")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "Page not found"
    assert "There is no page at this address" in browser.find_element(By.TAG_NAME, "article").text
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= size[0]  # styled (its stylesheets found from any address) and fitting the screen
    links = {link.text: link.get_attribute("href") for link in browser.find_elements(By.CSS_SELECTOR, ".rs-404__links a")}
    assert links == {"Home": hosted + BASE_PATH, "Publications": hosted + BASE_PATH + "publications/", "News": hosted + BASE_PATH + "news/"}
    browser.find_element(By.CSS_SELECTOR, "[data-rs-open-search]").click()
    browser.execute_async_script("setTimeout(arguments[0], 400)")
    assert browser.execute_script("return document.getElementById('__search').checked")
    assert browser.execute_script("return document.activeElement.classList.contains('md-search__input')")
    for name, url in links.items():
        browser.get(url)
        assert browser.find_element(By.CSS_SELECTOR, ".md-content h1").text != "Page not found", name


def test_a_typed_emoji_is_drawn_by_the_site_not_by_the_visitor_s_font(browser, site_url):
    browser.get(site_url + "tutorials/ipv6-prefix-delegation/")
    intro = browser.find_element(By.XPATH, "//article//p[contains(., 'internal subnets')]")
    assert "🙁" not in intro.text  # Debian's headless Chromium has no emoji font: it would draw a box
    drawing = intro.find_element(By.CSS_SELECTOR, ".rs-emoji[role='img'] svg")
    assert intro.find_element(By.CSS_SELECTOR, ".rs-emoji").get_attribute("aria-label") == "slightly frowning face"  # the post's 🙁
    assert 12 <= drawing.size["width"] <= 24 and drawing.size["height"] > 0  # at the text's size

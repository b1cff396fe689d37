"""The list-like pages as a visitor sees them: the publication list's filter on a phone (folded
behind "Filter (N)", the papers on the first screen) and on a desktop (one row of controls of
one height), its row of years instead of a table of contents, the rows' buttons, talks and
projects; and no page of them scrolls sideways on a phone, whatever a visitor opens."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from .conftest import PHONE, emulate


def _boxes(browser, elements) -> list[dict]:
    return [browser.execute_script("const r = arguments[0].getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height}", e) for e in elements]


def test_on_a_phone_the_filter_folds_behind_one_button_and_the_papers_start_on_the_first_screen(phone, site_url):
    phone.get(site_url + "publications/")
    toggle = phone.find_element(By.CSS_SELECTOR, "form.rs-filter .rs-filter__toggle")
    fields = phone.find_element(By.CSS_SELECTOR, "form.rs-filter .rs-filter__fields")
    assert toggle.is_displayed() and toggle.text == "Filter" and toggle.get_attribute("aria-expanded") == "false"
    assert not fields.is_displayed()
    first = phone.find_element(By.CSS_SELECTOR, "li.rs-paper .rs-paper__title")
    assert _boxes(phone, [first])[0]["bottom"] <= PHONE[1], "the first paper's title is below the first screen"

    toggle.click()
    assert fields.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
    papers = phone.find_elements(By.CSS_SELECTOR, "li.rs-paper")
    Select(phone.find_element(By.NAME, "kind")).select_by_value("journal")
    assert toggle.text == "Filter (1)"
    visible = [paper for paper in papers if paper.is_displayed()]
    assert visible and len(visible) < len(papers) and {p.get_attribute("data-kind") for p in visible} == {"journal"}
    phone.find_element(By.NAME, "text").send_keys("cheetah")
    assert toggle.text == "Filter (2)"
    assert [p.get_attribute("id") for p in papers if p.is_displayed()] == ["barbette2022cheetah"]

    toggle.click()  # folded again, the filter stays applied and says so
    assert not fields.is_displayed() and toggle.text == "Filter (2)"
    assert [p.get_attribute("id") for p in papers if p.is_displayed()] == ["barbette2022cheetah"]


def test_a_shared_filtered_list_opens_folded_on_a_phone_saying_how_many_filters_apply(phone, site_url):
    phone.get(site_url + "publications/?kind=conference&year=2022")
    toggle = phone.find_element(By.CSS_SELECTOR, ".rs-filter__toggle")
    assert toggle.text == "Filter (2)" and "rs-filter__toggle--active" in toggle.get_attribute("class")
    assert [p.get_attribute("id") for p in phone.find_elements(By.CSS_SELECTOR, "li.rs-paper") if p.is_displayed()] == ["ghasemirahni2022packet"]


def test_on_a_desktop_the_filter_is_one_row_of_controls_of_one_height_on_one_baseline(browser, site_url):
    browser.get(site_url + "publications/")
    assert not browser.find_element(By.CSS_SELECTOR, ".rs-filter__toggle").is_displayed()
    controls = browser.find_elements(By.CSS_SELECTOR, "form.rs-filter input, form.rs-filter select, form.rs-filter button[type=reset]")
    assert len(controls) == 5 and all(control.is_displayed() for control in controls)
    boxes = _boxes(browser, controls)
    assert max(box["height"] for box in boxes) - min(box["height"] for box in boxes) < 1, boxes
    assert max(box["bottom"] for box in boxes) - min(box["bottom"] for box in boxes) < 1, boxes


def test_the_list_has_a_row_of_years_and_no_table_of_contents_beside_it(browser, site_url):
    browser.get(site_url + "publications/")
    assert not any(sidebar.is_displayed() for sidebar in browser.find_elements(By.CSS_SELECTOR, ".md-sidebar--secondary"))
    links = browser.find_elements(By.CSS_SELECTOR, "nav.rs-year-links a")
    headings = browser.find_elements(By.CSS_SELECTOR, ".md-content h2")
    assert [link.text for link in links] == [heading.text.rstrip("¶") for heading in headings] == ["Forthcoming", "2022", "2021", "2020", "2018"]
    assert [link.get_attribute("hash") for link in links] == ["#" + heading.get_attribute("id") for heading in headings]
    links[3].click()  # 2020: the page scrolls to its papers
    assert browser.execute_script("return [window.scrollY > 0, location.hash]") == [True, "#2020"]
    assert 0 <= _boxes(browser, [headings[3]])[0]["top"] < browser.execute_script("return innerHeight") / 2

    # The years a filter empties leave the row too.
    browser.get(site_url + "publications/?kind=journal")
    shown = [link.text for link in browser.find_elements(By.CSS_SELECTOR, "nav.rs-year-links a") if link.is_displayed()]
    assert shown == ["Forthcoming", "2022", "2021"]


def test_the_star_is_explained_and_every_button_of_a_row_is_one_height(browser, site_url):
    browser.get(site_url + "publications/")
    legend = browser.find_element(By.CSS_SELECTOR, ".rs-exports .rs-legend")
    assert legend.is_displayed() and "★" in legend.text and legend.text.endswith("marks a selected publication.")
    assert "A star marks" in legend.get_attribute("textContent").replace("★", "")  # what a screen reader says
    for row in browser.find_elements(By.CSS_SELECTOR, "li.rs-paper"):
        buttons = row.find_elements(By.CSS_SELECTOR, ".rs-paper__actions > a.rs-link, .rs-paper__actions > details > summary")
        heights = {round(box["height"]) for box in _boxes(browser, buttons)}
        assert len(heights) == 1, f"{row.get_attribute('id')}: buttons of heights {heights}"


def test_talks_have_no_year_under_their_years_heading_and_kinds_are_labels_not_buttons(browser, site_url):
    browser.get(site_url + "talks/")
    for heading in browser.find_elements(By.CSS_SELECTOR, ".md-content h2"):
        year = heading.text.rstrip("¶")
        dates = browser.execute_script(
            "const list = arguments[0].nextElementSibling; return Array.from(list.querySelectorAll('.rs-talk__date')).map(d => d.textContent)",
            heading,
        )
        assert not any(year in date for date in dates), f"{year}: {dates}"
    kind = browser.find_element(By.CSS_SELECTOR, ".rs-kind")
    border, background = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.borderTopWidth, s.backgroundColor]", kind
    )
    assert border == "0px" and background == "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("page_type", ["publication list", "talks", "projects", "project"])
def test_a_list_like_page_has_no_table_of_contents_beside_it(browser, site_url, page_types, page_type):
    browser.get(site_url + page_types[page_type])
    assert browser.find_elements(By.CSS_SELECTOR, ".md-content h1")
    assert not any(sidebar.is_displayed() for sidebar in browser.find_elements(By.CSS_SELECTOR, ".md-sidebar--secondary"))


def test_project_tiles_without_a_logo_never_look_alike(browser, site_url):
    browser.get(site_url + "projects/")
    tiles = browser.find_elements(By.CSS_SELECTOR, ".rs-project__logo--none")
    assert len(tiles) >= 5
    looks = [(tile.text, browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", tile)) for tile in tiles]
    assert len(set(looks)) == len(looks), looks
    assert len({colour for _, colour in looks}) == len(looks), "two projects share a colour"


@pytest.mark.parametrize("page_type", ["publication list", "paper", "talks", "projects", "project", "cv"])
def test_nothing_a_visitor_opens_makes_the_page_scroll_sideways_on_a_phone(browser, site_url, page_types, page_type):
    emulate(browser, PHONE)
    browser.get(site_url + page_types[page_type])
    # Every abstract, BibTeX and Cite block open, the filter unfolded: the widest the page gets.
    browser.execute_script("""
        for (const details of document.querySelectorAll('details')) details.open = true;
        const toggle = document.querySelector('.rs-filter__toggle');
        if (toggle && toggle.offsetParent) toggle.click();""")
    width, wide = browser.execute_script("""
        const wide = Array.from(document.querySelectorAll('.md-content *'))
          .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('pre, .highlight'))
          .map(e => e.tagName + '.' + e.className);
        return [document.documentElement.scrollWidth, wide]""")
    assert width <= PHONE[0] and wide == []
    blocks = browser.find_elements(By.CSS_SELECTOR, ".md-content pre")
    # What is wider than the screen scrolls inside its own box.
    for block in blocks:
        right, overflow = browser.execute_script(
            "return [arguments[0].getBoundingClientRect().right, getComputedStyle(arguments[0]).overflowX]", block
        )
        assert right <= PHONE[0] + 1
        if browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", block):
            assert overflow in ("auto", "scroll")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_cv_date_is_one_line(browser, site_url, size):
    if size == "phone":
        emulate(browser, PHONE)
    browser.get(site_url + "cv/")
    periods = browser.find_elements(By.CSS_SELECTOR, "li.rs-cv-entry:not(.rs-cv-paper) > .rs-cv-entry__when")
    assert any("present" in period.text for period in periods)  # "Sep 2022 – present", the longest
    for period in periods:
        lines = browser.execute_script(
            "const range = document.createRange(); range.selectNodeContents(arguments[0]);"
            "return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size", period
        )
        assert lines == 1, f"{period.text!r} takes {lines} lines"


# The announcement (generated from the paper's YAML) and a hand-written post that names its paper.
POSTS_ABOUT_PAPERS = {
    "barbette2020cheetah": "news/2020/02/25/new-paper-at-nsdi-20-a-high-speed-load-balancer-design-with-guaranteed-per-connection-consistency/",
    "ghasemirahni2022packet": "news/2022/04/07/packet-order-matters-won-the-nsdi-22-community-award/",
}
_LOOK = """
    const card = document.getElementById(arguments[0]);
    // A button's or a badge's height; a text's depends on the column's width, which differs.
    const boxed = e => e.matches('.rs-link, summary, .rs-venue-short, .rs-topic');
    const look = e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
      return [e.className, boxed(e) ? Math.round(r.height) : null, s.fontSize, s.fontWeight, s.display, s.borderTopWidth, s.paddingLeft]; };
    return {
      card: [getComputedStyle(card).display, getComputedStyle(card).listStyleType, getComputedStyle(card).paddingLeft],
      pieces: Array.from(card.querySelectorAll('.rs-paper__aside, .rs-venue-short, .rs-paper__title, .rs-paper__venue, .rs-link, .rs-toggle > summary, .rs-topic')).map(look),
      width: document.documentElement.scrollWidth, screen: innerWidth,
    };"""


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("key", list(POSTS_ABOUT_PAPERS))
def test_a_post_about_a_paper_shows_its_card_as_the_list_does(browser, site_url, size, key):
    if size == "phone":
        emulate(browser, PHONE)
    browser.get(site_url + "publications/")
    listed = browser.execute_script(_LOOK, key)
    browser.get(site_url + POSTS_ABOUT_PAPERS[key])
    shown = browser.execute_script(_LOOK, key)
    # Every piece of the card with the list's classes, heights, sizes, weights and boxes.
    assert shown["card"] == listed["card"]
    assert len(shown["pieces"]) >= 6 and shown["pieces"] == listed["pieces"]
    buttons = {height for name, height, *_ in shown["pieces"] if name.startswith("rs-link") or name == ""}  # links, summaries
    assert len(buttons) == 1, f"buttons of heights {buttons}"
    # Opened, its abstract and BibTeX do not make the post scroll sideways.
    browser.execute_script("for (const details of document.querySelectorAll('.rs-paper details')) details.open = true;")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= shown["screen"]
    assert shown["width"] <= shown["screen"]


# The edges of the page's prose measure (a paragraph of the post's text, or one made for the
# measuring where the post has none), of the card, and of the page's column.
_EDGES = """
    const column = document.querySelector('.md-content .md-typeset');
    const probe = document.createElement('p');
    probe.textContent = 'measure '.repeat(200);
    column.appendChild(probe);
    const edges = e => { const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.right)]; };
    const shown = {prose: edges(probe), column: edges(column), card: edges(document.getElementById(arguments[0]))};
    probe.remove();
    return shown;"""


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("key", list(POSTS_ABOUT_PAPERS))
def test_a_posts_card_sits_in_the_posts_measure_and_the_lists_keeps_its_width(browser, site_url, size, key):
    if size == "phone":
        emulate(browser, PHONE)
    browser.get(site_url + POSTS_ABOUT_PAPERS[key])
    post = browser.execute_script(_EDGES, key)
    # The card's edges are the prose's: it reads as part of the post.
    assert abs(post["card"][0] - post["prose"][0]) <= 1 and abs(post["card"][1] - post["prose"][1]) <= 1, post
    browser.get(site_url + "publications/")
    listed = browser.execute_script(_EDGES, key)
    # The list's row keeps the column's whole width, wider than the measure on a desktop.
    assert abs(listed["card"][1] - listed["column"][1]) <= 1, listed
    if size == "desktop":
        assert post["card"][1] - post["card"][0] < listed["card"][1] - listed["card"][0] - 100, (post, listed)


def test_an_announcements_authors_summarise_it_on_the_news_list_and_its_card_names_them_on_the_post(browser, site_url):
    browser.get(site_url + "news/")
    summary = [p for p in browser.find_elements(By.CSS_SELECTOR, ".rs-post-row .rs-post-summary")]
    assert len(summary) == 1 and summary[0].is_displayed() and summary[0].text.startswith("By Tom Barbette, Chen Tang")
    browser.get(site_url + POSTS_ABOUT_PAPERS["barbette2020cheetah"])
    (hidden,) = browser.find_elements(By.CSS_SELECTOR, ".rs-post-summary")
    assert not hidden.is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "#barbette2020cheetah .rs-paper__authors").text.startswith("Tom Barbette, Chen Tang")

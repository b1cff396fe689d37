"""The small text helpers of the site's chrome: the monogram and the unbroken compounds of titles."""

from __future__ import annotations

import pytest

from researchsite.generate.text import (
    bare_code_whitespace, monogram, month_alone, month_text, month_under_year, short_month_text, unbroken_compounds,
)


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Tom Barbette", "TB"), ("Gerald Q. Maguire Jr.", "GM"), ("Ada", "A"), ("Émile Zola", "ÉZ"), ("Jean-Luc Picard", "JP"), ("", "")],
)
def test_a_monogram_is_the_first_and_last_names_initials(name, initials):
    assert monogram(name) == initials


def test_short_compounds_in_headings_stay_on_one_line_and_nothing_else_changes():
    html = (
        '<h1 id="load-balancer">A High-Speed Load-Balancer with Per-Connection-Consistency'
        '<a class="headerlink" href="#load-balancer">¶</a></h1><p>A Load-Balancer in prose</p>'
    )
    assert unbroken_compounds(html) == (
        '<h1 id="load-balancer">A <span class="rs-nowrap">High-Speed</span> <span class="rs-nowrap">Load-Balancer</span>'
        ' with Per-Connection-Consistency<a class="headerlink" href="#load-balancer">¶</a></h1><p>A Load-Balancer in prose</p>'
    )


@pytest.mark.parametrize(
    ("date_format", "month"),
    [("d MMMM y", "April 2022"), ("MMMM d, y", "April 2022"), ("MMM d, y", "Apr 2022"), ("dd/MM/y", "04/2022"),
     ("y-MM-dd", "2022-04"), ("EEEE d MMMM y", "April 2022")],
)
def test_a_month_is_written_as_the_site_writes_a_day_without_the_day(date_format, month):
    assert month_text(2022, 4, date_format) == month


@pytest.mark.parametrize(
    ("date_format", "in_a_column", "after_its_year"),
    [("d MMMM y", "Sep 2022", "September"), ("MMMM d, y", "Sep 2022", "September"), ("MMM y", "Sep 2022", "Sep"),
     ("dd.MM.y", "09.2022", ""), ("y-MM-dd", "2022-09", ""), ("EEEE d MMMM y", "Sep 2022", "September")],
)
def test_a_month_in_the_cvs_column_is_shortened_and_after_a_venues_year_a_number_is_left_out(date_format, in_a_column, after_its_year):
    assert short_month_text(2022, 9, date_format) == in_a_column
    # "NSDI '22, September"; "NSDI '22, 09" would read as a page or an issue.
    assert month_alone(9, date_format) == after_its_year


def test_code_loses_the_elements_that_hold_only_its_spaces():
    html = ('<pre><span></span><code>sudo<span class="w"> </span>ip<span class="w">  </span>link'
            '<span class="nb">set</span><span class="w">\n</span><span class="s2">"a b"</span></code></pre>'
            '<p><span class="w">word</span></p>')
    assert bare_code_whitespace(html) == (
        '<pre><span></span><code>sudo ip  link<span class="nb">set</span>\n<span class="s2">"a b"</span></code></pre>'
        '<p><span class="w">word</span></p>'  # not a whitespace token: left alone
    )


@pytest.mark.parametrize(
    ("date_format", "under_its_year"),
    [("d MMMM y", "April"), ("MMM d, y", "Apr"), ("MMM y", "Apr"), ("dd.MM.y", "April"), ("y-MM-dd", "April"),
     ("d. M. y", "April"), ("dd/MM/y", "April")],
)
def test_a_month_under_its_years_heading_is_named_where_the_format_would_leave_a_number(date_format, under_its_year):
    # A talk known to the month, under "2022": "04" alone reads as a day, "04.2022" repeats the heading.
    assert month_under_year(4, date_format) == under_its_year

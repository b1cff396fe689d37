"""head.py: Google Scholar's Highwire tags, schema.org JSON-LD and the meta description of a paper page."""

from __future__ import annotations

from researchsite.generate.head import description, json_ld, paper_head, scholar_tags
from researchsite.generate.pages import Urls
from researchsite.structure.paper import Author, Link, Paper, Venue
from researchsite.structure.site import Owner, SiteConfig

CONFIG = SiteConfig(owner=Owner("Tom Barbette"))


def paper(**changes) -> Paper:
    values = dict(
        key="ghasemirahni2022packet",
        kind="conference",
        title="Packet Order Matters!\n  Improving Application Performance",
        authors=[
            Author("Hamid Ghasemirahni", "Ghasemirahni", "Hamid"),
            Author("Tom Barbette", "Barbette", "Tom", is_owner=True),
            Author("IETF", "IETF", ""),
        ],
        authors_et_al=False,
        venue=Venue("19th USENIX Symposium on Networked Systems Design and Implementation", "NSDI '22"),
        year=2022,
        month=4,
        day=5,
        entry_type="inproceedings",
        isbn="978-1-939133-27-4",
        volume="1",
        number="2",
        pages="807–827",
        first_page="807",
        last_page="827",
        publisher="USENIX Association",
        doi="10.1145/3452296",
        arxiv="2101.01234",
        links=[Link("pdf", "PDF", "files/reframer.pdf")],
    )
    values.update(changes)
    return Paper(**values)


def test_scholar_tags_come_in_the_order_of_scholars_guidelines():
    tags = scholar_tags(paper(), Urls(site_url="https://example.org/site"))
    assert tags == [
        ["citation_title", "Packet Order Matters! Improving Application Performance"],
        ["citation_author", "Ghasemirahni, Hamid"],
        ["citation_author", "Barbette, Tom"],
        ["citation_author", "IETF"],
        ["citation_publication_date", "2022/04/05"],
        ["citation_conference_title", "19th USENIX Symposium on Networked Systems Design and Implementation"],
        ["citation_volume", "1"],
        ["citation_issue", "2"],
        ["citation_firstpage", "807"],
        ["citation_lastpage", "827"],
        ["citation_publisher", "USENIX Association"],
        ["citation_doi", "10.1145/3452296"],
        ["citation_isbn", "978-1-939133-27-4"],
        ["citation_arxiv_id", "2101.01234"],
        ["citation_pdf_url", "https://example.org/site/files/reframer.pdf"],
    ]


def test_publication_date_has_the_precision_the_entry_gives():
    def date(**changes):
        return dict(scholar_tags(paper(**changes), Urls())).get("citation_publication_date")

    assert date(month=4, day=None) == "2022/04"
    assert date(month=None, day=None) == "2022"
    assert date(month=None, day=5) == "2022"
    assert date(year=None, month=None, day=None) is None


def test_venue_tag_depends_on_the_kind():
    def venue_tags(kind):
        return [name for name, _ in scholar_tags(paper(kind=kind), Urls()) if "title" in name and name != "citation_title"
                or "institution" in name]

    assert venue_tags("journal") == ["citation_journal_title"]
    assert venue_tags("workshop") == ["citation_conference_title"]
    assert venue_tags("thesis") == ["citation_dissertation_institution"]
    assert venue_tags("report") == ["citation_technical_report_institution"]
    assert venue_tags("other") == []


def test_a_book_has_no_inbook_title_but_a_chapter_has():
    # The venue of a @book is its publisher: not the title of a book it is a chapter of.
    book = paper(kind="book", entry_type="book", venue=Venue("MIT Press"))
    assert "citation_inbook_title" not in dict(scholar_tags(book, Urls()))
    chapter = paper(kind="book", entry_type="incollection", venue=Venue("Handbook"))
    assert dict(scholar_tags(chapter, Urls()))["citation_inbook_title"] == "Handbook"


def test_local_pdf_url_needs_the_site_url():
    assert "citation_pdf_url" not in dict(scholar_tags(paper(), Urls(site_url=None)))
    remote = paper(links=[Link("pdf", "PDF", "https://www.usenix.org/nsdi22.pdf")])
    assert dict(scholar_tags(remote, Urls()))["citation_pdf_url"] == "https://www.usenix.org/nsdi22.pdf"
    assert "citation_pdf_url" not in dict(scholar_tags(paper(links=[]), Urls("https://e.org")))


def test_description_is_the_abstract_when_it_is_short():
    assert description(paper(abstract="Short  abstract\nover lines.")) == "Short abstract over lines."


def test_long_abstract_is_cut_at_a_word_within_160_characters():
    words = "Packet processing at 100 Gbps needs every cache line; Reframer reorders packets, so that, "
    text = description(paper(abstract=words * 5))
    assert len(text) <= 160
    assert text.endswith("…")
    body = text.removesuffix("…")
    assert (words * 5).startswith(body)
    assert (words * 5)[len(body)] in " ,;:."  # cut between words, not inside one
    assert not body.endswith((",", ";", " "))


def test_without_abstract_the_description_is_title_venue_and_year():
    assert description(paper()) == "Packet Order Matters! Improving Application Performance · NSDI '22 · 2022"
    assert description(paper(venue=Venue("Some Venue"), year=None)) == (
        "Packet Order Matters! Improving Application Performance · Some Venue"
    )


def test_description_from_a_long_title_and_venue_is_also_at_most_160_characters():
    long = paper(title="A very long title " * 8, venue=Venue("A venue with a long name " * 4))
    text = description(long)
    assert len(text) <= 160 and text.startswith("A very long title A very") and text.endswith("…")


def test_json_ld_describes_the_article_with_its_identifiers():
    data = json_ld(paper(abstract="An abstract.", awards=["Community Award"], topics=["P4", "NFV"]), CONFIG,
                   "https://e.org/publications/x/")
    assert data["@type"] == "ScholarlyArticle"
    assert data["name"] == "Packet Order Matters! Improving Application Performance"
    assert data["author"][0] == {"@type": "Person", "name": "Hamid Ghasemirahni", "givenName": "Hamid",
                                 "familyName": "Ghasemirahni"}
    assert data["author"][2] == {"@type": "Person", "name": "IETF", "familyName": "IETF"}
    assert data["datePublished"] == "2022-04-05"
    assert data["isPartOf"] == {"@type": "CreativeWork", "name": paper().venue.name}
    assert (data["pagination"], data["pageStart"], data["pageEnd"]) == ("807-827", "807", "827")
    assert data["sameAs"] == "https://doi.org/10.1145/3452296"
    assert data["identifier"]["value"] == "10.1145/3452296"
    assert (data["award"], data["keywords"], data["url"]) == (["Community Award"], "P4, NFV", "https://e.org/publications/x/")


def test_json_ld_headline_is_at_most_110_characters_and_url_needs_a_site_url():
    data = json_ld(paper(title="word " * 40), CONFIG, None)
    assert len(data["headline"]) <= 110
    assert "url" not in data


def test_paper_head_gives_the_absolute_page_url_in_both_url_styles():
    head = paper_head(paper(), CONFIG, Urls(True, "https://e.org/"), "publications/x.md")
    assert head["jsonld"]["url"] == "https://e.org/publications/x/"
    head = paper_head(paper(), CONFIG, Urls(False, "https://e.org/"), "publications/x.md")
    assert head["jsonld"]["url"] == "https://e.org/publications/x.html"
    assert head["og_type"] == "article"

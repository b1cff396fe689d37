"""What a paper page says about itself in <head>: Google Scholar's tags, schema.org JSON-LD, Open Graph.

Only data is built here; `theme/main.html` turns it into tags, escaping every value.
"""

from __future__ import annotations

from ..structure.paper import Paper
from .text import plain
from ..structure.site import SiteConfig

# Google Scholar reads the venue from a different tag for each kind of paper.
_SCHOLAR_VENUE_TAG = {
    "journal": "citation_journal_title",
    "conference": "citation_conference_title",
    "workshop": "citation_conference_title",
    "thesis": "citation_dissertation_institution",
    "report": "citation_technical_report_institution",
    "preprint": "citation_journal_title",
    "book": "citation_inbook_title",
}
DESCRIPTION_LENGTH = 160
# A book as a whole, as opposed to a part of one (a chapter has an inbook title in Scholar's tags).
_WHOLE_BOOKS = frozenset(
    {"book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "reference", "mvreference"}
)


def description(paper: Paper) -> str:
    """The page's meta description: the abstract's start, cut at a word, else title and venue."""
    if paper.abstract:
        text = plain(paper.abstract)
    else:
        # A search result's snippet: the venue's short name says enough, the full line is on the page.
        venue = paper.venue.short or paper.venue.name if paper.venue else None
        text = " · ".join(part for part in (paper.title, venue, str(paper.year or "")) if part)
        text = plain(text)
    # The title-and-venue text too: it kept the title's line breaks and could run past 160.
    return teaser(text, DESCRIPTION_LENGTH)


def teaser(text: str | None, length: int) -> str:
    """The start of a text on one line, cut at a word to at most `length` characters."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.· ") + "…"


def paper_head(paper: Paper, config: SiteConfig, urls, page_path: str) -> dict:
    page_url = urls.absolute(urls.page(page_path))
    return {
        "scholar": scholar_tags(paper, urls),
        "jsonld": json_ld(paper, config, page_url),
        "og_type": "article",
    }


def scholar_tags(paper: Paper, urls) -> list[list[str]]:
    """Highwire Press tags, in the order Google Scholar's inclusion guidelines list them."""
    tags = [["citation_title", plain(paper.title)]]
    tags += [["citation_author", f"{author.family}, {author.first}".strip(", ")] for author in paper.authors]
    if paper.year:
        date = f"{paper.year:04d}" + (f"/{paper.month:02d}" if paper.month else "")
        date += f"/{paper.day:02d}" if paper.month and paper.day else ""
        tags.append(["citation_publication_date", date])
    # A @book's venue is its publisher, not a book it is part of: only a chapter has an inbook title.
    is_whole_book = paper.kind == "book" and paper.entry_type in _WHOLE_BOOKS
    if paper.venue and paper.kind in _SCHOLAR_VENUE_TAG and not is_whole_book:
        tags.append([_SCHOLAR_VENUE_TAG[paper.kind], plain(paper.venue.name)])
    for name, value in (
        ("citation_volume", paper.volume),
        ("citation_issue", paper.number),
        ("citation_firstpage", paper.first_page),
        ("citation_lastpage", paper.last_page),
        ("citation_publisher", paper.publisher),
        ("citation_doi", paper.doi),
        ("citation_isbn", paper.isbn),
        ("citation_arxiv_id", paper.arxiv),
    ):
        if value:
            tags.append([name, value])
    pdf = paper.link("pdf")
    if pdf:
        # Scholar wants an absolute URL; a local file needs the site's URL to make one.
        absolute = pdf.url if not pdf.is_local else urls.absolute(pdf.url)
        if absolute:
            tags.append(["citation_pdf_url", absolute])
    return tags


def json_ld(paper: Paper, config: SiteConfig, page_url: str | None) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": plain(paper.title)[:110],
        "name": plain(paper.title),
        "author": [_person(author) for author in paper.authors],
    }
    if paper.editors:
        data["editor"] = [_person(editor) for editor in paper.editors]
    if paper.date_text:
        data["datePublished"] = paper.date_text
    if paper.venue:
        venue_type = "Periodical" if paper.kind in ("journal", "preprint") else "CreativeWork"
        data["isPartOf"] = {"@type": venue_type, "name": plain(paper.venue.name)}
    if paper.publisher:
        data["publisher"] = {"@type": "Organization", "name": paper.publisher}
    if paper.pages:
        data["pagination"] = paper.pages.replace("–", "-")
    if paper.first_page:
        data["pageStart"] = paper.first_page
    if paper.last_page:
        data["pageEnd"] = paper.last_page
    if paper.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi}
        data["sameAs"] = f"https://doi.org/{paper.doi}"
    if paper.abstract:
        data["abstract"] = plain(paper.abstract)
    if paper.awards:
        data["award"] = paper.awards
    if paper.topics:
        data["keywords"] = ", ".join(paper.topics)
    if page_url:
        data["url"] = page_url
    return data


def _person(author) -> dict:
    person = {"@type": "Person", "name": author.name}
    if author.first:
        person["givenName"] = author.first
    if author.last:
        person["familyName"] = author.family
    if author.url:
        person["url"] = author.url
    return person

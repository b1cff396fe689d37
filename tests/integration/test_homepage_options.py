"""What site.yml and venues.yml say about the look, in a real build: the photo, the profile
links, one date format everywhere, the venue badges' colours."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import run_mkdocs  # noqa: E402
from sitecheck import parse, text  # noqa: E402

OWNER = """\
owner:
  name: Tom Barbette
  name_variants: ["T. Barbette", "Barbette, Tom"]
  position: Assistant Professor
  photo: assets/images/tom.jpg
  photo_alt: Tom Barbette in front of a rack of servers
  email: tom@example.org
  dblp: 123/4567
  orcid: 0000-0002-1825-0097
  github: tbarbette
  mastodon: https://mastodon.social/@tom
  bluesky: tom.bsky.social
  homepage: https://uclouvain.be/tom
date_format: MMMM d, y
"""

VENUES = """\
colours:
  journal: "#004d40"
venues:
  - short: NSDI
    kind: conference
    colour: "#ffcc00"
    match: ["Networked Systems Design and Implementation"]
"""


def test_the_owners_choices_reach_every_page(new_site, tmp_path):
    project = new_site(with_example_papers=True)
    site_yml = project / "site_config" / "site.yml"
    site_yml.write_text(re.sub(r"(?ms)^owner:.*\Z", OWNER, site_yml.read_text()))
    (project / "site_config" / "venues.yml").write_text(VENUES)
    (project / "content" / "assets" / "images" / "tom.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    result = run_mkdocs(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert ": warning: " not in result.stderr
    site = tmp_path / "out"

    home = parse(site / "index.html")
    photo = next(img for img in home.iter("img") if "rs-profile__photo" in (img.get("class") or ""))
    assert photo.get("src") == "assets/images/tom.jpg"
    assert photo.get("alt") == "Tom Barbette in front of a rack of servers"
    links = [a for a in home.iter("a") if "rs-profile__link" in (a.get("class") or "")]
    # In the declared order; each named, each an icon.
    assert [a.get("aria-label") for a in links] == ["E-mail", "DBLP", "ORCID", "GitHub", "Mastodon", "Bluesky", "Home page"]
    hrefs = {a.get("aria-label"): a.get("href") for a in links}
    assert hrefs["E-mail"] == "mailto:tom@example.org"
    assert hrefs["DBLP"] == "https://dblp.org/pid/123/4567.html"
    assert hrefs["Home page"] == "https://uclouvain.be/tom"  # not this site: kept
    mastodon = next(a for a in links if a.get("aria-label") == "Mastodon")
    assert mastodon.get("rel") == "me"  # Mastodon verifies the site with it

    # One date format: the home page's news, the blog's own post pages, the footer.
    rows = [[text(td) for td in tr.iter("td")] for tr in home.iter("tr")]
    assert ["June 15, 2022", "New position: assistant professor at UCLouvain"] in rows
    post = site / "news" / "2022" / "04" / "07" / "packet-order-matters-won-the-nsdi-22-community-award" / "index.html"
    dates = [text(time) for time in parse(post).iter("time")]
    assert dates[0] == "April 7, 2022"  # the blog's own, beside the post
    assert "April 7, 2022" in [text(time) for time in parse(site / "news" / "index.html").iter("time")]
    footer = text(next(home.iter("footer")))
    assert re.search(r"Last updated [A-Z][a-z]+ \d{1,2}, \d{4}", footer), footer

    # Badge colours: a kind's from `colours`, a venue's own over it; the text reads on either.
    listing = parse(site / "publications" / "index.html")
    badges = {li.get("id"): next(s for s in li.iter("span") if s.get("class") == "rs-venue-short")
              for li in listing.iter("li") if li.get("class") == "rs-paper"}
    assert badges["barbette2021combined"].get("style") == "background-color: #004d40; color: #ffffff"
    assert badges["ghasemirahni2022packet"].get("style") == "background-color: #ffcc00; color: #000000"

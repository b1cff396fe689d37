"""A person's publications from DBLP: the BibTeX DBLP serves at https://dblp.org/pid/<pid>.bib."""

from __future__ import annotations

import re

from .fetch import ImportFailed, Network, base_url, get
from .records import Record, parse_bibtex

# 144/5003, 00/1234-1, h/JohnLHennessy; also the person page's address, as copied from a browser.
_PID = re.compile(r"^[A-Za-z0-9]+/[A-Za-z0-9_-]+$")
_PID_IN_URL = re.compile(r"dblp(?:\.uni-trier)?\.(?:org|de)/pid/([^?#]+?)(?:\.html|\.bib|\.xml)?/?(?:[?#].*)?$")
# Bookkeeping DBLP changes whenever it touches a record: kept, every sync would look like an update.
_DROPPED = ("timestamp",)


def pid(text: str) -> str:
    """The pid in `text` (a pid or a DBLP person page's address), or ImportFailed saying why not."""
    text = text.strip()
    if found := _PID_IN_URL.search(text):
        text = found.group(1)
    if not _PID.match(text):
        raise ImportFailed(f"'{text}' is not a DBLP pid: it looks like 144/5003 (the end of the person page's address, https://dblp.org/pid/144/5003.html)")
    return text


def person_bibtex(person: str, network: Network) -> tuple[str, str]:
    """DBLP's BibTeX of the person `person` (a pid), and the address it came from."""
    url = f"{base_url('dblp')}/pid/{person}.bib"
    answer = get(url, network, accept="application/x-bibtex, text/plain;q=0.5", not_found=f"DBLP has no person with the pid '{person}'")
    answer.encoding = "utf-8"  # DBLP sends UTF-8; some proxies drop the charset
    return answer.text, url


def publications(person: str, network: Network) -> list[Record]:
    text, url = person_bibtex(person, network)
    records = parse_bibtex(text, url)
    for record in records:
        record.where = f"DBLP {person}"
        for name in _DROPPED:
            record.fields.pop(name, None)
    return records

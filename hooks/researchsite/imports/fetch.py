"""The network, as imports use it: polite, bounded retries and timeouts, one-line messages.

Only `researchsite import`, `sync` and `metrics` come here; the site's build never does.
Settings come from the environment so that tests (and mirrors) can point elsewhere:
RESEARCHSITE_DBLP_URL, RESEARCHSITE_ORCID_URL (and for citation counts RESEARCHSITE_OPENALEX_URL,
RESEARCHSITE_CROSSREF_URL, RESEARCHSITE_SEMANTIC_SCHOLAR_URL), RESEARCHSITE_MAILTO, RESEARCHSITE_HTTP_TIMEOUT
(seconds to connect and between bytes read), RESEARCHSITE_HTTP_RETRIES.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

DBLP_URL = "https://dblp.org"
ORCID_URL = "https://pub.orcid.org/v3.0"
# A server asking to wait longer than this is treated as down rather than waited for: a weekly
# CI job should fail in minutes, not hang for the hours a Retry-After may ask.
RETRY_AFTER_MAX = 60

try:
    VERSION = version("researchsite")
except PackageNotFoundError:  # run from a checkout without installing
    VERSION = "0"


class ImportFailed(Exception):
    """A source could not be read; the message is one line naming what and where."""


class Unreachable(ImportFailed):
    """No answer at all (offline, no such host, too slow): asking the same host again is no use."""


@dataclass(frozen=True)
class Network:
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 1.0  # seconds before the second retry, doubling after (the first is immediate)
    mailto: str | None = None  # the researcher's address, for services that ask who calls them
    contact: str | None = None  # the site's address, named in the User-Agent

    @classmethod
    def from_environment(cls, mailto: str | None = None, contact: str | None = None) -> "Network":
        def number(name: str, kind, default):
            text = os.environ.get(name)
            try:
                value = kind(text) if text is not None else default
            except ValueError:
                value = -1
            if value < 0:
                raise ImportFailed(f"{name}={text!r}: not a number of {'seconds' if kind is float else 'retries'}")
            return value

        return cls(
            timeout=number("RESEARCHSITE_HTTP_TIMEOUT", float, cls.timeout),
            retries=number("RESEARCHSITE_HTTP_RETRIES", int, cls.retries),
            backoff=number("RESEARCHSITE_HTTP_BACKOFF", float, cls.backoff),
            mailto=os.environ.get("RESEARCHSITE_MAILTO") or mailto,
            contact=contact,
        )

    @property
    def user_agent(self) -> str:
        # The form services such as Crossref and DBLP ask for: tool/version (+contact; mailto:address).
        about = [f"+{self.contact}"] if self.contact else []
        about += [f"mailto:{self.mailto}"] if self.mailto else []
        return f"researchsite/{VERSION}" + (f" ({'; '.join(about)})" if about else "")


def base_url(service: str, default: str | None = None) -> str:
    """DBLP's or ORCID's address (or `default`, another service's), or the one the environment
    sets (a mirror, a test server)."""
    default = default or {"dblp": DBLP_URL, "orcid": ORCID_URL}[service]
    return os.environ.get(f"RESEARCHSITE_{service.upper()}_URL", default).rstrip("/")


def session(network: Network) -> requests.Session:
    retry = Retry(
        total=network.retries,
        connect=network.retries,
        read=network.retries,
        status=network.retries,
        status_forcelist=(429, 500, 502, 503, 504),
        backoff_factor=network.backoff / 2,  # urllib3 waits factor * 2**(n-1): 0, backoff, 2*backoff, ...
        backoff_max=RETRY_AFTER_MAX,
        respect_retry_after_header=True,
        retry_after_max=RETRY_AFTER_MAX,
        raise_on_status=False,  # the last answer comes back, and says what went wrong
        allowed_methods=None,  # POST too: the only POST sent is a batch lookup, which reads only
    )
    http = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    http.headers["User-Agent"] = network.user_agent
    return http


def get(
    url: str,
    network: Network,
    *,
    accept: str | None = None,
    not_found: str | None = None,
    headers: dict[str, str] | None = None,
    json: object = None,
    answered: tuple[int, ...] = (),
) -> requests.Response:
    """The answer to GET `url` (POST when a `json` body is given), or ImportFailed with one line:
    `not_found` (a sentence) for a 404, what the server answered after the retries, or
    Unreachable saying why it could not be reached. A status in `answered` (404: no such paper)
    comes back as an answer."""
    headers = ({"Accept": accept} if accept else {}) | (headers or {})
    try:
        with session(network) as http:
            answer = http.request(
                "POST" if json is not None else "GET", url, headers=headers, json=json, timeout=(network.timeout, network.timeout)
            )
    except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as error:
        # After retries, urllib3 hands a read timeout over as a connection error: its text tells.
        if isinstance(error, requests.exceptions.Timeout) or "timed out" in str(error).lower():
            tries = network.retries + 1
            raise Unreachable(
                f"{url}: no answer within {network.timeout:g} s ({tries} tr{'y' if tries == 1 else 'ies'}); the server is slow or unreachable, try again later"
            ) from None
        raise Unreachable(f"{url}: cannot reach {urlsplit(url).hostname} ({_connection_reason(error)})") from None
    except requests.exceptions.RequestException as error:
        raise ImportFailed(f"{url}: {error.__class__.__name__}: {_reason(error)}") from None
    if answer.status_code in answered:
        return answer
    if answer.status_code == 404 and not_found:
        raise ImportFailed(f"{not_found} ({url}: 404)")
    if answer.status_code >= 400:
        tries = f" after {network.retries + 1} tries" if answer.status_code in (429, 500, 502, 503, 504) else ""
        raise ImportFailed(f"{url}: the server answered {answer.status_code} {answer.reason or ''}".rstrip() + tries)
    return answer


def _connection_reason(error: Exception) -> str:
    text = str(error)
    if "NameResolutionError" in text or "Name or service not known" in text or "getaddrinfo" in text:
        return "the name does not resolve: offline, or no such host"
    if "Connection refused" in text:
        return "connection refused"
    return "offline, or the host is down"


def _reason(error: Exception) -> str:
    return str(error).splitlines()[0][:200] if str(error) else error.__class__.__name__

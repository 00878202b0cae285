"""`auditor feeds update`: fetch each feed over verified TLS, conditionally, bounded, then import it.

Each feed is fetched to a scratch file beside the index with an If-None-Match / If-Modified-Since
request (a 304 costs nothing), a size limit and an overall deadline, then imported like a file
(auditor.feeds.importer), which swaps the index atomically. Any failure (network, TLS, a truncated
or oversized body, a file that does not parse) leaves the previous edition of that feed in place
and is reported as one line; the other feeds still update.
None of these sources publishes a checksum for its files, so each import records the SHA-256 of
what it read: a verdict can be traced to the exact bytes.
"""

from __future__ import annotations

import ipaddress
import os
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from http.client import HTTPMessage
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from auditor.core.tls import client_context
from auditor.core.vulnmodel import FeedVersion
from auditor.feeds.formats import FeedError
from auditor.feeds.importer import import_file
from auditor.feeds.index import validators

_MB = 1024 * 1024


@dataclass(frozen=True)
class FeedSource:
    name: str
    url: str
    max_bytes: int


# The public editions; an MSP's local mirror can replace any URL (`auditor feeds update --url NAME=URL`).
DEFAULT_SOURCES: tuple[FeedSource, ...] = (
    FeedSource("kev", "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json", 50 * _MB),
    FeedSource("epss", "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz", 100 * _MB),
    FeedSource("debian", "https://security-tracker.debian.org/tracker/data/json", 300 * _MB),
    FeedSource("ubuntu", "https://osv-vulnerabilities.storage.googleapis.com/Ubuntu/all.zip", 500 * _MB),
)


@dataclass(frozen=True)
class UpdateOutcome:
    name: str
    status: str  # updated, not modified, failed
    detail: str
    version: FeedVersion | None = None


def check_url(url: str) -> None:
    """HTTPS only (verified), except plain HTTP to this machine (a local mirror or a test server)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return
    raise FeedError(f"feed URL {url!r}: only https:// (or http:// to localhost) is accepted")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def update_feed(source: FeedSource, index: Path, *, now: datetime, timeout: float = 60.0) -> UpdateOutcome:
    """Fetch and import one feed; never raises for a feed problem (the outcome says what happened)."""
    try:
        return _update(source, index, now=now, timeout=timeout)
    except FeedError as exc:
        return UpdateOutcome(source.name, "failed", f"{exc}; the previous {source.name} feed is kept")


def _update(source: FeedSource, index: Path, *, now: datetime, timeout: float) -> UpdateOutcome:
    check_url(source.url)
    etag, modified = validators(index, source.name)
    # the scheme was checked just above (and every redirect is checked again by _CheckedRedirects)
    request = urllib.request.Request(source.url, headers={"User-Agent": "auditor-feeds"})  # noqa: S310
    if etag:
        request.add_header("If-None-Match", etag)
    if modified:
        request.add_header("If-Modified-Since", modified)
    index.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch_name = tempfile.mkstemp(prefix=f".{source.name}-", suffix=".download", dir=index.parent)
    scratch = Path(scratch_name)
    try:
        with os.fdopen(handle, "wb") as sink:
            response = _fetch(request, sink, source=source, timeout=timeout)
        if response is None:
            return UpdateOutcome(source.name, "not modified", f"{source.url}: not modified since the last update")
        new_etag, new_modified = response
        published = _http_date(new_modified)
        version = import_file(
            scratch, index, now=now, source=source.url, published=published, etag=new_etag, last_modified=new_modified
        )
    finally:
        scratch.unlink(missing_ok=True)
    return UpdateOutcome(source.name, "updated", f"{version.version}, {version.records} records", version)


def _fetch(
    request: urllib.request.Request, sink: IO[bytes], *, source: FeedSource, timeout: float
) -> tuple[str | None, str | None] | None:
    """Stream the body into `sink`; None on 304; (ETag, Last-Modified) on 200."""
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=client_context()), _CheckedRedirects())
    deadline = time.monotonic() + timeout * 5
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > source.max_bytes:
                raise FeedError(f"{source.url}: {int(declared)} bytes is over the {source.max_bytes}-byte limit")
            received = 0
            while block := response.read(1 << 16):
                received += len(block)
                if received > source.max_bytes:
                    raise FeedError(f"{source.url}: body over the {source.max_bytes}-byte limit")
                if time.monotonic() > deadline:
                    raise FeedError(f"{source.url}: download took longer than {timeout * 5:g} s")
                sink.write(block)
            if declared is not None and declared.isdigit() and received != int(declared):
                raise FeedError(f"{source.url}: truncated ({received} of {declared} bytes)")
            return response.headers.get("ETag"), response.headers.get("Last-Modified")
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None
        raise FeedError(f"{source.url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FeedError(f"{source.url}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise FeedError(f"{source.url}: {type(exc).__name__}: {exc}") from None


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect may not leave HTTPS (a mirror redirecting to plain HTTP would drop verification)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None

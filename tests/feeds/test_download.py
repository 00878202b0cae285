"""`feeds update` against a local HTTP server: conditional requests, and every way a download can go
wrong (truncated, corrupt, oversized, too slow, an error status) leaves the previous feed in place."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from auditor.feeds.download import FeedSource, check_url, update_feed
from auditor.feeds.formats import FeedError
from auditor.feeds.index import read_versions
from tests.feeds.conftest import KEV

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
ETAG = '"kev-2026.10.03"'
LAST_MODIFIED = "Sat, 03 Oct 2026 14:00:00 GMT"


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads the requests from `seen`."""

    def do_GET(self) -> None:
        type(self).seen.append(dict(self.headers))
        body = KEV.read_bytes()
        if self.path == "/kev.json":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self._send(body, ETag=ETAG, **{"Last-Modified": LAST_MODIFIED})
        elif self.path == "/truncated.json":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/corrupt.json":
            self._send(body[: len(body) // 2])  # a complete response whose JSON stops half-way
        elif self.path == "/big.json":
            self._send(b" " * 2_000_000 + body)
        elif self.path == "/slow.json":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            time.sleep(3)
            self.wfile.write(body)
        else:
            self.send_error(404)

    def _send(self, body: bytes, **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Handler.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _kev(server: str, path: str, *, limit: int = 1_000_000) -> FeedSource:
    return FeedSource("kev", f"{server}{path}", limit)


def test_download_then_conditional_request_gets_304(server: str, tmp_path: Path) -> None:
    index = tmp_path / "feeds.sqlite"
    first = update_feed(_kev(server, "/kev.json"), index, now=NOW)
    assert (first.status, first.version.version if first.version else None) == ("updated", "2026.10.03")
    second = update_feed(_kev(server, "/kev.json"), index, now=NOW)
    assert second.status == "not modified"
    assert _Handler.seen[-1].get("If-None-Match") == ETAG
    assert _Handler.seen[-1].get("If-Modified-Since") == LAST_MODIFIED
    (version,) = read_versions(index)
    assert version.source.endswith("/kev.json") and version.published == datetime(2026, 10, 3, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("path", "limit", "timeout", "reason"),
    [
        ("/truncated.json", 1_000_000, 10.0, "truncated|IncompleteRead"),
        ("/corrupt.json", 1_000_000, 10.0, "corrupt KEV JSON"),
        ("/big.json", 1_000_000, 10.0, "over the 1000000-byte limit"),
        ("/slow.json", 1_000_000, 0.5, "timed out|took longer"),
        ("/missing.json", 1_000_000, 10.0, "HTTP 404"),
    ],
)
def test_a_failed_download_keeps_the_previous_feed(
    server: str, tmp_path: Path, path: str, limit: int, timeout: float, reason: str
) -> None:
    index = tmp_path / "feeds.sqlite"
    assert update_feed(_kev(server, "/kev.json"), index, now=NOW).status == "updated"
    before = index.read_bytes()
    outcome = update_feed(_kev(server, path, limit=limit), index, now=NOW, timeout=timeout)
    assert outcome.status == "failed"
    assert "the previous kev feed is kept" in outcome.detail
    assert any(word in outcome.detail for word in reason.split("|")), outcome.detail
    assert "\n" not in outcome.detail
    assert index.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partial download left


def test_plain_http_only_to_this_machine() -> None:
    check_url("https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json")
    check_url("http://127.0.0.1:8080/kev.json")
    for url in ("http://mirror.example.com/kev.json", "file:///etc/passwd", "ftp://127.0.0.1/kev.json"):
        with pytest.raises(FeedError, match="only https"):
            check_url(url)

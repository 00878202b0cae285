"""One JSON-over-HTTPS session to a PSA, with every failure turned into one PsaError line.

TLS is verified like every client auditor opens (auditor.core.tls): the system's CAs or the
configured `ca_file`. Credentials travel in headers only; an error line names the PSA, the
method and the path, the HTTP status and a short, inert excerpt of the answer, never a header.
An answer over 4 MiB is refused rather than decoded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.core.errors import PsaError
from auditor.core.terminal import inert
from auditor.core.tls import client_context, describe_tls_error

if TYPE_CHECKING:
    import httpx

TIMEOUT_SECONDS = 20.0
MAX_ANSWER_BYTES = 4 * 1024 * 1024


class JsonSession:
    """Requests against one PSA's base URL; `close()` (or `with`) ends the connection pool."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        headers: Mapping[str, str],
        ca_file: Path | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        import httpx

        self.name = name
        self._client = httpx.Client(
            base_url=base_url.rstrip("/") + "/",
            headers=dict(headers),
            verify=client_context(ca_file),
            timeout=timeout,
            follow_redirects=False,  # a redirect must not carry the credentials to another host
        )

    def __enter__(self) -> JsonSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def set_header(self, name: str, value: str) -> None:
        self._client.headers[name] = value

    def call(
        self,
        method: str,
        path: str,
        *,
        body: object = None,
        params: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> Any:
        """The decoded JSON answer (None for an empty one); PsaError for anything else."""
        import httpx

        where = f"{self.name}: {method} {path.split('?')[0]}"
        try:
            response = self._client.request(
                method, path.lstrip("/"), json=body, params=params, data=form, headers=_content(body, form)
            )
        except httpx.TimeoutException:
            raise PsaError(f"{where}: no answer within {self._client.timeout.read:.0f} s") from None
        except httpx.HTTPError as exc:
            tls = _tls_cause(exc)
            shown = describe_tls_error(tls) if tls is not None else str(exc) or type(exc).__name__
            raise PsaError(f"{where}: {inert(shown)}") from None
        return _decoded(response, where)


def _content(body: object, form: object) -> dict[str, str]:
    return {"Accept": "application/json"} if body is None and form is None else {}


def _tls_cause(exc: BaseException) -> BaseException | None:
    """The TLS error behind an httpx error (it wraps the ssl module's), if that is what it was."""
    import ssl

    seen: BaseException | None = exc
    for _ in range(5):
        if seen is None or isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _decoded(response: httpx.Response, where: str) -> Any:
    content = response.content[: MAX_ANSWER_BYTES + 1]
    if response.status_code >= 400:
        excerpt = inert(" ".join(response.text[:200].split()))
        said = f": {excerpt}" if excerpt else ""
        raise PsaError(f"{where}: HTTP {response.status_code} {response.reason_phrase}{said}")
    if response.status_code >= 300:
        raise PsaError(f"{where}: HTTP {response.status_code}: redirects are not followed; check the configured url")
    if len(content) > MAX_ANSWER_BYTES:
        raise PsaError(f"{where}: the answer is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB")
    if not content.strip():
        return None
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise PsaError(f"{where}: the answer is not JSON (HTTP {response.status_code})") from None


def field(answer: Any, name: str, *, where: str) -> Any:
    """A required field of a JSON object answer; PsaError if the answer has another shape."""
    if not isinstance(answer, dict) or answer.get(name) is None:
        raise PsaError(f"{where}: the answer has no {name!r}")
    return answer[name]

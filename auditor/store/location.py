"""Where a store lives, spelled one way: the URL the engine opens and the file its run lock guards.

The same SQLite file can be named many ways (a relative path, a symlink, `file:` URIs); the run
lock is only a lock if every spelling leads to the same lock file, so SQLite paths are resolved
before anything else. `?mode=ro` asks for a store that is never written: it is opened through
SQLite's own read-only URI mode, so even a bug cannot write to it.

PostgreSQL over the network verifies the server by default: a URL naming a remote host without
`sslmode` gets `sslmode=verify-full` (and the system's CAs unless `sslrootcert` is given), where
libpq's own default (`prefer`) would fall back to plain text or accept any certificate. A local
server (a Unix socket, localhost, a loopback address) keeps libpq's default.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from auditor.core.errors import StoreError

_LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", ""})


@dataclass(frozen=True)
class SqliteFile:
    """A SQLite store: its file with every symlink resolved, and whether it may be written."""

    path: Path
    read_only: bool

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")


def sqlite_file(url: str) -> SqliteFile | None:
    """The SQLite file behind `url` (None for other databases and for in-memory SQLite)."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    database = parsed.database
    if database.startswith("file:"):
        database = database.removeprefix("file:").split("?", 1)[0]
        if database.startswith("//"):  # file://localhost/path or file:///path
            database = "/" + database[2:].split("/", 1)[-1]
    mode = parsed.query.get("mode", ())
    read_only = "ro" in ((mode,) if isinstance(mode, str) else mode)
    return SqliteFile(path=Path(database).expanduser().resolve(), read_only=read_only)


def engine_url(url: str) -> str:
    """The URL to hand SQLAlchemy: SQLite at its resolved path (read-only through SQLite's URI
    mode when asked), PostgreSQL with verified TLS to remote servers, anything else as given."""
    parsed = _parse(url)
    found = sqlite_file(url)
    if found is not None:
        if found.read_only:
            return f"sqlite:///file:{quote(str(found.path))}?mode=ro&uri=true"
        return f"sqlite:///{found.path}"
    if parsed.get_backend_name() == "postgresql":
        return _verified_postgres(parsed).render_as_string(hide_password=False)
    return url


def _verified_postgres(url: URL) -> URL:
    if "sslmode" in url.query or _is_local(url):
        return url
    extra = {"sslmode": "verify-full"}
    if "sslrootcert" not in url.query:
        extra["sslrootcert"] = "system"  # the system's CAs (libpq 16+); a private CA: ?sslrootcert=PATH
    return url.update_query_dict(extra)


def _is_local(url: URL) -> bool:
    """A Unix socket, localhost or a loopback address, not redirected elsewhere by `hostaddr`."""
    query_host = url.query.get("host")
    host = url.host or (query_host if isinstance(query_host, str) else "")
    local_name = host.startswith("/") or host.lower() in _LOCAL_NAMES or _loopback(host)
    hostaddr = url.query.get("hostaddr")
    return local_name and (hostaddr is None or _loopback(str(hostaddr)))


def _loopback(text: str) -> bool:
    try:
        return ipaddress.ip_address(text.strip("[]")).is_loopback
    except ValueError:
        return False


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {exc}") from None

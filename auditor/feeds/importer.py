"""`auditor feeds import FILE...`: load feed files into the index, recognising each by its content."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from auditor.core.vulnmodel import FeedVersion
from auditor.feeds import formats
from auditor.feeds.formats import FeedError, FeedHeader
from auditor.feeds.index import replacing


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    path: Path,
    index: Path,
    *,
    now: datetime,
    source: str | None = None,
    published: datetime | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedVersion:
    """Import one file (its kind read from its content) and return the version now in the index.

    `published` is when the source last changed (a download's Last-Modified); for a file without
    a date of its own (the Debian tracker, OSV) it otherwise falls back to the file's mtime.
    """
    try:
        kind = formats.sniff(path)
        sha256 = file_sha256(path)
    except OSError as exc:
        raise FeedError(f"{path}: {exc.strerror or exc}") from None
    origin = source or str(path.resolve())
    header = _header(kind, path, sha256, published)
    version = FeedVersion(
        name=kind,
        source=origin,
        version=header.version,
        published=header.published,
        imported_at=now,
        sha256=sha256,
    )
    with replacing(index, version, etag=etag, last_modified=last_modified) as writer:
        if kind == "kev":
            writer.kev(formats.read_kev(path)[1])
        elif kind == "epss":
            writer.epss(formats.read_epss(path))
        elif kind == "debian":
            writer.fixes(formats.read_debian(path))
        else:
            writer.fixes(formats.read_osv(path))
        records = writer.records
    return version.model_copy(update={"records": records})


def _header(kind: str, path: Path, sha256: str, published: datetime | None) -> FeedHeader:
    if kind == "kev":
        return formats.read_kev(path)[0]
    if kind == "epss":
        return formats.epss_header(path)
    when = published or datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return FeedHeader(kind, f"{when.date().isoformat()} sha256:{sha256[:12]}", when)

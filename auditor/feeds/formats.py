"""Reading feed files: which feed a file is (from its content, not its name) and its records, streamed.

A site without internet copies the files across by hand, so a name says nothing reliable; the
first bytes do. Every reader yields records one at a time so that the Debian tracker (tens of MB
of JSON) or the EPSS file (300,000 rows) is never held whole. Feed files are outside data: a
malformed one raises FeedError with one line, and nothing of it reaches the index.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, cast

from auditor.core.errors import AuditorError, ExitCode
from auditor.core.vulnmodel import EpssScore, KevListing

_CVE = re.compile(r"CVE-\d{4}-\d{4,}")
_SNIFF = 4096
# Fields longer than this are not a package name, version or CVE id: the record is skipped.
_FIELD_LIMIT = 200


class FeedError(AuditorError):
    """A feed file or download that cannot be used; str() is one line saying why."""

    exit_code = ExitCode.FEED_FAILED


@dataclass(frozen=True)
class Fix:
    """A distribution's fix: in `release`, source package `source` fixed `cve` at `fixed`."""

    distro: str  # debian, ubuntu
    release: str  # bookworm; 22.04
    source: str
    cve: str
    fixed: str
    urgency: str | None = None
    cvss: float | None = None


@dataclass(frozen=True)
class FeedHeader:
    name: str
    version: str
    published: datetime | None


def sniff(path: Path) -> str:
    """kev, epss, debian or ubuntu, from the file's first bytes (gzip and zip are looked into)."""
    with path.open("rb") as raw:
        head = raw.read(4)
    if head[:2] == b"\x1f\x8b":
        with gzip.open(path, "rb") as unzipped:
            return _sniff_text(_read_head(unzipped, path), path)
    if head == b"PK\x03\x04":
        return "ubuntu"  # an OSV archive (osv.dev's all.zip per ecosystem); its records are checked on import
    with path.open("rb") as plain:
        return _sniff_text(plain.read(_SNIFF), path)


def _read_head(stream: gzip.GzipFile, path: Path) -> bytes:
    try:
        return stream.read(_SNIFF)
    except (OSError, EOFError) as exc:
        raise FeedError(f"{path.name}: not a readable gzip file ({exc})") from None


def _sniff_text(head: bytes, path: Path) -> str:
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("#model_version") or text.startswith("cve,epss"):
        return "epss"
    if text.startswith("{"):
        if '"catalogVersion"' in text or '"vulnerabilities"' in text:
            return "kev"
        if '"affected"' in text or '"schema_version"' in text:
            return "ubuntu"
        if re.match(r'\{\s*"[^"]+"\s*:\s*\{\s*"(CVE-|TEMP-|DSA-|DLA-)', text):
            return "debian"
    if text.startswith("[") and '"affected"' in text:
        return "ubuntu"
    raise FeedError(f"{path.name}: not a feed auditor knows (CISA KEV JSON, EPSS CSV, Debian tracker JSON, Ubuntu OSV)")


def _short(value: Any) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= _FIELD_LIMIT else None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if isinstance(value, str) else None
    except ValueError:
        return None


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        day = _day(value)
        return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def read_kev(path: Path) -> tuple[FeedHeader, list[KevListing]]:
    """CISA's catalog (about 2 MB): catalogVersion, dateReleased and one entry per CVE."""
    try:
        with _open_text(path) as text:
            document = json.load(text)
    except (ValueError, OSError, EOFError) as exc:
        raise FeedError(f"{path.name}: corrupt KEV JSON ({str(exc).splitlines()[0]})") from None
    if not isinstance(document, dict) or not isinstance(document.get("vulnerabilities"), list):
        raise FeedError(f"{path.name}: KEV JSON without a vulnerabilities list")
    listings = []
    for entry in document["vulnerabilities"]:
        cve = _short(entry.get("cveID")) if isinstance(entry, dict) else None
        added = _day(entry.get("dateAdded")) if cve else None
        if cve is None or added is None or not _CVE.fullmatch(cve.upper()):
            continue
        ransomware = str(entry.get("knownRansomwareCampaignUse", "")).strip().lower() == "known"
        listings.append(
            KevListing(
                cve=cve.upper(), date_added=added, due_date=_day(entry.get("dueDate")), known_ransomware=ransomware
            )
        )
    if not listings:
        raise FeedError(f"{path.name}: KEV JSON lists no vulnerability")
    version = _short(document.get("catalogVersion")) or "unknown"
    return FeedHeader("kev", version, _instant(document.get("dateReleased"))), listings


def _open_text(path: Path) -> IO[str]:
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    if gzipped:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace", newline="")
    return path.open("r", encoding="utf-8", errors="replace", newline="")


def epss_header(path: Path) -> FeedHeader:
    """The EPSS file's first line: `#model_version:v2025.03.14,score_date:2026-12-05T12:55:00Z`."""
    with _open_text(path) as text:
        first = text.readline(1000)
    fields = dict(part.split(":", 1) for part in first.lstrip("#").strip().split(",") if ":" in part)
    published = _instant(fields.get("score_date"))
    version = (published.date().isoformat() if published else "") or "unknown"
    model = _short(fields.get("model_version"))
    return FeedHeader("epss", f"{version} ({model})" if model else version, published)


def read_epss(path: Path) -> Iterator[EpssScore]:
    """Rows `CVE-2021-44228,0.94358,0.99960`, one at a time; malformed rows are skipped."""
    try:
        with _open_text(path) as text:
            lines = (line for line in text if not line.startswith("#"))
            for row in csv.reader(lines):
                if len(row) < 3 or not _CVE.fullmatch(row[0]):
                    continue
                try:
                    score, percentile = float(row[1]), float(row[2])
                except ValueError:
                    continue
                if 0.0 <= score <= 1.0 and 0.0 <= percentile <= 1.0:
                    yield EpssScore(cve=row[0], score=score, percentile=percentile)
    except (OSError, EOFError, csv.Error) as exc:
        raise FeedError(f"{path.name}: corrupt EPSS file ({exc})") from None


def read_debian(path: Path) -> Iterator[Fix]:
    """The tracker's JSON, a source package at a time: {source: {CVE: {releases: {codename: {...}}}}}.

    Only resolved entries with a real fixed version are fixes ("0" means never affected, and
    open or undetermined ones have no version a pending update could bring).
    """
    import ijson  # lazy: only importing a tracker file needs the streaming parser

    try:
        with _open_binary(path) as stream:
            for source, issues in ijson.kvitems(stream, "", use_float=True):
                if _short(source) is None or not isinstance(issues, dict):
                    continue
                yield from _debian_fixes(source, issues)
    except (ijson.JSONError, ijson.IncompleteJSONError, OSError, EOFError) as exc:
        raise FeedError(f"{path.name}: corrupt Debian tracker JSON ({str(exc).splitlines()[0][:120]})") from None


def _debian_fixes(source: str, issues: dict[str, Any]) -> Iterator[Fix]:
    for cve, issue in issues.items():
        if not _CVE.fullmatch(cve) or not isinstance(issue, dict) or not isinstance(issue.get("releases"), dict):
            continue
        for release, state in issue["releases"].items():
            if not isinstance(state, dict) or state.get("status") != "resolved" or _short(release) is None:
                continue
            fixed = _short(state.get("fixed_version"))
            if fixed is None or fixed == "0":
                continue
            yield Fix("debian", release, source, cve, fixed, _short(state.get("urgency")))


def _open_binary(path: Path) -> IO[bytes]:
    with path.open("rb") as raw:
        gzipped = raw.read(2) == b"\x1f\x8b"
    if gzipped:
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


def read_osv(path: Path) -> Iterator[Fix]:
    """Ubuntu's OSV records (one record, a list of them, or osv.dev's zip of one file per record)."""
    if zipfile.is_zipfile(path):
        yield from _osv_zip(path)
        return
    try:
        with _open_text(path) as text:
            document = json.load(text)
    except (ValueError, OSError, EOFError) as exc:
        raise FeedError(f"{path.name}: corrupt OSV JSON ({str(exc).splitlines()[0]})") from None
    for record in document if isinstance(document, list) else [document]:
        if isinstance(record, dict):
            yield from osv_fixes(record)


def _osv_zip(path: Path) -> Iterator[Fix]:
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.infolist():
                if not member.filename.endswith(".json") or member.file_size > 10_000_000:
                    continue
                try:
                    record = json.loads(archive.read(member))
                except ValueError:
                    continue
                if isinstance(record, dict):
                    yield from osv_fixes(record)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise FeedError(f"{path.name}: corrupt OSV archive ({exc})") from None


def osv_fixes(record: dict[str, Any]) -> Iterator[Fix]:
    """An OSV record's fixes in Ubuntu releases (ecosystem `Ubuntu:22.04:LTS`, ECOSYSTEM ranges)."""
    record_id = _short(record.get("id")) or ""
    named = [
        record_id,
        *_strings(record.get("aliases")),
        *_strings(record.get("upstream")),
        *_strings(record.get("related")),
    ]
    cves = list(dict.fromkeys(m.group(0) for name in named if (m := _CVE.search(name))))
    cvss, urgency = _osv_severity(record.get("severity"))
    for affected in record.get("affected") or []:
        package = affected.get("package") if isinstance(affected, dict) else None
        if not isinstance(package, dict):
            continue
        ecosystem, source = _short(package.get("ecosystem")), _short(package.get("name"))
        if ecosystem is None or source is None or not ecosystem.startswith("Ubuntu:"):
            continue
        release = ecosystem.split(":")[1]
        for fixed in _fixed_versions(affected.get("ranges")):
            for cve in cves:
                yield Fix("ubuntu", release, source, cve, fixed, urgency, cvss)


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _fixed_versions(ranges: Any) -> Iterator[str]:
    for version_range in ranges if isinstance(ranges, list) else []:
        if not isinstance(version_range, dict) or version_range.get("type") != "ECOSYSTEM":
            continue
        for event in version_range.get("events") or []:
            fixed = _short(event.get("fixed")) if isinstance(event, dict) else None
            if fixed is not None:
                yield fixed


def _osv_severity(severities: Any) -> tuple[float | None, str | None]:
    """The CVSS base score (computed from the vector by the `cvss` library) and Ubuntu's priority."""
    score: float | None = None
    urgency: str | None = None
    for severity in severities if isinstance(severities, list) else []:
        if not isinstance(severity, dict):
            continue
        kind, value = severity.get("type"), _short(severity.get("score"))
        if value is None:
            continue
        if kind == "Ubuntu":
            urgency = value.lower()
        elif kind == "CVSS_V3":
            base = cvss_base_score(value)
            score = base if score is None or (base is not None and base > score) else score
    return score, urgency


def cvss_base_score(vector: str) -> float | None:
    """A CVSS v3 vector's base score; None for a vector the library refuses."""
    from cvss import CVSS3  # lazy: only OSV imports read vectors
    from cvss.exceptions import CVSS3Error

    try:
        return float(CVSS3(vector).base_score)
    except (CVSS3Error, ValueError, KeyError):
        return None

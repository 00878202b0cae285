"""Feed files recognised by content, streamed into the index, and an import that fails keeps the old feed."""

from __future__ import annotations

import gzip
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.feeds.formats import FeedError, read_debian, read_epss, read_kev, read_osv, sniff
from auditor.feeds.importer import import_file
from auditor.feeds.index import read_versions
from tests.feeds.conftest import EPSS, IMPORTED_AT, KEV, TRACKER, UBUNTU


@pytest.mark.parametrize(("path", "kind"), [(KEV, "kev"), (EPSS, "epss"), (TRACKER, "debian"), (UBUNTU, "ubuntu")])
def test_each_excerpt_is_recognised_by_its_content_not_its_name(path: Path, kind: str, tmp_path: Path) -> None:
    renamed = tmp_path / "download.bin"
    shutil.copyfile(path, renamed)
    assert sniff(renamed) == kind


def test_a_gzipped_tracker_is_recognised_and_streamed(tmp_path: Path) -> None:
    packed = tmp_path / "json.gz"
    packed.write_bytes(gzip.compress(TRACKER.read_bytes()))
    assert sniff(packed) == "debian"
    assert {fix.cve for fix in read_debian(packed)} == {fix.cve for fix in read_debian(TRACKER)}


def test_kev_excerpt_reads_dates_and_ransomware_use() -> None:
    header, listings = read_kev(KEV)
    assert (header.version, header.published) == ("2026.10.03", datetime(2026, 10, 3, 14, 0, tzinfo=UTC))
    log4j = next(k for k in listings if k.cve == "CVE-2021-44228")
    assert (log4j.date_added.isoformat(), str(log4j.due_date), log4j.known_ransomware) == (
        "2021-12-10",
        "2021-12-24",
        True,
    )
    assert not next(k for k in listings if k.cve == "CVE-2014-0160").known_ransomware


def test_epss_rows_and_malformed_rows_skipped(tmp_path: Path) -> None:
    assert {s.cve: s.score for s in read_epss(EPSS)}["CVE-2021-44228"] == 0.94358
    odd = tmp_path / "epss.csv"
    odd.write_text(
        "cve,epss,percentile\nCVE-2024-0001,0.5,0.9\nnot-a-cve,0.1,0.1\nCVE-2024-0002,2.0,0.1\n<script>,x,y\n"
    )
    assert [s.cve for s in read_epss(odd)] == ["CVE-2024-0001"]


def test_tracker_keeps_resolved_fixes_only(tmp_path: Path) -> None:
    tracker = tmp_path / "tracker.json"
    tracker.write_text(
        json.dumps(
            {
                "openssl": {
                    "CVE-2024-0001": {
                        "releases": {
                            "bookworm": {"status": "resolved", "fixed_version": "3.0.13-1~deb12u1", "urgency": "medium"}
                        }
                    },
                    "CVE-2024-0002": {"releases": {"bookworm": {"status": "open", "urgency": "low"}}},
                    "CVE-2024-0003": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "0"}}},
                    "TEMP-0000000-ABCDEF": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "1"}}},
                }
            }
        )
    )
    assert [(f.source, f.cve, f.fixed, f.urgency) for f in read_debian(tracker)] == [
        ("openssl", "CVE-2024-0001", "3.0.13-1~deb12u1", "medium")
    ]


def test_osv_cvss_vector_scored_by_the_cvss_library() -> None:
    (fix,) = [f for f in read_osv(UBUNTU) if f.release == "22.04"]
    assert (fix.source, fix.cve, fix.fixed, fix.urgency, fix.cvss) == (
        "openssl",
        "CVE-2022-1292",
        "3.0.2-0ubuntu1.5",
        "medium",
        9.8,
    )


def test_status_lists_every_imported_feed(index: Path) -> None:
    versions = {v.name: v for v in read_versions(index)}
    assert set(versions) == {"kev", "epss", "debian", "ubuntu"}
    assert versions["kev"].version == "2026.10.03" and versions["kev"].records == 3
    assert versions["epss"].version.startswith("2026-03-28") and versions["epss"].records == 4
    assert versions["debian"].records > 50 and len(versions["debian"].sha256) == 64
    assert all(v.imported_at == IMPORTED_AT for v in versions.values())


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("corrupt-kev.json", b'{"catalogVersion": "2026.12.01", "vulnerabilities": [{"cveID": "CVE-2024-1'),
        ("corrupt-tracker.json", b'{"openssl": {"CVE-2024-0001": {"releases": {"bookworm": {"status": '),
        ("empty-epss.csv", b"#model_version:v2025.03.14,score_date:2026-12-01T00:00:00Z\ncve,epss,percentile\n"),
        ("not-gzip.csv.gz", b"\x1f\x8b\x08\x00garbage"),
    ],
)
def test_a_failed_import_keeps_the_old_index_byte_for_byte(index: Path, tmp_path: Path, name: str, body: bytes) -> None:
    before = index.read_bytes()
    bad = tmp_path / name
    bad.write_bytes(body)
    with pytest.raises(FeedError):
        import_file(bad, index, now=IMPORTED_AT)
    assert index.read_bytes() == before
    assert not [p for p in index.parent.iterdir() if p.name.startswith(".feeds-")]  # no scratch copy left


def test_reimport_replaces_only_that_feeds_rows(index: Path, tmp_path: Path) -> None:
    smaller = tmp_path / "kev.json"
    document = json.loads(KEV.read_text())
    document["catalogVersion"], document["vulnerabilities"] = "2026.12.05", document["vulnerabilities"][:1]
    smaller.write_text(json.dumps(document))
    import_file(smaller, index, now=IMPORTED_AT)
    with sqlite3.connect(index) as db:
        assert db.execute("SELECT count(*) FROM kev").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM epss").fetchone() == (4,)
        assert db.execute("SELECT count(*) FROM fixes WHERE distro = 'debian'").fetchone()[0] > 50
    assert {v.name: v.version for v in read_versions(index)}["kev"] == "2026.12.05"


def test_unknown_file_is_one_clear_error(tmp_path: Path) -> None:
    other = tmp_path / "notes.json"
    other.write_text('{"hello": "world"}')
    with pytest.raises(FeedError, match="not a feed auditor knows"):
        sniff(other)

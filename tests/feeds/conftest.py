"""Feeds fixtures: the excerpts of the real feed formats (excerpts/SOURCE.md) imported into a fresh index."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.feeds.importer import import_file

EXCERPTS = Path(__file__).parent / "excerpts"
KEV = EXCERPTS / "kev.json"
EPSS = EXCERPTS / "epss.csv.gz"
TRACKER = EXCERPTS / "debian-tracker-neglected.json"
UBUNTU = EXCERPTS / "ubuntu-osv.json"
IMPORTED_AT = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


@pytest.fixture
def index(tmp_path: Path) -> Path:
    path = tmp_path / "feeds.sqlite"
    for excerpt in (KEV, EPSS, TRACKER, UBUNTU):
        import_file(excerpt, path, now=IMPORTED_AT)
    return path

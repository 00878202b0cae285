"""What a run takes from the feeds index: the versions it records, stale warnings, and the CLI around it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from auditor.cli.main import main
from auditor.core.errors import ExitCode
from auditor.feeds.formats import FeedError
from auditor.feeds.runfeeds import open_for_run
from tests.feeds.conftest import IMPORTED_AT, KEV, TRACKER


def test_versions_recorded_and_a_stale_feed_warns(index: Path) -> None:
    # the KEV excerpt is catalog 2026.10.03 and the EPSS one scored 2026-03-28: both older than 7 days
    feeds = open_for_run(index, now=IMPORTED_AT, max_age_days=7)
    assert {v.name for v in feeds.versions} == {"kev", "epss", "debian", "ubuntu"}
    assert sorted(w.split(" ", 2)[1] for w in feeds.warnings) == ["epss", "kev"]
    assert all("run `auditor feeds update`" in w and "\n" not in w for w in feeds.warnings)
    assert feeds.lookup is not None
    feeds.lookup.close()
    lenient = open_for_run(index, now=IMPORTED_AT, max_age_days=400)
    assert lenient.warnings == ()
    # a file without a date of its own (tracker, OSV) ages from its modification time
    debian = next(v for v in feeds.versions if v.name == "debian")
    assert debian.published is not None
    later = open_for_run(index, now=debian.published + timedelta(days=8), max_age_days=7)
    assert {w.split(" ", 2)[1] for w in later.warnings} >= {"kev", "epss", "debian"}


def test_no_index_means_no_feeds_unless_one_was_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_FEEDS", str(tmp_path / "absent.sqlite"))
    assert open_for_run(None, now=datetime.now(UTC)).lookup is None
    with pytest.raises(FeedError, match="does not exist"):
        open_for_run(tmp_path / "named.sqlite", now=datetime.now(UTC))


def test_cli_import_status_and_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = tmp_path / "feeds.sqlite"
    assert main(["feeds", "import", str(KEV), str(TRACKER), "--feeds", str(index)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("kev: imported 3 records, version 2026.10.03") and "debian: imported" in out
    assert main(["feeds", "status", "--json", "--feeds", str(index)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in status["feeds"]] == ["debian", "kev"]
    assert next(f for f in status["feeds"] if f["name"] == "kev")["stale"] is True  # catalog of 2026-10-03
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    assert main(["feeds", "import", str(garbage), "--feeds", str(index)]) == ExitCode.FEED_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a feed auditor knows" in err
    assert main(["feeds", "update", "--only", "nosuch", "--feeds", str(index)]) == ExitCode.USAGE

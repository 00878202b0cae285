"""Fleet-sized reports are written in pieces: the pieces must make exactly the whole report."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from auditor.report.data import build_view
from auditor.report.jsonreport import json_chunks, report_document
from auditor.report.render import render, report_chunks
from auditor.run.runner import write_reports
from tests.fixtures_runs import sample_run

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_json_pieces_are_one_host_each_and_join_to_the_document() -> None:
    view = build_view(sample_run())
    pieces = list(json_chunks(view))
    assert len(pieces) == len(view.hosts) + 2
    assert "".join(pieces) == json.dumps(report_document(view), ensure_ascii=False, separators=(",", ":")) + "\n"


def test_streamed_files_equal_the_rendered_reports(tmp_path: Path) -> None:
    view = build_view(sample_run())
    for fmt in ("html", "json", "csv"):
        whole = render(view, fmt, generated_at=WHEN)
        assert "".join(str(c) for c in report_chunks(view, fmt, generated_at=WHEN)) == whole
    written = write_reports(view, formats=["json"], output_dir=tmp_path)
    assert json.loads(written[0].read_text()) == report_document(view)

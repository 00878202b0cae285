"""What a run leaves behind: its report files, each streamed to disk (a failure costs only that
file).

A report is written to a temporary name beside its final one and renamed when complete, so a
full disk never leaves a truncated report behind looking finished; the run is already stored by
then, so the other formats, the summary and the alerts still go ahead (auditor.run.runner).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from auditor.config.branding import Branding
from auditor.config.loader import Config
from auditor.core.errors import ConfigError
from auditor.report.data import ReportView


@dataclass
class Written:
    """The report files written, and one line per report that could not be."""

    paths: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def write_each_report(
    view: ReportView,
    *,
    formats: Sequence[str],
    output_dir: Path,
    branding: Branding | None = None,
    config: Config | None = None,
) -> Written:
    """Write every format; a format that cannot be written is a failure line, not the end.

    The client-facing onboarding formats are one file per client (auditor.run.onboarding).
    """
    from auditor.report.render import report_chunks, report_filename
    from auditor.run.onboarding import ONBOARDING_FORMATS, write_onboarding

    written = Written()
    generated = datetime.now(UTC)
    for fmt in formats:
        if fmt in ONBOARDING_FORMATS:
            try:
                written.paths += write_onboarding(view, fmt, config=config or Config(), output_dir=output_dir)
            except ConfigError as exc:
                written.failures.append(str(exc))
            continue
        path = output_dir / report_filename(view.run.info.id, fmt)
        partial = path.with_name(f".{path.name}.partial")
        try:
            _write(partial, report_chunks(view, fmt, generated_at=generated, branding=branding))
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            written.failures.append(f"cannot write report {path}: {exc.strerror or exc}")
            continue
        written.paths.append(path.resolve())
    return written


def stream_report(view: ReportView, fmt: str, stream: BinaryIO, *, branding: Branding | None = None) -> None:
    """One report written to an open stream (`auditor run -o -` writes it to stdout, for a pipe)."""
    from auditor.report.render import report_chunks

    for chunk in report_chunks(view, fmt, generated_at=datetime.now(UTC), branding=branding):
        stream.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
    stream.flush()


REPORT_NAME = re.compile(r"^auditor-\d{8}T\d{6}[^/]*\.(html|json|csv|junit\.xml|md|sarif|pdf)$")


def prune_reports(output_dir: Path, *, older_than: datetime) -> list[Path]:
    """Delete the report files in `output_dir` (by auditor's own file names only) last written
    before `older_than`; other files in the folder are never touched."""
    removed = []
    cutoff = older_than.timestamp()
    for path in sorted(output_dir.glob("auditor-*")):
        if REPORT_NAME.match(path.name) and path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _write(path: Path, chunks: Iterable[str | bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:  # streamed: a fleet's report is never held whole in memory
        for chunk in chunks:
            stream.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))


def write_reports(
    view: ReportView, *, formats: Sequence[str], output_dir: Path, branding: Branding | None = None
) -> list[Path]:
    """Write every format, or stop at the first that cannot be written (for callers other than a run)."""
    written = write_each_report(view, formats=formats, output_dir=output_dir, branding=branding)
    if written.failures:
        raise ConfigError(written.failures[0])
    return written.paths

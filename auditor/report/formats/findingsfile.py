"""The findings export written as CSV, XLSX or JSON (auditor export findings).

Finding titles come from check metadata, but host and client names from inventories and waiver
texts from people: any cell a spreadsheet would read as a formula is made inert. In CSV it gets a
leading single quote, as the CSV report does (auditor.report.formats.csvreport.neutralise); in
XLSX every text cell is written as a string, never as a formula, so it reads exactly as stored.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from auditor.history.findings_export import COLUMNS, ExportRow
from auditor.history.period import Period
from auditor.report.formats.csvreport import neutralise

EXPORT_FORMATS = ("csv", "xlsx", "json")
SHEET_TITLE = "Findings"


def render_findings(rows: Sequence[ExportRow], fmt: str, *, period: Period, generated_at: datetime) -> bytes:
    """The rows in `fmt` (one of EXPORT_FORMATS), as the bytes of a file."""
    if fmt == "csv":
        return _csv(rows)
    if fmt == "xlsx":
        return _xlsx(rows, period=period, generated_at=generated_at)
    if fmt == "json":
        return _json(rows, period=period, generated_at=generated_at)
    raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")


def _text(cell: str | int | None) -> str:
    return "" if cell is None else str(cell)


def _csv(rows: Sequence[ExportRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([neutralise(_text(cell)) for cell in row.cells()])
    return buffer.getvalue().encode("utf-8")


def _json(rows: Sequence[ExportRow], *, period: Period, generated_at: datetime) -> bytes:
    document: dict[str, Any] = {
        "period": {"first_day": period.first_day.isoformat(), "last_day": period.last_day.isoformat()},
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "columns": list(COLUMNS),
        "findings": [dict(zip(COLUMNS, row.cells(), strict=True)) for row in rows],
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _xlsx(rows: Sequence[ExportRow], *, period: Period, generated_at: datetime) -> bytes:
    """One sheet with a frozen, filterable header row; dates stay ISO 8601 text so no locale reorders them."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = SHEET_TITLE
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.cells())
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell, Cell) and isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.properties.title = f"Findings {period.first_day.isoformat()} to {period.last_day.isoformat()}"
    book.properties.created = generated_at.replace(tzinfo=None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

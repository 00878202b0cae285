"""CSV: one row per result, for spreadsheets and ad-hoc analysis.

Quoting is the csv module's (RFC 4180: fields with commas, quotes or line breaks are quoted).
Host output is hostile and spreadsheets execute formulas, so any cell that a spreadsheet would
read as a formula (starting with = + - @, a tab or a carriage return) gets a leading single quote
(the OWASP advice for CSV injection). A host that could not be assessed has one row with status
`not_assessed` and its reason, so that it never silently drops out of a sheet.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from auditor.report.data import ReportView

COLUMNS = (
    "run_id",
    "client",
    "host",
    "address",
    "check_id",
    "check_version",
    "title",
    "category",
    "severity",
    "status",
    "message",
    "details",
    "waiver_justification",
    "waiver_approved_by",
    "waiver_expires",
)
NOT_ASSESSED = "not_assessed"
DETAILS_SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """The cell as a spreadsheet will show it as text, never evaluate it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def rows(view: ReportView) -> Iterator[list[str]]:
    """The data rows (without the header), cells not yet neutralised."""
    run_id = view.run.info.id
    for host_view in view.hosts:
        host = host_view.host
        base = [run_id, host.client, host.name, host.address]
        if not host.assessed:
            reason = f"{host.error_kind or 'unknown'}: {host.error or 'no reason recorded'}"
            yield [*base, "", "", "Host could not be assessed", "", "", NOT_ASSESSED, reason, "", "", "", ""]
            continue
        for finding in host_view.findings:
            result = finding.result
            waiver = result.waiver
            yield [
                *base,
                result.check_id,
                str(result.check_version),
                result.title,
                result.category.value,
                result.severity.value,
                result.status.value,
                result.message,
                DETAILS_SEPARATOR.join(result.details),
                waiver.justification if waiver else "",
                waiver.approved_by if waiver else "",
                waiver.expires if waiver else "",
            ]


def render_csv(view: ReportView) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(view):
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()

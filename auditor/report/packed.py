"""A host's results and evidence packed into the technician page of a big fleet.

A thousand hosts' result rows, pass groups and probe outputs were nearly all of a 54 MiB page,
although a reader opens a handful of hosts. In the lean layout (auditor.report.render: big fleets)
each host section keeps its heading and figures as markup and carries the rest as one string on a
folded block: its failed, errored and waived results, its passes grouped by probe
and the clipped output of each probe they rest on, as JSON, gzip compressed and base64 encoded.
The page's own script expands a host when that block is opened (a click, a link from the findings
table or another host's row, or printing) and builds the rows and evidence with createElement and
textContent only, so host output is never read as markup. The page stays one offline file with no
external script; a host's anchors (`HOST--CHECK`, `HOST--ev-PROBE`) exist once it is expanded.

A host's pending updates keep their summary line (counts, exploited, past the SLA) as markup; their
table rows travel packed too when the table is folded (`packed_updates`): at a thousand hosts they
were two thirds of the page's elements and a fifth of its load time. A table that opens by itself
(an update exploited in the wild or past the patch SLA) stays markup, so what needs action is on
the page as it loads.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from auditor.core.models import Status
from auditor.core.runmodel import Evidence, PendingUpdateRecord
from auditor.report.htmlparts import clip, format_datetime
from auditor.report.verdicts import CommandIndex, pass_groups, passed, verdict_evidence

if TYPE_CHECKING:
    from auditor.report.data import HostView

_LISTED = (Status.FAIL, Status.ERROR, Status.WAIVED)
DETAILS_SHOWN = 3  # as the lean rows showed: the first details, then "(+N more)"


@dataclass(frozen=True)
class PackedHost:
    """A host's packed block: the string and the counts its summary line gives."""

    data: str
    listed: int  # failed, errored and waived results
    passed: int
    outputs: int  # probe outputs the verdicts rest on


def packed_host(host: HostView, *, limit: int, commands: CommandIndex, today: str) -> PackedHost | None:
    """The host's rows, pass groups and evidence packed (see the module's doc); None if it has none."""
    rows = [_row(finding, today) for finding in host.findings if finding.result.status in _LISTED]
    groups = [
        [list(probes), [[f.result.check_id, f.result.message] for f in group]] for probes, group in pass_groups(host)
    ]
    items = verdict_evidence(host)
    if not rows and not groups and not items:
        return None
    collected = format_datetime(host.host.finished_at)
    passes = len(passed(host))
    document = {
        "rows": rows,
        "passed": passes,
        "groups": groups,
        "evidence": [_evidence(item, limit=limit, command=commands.anchor, collected=collected) for item in items],
    }
    return PackedHost(data=pack(document), listed=len(rows), passed=passes, outputs=len(items))


def pack(document: Any) -> str:
    """JSON, gzip (level 9, no timestamp: the same run gives the same page), base64: ASCII only."""
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")


def unpack(packed: str) -> Any:
    """`pack` read back (what the page's script does; for tests and tools)."""
    return json.loads(gzip.decompress(base64.b64decode(packed, validate=True)).decode("utf-8"))


def _row(finding: Any, today: str) -> list[Any]:
    result = finding.result
    waiver = result.waiver
    return [
        result.severity.value,
        result.status.value,
        result.check_id,
        result.title,
        result.message,
        list(result.details[:DETAILS_SHOWN]),
        max(len(result.details) - DETAILS_SHOWN, 0),
        [waiver.justification, waiver.approved_by, waiver.expires, waiver.expires < today] if waiver else None,
        [item.probe for item in finding.evidence],
    ]


def _evidence(item: Evidence, *, limit: int, command: Callable[[Evidence], str], collected: str) -> list[Any]:
    out, err = clip(item.stdout, limit), clip(item.stderr, limit)
    return [
        item.probe,
        item.exit_status,
        item.complete,
        command(item),
        collected,
        out.text,
        out.omitted,
        err.text,
        err.omitted,
    ]


def packed_updates(updates: Sequence[PendingUpdateRecord]) -> str:
    """A folded pending-updates table's rows (`update_rows`) packed, built by the page's script when
    the table is opened."""
    return pack({"rows": update_rows(updates)})


def update_rows(updates: Sequence[PendingUpdateRecord]) -> list[list[Any]]:
    """The pending-updates table's rows, the one place their texts are made: [row class, cells], each
    cell [text, class, strong text, its class, small text, its class]. The markup table
    (reports/_macros.html.j2 pending_updates) and the page's script for a packed one both render these."""
    return [_update_row(update) for update in updates]


def _cell(
    text: object = "", cls: str = "", *, strong: str = "", strong_cls: str = "", small: str = "", small_cls: str = ""
) -> list[str]:
    return [str(text), cls, strong, strong_cls, small, small_cls]


def _update_row(u: PendingUpdateRecord) -> list[Any]:
    row_class = ("row-fail" if u.overdue_days else "") + (" row-kev" if u.kev else "")
    security = ("yes" + (f" ({u.severity.value})" if u.severity else "")) if u.security else "no"
    urgency = f"(urgency {u.urgency})" if u.security and not u.severity and u.urgency else ""
    cves = ", ".join(u.cves[:12]) + (f" and {len(u.cves) - 12} more" if len(u.cves) > 12 else "")
    kev = ""
    if u.kev:
        kev = f"CISA KEV {u.kev.cve}, added {u.kev.date_added}"
        kev += f", CISA due {u.kev.due_date}" if u.kev.due_date else ""
        kev += ", used by ransomware" if u.kev.known_ransomware else ""
    return [
        row_class,
        [
            _cell(u.package, small=f"({u.source})" if u.source and u.source != u.package else ""),
            _cell(u.current or "(new)"),
            _cell(u.candidate),
            _cell(security, small=urgency),
            _cell(u.advisory or "", small=cves, small_cls="cves"),
            _cell(f"{u.cvss:.1f}" if u.cvss is not None else "", "num"),
            _cell(
                f"{u.epss.score * 100:.1f}%" if u.epss else "",
                "num",
                small=f"({u.epss.percentile * 100:.0f}th pct)" if u.epss else "",
            ),
            _cell(strong="Exploited in the wild" if u.kev else "", strong_cls="kev", small=kev),
            _cell(u.age_days if u.age_days is not None else "", "num", small=u.age_source or ""),
            _cell(u.sla_days if u.sla_days is not None else "", "num", small=u.sla_reason or ""),
            _cell(u.due or "", "nowrap"),
            _cell(cls="num", strong=str(u.overdue_days) if u.overdue_days else ""),
        ],
    ]

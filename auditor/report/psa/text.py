"""The words of a ticket: its summary, its first description and the notes of later changes.

Host names and check titles end up in a PSA that people read and that may render HTML, so every
piece is made plain (control characters dropped, length bounded) and each PSA client escapes it
for its own format. The summary ends with the group's marker, which finds the ticket again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from auditor.report.psa.plan import CLOSE, Change
from auditor.store.tickets import TicketMember

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_LINE = 300
MAX_MEMBERS_LISTED = 100


@dataclass(frozen=True)
class TicketText:
    summary: str
    description: str
    severity: str


def plain(text: str, *, limit: int = MAX_LINE) -> str:
    """One line of printable text, at most `limit` characters."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def ticket_text(change: Change, *, run_id: str, summary_limit: int) -> TicketText:
    """The ticket as it should read after `change` (ConnectWise allows 100 summary characters)."""
    members = change.members or change.fixed
    if change.group_by == "check":
        first = members[0]
        subject = f"{first.title} ({first.check_id}) on {_count(members, 'host')}"
    else:
        subject = f"{change.group_key}: {_count(members, 'finding')}"
    head = plain(f"{change.client} {change.severity}: {subject}")
    room = summary_limit - len(change.marker) - 1
    summary = f"{head if len(head) <= room else head[: room - 1] + chr(0x2026)} {change.marker}"
    lines = [f"auditor run {plain(run_id)} found these findings of {plain(change.client)}:", ""]
    lines += _listed(change.members)
    lines += ["", "This ticket is updated by later runs and closed when a run verifies every fix."]
    return TicketText(summary=summary, description="\n".join(lines), severity=change.severity)


def note_text(change: Change, *, run_id: str) -> str:
    """What a run changed about a ticket, as a note."""
    lines = [f"auditor run {plain(run_id)}:"]
    if change.fixed:
        lines += ["", "Verified fixed (the host was assessed and the check passed):", *_listed(change.fixed)]
    if change.added:
        lines += ["", "Newly failing:", *_listed(change.added)]
    if change.previous is not None and change.kind != CLOSE and change.severity != change.previous.severity:
        lines += ["", f"Severity: {change.previous.severity} -> {change.severity}"]
    if change.kind == CLOSE:
        lines += ["", "Every finding of this ticket is verified fixed: closing it."]
    else:
        lines += ["", "Still open:", *_listed(change.members)]
    return "\n".join(lines)


def _listed(members: Sequence[TicketMember]) -> list[str]:
    ordered = sorted(members, key=lambda m: (m.host, m.check_id))
    lines = [
        f"- {plain(m.host, limit=120)}: {plain(m.title, limit=160)} ({plain(m.check_id, limit=80)}, {m.severity})"
        for m in ordered[:MAX_MEMBERS_LISTED]
    ]
    if len(ordered) > MAX_MEMBERS_LISTED:
        lines.append(f"- ... and {len(ordered) - MAX_MEMBERS_LISTED} more")
    return lines


def _count(members: Sequence[TicketMember], noun: str) -> str:
    return f"{len(members)} {noun}{'' if len(members) == 1 else 's'}"

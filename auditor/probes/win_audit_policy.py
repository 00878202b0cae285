"""Advanced audit policy in effect (`auditpol.exe /get /category:* /r`; needs elevation).

auditpol's report format is CSV: Machine Name, Policy Target, Subcategory, Subcategory GUID,
Inclusion Setting, Exclusion Setting and, on newer builds, Setting Value (0 none, 1 success,
2 failure, 3 both). Subcategory names and the inclusion text are localised; the GUIDs are not, so
subcategories are keyed by GUID and the setting is taken from Setting Value when present, else from
the en-US inclusion text ("No Auditing", "Success", "Failure", "Success and Failure"). The body
passes auditpol's lines on unchanged; parsing (with Python's csv module) happens here.
"""

from __future__ import annotations

import csv
import re

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

COMMAND = r"""
$lines = @(auditpol.exe /get /category:* /r | ForEach-Object { "$_" })
if ($LASTEXITCODE -ne 0) { throw ("auditpol exited with status {0}: {1}" -f $LASTEXITCODE, ($lines -join ' ')) }
[pscustomobject]@{ Lines = $lines }
"""

_GUID = re.compile(r"^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$")
_TEXT = {"no auditing": 0, "success": 1, "failure": 2, "success and failure": 3}
MAX_LINES = 400


class AuditSetting(FactModel):
    guid: str  # upper case, no braces
    name: str  # as auditpol printed it (may be localised)
    value: int | None  # 0 none, 1 success, 2 failure, 3 both; None: not understood
    text: str

    @property
    def success(self) -> bool:
        return self.value is not None and bool(self.value & 1)

    @property
    def failure(self) -> bool:
        return self.value is not None and bool(self.value & 2)


class WinAuditPolicy(FactModel):
    subcategories: tuple[AuditSetting, ...]

    def get(self, guid: str) -> AuditSetting | None:
        wanted = guid.strip("{}").upper()
        for setting in self.subcategories:
            if setting.guid == wanted:
                return setting
        return None


def _value(row: list[str], text: str) -> int | None:
    if len(row) >= 7 and row[6].strip() in ("0", "1", "2", "3"):
        return int(row[6].strip())
    return _TEXT.get(text.lower())


def parse(raw: RawOutput) -> WinAuditPolicy:
    item = winjson.load_one(raw, "win_audit_policy")
    lines = winjson.as_list(item.get("Lines"))
    if len(lines) > MAX_LINES:
        raise ProbeError(f"win_audit_policy: more than {MAX_LINES} lines")
    texts = [winjson.as_str(line, "auditpol line", limit=600) or "" for line in lines]
    settings: list[AuditSetting] = []
    for row in csv.reader(text for text in texts if text.strip()):
        if len(row) < 6:
            continue
        match = _GUID.match(row[3].strip())
        if not match:
            continue  # the header line
        text = row[4].strip()[:60]
        settings.append(
            AuditSetting(guid=match.group(1).upper(), name=row[2].strip()[:100], value=_value(row, text), text=text)
        )
    if not settings:
        raise ProbeError("win_audit_policy: auditpol printed no subcategory")
    return WinAuditPolicy(subcategories=tuple(settings))


WIN_AUDIT_POLICY = Probe(
    name="win_audit_policy",
    description="Advanced audit policy per subcategory (auditpol /get /category:* /r)",
    command=COMMAND,
    model=WinAuditPolicy,
    parse=parse,
    needs_root=True,
    shell="powershell",
)

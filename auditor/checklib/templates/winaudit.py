"""Template `win-audit-policy`: advanced audit policy subcategories audit what they must (auditpol).

Row parameters (auditor.checklib.winseckit.audit_verdict):
    required: {SUBCATEGORY-GUID: 1 | 2 | 3}   1 success, 2 failure, 3 both
    what: logon                               how verdicts name the group of subcategories
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.checklib.checkdef import Facts, Verdict
from auditor.checklib.templates.base import Evaluate, Template
from auditor.checklib.winseckit import audit_verdict
from auditor.probes.win_audit_policy import WIN_AUDIT_POLICY
from auditor.probes.win_os import WINDOWS_FAMILY

GUID = r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$"


class AuditParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    required: dict[str, Literal[1, 2, 3]] = Field(min_length=1)
    what: str = Field(min_length=1)

    @field_validator("required")
    @classmethod
    def _guids(cls, value: dict[str, int]) -> dict[str, int]:
        bad = [guid for guid in value if not re.match(GUID, guid)]
        if bad:
            raise ValueError(f"not a subcategory GUID (upper case, no braces): {bad}")
        return value


def build(params: AuditParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        return audit_verdict(facts, params.required, what=params.what)

    return evaluate


WIN_AUDIT = Template(
    name="win-audit-policy",
    params=AuditParams,
    build=build,
    facts=(WIN_AUDIT_POLICY.name,),
    families=frozenset({WINDOWS_FAMILY}),
    base_case={WIN_AUDIT_POLICY.name: {"subcategories": []}},
)

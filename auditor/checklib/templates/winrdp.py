"""Template `win-rdp`: one Remote Desktop setting has the wanted value (machine value or its policy override).

Row parameters:
    setting: nla | layer            UserAuthentication (network level authentication) or SecurityLayer
    want: 1                         the value that passes
    unset: {passed: ...} | {failed: ...}   the verdict when neither the machine nor a policy sets it
    passed: "NLA required ({source})"
    failed: "NLA not required: UserAuthentication = {value} ({source})"
        {value} the value found, {source} where it came from (machine or policy), {layer} the
        security layer's name (RDP, Negotiate, TLS)

A host whose Remote Desktop accepts no connection is not applicable.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from auditor.checklib.checkdef import Facts, Verdict
from auditor.checklib.templates.base import Evaluate, Template
from auditor.probes.win_os import WINDOWS_FAMILY
from auditor.probes.win_rdp import SECURITY_LAYERS, WIN_RDP

# golden win_rdp/enabled-nla-tls: Remote Desktop on, NLA required, TLS
BASE = {"deny_connections": 0, "user_authentication": 1, "security_layer": 2, "min_encryption_level": 2}


class Unset(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    passed: str = ""
    failed: str = ""

    @model_validator(mode="after")
    def _one(self) -> Unset:
        if bool(self.passed) == bool(self.failed):
            raise ValueError("give exactly one of passed and failed")
        return self


class RdpParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    setting: Literal["nla", "layer"]
    want: int
    unset: Unset
    passed: str = Field(min_length=1)
    failed: str = Field(min_length=1)


def _fill(text: str, *, value: int, source: str) -> str:
    """The row's wording with the placeholders replaced (replace, not str.format: the text is data)."""
    layer = SECURITY_LAYERS.get(value, f"unknown value {value}")
    return text.replace("{value}", str(value)).replace("{source}", source).replace("{layer}", layer)


def build(params: RdpParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        rdp = facts.get(WIN_RDP)
        if not rdp.enabled:
            return Verdict.not_applicable("Remote Desktop does not accept connections")
        value, source = rdp.nla if params.setting == "nla" else rdp.layer
        if value is None:
            if params.unset.passed:
                return Verdict.passed(params.unset.passed)
            return Verdict.failed(params.unset.failed)
        if value == params.want:
            return Verdict.passed(_fill(params.passed, value=value, source=source))
        return Verdict.failed(_fill(params.failed, value=value, source=source))

    return evaluate


WIN_RDP_SETTING = Template(
    name="win-rdp",
    params=RdpParams,
    build=build,
    facts=(WIN_RDP.name,),
    families=frozenset({WINDOWS_FAMILY}),
    base_case={WIN_RDP.name: BASE},
)

"""Template `win-defender-on`: Microsoft Defender protections that must be reported on.

Each named protection is a yes/no field of the win_defender fact; every one must be reported on.
Off fails, and so does not reported: a Defender that cannot say it protects does not protect (for
tamper protection, platforms before 4.18.1906 cannot have it). A third-party antivirus in charge
makes the check not applicable, and no antivirus at all fails (winseckit.defender_or_verdict);
the EDR service names that identify a third party are the setting windows_edr_services.

Row parameters:
    protections:
      - field: realtime_enabled         a yes/no field of auditor.probes.win_defender.WinDefender
        label: real-time protection     its name in verdicts
        unreported: ...                 optional: why it may be missing, shown with "not reported"
    passed: Defender ... are on         the verdict when every protection is on

Cases give the whole win_defender fact (winseckit.DEFENDER_CASE is the golden "all on" host).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.checklib.checkdef import Facts, Setting, Verdict
from auditor.checklib.templates.base import Evaluate, Template
from auditor.checklib.winseckit import EDR_SERVICES, defender_or_verdict
from auditor.probes.win_defender import WIN_DEFENDER, WinDefender
from auditor.probes.win_os import WINDOWS_FAMILY

# The fields of WinDefender that say whether a protection is on (None: not reported).
SWITCHES = ("antivirus_enabled", "realtime_enabled", "behavior_monitor_enabled", "tamper_protected")


class Protection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str
    label: str = Field(min_length=1)
    unreported: str = ""

    @field_validator("field")
    @classmethod
    def _switch(cls, name: str) -> str:
        if name not in SWITCHES:
            raise ValueError(f"{name!r} is not a protection switch of the win_defender fact; known: {list(SWITCHES)}")
        return name

    def shown(self, defender: WinDefender) -> str:
        state = getattr(defender, self.field)
        if state is None:
            return f"{self.label}: not reported" + (f" ({self.unreported})" if self.unreported else "")
        return f"{self.label}: {'on' if state else 'off'}"


class DefenderParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    protections: tuple[Protection, ...] = Field(min_length=1)
    passed: str = Field(min_length=1)


def build(params: DefenderParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        defender = defender_or_verdict(facts)
        if isinstance(defender, Verdict):
            return defender
        details = tuple(protection.shown(defender) for protection in params.protections)
        off = [p.label for p in params.protections if getattr(defender, p.field) is not True]
        if off:
            return Verdict.failed(f"Defender {', '.join(off)} not on", details)
        return Verdict.passed(params.passed, details)

    return evaluate


def edr_setting(params: DefenderParams) -> tuple[Setting, ...]:
    """Every row reads the EDR service names through defender_or_verdict."""
    return (EDR_SERVICES,)


WIN_DEFENDER_ON = Template(
    name="win-defender-on",
    params=DefenderParams,
    build=build,
    facts=(WIN_DEFENDER.name,),
    families=frozenset({WINDOWS_FAMILY}),
    settings=edr_setting,
)

"""Template `sysctl`: kernel parameters must hold given values (auditor.checklib.checkkit.sysctl_verdict).

Row parameters:
    expect: {key: "0"}                  the value wanted, or {equals: [...], want: ...} / {at_least: N, want: ...}
    absent: fail | skip                 a key this kernel does not have fails, or is skipped (e.g. IPv6 keys)
    allowed_by_setting: NAME            optional: the host setting that allows the value (routers, ...)
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.checklib.checkdef import Facts, Setting, Verdict
from auditor.checklib.checkkit import Expectation, at_least, equals, setting_text, sysctl_verdict
from auditor.checklib.templates.base import Evaluate, Template
from auditor.probes.kernel_params import KERNEL_PARAMS, KEYS

YES = ("true", "yes", "1")


class Wanted(BaseModel):
    """What one key must be: one of `equals`, or a number of at least `at_least`; `want` is shown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    equals: tuple[str, ...] = ()
    at_least: int | None = None
    want: str = Field(min_length=1)

    @model_validator(mode="after")
    def _one_test(self) -> Wanted:
        if bool(self.equals) == (self.at_least is not None):
            raise ValueError("give exactly one of equals and at_least")
        return self

    def test(self) -> Expectation:
        return equals(*self.equals) if self.equals else at_least(self.at_least or 0)


class SysctlParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    expect: dict[str, str | Wanted] = Field(min_length=1)
    absent: Literal["fail", "skip"]
    allowed_by_setting: str | None = None

    @field_validator("expect")
    @classmethod
    def _collected(cls, expect: dict[str, str | Wanted]) -> dict[str, str | Wanted]:
        """The probe owns the list of keys it reads; a row may only expect one of them."""
        unknown = sorted(set(expect) - set(KEYS))
        if unknown:
            raise ValueError(f"{unknown} not read by the kernel_params probe (auditor.probes.kernel_params.KEYS)")
        return expect

    def expectations(self) -> dict[str, tuple[Expectation, str]]:
        """The table sysctl_verdict reads: {key: (test, what is wanted)}."""
        table: dict[str, tuple[Expectation, str]] = {}
        for key, wanted in self.expect.items():
            table[key] = (equals(wanted), wanted) if isinstance(wanted, str) else (wanted.test(), wanted.want)
        return table


def build(params: SysctlParams) -> Evaluate:
    expected = params.expectations()
    allowed_by = params.allowed_by_setting

    def evaluate(facts: Facts) -> Verdict:
        if allowed_by and setting_text(facts, allowed_by, "false").lower() in YES:
            return Verdict.passed(f"allowed for this host by the setting {allowed_by}")
        return sysctl_verdict(facts, expected, absent=params.absent)

    return evaluate


def declared_settings(params: SysctlParams) -> tuple[Setting, ...]:
    if params.allowed_by_setting is None:
        return ()
    doc = f"Whether this host may keep other values of {', '.join(params.expect)} (a router, VPN or container host)."
    return (Setting(name=params.allowed_by_setting, type=bool, default=False, doc=doc),)


SYSCTL = Template(
    name="sysctl",
    params=SysctlParams,
    build=build,
    facts=(KERNEL_PARAMS.name,),
    base_case={KERNEL_PARAMS.name: {"values": {}, "missing": []}},
    settings=declared_settings,
)

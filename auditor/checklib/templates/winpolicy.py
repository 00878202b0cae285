"""Template `win-account-policy`: one number of the local account policy (`net accounts`) against a limit.

Row parameters:
    field: password_history         a field of the win_account_policy fact
    bound: at_least | at_most       the policy value must be at least / at most the limit
    setting: windows_password_history   the host setting holding the limit; default: its default;
    setting_doc: its one-line doc (auditor checks show)
    shown: "{value} password(s) remembered"   how verdicts show the value ({value} stands for it)
    unset: {zero: true} | {error: ...} | {fail: ...}   what `net accounts` giving no value means:
                                    the value 0, could not assess, or a failure with this text

Every verdict names the policy's scope (local, or the domain's for a domain member).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.checklib.checkdef import Facts, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.templates.base import Evaluate, Template
from auditor.checklib.winseckit import POLICY_HARDENED, policy_scope
from auditor.probes.win_account_policy import WIN_ACCOUNT_POLICY, WinAccountPolicy
from auditor.probes.win_os import WINDOWS_FAMILY

NUMBERS = tuple(name for name, info in WinAccountPolicy.model_fields.items() if info.annotation == int | None)


class Unset(BaseModel):
    """What a value `net accounts` did not give means; exactly one of the three."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zero: bool = False
    error: str = ""
    fail: str = ""

    @model_validator(mode="after")
    def _one(self) -> Unset:
        if sum((self.zero, bool(self.error), bool(self.fail))) != 1:
            raise ValueError("give exactly one of zero: true, error and fail")
        return self


class PolicyParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str
    bound: Literal["at_least", "at_most"]
    setting: str = Field(min_length=1)
    default: int = Field(ge=0)
    setting_doc: str = Field(min_length=1)
    shown: str = Field(pattern=r"\{value\}")
    unset: Unset

    @field_validator("field")
    @classmethod
    def _a_number(cls, value: str) -> str:
        if value not in NUMBERS:
            raise ValueError(f"not a number of the win_account_policy fact; one of {', '.join(NUMBERS)}")
        return value


def build(params: PolicyParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        policy = facts.get(WIN_ACCOUNT_POLICY)
        scope = policy_scope(policy.computer_role)
        limit = setting_number(facts, params.setting, params.default)
        value = getattr(policy, params.field)
        if value is None and params.unset.error:
            return Verdict.cannot_assess(params.unset.error)
        if value is None and params.unset.fail:
            return Verdict.failed(f"{params.unset.fail} ({scope})")
        number = int(value or 0)
        shown = f"{params.shown.replace('{value}', str(number))} ({scope})"
        if number < limit if params.bound == "at_least" else number > limit:
            return Verdict.failed(f"{shown}; want {params.bound.replace('_', ' ')} {limit:g}")
        return Verdict.passed(shown)

    return evaluate


def declared_settings(params: PolicyParams) -> tuple[Setting, ...]:
    return (Setting(name=params.setting, type=int, default=params.default, doc=params.setting_doc),)


WIN_ACCOUNT_POLICY_NUMBER = Template(
    name="win-account-policy",
    params=PolicyParams,
    build=build,
    facts=(WIN_ACCOUNT_POLICY.name,),
    families=frozenset({WINDOWS_FAMILY}),
    base_case={WIN_ACCOUNT_POLICY.name: dict(POLICY_HARDENED)},
    settings=declared_settings,
)

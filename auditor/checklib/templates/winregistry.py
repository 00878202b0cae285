"""Template `win-registry`: Windows policy registry values must hold (auditor.checklib.winregkit.require).

Row parameters:
    rules:                          every rule must hold for a pass
      - key: 'HKLM:\\...\\Name'    a value the win_registry_policy probe collects (single-quoted in YAML)
        equals: [1] | at_least: 5   the test of the effective value; give exactly one
        want: "1"                   how a failure says what is wanted
        default: 1                  what Windows does when the value is not configured (omit: no default)
        label: ...                  optional name in verdicts (default: the value's name)
    why: ...                        what a failure means, appended to it

A case's facts are laid over a host where no policy value is configured.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.checklib.checkdef import Facts, Verdict
from auditor.checklib.templates.base import Evaluate, Template
from auditor.checklib.winregkit import Rule, at_least, equals, registry_case, require
from auditor.probes.win_os import WINDOWS_FAMILY
from auditor.probes.win_registry_policy import KEYS, WIN_REGISTRY_POLICY


class RegistryRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    equals: tuple[int, ...] = ()
    at_least: int | None = None
    want: str = Field(min_length=1)
    default: int | None = None
    label: str = ""

    @field_validator("key")
    @classmethod
    def _collected(cls, key: str) -> str:
        if key not in KEYS:
            raise ValueError(f"{key!r} is not a value the win_registry_policy probe collects")
        return key

    @model_validator(mode="after")
    def _one_test(self) -> RegistryRule:
        if bool(self.equals) == (self.at_least is not None):
            raise ValueError("give exactly one of equals and at_least")
        return self

    def rule(self) -> Rule:
        test = equals(*self.equals) if self.equals else at_least(self.at_least or 0)
        return Rule(self.key, test, self.want, default=self.default, label=self.label)


class RegistryParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: tuple[RegistryRule, ...] = Field(min_length=1)
    why: str = Field(min_length=1)


def build(params: RegistryParams) -> Evaluate:
    rules = tuple(rule.rule() for rule in params.rules)

    def evaluate(facts: Facts) -> Verdict:
        return require(facts, rules, why=params.why)

    return evaluate


WIN_REGISTRY = Template(
    name="win-registry",
    params=RegistryParams,
    build=build,
    facts=(WIN_REGISTRY_POLICY.name,),
    families=frozenset({WINDOWS_FAMILY}),
    base_case=registry_case(),
)

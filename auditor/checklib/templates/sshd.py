"""Templates over sshd's effective configuration (`sshd -T`, the sshd_effective probe).

`sshd-option` - one keyword must (or must not) have certain values:
    keyword: permitrootlogin        as sshd -T prints it (lower case)
    label: PermitRootLogin          how verdicts name it
    pass_when: [no] | fail_when: [yes]   values compared without case; give exactly one
    why: ...                        optional, appended to a failure: "PermitRootLogin yes: <why>"
    want: ...                       optional, appended to a failure: "LogLevel QUIET (want <want>)"

`sshd-limit` - a numeric keyword must not exceed a per-host limit:
    keyword, label; setting: the host setting holding the limit; default: its default
    unit: "s" or ""                 shown after the value and the limit
    zero_is_unlimited: true         0 means "no limit" for this keyword and fails

`sshd-weak-algorithms` - an algorithm list offers nothing weak (auditor.checklib.checkkit.weak_sshd_algorithms):
    keyword: ciphers | macs | kexalgorithms; weak: [...]; setting: per-host extra weak names
    weak_noun, offered_noun         how verdicts name one algorithm

A host without an OpenSSH server makes each of them not applicable; a keyword sshd -T did not print,
could not assess.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from auditor.checklib.checkdef import Facts, Setting, Verdict
from auditor.checklib.checkkit import setting_number, sshd_option, weak_sshd_algorithms
from auditor.checklib.templates.base import Evaluate, Template
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

# The neutral host a case is laid over: sshd installed, no option reported.
BASE_CASE = {SSHD_EFFECTIVE.name: {"installed": True, "options": {}}}
KEYWORD = r"^[a-z0-9]+$"


class OptionParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    keyword: str = Field(pattern=KEYWORD)
    label: str = Field(min_length=1)
    pass_when: tuple[str, ...] = ()
    fail_when: tuple[str, ...] = ()
    why: str = ""
    want: str = ""

    @model_validator(mode="after")
    def _one_list(self) -> OptionParams:
        if bool(self.pass_when) == bool(self.fail_when):
            raise ValueError("give exactly one of pass_when and fail_when")
        return self

    def accepts(self, value: str) -> bool:
        if self.pass_when:
            return value.lower() in {item.lower() for item in self.pass_when}
        return value.lower() not in {item.lower() for item in self.fail_when}


def build_option(params: OptionParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        value = sshd_option(facts, params.keyword)
        if isinstance(value, Verdict):
            return value
        shown = f"{params.label} {value}"
        if params.accepts(value):
            return Verdict.passed(shown)
        why = f": {params.why}" if params.why else ""
        want = f" (want {params.want})" if params.want else ""
        return Verdict.failed(f"{shown}{why}{want}")

    return evaluate


class LimitParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    keyword: str = Field(pattern=KEYWORD)
    label: str = Field(min_length=1)
    setting: str = Field(min_length=1)
    default: int = Field(ge=0)
    unit: str = ""
    zero_is_unlimited: bool = False


def build_limit(params: LimitParams) -> Evaluate:
    unit = params.unit

    def evaluate(facts: Facts) -> Verdict:
        value = sshd_option(facts, params.keyword)
        if isinstance(value, Verdict):
            return value
        if not value.isdigit():
            return Verdict.cannot_assess(f"unusable {params.label} {value!r}")
        if params.zero_is_unlimited and int(value) == 0:
            return Verdict.failed(f"{params.label} 0: no limit")
        limit = setting_number(facts, params.setting, params.default)
        shown = f"{params.label} {value}{unit} (limit {limit:g}{unit})"
        return Verdict.failed(shown) if int(value) > limit else Verdict.passed(shown)

    return evaluate


class WeakAlgorithmsParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    keyword: str = Field(pattern=KEYWORD)
    weak: tuple[str, ...] = Field(min_length=1)
    setting: str = Field(min_length=1)
    weak_noun: str = Field(min_length=1)
    offered_noun: str = Field(min_length=1)


def build_weak_algorithms(params: WeakAlgorithmsParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        return weak_sshd_algorithms(
            facts,
            keyword=params.keyword,
            weak=params.weak,
            setting=params.setting,
            weak_noun=params.weak_noun,
            offered_noun=params.offered_noun,
        )

    return evaluate


SSHD_OPTION = Template(
    name="sshd-option", params=OptionParams, build=build_option, facts=(SSHD_EFFECTIVE.name,), base_case=BASE_CASE
)


def limit_settings(params: LimitParams) -> tuple[Setting, ...]:
    unit = f" ({params.unit})" if params.unit else ""
    doc = f"The highest {params.label}{unit} sshd may allow on this host."
    return (Setting(name=params.setting, type=int, default=params.default, doc=doc),)


def weak_algorithm_settings(params: WeakAlgorithmsParams) -> tuple[Setting, ...]:
    doc = f"Each {params.offered_noun} this host also counts as weak, beyond the built-in list."
    return (Setting(name=params.setting, type=list, doc=doc),)


SSHD_LIMIT = Template(
    name="sshd-limit",
    params=LimitParams,
    build=build_limit,
    facts=(SSHD_EFFECTIVE.name,),
    base_case=BASE_CASE,
    settings=limit_settings,
)
SSHD_WEAK_ALGORITHMS = Template(
    name="sshd-weak-algorithms",
    params=WeakAlgorithmsParams,
    build=build_weak_algorithms,
    facts=(SSHD_EFFECTIVE.name,),
    base_case=BASE_CASE,
    settings=weak_algorithm_settings,
)

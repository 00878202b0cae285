"""Template `win-features-absent`: Windows optional features that must not be enabled.

A feature the OS does not offer at all (listed without a state) passes: it cannot be enabled.
A feature the probe did not collect, or whose state Windows reports as unknown, leaves the check
unassessed. Any feature enabled fails. `context` names features shown beside the verdict because
they change what an enabled feature means (PowerShell 2.0 cannot start without .NET 3.5).

Row parameters:
    features: [TelnetClient, TFTP]          optional features (win_features) that must not be enabled
    passed: no Telnet or TFTP client ...    the verdict when none is enabled
    failed: clear-text client(s) installed  the verdict when some are, followed by their names
    context:                                shown in the details; its `enabled` text is added to a failure
      - {feature: NetFx3, label: NetFx3 (.NET 3.5), enabled: and usable (.NET 3.5 enabled)}
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.checklib.checkdef import Facts, Verdict
from auditor.checklib.templates.base import Evaluate, Template
from auditor.checklib.winregkit import features_case
from auditor.probes.win_features import FEATURES, WIN_FEATURES
from auditor.probes.win_os import WINDOWS_FAMILY

NOT_OFFERED = "not offered by this Windows"


def _collected(name: str) -> str:
    if name not in FEATURES:
        raise ValueError(f"{name!r} is not a feature the win_features probe collects")
    return name


class ContextFeature(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    feature: str
    label: str = Field(min_length=1)
    enabled: str = Field(min_length=1)

    @field_validator("feature")
    @classmethod
    def _known(cls, name: str) -> str:
        return _collected(name)


class FeaturesParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    features: tuple[str, ...] = Field(min_length=1)
    passed: str = Field(min_length=1)
    failed: str = Field(min_length=1)
    context: tuple[ContextFeature, ...] = ()

    @field_validator("features")
    @classmethod
    def _all_collected(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_collected(name) for name in names)


def build(params: FeaturesParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        features = facts.get(WIN_FEATURES).features
        missing = [name for name in params.features if name not in features]
        if missing:
            return Verdict.cannot_assess(f"optional feature(s) not collected: {', '.join(missing)}")
        unknown = [name for name in params.features if features[name] == "unknown"]
        if unknown:
            return Verdict.cannot_assess(f"Windows reports the state of {', '.join(unknown)} as unknown")
        shown = [f"{name}: {features[name] or NOT_OFFERED}" for name in params.features]
        shown += [f"{extra.label}: {features.get(extra.feature) or NOT_OFFERED}" for extra in params.context]
        enabled = [name for name in params.features if features[name] == "enabled"]
        if enabled:
            notes = "".join(f" {extra.enabled}" for extra in params.context if features.get(extra.feature) == "enabled")
            return Verdict.failed(f"{params.failed}{notes}: {', '.join(enabled)}", tuple(shown))
        return Verdict.passed(params.passed, tuple(shown))

    return evaluate


WIN_FEATURES_ABSENT = Template(
    name="win-features-absent",
    params=FeaturesParams,
    build=build,
    facts=(WIN_FEATURES.name,),
    families=frozenset({WINDOWS_FAMILY}),
    base_case=features_case(),
)

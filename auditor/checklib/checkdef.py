"""What a check is: validated metadata, a small pure function over facts, recorded cases.

A check module in checks/ defines one module-level `CHECK = Check(...)`. Metadata is validated
when the module is built (pydantic), and the registry (auditor.checklib.registry) validates the rest at
load time: the id matches the file name, every needed fact names a known probe, each case's
facts validate against the probe's model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.checklib.plain import Plain as Plain
from auditor.checklib.plain import PlainWords as PlainWords
from auditor.core.models import Category, Severity, Status
from auditor.probes.base import FactModel, Probe

FactT = TypeVar("FactT", bound=FactModel)

CHECK_ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$"
FRAMEWORKS = ("cis-v8", "nist-csf-2", "iso27001-2022", "cyber-essentials", "essential-eight", "hipaa")


class FactUnavailable(Exception):
    """A needed fact could not be collected or parsed; the check becomes error (could not assess)."""


class Applicability(BaseModel):
    """Which systems a check applies to. Empty `families` means every family."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    families: frozenset[str] = frozenset()

    def applies(self, family: str) -> bool:
        return not self.families or family in self.families


class CheckMeta(BaseModel):
    """The one source of truth for a check's metadata; reports and docs read it from here."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=CHECK_ID_PATTERN)
    version: int = Field(default=1, ge=1)
    title: str = Field(min_length=5)
    category: Category
    severity: Severity
    rationale: str = Field(min_length=20)
    remediation: str = Field(min_length=10)
    applies_to: Applicability = Applicability()
    facts: tuple[str, ...] = Field(min_length=1)
    references: Mapping[str, tuple[str, ...]] = Field(default_factory=dict)
    # What a failure means for a business owner, in every shipped language (client-facing reports).
    # Optional for custom checks; every check of the shipped library has it (tests/checks/test_library.py).
    plain: Plain | None = None
    # When this check fails, the score of its category (and the host's overall score) is capped at
    # this value: an end-of-life OS cannot score well on patching however many updates it has.
    score_cap: float | None = Field(default=None, ge=0, le=100)

    @field_validator("references")
    @classmethod
    def _known_frameworks(cls, value: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
        unknown = sorted(set(value) - set(FRAMEWORKS))
        if unknown:
            raise ValueError(f"unknown framework(s) {unknown}; known: {list(FRAMEWORKS)}")
        return value


@dataclass(frozen=True)
class Verdict:
    """What a check concluded. `details` lists the offending items (packages, files, accounts)."""

    status: Status
    message: str
    details: tuple[str, ...] = ()

    @classmethod
    def passed(cls, message: str, details: tuple[str, ...] = ()) -> Verdict:
        return cls(Status.PASS, message, details)

    @classmethod
    def failed(cls, message: str, details: tuple[str, ...] = ()) -> Verdict:
        return cls(Status.FAIL, message, details)

    @classmethod
    def not_applicable(cls, message: str) -> Verdict:
        return cls(Status.NOT_APPLICABLE, message)

    @classmethod
    def cannot_assess(cls, message: str) -> Verdict:
        return cls(Status.ERROR, message)


class Facts:
    """The parsed facts of one host, read by checks; a missing fact raises FactUnavailable.

    `now` is the time the host's evidence was collected, so that age-based checks stay pure
    and a stored run re-evaluates to the same verdicts. `settings` holds the host's effective
    policy values (e.g. backup_max_age_hours) from config and inventory vars. `first_seen` maps a
    pending update's key (auditor.checklib.updates.PendingUpdate.key) to the first run that saw it pending
    on this host, from the store: history is an input to evaluation, never a query inside it.
    """

    def __init__(
        self,
        *,
        values: Mapping[str, FactModel],
        errors: Mapping[str, str],
        now: datetime,
        settings: Mapping[str, Any] | None = None,
        first_seen: Mapping[str, datetime] | None = None,
    ) -> None:
        self._values = dict(values)
        self._errors = dict(errors)
        self.now = now
        self.settings: Mapping[str, Any] = dict(settings or {})
        self.first_seen: Mapping[str, datetime] = dict(first_seen or {})

    def get(self, probe: Probe[FactT]) -> FactT:
        if probe.name in self._values:
            value = self._values[probe.name]
            assert isinstance(value, probe.model)
            return value
        raise FactUnavailable(self._errors.get(probe.name, f"fact {probe.name!r} was not collected"))

    def setting(self, name: str, default: Any) -> Any:
        return self.settings.get(name, default)


@dataclass(frozen=True)
class Case:
    """A recorded situation and the verdict the check must give for it.

    `facts` maps probe name -> the parsed fact as a dict (validated against the probe model at
    load time); a probe name mapped to a string means that fact was unavailable with that reason.
    """

    name: str
    facts: Mapping[str, Mapping[str, Any] | str]
    expect: Status
    now: datetime | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    first_seen: Mapping[str, datetime] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    evaluate: Callable[[Facts], Verdict]
    cases: tuple[Case, ...]
    # How the check decides, for `auditor checks show`: a check module's docstring says it; a check
    # written as a template row (auditor.checklib.rows) carries it here, from the row's `doc`.
    doc: str = ""

    @property
    def id(self) -> str:
        return self.meta.id

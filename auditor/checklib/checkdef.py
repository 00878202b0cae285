"""What a check is: validated metadata, a small pure function over facts, recorded cases.

A check module in checks/ defines one module-level `CHECK = Check(...)`. Metadata is validated
when the module is built (pydantic), and the registry (auditor.checklib.registry) validates the rest at
load time: the id matches the file name, every needed fact names a known probe, each case's
facts validate against the probe's model.

A check declares the settings it reads (`settings=(Setting(name=..., type=int, default=48, doc=...),)`):
inventory variables, profiles and config are validated against the declarations before any host is
contacted, and reading an undeclared setting raises UndeclaredSetting (the library test runs every
case, so it fails there first).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.checklib.plain import Plain as Plain
from auditor.checklib.plain import PlainWords as PlainWords
from auditor.core.models import Category, Severity, Status
from auditor.core.vulnmodel import UpdateIntel
from auditor.probes.base import FactModel, Probe

FactT = TypeVar("FactT", bound=FactModel)

CHECK_ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$"
FRAMEWORKS = ("cis-v8", "nist-csf-2", "iso27001-2022", "cyber-essentials", "essential-eight", "hipaa")
SETTING_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
# A setting's type, and how it is named to people. `object` is "any value": only for the settings
# inferred from an undeclared custom check (auditor.checklib.registry), never for a library check.
SETTING_TYPES: Mapping[type, str] = {int: "integer", float: "number", bool: "boolean", str: "text", list: "list"}
ANY_TYPE_NAME = "any"
TRUE_WORDS = frozenset({"true", "yes", "on", "1", "y", "t"})
FALSE_WORDS = frozenset({"false", "no", "off", "0", "n", "f"})
_MISSING: Any = object()


class FactUnavailable(Exception):
    """A needed fact could not be collected or parsed; the check becomes error (could not assess)."""


class Applicability(BaseModel):
    """Which systems a check applies to. Empty `families` means every family."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    families: frozenset[str] = frozenset()

    def applies(self, family: str) -> bool:
        return not self.families or family in self.families


class Setting(BaseModel):
    """One value a check reads from the host's settings, declared so that a typo is an error, not a default.

    Values come as text from INI inventories and natively from YAML, TOML and profiles, so a value is
    accepted when it reads as the type: "48" is an integer, "audit,backup" a list, "yes" a boolean.
    `default` None means the check has no value of its own (e.g. "nothing extra allowed").
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=SETTING_NAME_PATTERN)
    type: type[Any]
    default: Any = None
    doc: str = Field(min_length=10)

    @field_validator("type", mode="before")
    @classmethod
    def _type_by_name(cls, value: Any) -> Any:
        """A data row (YAML) names the type: integer, number, boolean, text or list (or int, float, ...)."""
        if isinstance(value, str):
            names = {name: kind for kind, name in SETTING_TYPES.items()} | {k.__name__: k for k in SETTING_TYPES}
            return names.get(value, value)
        return value

    @model_validator(mode="after")
    def _typed(self) -> Setting:
        if self.type is not object and self.type not in SETTING_TYPES:
            raise ValueError(f"setting {self.name}: type must be one of {[t.__name__ for t in SETTING_TYPES]}")
        if self.default is not None and (problem := setting_problem(self, self.default)):
            raise ValueError(f"setting {self.name}: default {problem}")
        return self

    @property
    def type_name(self) -> str:
        return SETTING_TYPES.get(self.type, ANY_TYPE_NAME)


def setting_problem(setting: Setting, value: Any) -> str | None:
    """Why `value` cannot be read as the setting's type, or None when it can."""
    kind = setting.type
    scalar = isinstance(value, str | int | float) and not isinstance(value, bool)
    if kind is object:
        ok = True
    elif kind is bool:
        ok = isinstance(value, bool) or value in (0, 1) or str(value).strip().lower() in TRUE_WORDS | FALSE_WORDS
    elif kind is int:
        ok = scalar and _reads_as(value, int)
    elif kind is float:
        ok = scalar and _reads_as(value, float)
    elif kind is str:
        ok = scalar
    else:  # list: a list of plain values, or one value / a comma- or space-separated text
        items = value if isinstance(value, list | tuple) else [value]
        ok = all(isinstance(item, str | int | float | bool) for item in items)
    return None if ok else f"must be of type {setting.type_name}, not {value!r}"


def _reads_as(value: str | int | float, kind: type[int] | type[float]) -> bool:
    try:
        number = float(str(value).strip())
    except ValueError:
        return False
    return number == number and (kind is float or number.is_integer())  # NaN is not a number here


class UndeclaredSetting(Exception):
    """A check read a setting its metadata does not declare: a bug in the check, found by the library test."""


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
    settings: tuple[Setting, ...] = ()
    # Recipes of the fix catalogue (auditor/data/remediation.yaml) that `auditor fix` applies when
    # this check fails; the catalogue holds only the Ansible tasks (auditor.checklib.fixes).
    fixes: tuple[str, ...] = ()
    # The decision in one sentence for an auditor ("Fails when ..."), where the title alone does not
    # say where the line is drawn; reports otherwise read the title as the condition a pass asserts.
    rule: str | None = Field(default=None, min_length=20, max_length=300)

    @field_validator("settings")
    @classmethod
    def _unique_settings(cls, value: tuple[Setting, ...]) -> tuple[Setting, ...]:
        names = [setting.name for setting in value]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"setting(s) declared twice: {twice}")
        return value

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
    `intel` maps the same key to what the vulnerability feeds say about that update (its CVEs,
    CISA KEV listing, EPSS, CVSS), matched before evaluation for the same reason.
    """

    def __init__(
        self,
        *,
        values: Mapping[str, FactModel],
        errors: Mapping[str, str],
        now: datetime,
        settings: Mapping[str, Any] | None = None,
        first_seen: Mapping[str, datetime] | None = None,
        intel: Mapping[str, UpdateIntel] | None = None,
    ) -> None:
        self._values = dict(values)
        self._errors = dict(errors)
        self.now = now
        self.settings: Mapping[str, Any] = dict(settings or {})
        self.first_seen: Mapping[str, datetime] = dict(first_seen or {})
        self.intel: Mapping[str, UpdateIntel] = dict(intel or {})
        self._declared: Mapping[str, Setting] | None = None  # None: not bound to a check (tests, kits)

    def for_check(self, meta: CheckMeta) -> Facts:
        """The same facts as one check sees them: only its declared settings can be read."""
        bound = copy.copy(self)
        bound._declared = {setting.name: setting for setting in meta.settings}
        return bound

    def get(self, probe: Probe[FactT]) -> FactT:
        if probe.name in self._values:
            value = self._values[probe.name]
            assert isinstance(value, probe.model)
            return value
        raise FactUnavailable(self._errors.get(probe.name, f"fact {probe.name!r} was not collected"))

    def setting(self, name: str, default: Any = _MISSING) -> Any:
        """The host's value for a declared setting, else `default`, else the declared default."""
        declared = self._declared.get(name) if self._declared is not None else None
        if self._declared is not None and declared is None:
            raise UndeclaredSetting(f"setting {name!r} is read but not declared in the check's settings")
        if name in self.settings:
            return self.settings[name]
        if default is not _MISSING:
            return default
        return declared.default if declared is not None else None


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
    intel: Mapping[str, UpdateIntel] = field(default_factory=dict)


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

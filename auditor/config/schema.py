"""The shape of the config file, checked whole before anything reads it.

Each table's own parser (scoring, branding, policy, alerts) still checks meaning (a severity name,
a hex colour, an absolute path); this schema checks that every table and key exists and every value
has the right type, so a slip such as `to = "ops@x"` where a list is meant stops the run before any
host is contacted instead of crashing it at the end. Unknown keys are refused with the closest
known name, because a misspelt key silently ignored is a setting silently not applied.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from auditor.core.errors import ConfigError
from auditor.core.keys import did_you_mean, known_keys

Number = StrictInt | StrictFloat
Plain = StrictStr | StrictInt | StrictFloat | StrictBool
SettingValue = Plain | list[Plain]
StrOrList = StrictStr | list[StrictStr]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Scoring(_Table):
    weights: dict[StrictStr, Number] = Field(default_factory=dict)


class BrandingTable(_Table):
    name: StrictStr | None = None
    logo: StrictStr | None = None
    primary_color: StrictStr | None = None
    accent_color: StrictStr | None = None
    contact: StrictStr | None = None
    website: StrictStr | None = None


class Backup(_Table):
    max_age_hours: Number | None = None
    required_tool: StrOrList | None = None
    evidence_paths: StrOrList | None = None
    restore_evidence_paths: StrOrList | None = None
    restore_test_max_age_days: Number | None = None
    db_dump_paths: StrOrList | None = None
    db_dump_max_age_hours: Number | None = None


class ReportTable(_Table):
    language: StrictStr | None = None
    paper: StrictStr | None = None


class Client(_Table):
    sla: dict[StrictStr, StrictInt] = Field(default_factory=dict)
    settings: dict[StrictStr, SettingValue] = Field(default_factory=dict)
    backup: Backup = Field(default_factory=Backup)
    branding: BrandingTable | None = None
    report: ReportTable | None = None


class Delivery(_Table):
    smtp_host: StrictStr
    smtp_port: StrictInt = 587
    starttls: StrictBool = True
    from_address: StrictStr = Field(alias="from")
    username: StrictStr | None = None
    password_env: StrictStr | None = None
    ca_file: StrictStr | None = None
    recipients: dict[StrictStr, list[StrictStr]] = Field(default_factory=dict)


class WebhookTable(_Table):
    url: StrictStr
    format: StrictStr = "generic"


class EmailTable(_Table):
    host: StrictStr
    port: StrictInt = 25
    sender: StrictStr
    to: list[StrictStr] = Field(min_length=1)
    starttls: StrictBool = False
    username: StrictStr | None = None
    password_env: StrictStr | None = None


class Alerts(_Table):
    min_severity: StrictStr = "high"
    webhook: list[WebhookTable] = Field(default_factory=list)
    email: EmailTable | None = None


class TicketClient(_Table):
    company: StrictStr | StrictInt
    board: StrictStr | StrictInt | None = None


class Tickets(_Table):
    psa: StrictStr
    url: StrictStr
    auth_url: StrictStr | None = None
    tenant: StrictStr | None = None
    group_by: StrictStr = "check"
    min_severity: StrictStr = "high"
    ca_file: StrictStr | None = None
    closed_status: StrictStr | StrictInt | None = None
    timeout: Number | None = None
    clients: dict[StrictStr, TicketClient] = Field(default_factory=dict)


class Onboarding(_Table):
    currency: StrictStr | None = None
    hourly_rate: StrictInt | StrictFloat | None = None
    monthly_fee_per_host: StrictInt | StrictFloat | None = None


class Signing(_Table):
    key: StrictStr


class ConfigFile(_Table):
    """The whole file: every table auditor reads, and nothing else."""

    profile: StrictStr | None = None
    checks_dirs: list[StrictStr] = Field(default_factory=list)
    waivers: StrictStr | None = None
    scoring: Scoring = Field(default_factory=Scoring)
    branding: BrandingTable = Field(default_factory=BrandingTable)
    report: ReportTable = Field(default_factory=ReportTable)
    delivery: Delivery | None = None
    signing: Signing | None = None
    sla: dict[StrictStr, StrictInt] = Field(default_factory=dict)
    settings: dict[StrictStr, SettingValue] = Field(default_factory=dict)
    backup: Backup = Field(default_factory=Backup)
    clients: dict[StrictStr, Client] = Field(default_factory=dict)
    alerts: Alerts = Field(default_factory=Alerts)
    onboarding: Onboarding | None = None  # the MSP's rates (auditor.config.rates)
    tickets: Tickets | None = None  # PSA tickets (auditor.config.tickets)


def validate_config_file(data: dict[str, Any], path: Path) -> ConfigFile:
    """The parsed TOML checked against ConfigFile; the first problem becomes one ConfigError line."""
    try:
        return ConfigFile.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        raise ConfigError(f"{path}: {_problem(errors[0], alternatives=_alternatives(errors))}") from None


def _alternatives(errors: list[Any]) -> list[str]:
    """What a value could have been, when it matched no member of a union (a setting's value)."""
    first = _clean(errors[0]["loc"])
    wanted = [_EXPECTED.get(e["type"], "").removeprefix("must be ") for e in errors if _clean(e["loc"]) == first]
    wanted = [w for w in dict.fromkeys(wanted) if w]
    if "a number" in wanted and "a whole number" in wanted:
        wanted.remove("a whole number")
    return wanted


def _clean(loc: Any) -> tuple[Any, ...]:
    return tuple(part for part in loc if not _is_type_tag(str(part)))


def _problem(error: Any, *, alternatives: list[str]) -> str:
    loc = _clean(error["loc"])
    if error["type"] == "extra_forbidden":
        hint = did_you_mean(str(loc[-1]), _known_keys(loc[:-1]))
        return f"unknown key {loc[-1]!r} in {_table(loc[:-1])}; {hint}"
    expected = _EXPECTED.get(error["type"], error["msg"].lower())
    if expected == _EXPECTED["model_type"]:
        return f"{_table(loc)} {expected}, not {_kind(error.get('input')) or 'that'}"
    where = str(loc[-1]) if len(loc) == 1 else f"{_table(loc[:-1])} {loc[-1]}"
    if error["type"] == "missing":
        return f"{where} is required"
    found = _kind(error.get("input"))
    if len(alternatives) > 1:
        expected = f"must be {', '.join(alternatives[:-1])} or {alternatives[-1]}"
    return f"{where} {expected}{f', not {found}' if found else ''}"


_EXPECTED = {
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "dict_type": "must be a table",
    "list_type": "must be a list",
    "string_type": "must be a string",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "too_short": "must not be empty",
}


def _table(loc: tuple[Any, ...]) -> str:
    """A table's name as written in TOML: [alerts.email], [alerts.webhook] 2, the top level."""
    names = [str(part) for part in loc if not isinstance(part, int)]
    numbers = [f" {part + 1}" for part in loc if isinstance(part, int)]
    return f"[{'.'.join(names)}]{''.join(numbers)}" if names else "the top level"


def _is_type_tag(part: str) -> bool:
    return part in ("str", "int", "float", "bool") or part.startswith(("list[", "dict[", "function-"))


def _known_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys the table at `loc` accepts (walking through lists and name-keyed tables)."""
    return known_keys(ConfigFile, loc)


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "a string"
    return ""

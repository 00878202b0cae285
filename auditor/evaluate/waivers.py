"""Waivers (exceptions): an accepted failure, with its justification, approver and expiry.

A waivers file is YAML, a list under `waivers:`; each entry names a check, an optional scope
(client, group, host; an omitted key matches everything), a required justification and approver,
an optional ticket, and created/expires dates. A waiver turns a failed result into `waived` until
it expires; after that the failure returns, flagged as an expired waiver. Only failures are waived:
an error (could not assess) is never hidden by a waiver. A malformed file stops the run before any
host is contacted, with one line naming the entry.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from auditor.core.errors import ConfigError
from auditor.core.keys import did_you_mean, first_error, unknown_key
from auditor.core.models import Status
from auditor.core.runmodel import CheckResult, HostReport, Waiver
from auditor.core.safeyaml import describe, safe_load


class Target(Protocol):
    """What a scope is matched against: an inventory host or a host of a stored run."""

    @property
    def name(self) -> str: ...
    @property
    def client(self) -> str: ...
    @property
    def groups(self) -> Sequence[str]: ...


class Scope(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    client: str | None = None
    group: str | None = None
    host: str | None = None

    def matches(self, host: Target) -> bool:
        return (
            (self.client is None or self.client == host.client)
            and (self.group is None or self.group in host.groups)
            and (self.host is None or self.host == host.name)
        )

    def describe(self) -> str:
        parts = [
            f"{key}={value}" for key, value in (("client", self.client), ("group", self.group), ("host", self.host))
        ]
        return ", ".join(p for p in parts if not p.endswith("=None")) or "all hosts"


class WaiverEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    check: str = Field(min_length=1)
    scope: Scope = Scope()
    justification: str = Field(min_length=10)
    approved_by: str = Field(min_length=1)
    ticket: str | None = None
    created: date | None = None
    expires: date

    def record(self, *, expired: bool) -> Waiver:
        return Waiver(
            check_id=self.check,
            justification=self.justification,
            approved_by=self.approved_by,
            expires=self.expires.isoformat(),
            ticket=self.ticket,
            scope=self.scope.describe(),
            expired=expired,
        )


def load_waivers(path: Path) -> tuple[WaiverEntry, ...]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"waivers file not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read waivers file {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise ConfigError(f"{where}: YAML error: {' '.join(str(exc.problem or exc.context).split())}") from None
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date that does not exist (2026-02-30), an alias bomb
        raise ConfigError(f"{path}: invalid waivers file: {describe(exc)}") from None
    entries = data.get("waivers") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: expected a list under 'waivers:'")
    waivers = []
    for number, entry in enumerate(entries, start=1):
        label = f"entry {number}"
        if isinstance(entry, dict) and isinstance(entry.get("check"), str):
            label += f" ({entry['check']})"
        try:
            waivers.append(WaiverEntry.model_validate(entry))
        except ValidationError as exc:
            error = first_error(exc)
            if error["type"] == "extra_forbidden":
                raise ConfigError(f"{path}: waiver {label}: {unknown_key(WaiverEntry, error['loc'])}") from None
            field = ".".join(str(part) for part in error["loc"]) or "entry"
            raise ConfigError(f"{path}: waiver {label}: {field}: {error['msg']}") from None
    return tuple(waivers)


def unmatched_waivers(waivers: Sequence[WaiverEntry], *, checks: Collection[str], hosts: Sequence[Target]) -> list[str]:
    """One line per waiver that can never apply: an unknown check, client, group or host, or a
    scope that no host of the inventory matches (each such waiver is a typo hiding nothing)."""
    clients = sorted({host.client for host in hosts})
    groups = sorted({group for host in hosts for group in host.groups})
    names = sorted({host.name for host in hosts})
    problems = []
    for number, entry in enumerate(waivers, start=1):
        scope = entry.scope
        if entry.check not in checks:
            problem = (
                f"no check {entry.check!r}; {did_you_mean(entry.check, sorted(checks)).replace('known keys', 'checks')}"
            )
        elif scope.client is not None and scope.client not in clients:
            problem = f"no client {scope.client!r} in the inventory; {_named('clients', scope.client, clients)}"
        elif scope.group is not None and scope.group not in groups:
            problem = f"no group {scope.group!r} in the inventory; {_named('groups', scope.group, groups)}"
        elif scope.host is not None and scope.host not in names:
            problem = f"no host {scope.host!r} in the inventory; {_named('hosts', scope.host, names)}"
        elif not any(scope.matches(host) for host in hosts):
            problem = f"its scope ({scope.describe()}) matches no host of the inventory"
        else:
            continue
        problems.append(f"waiver {number} ({entry.check}): {problem}")
    return problems


def _named(kind: str, name: str, known: Sequence[str]) -> str:
    hint = did_you_mean(name, known)
    return hint if hint.startswith("did you") else f"{kind}: {', '.join(known[:10]) or 'none'}"


def require_matched(problems: Sequence[str], *, source: Path) -> None:
    """Stop on the first unmatched waiver (one line, exit 2), saying how many more and how to relax it."""
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(f"{source}: {problems[0]}{more} (--allow-unmatched-waivers accepts it)")


def _unwaived(result: CheckResult) -> CheckResult:
    """The result as the check gave it, before any waiver (a re-render applies waivers afresh)."""
    if result.waiver is None:
        return result
    status = Status.FAIL if result.status is Status.WAIVED else result.status
    message = result.message.removesuffix(_expired_note(result.waiver))
    return result.model_copy(update={"status": status, "waiver": None, "message": message})


def _expired_note(waiver: Waiver) -> str:
    return f" (waiver expired {waiver.expires})"


def apply_waivers(host: HostReport, waivers: Sequence[WaiverEntry], *, today: date | datetime) -> HostReport:
    """Waive the host's failures that an unexpired waiver covers; flag those whose waiver expired."""
    day = today.date() if isinstance(today, datetime) else today
    results = []
    for original in host.results:
        result = _unwaived(original)
        entry = next((w for w in waivers if w.check == result.check_id and w.scope.matches(host)), None)
        if entry is not None and result.status is Status.FAIL:
            if day <= entry.expires:
                result = result.model_copy(update={"status": Status.WAIVED, "waiver": entry.record(expired=False)})
            else:
                waiver = entry.record(expired=True)
                result = result.model_copy(update={"waiver": waiver, "message": result.message + _expired_note(waiver)})
        results.append(result)
    return host.model_copy(update={"results": results})

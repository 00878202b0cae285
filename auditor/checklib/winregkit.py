"""Helpers the Windows registry/service/feature checks share.

Most Windows hardening checks read one or a few registry values, apply Windows' documented
default when the value is not configured, and compare. This module does that once, so each check
states only its rule (key, default, test, what is wanted) and its verdicts read alike:
"LmCompatibilityLevel not configured (Windows default 3)". Pure: facts in, Verdicts out.
The *_case helpers build recorded facts for check cases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.checklib.checkdef import Facts, Verdict
from auditor.probes.win_features import FEATURES, WIN_FEATURES
from auditor.probes.win_os import DOMAIN_CONTROLLER, WIN_OS, WORKSTATION
from auditor.probes.win_registry_policy import KEYS, WIN_REGISTRY_POLICY, RegistryValue
from auditor.probes.win_services import SERVICES, WIN_SERVICES, WinService


@dataclass(frozen=True)
class Rule:
    """One registry value and what it must be.

    `default` is the value Windows behaves as when nothing is configured (None: no documented
    default, the test then receives None). `ok` tests the effective value.
    """

    key: str
    ok: Callable[[int | None], bool]
    want: str
    default: int | None = None
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.key.rsplit("\\", 1)[-1]


@dataclass(frozen=True)
class Reading:
    value: int | None
    text: str


def value(facts: Facts, key: str) -> RegistryValue | Verdict:
    """The raw value (None = not configured), or cannot-assess when it was not collected."""
    policy = facts.get(WIN_REGISTRY_POLICY)
    if not policy.collected(key):
        return Verdict.cannot_assess(f"{key} was not collected")
    return policy.values[key]


def read(facts: Facts, rule: Rule) -> Reading | Verdict:
    """The effective integer value of a rule's key and how to show it."""
    raw = value(facts, rule.key)
    if isinstance(raw, Verdict):
        return raw
    if raw is None:
        shown = "not configured" + (f" (Windows default {rule.default})" if rule.default is not None else "")
        return Reading(rule.default, f"{rule.name} {shown}")
    if not isinstance(raw, int):
        return Verdict.cannot_assess(f"{rule.name} is not a number: {str(raw)[:60]!r} (wrong registry type?)")
    return Reading(raw, f"{rule.name} = {raw}")


def require(facts: Facts, rules: Sequence[Rule], *, why: str) -> Verdict:
    """Pass when every rule holds; otherwise fail, naming each value that does not (and what is wanted)."""
    good: list[str] = []
    bad: list[str] = []
    for rule in rules:
        reading = read(facts, rule)
        if isinstance(reading, Verdict):
            return reading
        if rule.ok(reading.value):
            good.append(reading.text)
        else:
            bad.append(f"{reading.text} (want {rule.want})")
    if bad:
        return Verdict.failed(f"{'; '.join(bad)}: {why}", tuple(bad + good))
    return Verdict.passed("; ".join(good), tuple(good))


def equals(*allowed: int) -> Callable[[int | None], bool]:
    return lambda found: found in allowed


def at_least(minimum: int) -> Callable[[int | None], bool]:
    return lambda found: found is not None and found >= minimum


def service(facts: Facts, name: str) -> WinService | Verdict:
    services = facts.get(WIN_SERVICES).services
    if name not in services:
        return Verdict.cannot_assess(f"service {name} was not collected")
    return services[name]


def setting_flag(facts: Facts, name: str) -> bool:
    """A yes/no setting (inventory variables are text): true, yes, 1 and on count as yes."""
    found = facts.setting(name, False)
    if isinstance(found, bool):
        return found
    return str(found).strip().lower() in ("true", "yes", "1", "on")


def product_type(facts: Facts) -> int | None:
    """1 workstation, 2 domain controller, 3 server (Win32_OperatingSystem.ProductType)."""
    return facts.get(WIN_OS).product_type


# --- recorded facts for check cases -------------------------------------------------------------


def registry_case(values: Mapping[str, RegistryValue] | None = None) -> dict[str, Any]:
    """A win_registry_policy fact: every value not configured except those given."""
    unknown = set(values or {}) - KEYS
    if unknown:
        raise ValueError(f"not a collected registry value: {sorted(unknown)}")
    return {WIN_REGISTRY_POLICY.name: {"values": {key: None for key in sorted(KEYS)} | dict(values or {})}}


def services_case(**overrides: tuple[str, str] | None) -> dict[str, Any]:
    """A win_services fact: Windows Server 2022 defaults, with (start mode, state) or None (absent) overrides."""
    defaults: dict[str, tuple[str, str] | None] = {
        "wuauserv": ("Manual", "Running"),
        "UsoSvc": ("Auto", "Running"),
        "BITS": ("Manual", "Stopped"),
        "RemoteRegistry": ("Auto", "Running"),
        "Spooler": ("Auto", "Running"),
        "WinRM": ("Auto", "Running"),
        "TermService": ("Manual", "Running"),
        "SSDPSRV": ("Manual", "Stopped"),
        "upnphost": ("Manual", "Stopped"),
        "TlntSvr": None,
        "SNMP": None,
    }
    if not set(overrides) <= set(SERVICES) == set(defaults):
        raise ValueError(f"not a collected service: {sorted(set(overrides) - set(SERVICES))}")
    merged = defaults | overrides
    return {
        WIN_SERVICES.name: {
            "services": {
                name: {"present": False}
                if entry is None
                else {"present": True, "start_mode": entry[0], "state": entry[1]}
                for name, entry in merged.items()
            }
        }
    }


def features_case(**overrides: str | None) -> dict[str, Any]:
    """A win_features fact: every feature disabled, except the states given."""
    if not set(overrides) <= set(FEATURES):
        raise ValueError(f"not a collected feature: {sorted(set(overrides) - set(FEATURES))}")
    states: dict[str, str | None] = {name: "disabled" for name in FEATURES}
    return {WIN_FEATURES.name: {"features": states | overrides}}


def win_os_case(**overrides: Any) -> dict[str, Any]:
    """A win_os fact: the case default (Windows Server 2022 member server) with fields replaced."""
    from auditor.checklib.registry import CASE_WIN_OS  # the loader's default Windows identity, kept in one place

    return {WIN_OS.name: dict(CASE_WIN_OS) | overrides}


def win_release_fact(
    build: str, edition: str, *, product_type: int = WORKSTATION, caption: str = "Microsoft Windows"
) -> dict[str, Any]:
    """A bare win_os fact for one build and edition: what the end-of-support lookup keys on."""
    return {
        "caption": caption,
        "version": f"10.0.{build}",
        "build_number": build,
        "current_build": build,
        "product_type": product_type,
        "edition_id": edition,
        "installation_type": "Client" if product_type == WORKSTATION else "Server",
    }


WINDOWS_11_PRO = {
    "caption": "Microsoft Windows 11 Pro",
    "version": "10.0.22631",
    "build_number": "22631",
    "product_type": WORKSTATION,
    "product_name": "Windows 10 Pro",
    "edition_id": "Professional",
    "display_version": "23H2",
    "current_build": "22631",
    "ubr": 4460,
    "installation_type": "Client",
}
DOMAIN_CONTROLLER_2019 = {
    "caption": "Microsoft Windows Server 2019 Standard",
    "version": "10.0.17763",
    "build_number": "17763",
    "product_type": DOMAIN_CONTROLLER,
    "product_name": "Windows Server 2019 Standard",
    "edition_id": "ServerStandard",
    "display_version": None,
    "release_id": "1809",
    "current_build": "17763",
    "ubr": 6532,
}

REGISTRY_NOT_READ = {WIN_REGISTRY_POLICY.name: "win_registry_policy failed: UnauthorizedAccessException: access denied"}

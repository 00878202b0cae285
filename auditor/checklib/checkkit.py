"""Small helpers the check modules share: reading settings, sshd options, sysctl expectations.

Check modules may import only auditor and a few stdlib modules (tests/checks/test_library.py), so
what several checks would otherwise repeat lives here. Every helper is pure: facts in, values or
Verdicts out.

Settings come from inventory variables (`auditor_NAME=...`, strings in INI files), the config
file (TOML values) and profiles (YAML values), so the readers accept both a native value and its
text form: "48" for 48, "audit,backup" for ["audit", "backup"].
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from auditor.checklib.checkdef import Facts, Verdict
from auditor.probes.config_files import CONFIG_FILES
from auditor.probes.file_modes import FILE_MODES
from auditor.probes.kernel_params import KERNEL_PARAMS
from auditor.probes.packages import PACKAGES, Packages
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

NO_SSHD = "no OpenSSH server installed"
# What a required file the host reports missing makes of a file-mode check.
MissingFile = Literal["fail", "not_applicable", "error"]


def setting_list(facts: Facts, name: str, default: Iterable[str] = ()) -> tuple[str, ...]:
    """A list setting: a list/tuple, or a string of items separated by commas or spaces."""
    value = facts.setting(name, None)
    if value is None:
        return tuple(default)
    if isinstance(value, str):
        return tuple(item for item in re.split(r"[,\s]+", value) if item)
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(str(item) for item in value)
    return (str(value),)


def setting_number(facts: Facts, name: str, default: float) -> float:
    """A numeric setting; a value that is not a number falls back to the default (never crashes a check)."""
    value = facts.setting(name, default)
    if isinstance(value, bool):
        return default
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def setting_text(facts: Facts, name: str, default: str) -> str:
    value = facts.setting(name, default)
    return value if isinstance(value, str) else str(value)


def sshd_option(facts: Facts, keyword: str) -> str | Verdict:
    """The effective value of an sshd keyword, or the Verdict to return (no sshd, value not reported)."""
    sshd = facts.get(SSHD_EFFECTIVE)
    if not sshd.installed:
        return Verdict.not_applicable(NO_SSHD)
    value = sshd.value(keyword)
    if value is None:
        return Verdict.cannot_assess(f"sshd -T did not report {keyword.lower()}")
    return value


def sshd_list(facts: Facts, keyword: str) -> tuple[str, ...] | Verdict:
    """A comma-separated sshd option (ciphers, macs, kexalgorithms) as a tuple, or the Verdict to return."""
    value = sshd_option(facts, keyword)
    if isinstance(value, Verdict):
        return value
    return tuple(item.strip() for item in value.split(",") if item.strip())


def sshd_yes_no(facts: Facts, keyword: str, *, want: str, why: str) -> Verdict:
    """Pass when a yes/no sshd option has the wanted value."""
    value = sshd_option(facts, keyword)
    if isinstance(value, Verdict):
        return value
    shown = f"{keyword} {value}"
    if value.lower() == want:
        return Verdict.passed(shown)
    return Verdict.failed(f"{shown}: {why}")


def packages_or_verdict(facts: Facts) -> Packages | Verdict:
    """The package fact, or cannot-assess when the host has no package database auditor reads."""
    packages = facts.get(PACKAGES)
    if packages.manager == "none":
        return Verdict.cannot_assess("no package database auditor can read on this host")
    return packages


def installed_details(packages: Packages, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"{name} {packages.packages[name]}" for name in packages.installed(names))


Expectation = Callable[[str], bool]


def equals(*allowed: str) -> Expectation:
    return lambda value: value in allowed


def at_least(minimum: int) -> Expectation:
    return lambda value: value.lstrip("-").isdigit() and int(value) >= minimum


def sysctl_verdict(
    facts: Facts,
    expected: Mapping[str, tuple[Expectation, str]],
    *,
    absent: str = "fail",
    absent_reason: str = "",
) -> Verdict:
    """Compare kernel parameters with expectations: {key: (test, "what is wanted")}.

    A key the kernel does not have (listed as missing by the probe) fails when absent="fail" (the
    protection does not exist), or is skipped when absent="skip" (e.g. IPv6 keys on a host without
    IPv6); if every key is skipped the check does not apply. A key the probe did not collect at all
    (evidence from an older auditor) means the check cannot be assessed.
    """
    params = facts.get(KERNEL_PARAMS)
    good: list[str] = []
    bad: list[str] = []
    skipped: list[str] = []
    for key, (test, wanted) in expected.items():
        value = params.get(key)
        if value is None:
            if key not in params.missing:
                return Verdict.cannot_assess(f"{key} was not collected")
            if absent == "skip":
                skipped.append(key)
            else:
                bad.append(f"{key} not available in this kernel (want {wanted})")
            continue
        (good if test(value) else bad).append(f"{key} = {value}" + ("" if test(value) else f" (want {wanted})"))
    if not good and not bad:
        return Verdict.not_applicable(absent_reason or f"kernel has none of {', '.join(skipped)}")
    if bad:
        return Verdict.failed(f"{len(bad)} of {len(bad) + len(good)} parameter(s) not hardened", tuple(bad + good))
    return Verdict.passed(f"{len(good)} parameter(s) hardened", tuple(good))


def sysctl_case(values: Mapping[str, str], missing: Iterable[str] = ()) -> dict[str, Any]:
    """A kernel_params fact for a recorded case."""
    return {"kernel_params": {"values": dict(values), "missing": list(missing)}}


LOGIN_DEFS = "/etc/login.defs"


def login_defs_number(facts: Facts, name: str) -> int | Verdict | None:
    """A numeric /etc/login.defs setting; None when the file does not set it, a Verdict when unreadable."""
    config = facts.get(CONFIG_FILES)
    if LOGIN_DEFS in config.unreadable:
        return Verdict.cannot_assess(f"{LOGIN_DEFS} could not be read")
    if LOGIN_DEFS not in config.files:
        return Verdict.cannot_assess(f"no {LOGIN_DEFS}")
    value = config.keyword(LOGIN_DEFS, name)
    if value is None:
        return None
    try:
        return int(value, 8) if value.startswith("0") and len(value) > 1 else int(value)
    except ValueError:
        return Verdict.cannot_assess(f"{name} in {LOGIN_DEFS} is not a number: {value!r}")


def config_case(files: Mapping[str, Iterable[str]], unreadable: Iterable[str] = ()) -> dict[str, Any]:
    """A config_files fact for a recorded case."""
    return {
        "config_files": {"files": {path: list(lines) for path, lines in files.items()}, "unreadable": list(unreadable)}
    }


def matches_any(path: str, patterns: Iterable[str]) -> bool:
    """Whether a path matches one of the shell-style glob patterns (* also matches /)."""
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def weak_sshd_algorithms(
    facts: Facts, *, keyword: str, weak: Iterable[str], setting: str, weak_noun: str, offered_noun: str
) -> Verdict:
    """The template of ssh-weak-ciphers, -macs and -kex: fail when sshd offers any algorithm from
    `weak` or from the host's `setting` list; the offered list is the verdict's details."""
    offered = sshd_list(facts, keyword)
    if isinstance(offered, Verdict):
        return offered
    refused = set(weak) | set(setting_list(facts, setting))
    found = tuple(name for name in offered if name in refused)
    if found:
        return Verdict.failed(f"weak {weak_noun}(s) offered: {', '.join(found)}", offered)
    return Verdict.passed(f"{len(offered)} {offered_noun}(s) offered, none weak", offered)


def root_file_modes(
    facts: Facts,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    allowed_bits: int,
    groups: Iterable[str] = (),
    when_missing: MissingFile = "fail",
) -> Verdict:
    """The template of the account-file permission checks: each file present must be root-owned
    (and owned by one of `groups` when given) with no mode bit beyond `allowed_bits`.

    A required file the host reports missing fails, or, per `when_missing`, makes the check not
    applicable (an optional database such as /etc/gshadow checked on its own) or not assessable.
    A required file the probe did not report at all (cut-off output) cannot be assessed.
    """
    modes = facts.get(FILE_MODES)
    needed = tuple(required)
    owners = tuple(groups)
    problems: list[str] = []
    seen: list[str] = []
    for path in (*needed, *optional):
        mode = modes.get(path)
        if mode is None:
            if path not in needed:
                continue
            if path not in modes.missing:
                return Verdict.cannot_assess(f"{path} was not examined")
            if when_missing == "not_applicable":
                return Verdict.not_applicable(f"no {path}")
            if when_missing == "error":
                return Verdict.cannot_assess(f"{path} is missing")
            problems.append(f"{path} is missing")
            continue
        seen.append(f"{path} {mode.mode} {mode.owner}:{mode.group}")
        if mode.bits & ~allowed_bits:
            problems.append(f"{path} has mode {mode.mode} (allowed: {allowed_bits:04o} or tighter)")
        if mode.uid != 0:
            problems.append(f"{path} is owned by {mode.owner} (uid {mode.uid}), not root")
        if owners and mode.group not in owners:
            problems.append(f"{path} belongs to group {mode.group}, not {' or '.join(owners)}")
    if problems:
        return Verdict.failed("; ".join(problems), tuple(seen))
    return Verdict.passed(", ".join(seen))

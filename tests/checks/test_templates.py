"""Each template refuses parameters it cannot honour, with a message naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from auditor.checklib.templates import template_named

GOOD: dict[str, dict[str, Any]] = {
    "sysctl": {"expect": {"kernel.dmesg_restrict": "1"}, "absent": "fail"},
    "sshd-option": {"keyword": "x11forwarding", "label": "X11Forwarding", "fail_when": ["yes"]},
    "sshd-limit": {"keyword": "maxsessions", "label": "MaxSessions", "setting": "ssh_max_sessions", "default": 10},
    "sshd-weak-algorithms": {
        "keyword": "ciphers",
        "weak": ["3des-cbc"],
        "setting": "ssh_weak_ciphers",
        "weak_noun": "cipher",
        "offered_noun": "cipher",
    },
    "win-registry": {
        "rules": [{"key": "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\NoLMHash", "equals": [1], "want": "1"}],
        "why": "LM hashes are stored",
    },
    "file-modes": {"required": ["/etc/shadow"], "allowed_bits": "0640"},
    "file-stats": {
        "files": [{"path": "/etc/crontab", "max_mode": "0600", "groups": ["root"]}],
        "noun": "cron path(s)",
        "absent": "no cron",
    },
    "mount-options": {"mount_point": "/tmp", "separate_required": True},
    "login-defs-minimum": {
        "keyword": "PASS_MIN_DAYS",
        "setting": "password_min_days",
        "default": 1,
        "setting_doc": "Fewest days between password changes.",
    },
    "win-audit-policy": {"required": {"0CCE9215-69AE-11D9-BED3-505054503030": 3}, "what": "logon"},
    "win-account-policy": {
        "field": "password_history",
        "bound": "at_least",
        "setting": "windows_password_history",
        "default": 24,
        "setting_doc": "Fewest remembered passwords a new one must differ from.",
        "shown": "{value} password(s) remembered",
        "unset": {"zero": True},
    },
    "win-firewall-profiles": {
        "rule": "enabled",
        "passed": "firewall on in every profile",
        "failed": "firewall off in the {profiles} profile(s)",
    },
    "win-features-absent": {
        "features": ["TelnetClient"],
        "passed": "no Telnet client",
        "failed": "Telnet client installed",
        "context": [{"feature": "NetFx3", "label": ".NET 3.5", "enabled": "and .NET 3.5"}],
    },
    "win-defender-on": {
        "protections": [{"field": "realtime_enabled", "label": "real-time protection"}],
        "passed": "real-time protection is on",
    },
    "win-builtin-account": {"rid": 501, "account": "Guest", "absent": "pass"},
    "win-rdp": {
        "setting": "nla",
        "want": 1,
        "unset": {"passed": "not set: Windows' default requires NLA"},
        "passed": "NLA required ({source})",
        "failed": "NLA not required ({value}, {source})",
    },
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_parameters_build_an_evaluate_function(name: str) -> None:
    template = template_named(name)
    assert template is not None
    assert callable(template.build(template.params.model_validate(GOOD[name])))


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("sysctl", {"expect": {"kernel.x": {"equals": ["1"], "at_least": 1, "want": "1"}}}, "exactly one of equals"),
        ("sysctl", {"expect": {"kernel.x": 1}}, "Input should be a valid string"),
        ("sshd-option", {"pass_when": ["no"]}, "exactly one of pass_when and fail_when"),
        ("sshd-option", {"keyword": "X11Forwarding"}, "keyword"),
        ("sshd-limit", {"default": -1}, "default"),
        ("sshd-weak-algorithms", {"weak": []}, "weak"),
        ("win-registry", {"rules": [{"key": "HKLM:\\Nope", "equals": [1], "want": "1"}]}, "not a value the"),
        ("win-registry", {"rules": []}, "rules"),
        ("file-modes", {"allowed_bits": "640"}, "allowed_bits"),
        ("file-modes", {"allowed_bits": "0999"}, "allowed_bits"),
        ("file-modes", {"when_missing": "skip"}, "when_missing"),
        ("file-stats", {"files": [{"path": "/etc/hosts", "max_mode": "0644"}]}, "not a path the file_stats probe"),
        ("file-stats", {"files": [{"path": "/etc/crontab", "max_mode": "600"}]}, "max_mode"),
        ("file-stats", {"files": []}, "files"),
        ("file-stats", {"files": [{"path": "/etc/crontab", "max_mode": "0600", "setting": "x"}]}, "setting_doc"),
        ("mount-options", {"mount_point": "tmp"}, "mount_point"),
        ("login-defs-minimum", {"keyword": "pass_min_days"}, "keyword"),
        ("win-audit-policy", {"required": {"{0cce9215-69ae-11d9-bed3-505054503030}": 3}}, "not a subcategory GUID"),
        ("win-audit-policy", {"required": {"0CCE9215-69AE-11D9-BED3-505054503030": 4}}, "required"),
        ("win-account-policy", {"field": "computer_role"}, "not a number of the win_account_policy fact"),
        ("win-account-policy", {"unset": {"zero": True, "error": "no value"}}, "exactly one of zero"),
        ("win-account-policy", {"shown": "remembered"}, "shown"),
        ("win-account-policy", {"bound": "between"}, "bound"),
        ("win-firewall-profiles", {"rule": "outbound-blocked"}, "rule"),
        ("win-firewall-profiles", {"failed": "firewall off"}, "failed"),
        ("win-rdp", {"setting": "encryption"}, "setting"),
        ("win-rdp", {"unset": {"passed": "a", "failed": "b"}}, "exactly one of passed and failed"),
        ("win-features-absent", {"features": ["Telnet"]}, "not a feature the win_features probe collects"),
        ("win-features-absent", {"context": [{"feature": "NetFx4", "label": "x", "enabled": "y"}]}, "NetFx4"),
        ("win-features-absent", {"features": []}, "features"),
        ("win-defender-on", {"protections": [{"field": "service_enabled", "label": "service"}]}, "not a protection"),
        ("win-defender-on", {"protections": []}, "protections"),
        ("win-builtin-account", {"rid": 1001}, "rid"),
        ("win-builtin-account", {"absent": "fail"}, "absent"),
        ("sysctl", {"surprise": 1}, "surprise"),
    ],
)
def test_bad_parameters_are_refused(name: str, change: dict[str, Any], message: str) -> None:
    template = template_named(name)
    assert template is not None
    with pytest.raises(ValidationError, match=message.replace("{", r"\{")):
        template.params.model_validate(GOOD[name] | change)

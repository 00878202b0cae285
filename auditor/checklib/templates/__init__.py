"""Check templates: the logic of a family of look-alike checks, written once.

A family (kernel parameters, sshd options, Windows registry values, file modes, ...) is one
Template here; each check of the family is a row in a YAML file of the check library
(checks/<category>/<family>.yaml) carrying the check's full metadata (validated by CheckMeta, the
same model as a check module's META), the template's parameters (`with:`) and its own recorded
pass and fail cases. auditor.checklib.rows turns a row file into Check objects; the registry
loads them beside the check modules and validates them the same way.

Templates are found by name through a table of dotted paths and imported only when a row file
names them, so a library without row files never imports a template.
"""

from __future__ import annotations

import importlib

from auditor.checklib.templates.base import Template

# template name -> "module:attribute" of its Template
_TABLE: dict[str, str] = {
    "sysctl": "auditor.checklib.templates.sysctl:SYSCTL",
    "sshd-option": "auditor.checklib.templates.sshd:SSHD_OPTION",
    "sshd-limit": "auditor.checklib.templates.sshd:SSHD_LIMIT",
    "sshd-weak-algorithms": "auditor.checklib.templates.sshd:SSHD_WEAK_ALGORITHMS",
    "win-registry": "auditor.checklib.templates.winregistry:WIN_REGISTRY",
    "file-modes": "auditor.checklib.templates.filemodes:ROOT_FILE_MODES",
    "file-stats": "auditor.checklib.templates.filestats:ROOT_FILE_STATS",
    "mount-options": "auditor.checklib.templates.mounts:MOUNT_OPTIONS",
    "login-defs-minimum": "auditor.checklib.templates.logindefs:LOGIN_DEFS_MINIMUM",
    "win-audit-policy": "auditor.checklib.templates.winaudit:WIN_AUDIT",
    "win-account-policy": "auditor.checklib.templates.winpolicy:WIN_ACCOUNT_POLICY_NUMBER",
    "win-firewall-profiles": "auditor.checklib.templates.winfirewall:WIN_FIREWALL_PROFILES",
    "win-rdp": "auditor.checklib.templates.winrdp:WIN_RDP_SETTING",
    "win-features-absent": "auditor.checklib.templates.winfeatures:WIN_FEATURES_ABSENT",
    "win-defender-on": "auditor.checklib.templates.windefender:WIN_DEFENDER_ON",
    "win-builtin-account": "auditor.checklib.templates.winaccount:WIN_BUILTIN_ACCOUNT",
}


def template_names() -> tuple[str, ...]:
    """Every template a row file may name, in table order."""
    return tuple(_TABLE)


def template_named(name: str) -> Template | None:
    """The template called `name`, imported on first use; None for an unknown name."""
    target = _TABLE.get(name)
    if target is None:
        return None
    module_name, _, attribute = target.partition(":")
    template = getattr(importlib.import_module(module_name), attribute)
    assert isinstance(template, Template)
    return template

"""`auditor fix`: an Ansible playbook that fixes the failed, fixable findings of a stored run.

One play per host that has such findings, with tasks from the fix catalogue
(auditor/data/remediation.yaml, auditor.checklib.fixes), each tagged with the ids of the failed
checks that name the fix in their metadata, so that
`--tags ssh-root-login` or `--skip-tags files-world-writable` choose fixes and `--check --diff`
shows what would change first. Fixes that can lock people out or stop a service are opt-in
(Ansible's `never` tag). Failed checks without an automatic fix are listed per host as comments.

Host output is data, never code: the playbook is built from the catalogue's constant tasks; the
only values taken from a run are inventory host names (checked) and, for account fixes, account
names from a check's details, which must match a strict pattern and are written with Ansible's
`!unsafe` tag so that no template in them is ever evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import yaml
from pydantic import BaseModel

from auditor.checklib.fixes import Catalogue, Fix, load_catalogue, served_checks
from auditor.core.models import Status
from auditor.core.runmodel import HostReport, Run

_ACCOUNT = re.compile(r"[a-z_][a-z0-9_.-]{0,31}\$?")
_HOST_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,252}")
OPT_IN_TAG = "never"


class Unsafe(str):
    """A value from a run (an account name): dumped as `!unsafe`, which Ansible never templates."""

    __slots__ = ()


class _Dumper(yaml.SafeDumper):
    """Plain YAML a person reviews: no anchors or aliases, multi-line text as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _unsafe(dumper: yaml.SafeDumper, value: Unsafe) -> yaml.Node:
    return dumper.represent_scalar("!unsafe", str(value), style="'")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(Unsafe, _unsafe)
_Dumper.add_representer(str, _text)


def _accounts(details: Sequence[str]) -> list[str]:
    """Account names from a check's details ('toor (uid 0, shell /bin/bash)'); others are dropped."""
    names = []
    for line in details:
        name = line.split(" ", 1)[0]
        if _ACCOUNT.fullmatch(name) and name != "root":
            names.append(name)
    return list(dict.fromkeys(names))


def _python_bootstrap(family: str | None) -> list[dict[str, Any]]:
    """Ansible's modules need Python on the host; install it with apt-get where it is missing."""
    check: dict[str, Any] = {
        "name": "Is Python 3 there for Ansible's modules? (read only)",
        "ansible.builtin.raw": "command -v python3",
        "register": "auditor_python",
        "changed_when": False,
        "failed_when": False,
        "check_mode": False,
        "tags": ["always"],
    }
    refuse: dict[str, Any] = {
        "name": "Python 3 is missing",
        "ansible.builtin.fail": {"msg": "python3 is missing on this host: a run without --check installs it"},
        "when": "auditor_python.rc != 0 and ansible_check_mode",
        "tags": ["always"],
    }
    if family != "debian":
        refuse["ansible.builtin.fail"]["msg"] = "python3 is missing on this host: install it first"
        refuse["when"] = "auditor_python.rc != 0"
        return [check, refuse]
    install: dict[str, Any] = {
        "name": "Install Python 3 (apt-get) where it is missing",
        "ansible.builtin.raw": "DEBIAN_FRONTEND=noninteractive apt-get -q -y install python3 python3-apt",
        "when": "auditor_python.rc != 0 and not ansible_check_mode",
        "tags": ["always"],
    }
    return [check, install, refuse]


class HostPlan(BaseModel):
    host: str
    client: str
    fixes: list[Fix]
    items: dict[str, list[str]]  # fix id -> account names
    manual: list[str]  # failed checks without an automatic fix (or not for this OS family)


def plan_host(host: HostReport, catalogue: Catalogue, served: Mapping[str, Sequence[str]]) -> HostPlan:
    """The fixes for one host's failed checks; `served` maps a fix id to the checks naming it."""
    failed = {r.check_id: r for r in host.results if r.status is Status.FAIL}
    fixes: list[Fix] = []
    items: dict[str, list[str]] = {}
    covered: set[str] = set()
    for fix in catalogue.fixes:
        hit = [check for check in served.get(fix.id, ()) if check in failed]
        if not hit or (fix.families and host.os_family not in fix.families):
            continue
        if fix.items_from_details == "account":
            names = _accounts([line for check in hit for line in failed[check].details])
            if not names:
                continue
            items[fix.id] = names
        fixes.append(fix)
        covered.update(hit)
    manual = sorted(set(failed) - covered)
    return HostPlan(host=host.name, client=host.client, fixes=fixes, items=items, manual=manual)


def _tagged(task: Mapping[str, Any], tags: list[str]) -> dict[str, Any]:
    return {**task, "tags": tags}


def _play(
    plan: HostPlan, *, host: HostReport, catalogue: Catalogue, served: Mapping[str, Sequence[str]], failed: set[str]
) -> dict[str, Any]:
    tasks: list[dict[str, Any]] = []
    notified: set[str] = set()
    for fix in plan.fixes:
        tags = [check for check in served[fix.id] if check in failed] + ([OPT_IN_TAG] if fix.opt_in else [])
        play_vars = {"auditor_items": [Unsafe(name) for name in plan.items[fix.id]]} if fix.id in plan.items else None
        for task in fix.tasks:
            built = _tagged(task, tags)
            if play_vars is not None:
                built["vars"] = play_vars
            notify = task.get("notify")
            if isinstance(notify, str):
                notified.add(notify)
            tasks.append(built)
    handlers = [dict(handler) for handler in catalogue.handlers if handler.get("name") in notified]
    play: dict[str, Any] = {
        "name": f"auditor fix: {plan.host} (client {plan.client})",
        "hosts": plan.host,
        "become": True,
        "gather_facts": False,
        "pre_tasks": _python_bootstrap(host.os_family),
        "tasks": tasks,
    }
    if handlers:
        play["handlers"] = handlers
    return play


def render_playbook(
    run: Run,
    *,
    catalogue: Catalogue | None = None,
    served: Mapping[str, Sequence[str]] | None = None,
    now: datetime | None = None,
) -> tuple[str, str]:
    """(playbook text, a one-line summary) for the failed, fixable findings of `run`.

    `served` (fix id -> checks naming it) defaults to what the installed check library says.
    """
    catalogue = catalogue or load_catalogue()
    if served is None:
        from auditor.checklib.registry import load_checks

        served = served_checks(catalogue, load_checks())
    moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    header = [
        f"# Remediation for auditor run {run.info.id} ({run.info.inventory}), written {moment}.",
        "# Review it, then try it in check mode first, then apply (same inventory as the audit):",
        "#   ansible-playbook -i INVENTORY fix.yml --check --diff",
        "#   ansible-playbook -i INVENTORY fix.yml [--limit HOST] [--tags CHECK-ID] [--skip-tags CHECK-ID]",
        "# Tasks are tagged with the check ids they fix. Fixes tagged `never` (firewall policy, removing",
        "# accounts, reboot) run only when asked for: --tags all,firewall-active,accounts-extra-uid0.",
        "# Then audit again: the fixed checks pass.",
    ]
    plays: list[dict[str, Any]] = []
    fixed = 0
    hosts = 0
    manual_total = 0
    for host in run.hosts:
        if not host.assessed:
            header.append(f"# {host.name}: not assessed in this run ({host.error_kind}); nothing to fix from it.")
            continue
        if not _HOST_NAME.fullmatch(host.name):
            header.append("# a host with an unusual inventory name was skipped; fix it by hand.")
            continue
        plan = plan_host(host, catalogue, served)
        failed = {r.check_id for r in host.results if r.status is Status.FAIL}
        if plan.manual:
            manual_total += len(plan.manual)
            header.append(f"# {host.name}: no automatic fix for: {', '.join(plan.manual)}")
        if not plan.fixes:
            continue
        hosts += 1
        fixed += len(failed) - len(plan.manual)
        plays.append(_play(plan, host=host, catalogue=catalogue, served=served, failed=failed))
    body = yaml.dump(plays, Dumper=_Dumper, sort_keys=False, width=120, allow_unicode=True) if plays else "[]\n"
    text = "\n".join(header) + "\n---\n" + body
    summary = (
        f"{fixed} failed check(s) on {hosts} host(s) have a fix in the playbook; "
        f"{manual_total} need a person (listed at the top)"
    )
    return text, summary

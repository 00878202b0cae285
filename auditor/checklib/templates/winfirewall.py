"""Template `win-firewall-profiles`: every Windows Firewall profile (Domain, Private, Public) meets one rule.

Row parameters:
    rule: enabled | inbound-blocked | logs-dropped
          enabled          the profile is on (not configured counts as on: Windows' default)
          inbound-blocked  the profile is on and blocks inbound traffic by default
          logs-dropped     dropped packets are logged, to a log of at least `log_min_kb` (host setting
                           windows_firewall_log_min_kb)
    passed: ...                     the verdict when every profile meets the rule
    failed: "... {profiles} ..."    the verdict otherwise; {profiles} names the profiles that do not

Each profile's state is a detail of the verdict; a profile the probe did not report could not be assessed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from auditor.checklib.checkdef import Facts, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.templates.base import Evaluate, Template
from auditor.checklib.winseckit import firewall_case
from auditor.probes.win_firewall import PROFILES, WIN_FIREWALL, FirewallProfile
from auditor.probes.win_os import WINDOWS_FAMILY

LOG_SETTING = "windows_firewall_log_min_kb"
# The CIS Benchmark size; Windows' default 4096 KB holds minutes of traffic on a busy server.
LOG_MIN_KB_DEFAULT = 16384
NOT_CONFIGURED = " (not configured: Windows' default)"
# One profile judged: (its detail line, whether it meets the rule).
Judge = Callable[[FirewallProfile, Facts], tuple[str, bool]]


def _enabled(profile: FirewallProfile, facts: Facts) -> tuple[str, bool]:
    state = "on" if profile.effective_enabled else "off"
    note = NOT_CONFIGURED if profile.enabled is None else ""
    return f"{profile.name}: {state}{note}", profile.effective_enabled


def _inbound_blocked(profile: FirewallProfile, facts: Facts) -> tuple[str, bool]:
    inbound = profile.effective_inbound
    note = NOT_CONFIGURED if profile.default_inbound is None else ""
    off = "" if profile.effective_enabled else ", profile off"
    return f"{profile.name}: inbound {inbound}{note}{off}", inbound == "Block" and profile.effective_enabled


def _logs_dropped(profile: FirewallProfile, facts: Facts) -> tuple[str, bool]:
    minimum = setting_number(facts, LOG_SETTING, LOG_MIN_KB_DEFAULT)
    problems = []
    if not profile.effective_log_blocked:
        problems.append("dropped packets not logged")
    if profile.log_max_kb is not None and profile.log_max_kb < minimum:
        problems.append(f"log limited to {profile.log_max_kb} KB (want >= {minimum:g})")
    shown = "; ".join(problems) or f"logging dropped packets, {profile.log_max_kb} KB"
    return f"{profile.name}: {shown}", not problems


RULES: dict[str, Judge] = {"enabled": _enabled, "inbound-blocked": _inbound_blocked, "logs-dropped": _logs_dropped}


class FirewallParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: Literal["enabled", "inbound-blocked", "logs-dropped"]
    passed: str = Field(min_length=1)
    failed: str = Field(pattern=r"\{profiles\}")


def build(params: FirewallParams) -> Evaluate:
    judge = RULES[params.rule]

    def evaluate(facts: Facts) -> Verdict:
        firewall = facts.get(WIN_FIREWALL)
        details: list[str] = []
        bad: list[str] = []
        for name in PROFILES:
            profile = firewall.profile(name)
            if profile is None:
                return Verdict.cannot_assess(f"the {name} profile was not reported")
            detail, ok = judge(profile, facts)
            details.append(detail)
            if not ok:
                bad.append(name)
        if bad:
            return Verdict.failed(params.failed.replace("{profiles}", ", ".join(bad)), tuple(details))
        return Verdict.passed(params.passed, tuple(details))

    return evaluate


def declared_settings(params: FirewallParams) -> tuple[Setting, ...]:
    """Only the logging rule reads a host setting: the smallest log size."""
    if params.rule != "logs-dropped":
        return ()
    return (Setting(name=LOG_SETTING, type=int, default=LOG_MIN_KB_DEFAULT, doc="Smallest firewall log size, in KB."),)


WIN_FIREWALL_PROFILES = Template(
    name="win-firewall-profiles",
    params=FirewallParams,
    build=build,
    facts=(WIN_FIREWALL.name,),
    families=frozenset({WINDOWS_FAMILY}),
    base_case=firewall_case(),
    settings=declared_settings,
)

"""ssh-idle-timeout: sshd ends unresponsive sessions within a bounded time.

ClientAliveInterval x ClientAliveCountMax is how long sshd waits for an unresponsive client
before it drops the session; 0 (the default) means never. The bound is the setting
ssh_idle_timeout_seconds (default 900, 15 minutes). Sessions that are idle but whose client
still answers are the shell's concern (accounts-shell-timeout).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number, sshd_option
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

DEFAULT_LIMIT = 900

META = CheckMeta(
    id="ssh-idle-timeout",
    title="SSH drops unresponsive sessions",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Sessions left open on a dead or abandoned client keep an authenticated channel alive that can be "
        "hijacked or reused; a keep-alive timeout closes them."
    ),
    remediation="Set ClientAliveInterval 300 and ClientAliveCountMax 3 (or less) in /etc/ssh/sshd_config.d/.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Remote sessions whose computer went away are kept open indefinitely.",
            why="An abandoned, already logged-in session can be hijacked or reused.",
            fix="Close remote sessions that stop responding after a few minutes.",
        ),
        fr=PlainWords(
            meaning="Les sessions à distance dont l'ordinateur a disparu restent ouvertes indéfiniment.",
            why="Une session abandonnée mais déjà authentifiée peut être détournée ou réutilisée.",
            fix="Fermer après quelques minutes les sessions à distance qui ne répondent plus.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={
        "cis-v8": ("4.3",),
        "nist-csf-2": ("PR.AA-03",),
        "iso27001-2022": ("A.8.5",),
        "hipaa": ("164.312(a)(2)(iii)",),
    },
    settings=(
        Setting(
            name="ssh_idle_timeout_seconds",
            type=int,
            default=DEFAULT_LIMIT,
            doc="Most idle seconds sshd keeps an unresponsive session.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    interval = sshd_option(facts, "clientaliveinterval")
    if isinstance(interval, Verdict):
        return interval
    count = sshd_option(facts, "clientalivecountmax")
    if isinstance(count, Verdict):
        return count
    if not (interval.isdigit() and count.isdigit()):
        return Verdict.cannot_assess(f"unusable values: ClientAliveInterval {interval!r}, CountMax {count!r}")
    limit = setting_number(facts, "ssh_idle_timeout_seconds", DEFAULT_LIMIT)
    shown = f"ClientAliveInterval {interval}, ClientAliveCountMax {count}"
    if int(interval) == 0 or int(count) == 0:
        return Verdict.failed(f"{shown}: unresponsive sessions are never dropped")
    total = int(interval) * int(count)
    if total > limit:
        return Verdict.failed(f"{shown}: dropped after {total}s (limit {limit:g}s)")
    return Verdict.passed(f"{shown}: dropped after {total}s (limit {limit:g}s)")


def _alive(interval: str, count: str = "3") -> dict[str, Any]:
    options = {"clientaliveinterval": [interval], "clientalivecountmax": [count]}
    return {"sshd_effective": {"installed": True, "options": options}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("300s x 3", _alive("300"), Status.PASS),
        Case("Debian default 0", _alive("0"), Status.FAIL),
        Case("30 minutes", _alive("600"), Status.FAIL),
        Case(
            "30 minutes allowed by setting", _alive("600"), Status.PASS, settings={"ssh_idle_timeout_seconds": "1800"}
        ),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

"""kernel-dmesg-restrict: the kernel log is readable by root only.

Kernel.dmesg_restrict = 1 keeps unprivileged users from reading the kernel ring buffer (dmesg),
which holds kernel addresses and hardware details. Kernel-wide.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="kernel-dmesg-restrict",
    title="The kernel log is readable by root only",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="The kernel log discloses addresses and driver details that help local privilege escalation.",
    remediation="Set kernel.dmesg_restrict = 1 in /etc/sysctl.d/60-kernel-hardening.conf and run sysctl --system.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Ordinary users can read the system's internal technical messages.",
            why="Those messages give details that help an intruder turn a small foothold into full control.",
            fix="Restrict the system's internal messages to the administrator.",
        ),
        fr=PlainWords(
            meaning="Les utilisateurs ordinaires peuvent lire les messages techniques internes du système.",
            why="Ces messages donnent des détails qui aident un intrus à transformer un petit accès en contrôle total.",
            fix="Réserver les messages internes du système à l'administrateur.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)

EXPECTED = {
    "kernel.dmesg_restrict": (equals("1"), "1"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian default 1", sysctl_case({"kernel.dmesg_restrict": "1"}, []), Status.PASS),
        Case("0", sysctl_case({"kernel.dmesg_restrict": "0"}, []), Status.FAIL),
    ),
)

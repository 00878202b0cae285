"""kernel-kptr-restrict: kernel pointers are hidden from unprivileged users.

Kernel.kptr_restrict >= 1 hides kernel addresses in /proc (kallsyms, modules) from users without
CAP_SYSLOG, which makes kernel exploits that need them harder to aim. A kernel-wide value: a
container sees (and cannot change) its host's.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import at_least, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="kernel-kptr-restrict",
    title="Kernel pointers are hidden from unprivileged users",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Kernel addresses leaked to unprivileged users defeat kernel address randomisation and help local kernel "
        "exploits."
    ),
    remediation=(
        "Set kernel.kptr_restrict = 1 (or 2) in /etc/sysctl.d/60-kernel-hardening.conf and run sysctl --system."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="The system reveals internal memory locations to ordinary users.",
            why=(
                "That defeats a protection against attacks and makes it easier to take full control from an "
                "ordinary account."
            ),
            fix="Hide internal memory locations from ordinary users.",
        ),
        fr=PlainWords(
            meaning="Le système révèle des emplacements mémoire internes aux utilisateurs ordinaires.",
            why=(
                "Cela neutralise une protection contre les attaques et facilite la prise de contrôle depuis un "
                "compte ordinaire."
            ),
            fix="Masquer les emplacements mémoire internes aux utilisateurs ordinaires.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)

EXPECTED = {
    "kernel.kptr_restrict": (at_least(1), "1 or 2"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("restricted", sysctl_case({"kernel.kptr_restrict": "1"}, []), Status.PASS),
        Case("open", sysctl_case({"kernel.kptr_restrict": "0"}, []), Status.FAIL),
    ),
)

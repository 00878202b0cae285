"""kernel-ptrace-scope: processes cannot trace other processes of the same user.

Kernel.yama.ptrace_scope >= 1 (Yama) limits ptrace to a process's own descendants, so malware
running as a user cannot read the memory of that user's ssh-agent or browser. A kernel without
Yama offers no such limit and fails. Kernel-wide.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import at_least, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="kernel-ptrace-scope",
    title="Processes cannot trace other processes of the same user",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Unrestricted ptrace lets any compromised process read secrets from every other process of the same user."
    ),
    remediation=(
        "Set kernel.yama.ptrace_scope = 1 in /etc/sysctl.d/60-kernel-hardening.conf (needs a kernel with Yama)."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Any program can look inside the memory of the user's other programs.",
            why="A single compromised program could read passwords and keys from everything else the user runs.",
            fix="Stop programs from inspecting other programs unless they started them.",
        ),
        fr=PlainWords(
            meaning="N'importe quel programme peut examiner la mémoire des autres programmes de l'utilisateur.",
            why=(
                "Un seul programme compromis pourrait lire les mots de passe et les clés de tout ce que "
                "l'utilisateur exécute."
            ),
            fix="Empêcher un programme d'examiner les autres programmes qu'il n'a pas lui-même lancés.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)

EXPECTED = {
    "kernel.yama.ptrace_scope": (at_least(1), "1, 2 or 3"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian default 1", sysctl_case({"kernel.yama.ptrace_scope": "1"}, []), Status.PASS),
        Case("0", sysctl_case({"kernel.yama.ptrace_scope": "0"}, []), Status.FAIL),
        Case("no Yama", sysctl_case({}, ["kernel.yama.ptrace_scope"]), Status.FAIL),
    ),
)

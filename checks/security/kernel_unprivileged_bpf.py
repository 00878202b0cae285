"""kernel-unprivileged-bpf: unprivileged users cannot load BPF programs.

Kernel.unprivileged_bpf_disabled >= 1 keeps users without CAP_BPF from loading eBPF programs, a
recurring source of kernel privilege escalations. Kernel-wide.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import at_least, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="kernel-unprivileged-bpf",
    title="Unprivileged users cannot load BPF programs",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Unprivileged eBPF has been the entry point of many local kernel exploits.",
    remediation="Set kernel.unprivileged_bpf_disabled = 1 in /etc/sysctl.d/60-kernel-hardening.conf.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Ordinary users can load small programs into the heart of the operating system.",
            why="This feature has been the way in for many attacks that turn an ordinary account into full control.",
            fix="Reserve this feature for the administrator.",
        ),
        fr=PlainWords(
            meaning=(
                "Les utilisateurs ordinaires peuvent charger de petits programmes au cœur du système d'exploitation."
            ),
            why=(
                "Cette fonction a servi de point d'entrée à de nombreuses attaques qui transforment un compte "
                "ordinaire en contrôle total."
            ),
            fix="Réserver cette fonction à l'administrateur.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)

EXPECTED = {
    "kernel.unprivileged_bpf_disabled": (at_least(1), "1 or 2"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="skip")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian default 2", sysctl_case({"kernel.unprivileged_bpf_disabled": "2"}, []), Status.PASS),
        Case("0", sysctl_case({"kernel.unprivileged_bpf_disabled": "0"}, []), Status.FAIL),
        Case("no BPF", sysctl_case({}, ["kernel.unprivileged_bpf_disabled"]), Status.NOT_APPLICABLE),
    ),
)

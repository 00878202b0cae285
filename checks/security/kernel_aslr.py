"""kernel-aslr: full address space layout randomisation (kernel.randomize_va_space = 2).

ASLR makes memory-corruption exploits unreliable; 2 also randomises the heap (brk). Values 0
or 1 are sometimes left behind by debugging or old tuning guides.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="kernel-aslr",
    title="Full ASLR is enabled",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale="Address space randomisation turns many memory-corruption bugs from reliable exploits into crashes.",
    remediation="Set kernel.randomize_va_space = 2 in /etc/sysctl.d/ (and remove any override), then sysctl --system.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="A built-in protection that makes common attacks unreliable is switched off.",
            why="Without it, many software bugs become reliable ways in for an attacker instead of mere crashes.",
            fix="Switch the memory-layout randomisation back on.",
        ),
        fr=PlainWords(
            meaning="Une protection intégrée qui rend les attaques courantes peu fiables est désactivée.",
            why=(
                "Sans elle, beaucoup de bugs logiciels deviennent des portes d'entrée fiables pour un attaquant "
                "au lieu de simples plantages."
            ),
            fix="Réactiver la répartition aléatoire de la mémoire.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("10.5",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)


def evaluate(facts: Facts) -> Verdict:
    value = facts.get(KERNEL_PARAMS).get("kernel.randomize_va_space")
    if value is None:
        return Verdict.cannot_assess("kernel.randomize_va_space could not be read")
    if value == "2":
        return Verdict.passed("kernel.randomize_va_space = 2")
    return Verdict.failed(f"kernel.randomize_va_space = {value} (expected 2)")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("full", {"kernel_params": {"values": {"kernel.randomize_va_space": "2"}}}, Status.PASS),
        Case("partial", {"kernel_params": {"values": {"kernel.randomize_va_space": "1"}}}, Status.FAIL),
        Case("off", {"kernel_params": {"values": {"kernel.randomize_va_space": "0"}}}, Status.FAIL),
        Case("missing", {"kernel_params": {"values": {}, "missing": ["kernel.randomize_va_space"]}}, Status.ERROR),
    ),
)

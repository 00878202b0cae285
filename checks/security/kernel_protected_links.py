"""kernel-protected-links: hard and symbolic link protections are on.

Fs.protected_hardlinks and fs.protected_symlinks = 1 stop the classic /tmp race attacks: a user
cannot make root follow their symlink in a sticky world-writable folder, or hard-link to a file
they do not own. Kernel-wide.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import equals, sysctl_case, sysctl_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="kernel-protected-links",
    title="Hard and symbolic link protections are on",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Without link protections, root-run programs that write in /tmp can be tricked into overwriting arbitrary "
        "files."
    ),
    remediation=(
        "Set fs.protected_hardlinks = 1 and fs.protected_symlinks = 1 in /etc/sysctl.d/ and run sysctl --system."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="A protection against a well-known trick with shortcut files is switched off.",
            why="Without it, programs running as administrator can be tricked into overwriting important files.",
            fix="Switch the shortcut-file protections back on.",
        ),
        fr=PlainWords(
            meaning="Une protection contre une astuce bien connue utilisant des fichiers raccourcis est désactivée.",
            why=(
                "Sans elle, des programmes exécutés en administrateur peuvent être piégés pour écraser des "
                "fichiers importants."
            ),
            fix="Réactiver les protections contre les fichiers raccourcis.",
        ),
    ),
    facts=(KERNEL_PARAMS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)

EXPECTED = {
    "fs.protected_hardlinks": (equals("1"), "1"),
    "fs.protected_symlinks": (equals("1"), "1"),
}


def evaluate(facts: Facts) -> Verdict:
    return sysctl_verdict(facts, EXPECTED, absent="fail")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("both on", sysctl_case({"fs.protected_hardlinks": "1", "fs.protected_symlinks": "1"}, []), Status.PASS),
        Case(
            "symlinks off", sysctl_case({"fs.protected_hardlinks": "1", "fs.protected_symlinks": "0"}, []), Status.FAIL
        ),
    ),
)

"""kernel-core-dumps: core dumps cannot leak the memory of privileged programs.

Two settings, as CIS benchmarks pair them: fs.suid_dumpable = 0 (set-uid programs never dump core,
kernel-wide) and a hard `core 0` limit for everyone in /etc/security/limits.conf or limits.d
(no process dumps memory - passwords, keys - to a file). Where systemd-coredump stores dumps,
Storage=none would count too, but is not read here.
"""

from __future__ import annotations

import re
from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import config_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="kernel-core-dumps",
    title="Core dumps are restricted",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "A core dump is a copy of a process's memory, including passwords and keys, written where others may read it."
    ),
    remediation=(
        "Set fs.suid_dumpable = 0 in /etc/sysctl.d/ and add '* hard core 0' to /etc/security/limits.d/60-coredump.conf."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="When a program crashes, a copy of its memory can be saved where others may read it.",
            why="That memory can hold passwords, keys and customer data.",
            fix="Stop the system from saving memory copies of crashed programs.",
        ),
        fr=PlainWords(
            meaning=(
                "Quand un programme plante, une copie de sa mémoire peut être enregistrée là où d'autres peuvent "
                "la lire."
            ),
            why="Cette mémoire peut contenir des mots de passe, des clés et des données clients.",
            fix="Empêcher le système d'enregistrer la mémoire des programmes plantés.",
        ),
    ),
    facts=(KERNEL_PARAMS.name, CONFIG_FILES.name),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.DS-01",), "iso27001-2022": ("A.8.9",)},
)

LIMITS = ("/etc/security/limits.conf", "/etc/security/limits.d/*.conf")
_HARD_CORE_0 = re.compile(r"^\*\s+hard\s+core\s+0\s*$")


def evaluate(facts: Facts) -> Verdict:
    dumpable = facts.get(KERNEL_PARAMS).get("fs.suid_dumpable")
    if dumpable is None:
        return Verdict.cannot_assess("fs.suid_dumpable was not collected")
    config = facts.get(CONFIG_FILES)
    limit = [
        f"{path}: {line}"
        for path, lines in config.matching(*LIMITS).items()
        for line in lines
        if _HARD_CORE_0.match(line)
    ]
    problems = []
    if dumpable != "0":
        problems.append(f"fs.suid_dumpable = {dumpable} (want 0)")
    if not limit:
        problems.append("no '* hard core 0' limit in /etc/security/limits.conf or limits.d")
    if problems:
        return Verdict.failed("; ".join(problems))
    return Verdict.passed(f"fs.suid_dumpable = 0 and {limit[0]}")


def _case(dumpable: str, limits: list[str]) -> dict[str, Any]:
    return {
        "kernel_params": {"values": {"fs.suid_dumpable": dumpable}},
        **config_case({"/etc/security/limits.d/60-coredump.conf": limits}),
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("both", _case("0", ["* hard core 0"]), Status.PASS),
        Case("no limit", _case("0", []), Status.FAIL),
        Case("set-uid programs dump", _case("2", ["* hard core 0"]), Status.FAIL),
    ),
)

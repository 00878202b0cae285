"""ssh-user-environment: sshd does not read users' ~/.ssh/environment.

With PermitUserEnvironment a user can set LD_PRELOAD and similar variables for their session's
processes, which can bypass ForceCommand and other restrictions.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import sshd_option
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-user-environment",
    title="SSH ignores user-supplied environment files",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Environment variables from ~/.ssh/environment (LD_PRELOAD, PATH) let a restricted user escape "
        "ForceCommand or restricted shells."
    ),
    remediation="Set PermitUserEnvironment no (the default) in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Users can change how their remote login session starts.",
            why="Someone given limited access could use it to escape those limits.",
            fix="Make the remote login service ignore users' own start-up settings.",
        ),
        fr=PlainWords(
            meaning="Les utilisateurs peuvent modifier la façon dont démarre leur session à distance.",
            why="Quelqu'un disposant d'un accès limité pourrait s'en servir pour sortir de ces limites.",
            fix=(
                "Faire ignorer par le service de connexion à distance les réglages de démarrage propres aux "
                "utilisateurs."
            ),
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)


def evaluate(facts: Facts) -> Verdict:
    value = sshd_option(facts, "permituserenvironment")
    if isinstance(value, Verdict):
        return value
    if value.lower() == "no":
        return Verdict.passed("PermitUserEnvironment no")
    # "yes" or a pattern list of variable names that may be set
    return Verdict.failed(f"PermitUserEnvironment {value}: users can set variables for their sessions")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "default no",
            {"sshd_effective": {"installed": True, "options": {"permituserenvironment": ["no"]}}},
            Status.PASS,
        ),
        Case(
            "yes", {"sshd_effective": {"installed": True, "options": {"permituserenvironment": ["yes"]}}}, Status.FAIL
        ),
        Case(
            "a pattern list",
            {"sshd_effective": {"installed": True, "options": {"permituserenvironment": ["LANG,LC_*"]}}},
            Status.FAIL,
        ),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

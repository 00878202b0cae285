"""ssh-ignore-rhosts: sshd ignores ~/.rhosts and ~/.shosts.

Trust based on the rhosts files is the rsh model: any user can grant access to their account by
writing a file. OpenSSH's default (yes) is right; a change is a finding.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import sshd_yes_no
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-ignore-rhosts",
    title="SSH ignores rhosts files",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale="Per-user .rhosts/.shosts files let any user extend trust to other hosts without the admin's consent.",
    remediation="Set IgnoreRhosts yes (the default) in /etc/ssh/sshd_config.d/ and reload sshd.",
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Users can grant other machines password-free access to their account on their own.",
            why="Trust is extended without the administrator knowing, and a break-in elsewhere spreads here.",
            fix="Make the remote login service ignore the trust files users create.",
        ),
        fr=PlainWords(
            meaning=(
                "Les utilisateurs peuvent accorder seuls à d'autres machines un accès sans mot de passe à leur compte."
            ),
            why="La confiance s'étend à l'insu de l'administrateur, et une intrusion ailleurs se propage ici.",
            fix=(
                "Faire ignorer par le service de connexion à distance les fichiers de confiance créés par les "
                "utilisateurs."
            ),
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.AA-03",), "iso27001-2022": ("A.8.5",)},
)


def evaluate(facts: Facts) -> Verdict:
    return sshd_yes_no(facts, "ignorerhosts", want="yes", why="users' .rhosts/.shosts files are honoured")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("default yes", {"sshd_effective": {"installed": True, "options": {"ignorerhosts": ["yes"]}}}, Status.PASS),
        Case("turned off", {"sshd_effective": {"installed": True, "options": {"ignorerhosts": ["no"]}}}, Status.FAIL),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

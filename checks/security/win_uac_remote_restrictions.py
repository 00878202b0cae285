"""win-uac-remote-restrictions: UAC remote restrictions stay on (LocalAccountTokenFilterPolicy).

With LocalAccountTokenFilterPolicy = 1, a local administrator account logging on over the network
(SMB, WMI, WinRM) receives a full administrative token, which is what lets a local Administrator
password hash found on one machine open every other machine that shares it (pass-the-hash lateral
movement). Not configured: Windows' default is 0 (remote logons by local accounts get a filtered
token), per Microsoft's "UAC remote restrictions" documentation.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import REGISTRY_NOT_READ, Rule, equals, registry_case, require
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import SYSTEM_POLICIES, WIN_REGISTRY_POLICY, value_key

TOKEN_FILTER = value_key(SYSTEM_POLICIES, "LocalAccountTokenFilterPolicy")
RULE = Rule(TOKEN_FILTER, equals(0), "0 or not configured", default=0)

META = CheckMeta(
    id="win-uac-remote-restrictions",
    title="UAC remote restrictions apply to local administrator accounts",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Turning remote restrictions off lets any local administrator password or hash be used over the network "
        "with full rights, the classic path for lateral movement between machines with shared local passwords."
    ),
    remediation=(
        "Remove the override: Remove-ItemProperty "
        "HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System "
        "LocalAccountTokenFilterPolicy (or set it to 0; MS Security Guide GPO 'Apply UAC restrictions to local "
        "accounts on network logons' = Enabled)."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Local administrator passwords of this machine work with full rights across the network.",
            why="Where machines share a local administrator password, one stolen password opens all of them.",
            fix="Restore Windows' limits on remote use of local administrator accounts.",
        ),
        fr=PlainWords(
            meaning=(
                "Les mots de passe administrateur local de cette machine fonctionnent avec tous les droits à "
                "travers le réseau."
            ),
            why=(
                "Quand les machines partagent un mot de passe administrateur local, un seul mot de passe volé les "
                "ouvre toutes."
            ),
            fix="Rétablir les limites de Windows sur l'usage à distance des comptes administrateur locaux.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("4.7", "5.4"),
        "nist-csf-2": ("PR.AA-05",),
        "iso27001-2022": ("A.8.2", "A.8.9"),
        "cyber-essentials": ("User access control",),
        "essential-eight": ("Restrict administrative privileges",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    return require(facts, (RULE,), why="local administrators get a full token over the network")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/server2022-default
        Case("not configured (default 0)", registry_case(), Status.PASS),
        # golden win_registry_policy/neglected-server2016
        Case("filter turned off", registry_case({TOKEN_FILTER: 1}), Status.FAIL),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

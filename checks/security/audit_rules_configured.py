"""audit-rules-configured: audit rules watch the account and privilege configuration.

auditd without rules records almost nothing. Read from the rule files auditd loads at start
(/etc/audit/rules.d/*.rules, /etc/audit/audit.rules). Passes when watches (-w) or syscall rules
(-a) cover the identity files (/etc/passwd, /etc/shadow, /etc/group, /etc/gshadow) and the sudo
configuration; other rules are listed. The rule files are readable by root only.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import config_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES

META = CheckMeta(
    id="audit-rules-configured",
    title="Audit rules watch accounts and sudo configuration",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Changes to accounts and sudo rules are how attackers keep access; audit rules on those files make "
        "every change visible with who made it."
    ),
    remediation=(
        "Add /etc/audit/rules.d/50-identity.rules with -w /etc/passwd -p wa -k identity (likewise shadow, group, "
        "gshadow) and -w /etc/sudoers -p wa -k scope, -w /etc/sudoers.d -p wa -k scope; then augenrules --load."
    ),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="The audit service does not watch changes to accounts and administrator rights.",
            why=(
                "Adding an account or granting admin rights is how intruders keep their access, and it would "
                "leave no record of who did it."
            ),
            fix="Add audit rules that record every change to accounts and administrator rights.",
        ),
        fr=PlainWords(
            meaning="Le service d'audit ne surveille pas les modifications des comptes et des droits d'administration.",
            why=(
                "Ajouter un compte ou s'accorder des droits est la façon dont un intrus conserve son accès, et "
                "cela ne laisserait aucune trace de son auteur."
            ),
            fix=(
                "Ajouter des règles d'audit qui enregistrent chaque modification des comptes et des droits "
                "d'administration."
            ),
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={
        "cis-v8": ("8.5",),
        "nist-csf-2": ("DE.CM-03",),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
)

RULE_FILES = ("/etc/audit/rules.d/*.rules", "/etc/audit/audit.rules")
REQUIRED = ("/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/sudoers")


def evaluate(facts: Facts) -> Verdict:
    config = facts.get(CONFIG_FILES)
    files = config.matching(*RULE_FILES)
    rules = [line for lines in files.values() for line in lines if line.startswith(("-w", "-a"))]
    if not rules:
        if config.unreadable_matching("/etc/audit/*"):
            return Verdict.cannot_assess("the audit configuration is readable by root only")
        if not files:
            return Verdict.failed("no audit rule files (/etc/audit/rules.d/*.rules)")
        return Verdict.failed("audit rule files contain no watch (-w) or syscall (-a) rule")
    watched = [
        path for path in REQUIRED if any(f" {path} " in f" {rule} " or f"path={path} " in f"{rule} " for rule in rules)
    ]
    missing = [path for path in REQUIRED if path not in watched]
    if missing:
        return Verdict.failed(f"{len(rules)} rule(s), but nothing watches {', '.join(missing)}", tuple(rules))
    return Verdict.passed(f"{len(rules)} rule(s), identity files and sudoers watched", tuple(rules))


_RULES = [
    "-w /etc/passwd -p wa -k identity",
    "-w /etc/group -p wa -k identity",
    "-w /etc/shadow -p wa -k identity",
    "-w /etc/gshadow -p wa -k identity",
    "-w /etc/sudoers -p wa -k scope",
]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("identity and sudoers", config_case({"/etc/audit/rules.d/50-identity.rules": _RULES}), Status.PASS),
        Case(
            "Debian's default rules file only",
            config_case(
                {
                    "/etc/audit/rules.d/audit.rules": ["-D", "-b 8192", "--backlog_wait_time 60000", "-f 1"],
                    "/etc/audit/audit.rules": ["-D", "-b 8192", "-f 1"],
                }
            ),
            Status.FAIL,
        ),
        Case(
            "only time rules",
            config_case({"/etc/audit/rules.d/t.rules": ["-a always,exit -F arch=b64 -S settimeofday -k time"]}),
            Status.FAIL,
        ),
        Case("no auditd", config_case({"/etc/login.defs": []}), Status.FAIL),
        Case("not root", config_case({"/etc/login.defs": []}, unreadable=["/etc/audit/auditd.conf"]), Status.ERROR),
    ),
)

"""services-legacy-clients: no clear-text legacy client is installed.

telnet, rsh, rlogin, talk and the NIS client send credentials in clear text; an installed client
invites their use (and scripts that depend on them). CIS benchmarks list them as "not installed".
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import installed_details, packages_or_verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="services-legacy-clients",
    title="No clear-text legacy clients are installed",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Clear-text clients expose the credentials typed into them to anyone on the network path.",
    remediation="apt-get purge the listed packages; use ssh instead.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="Old connection tools that send passwords unencrypted are installed.",
            why="Passwords typed into them can be read by anyone on the network path.",
            fix="Remove the old unencrypted tools and use encrypted ones.",
        ),
        fr=PlainWords(
            meaning="D'anciens outils de connexion qui envoient les mots de passe en clair sont installés.",
            why="Les mots de passe saisis peuvent être lus par toute personne sur le chemin réseau.",
            fix="Supprimer ces anciens outils non chiffrés et utiliser des outils chiffrés.",
        ),
    ),
    facts=(PACKAGES.name,),
    references={"cis-v8": ("4.8",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.19",)},
)

CLIENTS = (
    "telnet",
    "inetutils-telnet",
    "rsh-client",
    "rsh-redone-client",
    "talk",
    "inetutils-talk",
    "nis",
    "yp-tools",
    "ftp",
    "inetutils-ftp",
    "tnftp",
)


def evaluate(facts: Facts) -> Verdict:
    packages = packages_or_verdict(facts)
    if isinstance(packages, Verdict):
        return packages
    found = installed_details(packages, CLIENTS)
    if found:
        return Verdict.failed(f"{len(found)} clear-text client package(s) installed", found)
    return Verdict.passed("no clear-text legacy client installed")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("none", {"packages": {"manager": "dpkg", "packages": {"openssh-client": "1:9.2p1-2"}}}, Status.PASS),
        Case(
            "telnet",
            {"packages": {"manager": "dpkg", "packages": {"telnet": "0.17+2.4-2", "inetutils-telnet": "2:2.4-2"}}},
            Status.FAIL,
        ),
        Case("no package database", {"packages": {"manager": "none"}}, Status.ERROR),
    ),
)

"""services-legacy-insecure: no clear-text login or file-transfer servers are installed.

telnet, rsh/rlogin, plain FTP, TFTP and NIS send passwords (or need none) in clear text over the
network; they have secure replacements (ssh, sftp) on every supported system. The package being
installed is the finding: an installed server is one `systemctl enable` from listening.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="services-legacy-insecure",
    title="No clear-text legacy servers are installed",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Clear-text protocols expose credentials and sessions to anyone on the network path; they are "
        "obsolete and replaced by SSH and SFTP."
    ),
    remediation="apt-get purge the listed packages and use ssh/sftp instead.",
    applies_to=Applicability(families=frozenset({"debian"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="Old server software that sends passwords unencrypted is installed.",
            why="Anyone on the network path can read the passwords and data these services carry.",
            fix="Remove the old unencrypted services and use encrypted remote access instead.",
        ),
        fr=PlainWords(
            meaning="D'anciens logiciels serveur qui transmettent les mots de passe en clair sont installés.",
            why=(
                "Toute personne sur le chemin réseau peut lire les mots de passe et les données que ces services "
                "transportent."
            ),
            fix="Supprimer ces anciens services non chiffrés et utiliser un accès à distance chiffré.",
        ),
    ),
    facts=(PACKAGES.name,),
    references={
        "cis-v8": ("4.8", "3.10"),
        "nist-csf-2": ("PR.DS-02",),
        "iso27001-2022": ("A.8.21",),
        "hipaa": ("164.312(e)(1)",),
    },
    fixes=("legacy-services",),
)

LEGACY_PACKAGES = (
    "telnetd",
    "inetutils-telnetd",
    "telnetd-ssl",
    "rsh-server",
    "rsh-redone-server",
    "rlinetd",
    "inetutils-ftpd",
    "ftpd",
    "tftpd",
    "tftpd-hpa",
    "atftpd",
    "nis",
)


def evaluate(facts: Facts) -> Verdict:
    packages = facts.get(PACKAGES)
    if packages.manager != "dpkg":
        return Verdict.cannot_assess("no dpkg package database on a Debian-family host")
    found = packages.installed(LEGACY_PACKAGES)
    if found:
        return Verdict.failed(
            f"{len(found)} clear-text server package(s) installed", tuple(f"{n} {packages.packages[n]}" for n in found)
        )
    return Verdict.passed("no clear-text login or file-transfer server packages installed")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "clean",
            {"packages": {"manager": "dpkg", "packages": {"openssh-server": "1:9.2p1-2+deb12u10"}}},
            Status.PASS,
        ),
        Case(
            "telnetd installed",
            {
                "packages": {
                    "manager": "dpkg",
                    "packages": {"openssh-server": "1:9.2p1-2+deb12u10", "telnetd": "0.17+2.4-2+deb12u1"},
                }
            },
            Status.FAIL,
        ),
        Case(
            "tftpd-hpa installed",
            {"packages": {"manager": "dpkg", "packages": {"tftpd-hpa": "5.2+20150808-1.4"}}},
            Status.FAIL,
        ),
        Case("no dpkg", {"packages": {"manager": "none"}}, Status.ERROR),
    ),
)

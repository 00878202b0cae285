"""services-unneeded-servers: no general-purpose server a typical server does not need is installed.

The CIS "ensure X is not installed" family: zeroconf (avahi), printing (cups), DHCP, DNS, LDAP,
NFS/RPC, Samba, SNMP, HTTP proxy, IMAP/POP3, NIS, an X server, and super-servers (inetd,
xinetd). Each is fine where it is the host's purpose: name those packages in the setting
services_allowed_packages.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import installed_details, packages_or_verdict, setting_list
from auditor.core.models import Category, Severity, Status
from auditor.probes.packages import PACKAGES

META = CheckMeta(
    id="services-unneeded-servers",
    title="No unneeded network servers are installed",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Each installed server is attack surface and patch burden; services nobody uses are also nobody's "
        "responsibility to keep configured safely."
    ),
    remediation=(
        "apt-get purge the listed packages, or list them in services_allowed_packages if they are the host's role."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=20,
        en=PlainWords(
            meaning="Server software that this system does not seem to need is installed.",
            why="Every extra server is more to attack and more to patch, and unused ones are rarely kept safe.",
            fix="Remove the server software the system does not need.",
        ),
        fr=PlainWords(
            meaning="Des logiciels serveur dont ce système ne semble pas avoir besoin sont installés.",
            why=(
                "Chaque serveur en trop est une cible et un correctif de plus, et ceux qui ne servent pas sont "
                "rarement tenus à jour."
            ),
            fix="Supprimer les logiciels serveur dont le système n'a pas besoin.",
        ),
    ),
    facts=(PACKAGES.name,),
    references={
        "cis-v8": ("4.8",),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.19",),
        "cyber-essentials": ("Secure configuration",),
    },
    settings=(
        Setting(
            name="services_allowed_packages",
            type=list,
            doc="Server packages that are this host's purpose (e.g. samba on a file server).",
        ),
    ),
)

SERVERS = (
    "avahi-daemon",
    "cups",
    "cups-daemon",
    "isc-dhcp-server",
    "kea-dhcp4-server",
    "bind9",
    "dnsmasq",
    "slapd",
    "nfs-kernel-server",
    "rpcbind",
    "samba",
    "snmpd",
    "squid",
    "dovecot-imapd",
    "dovecot-pop3d",
    "nis",
    "ypserv",
    "xserver-xorg-core",
    "xinetd",
    "openbsd-inetd",
    "inetutils-inetd",
    "rsync-daemon",
    "talkd",
    "inetutils-talkd",
)


def evaluate(facts: Facts) -> Verdict:
    packages = packages_or_verdict(facts)
    if isinstance(packages, Verdict):
        return packages
    allowed = set(setting_list(facts, "services_allowed_packages"))
    found = installed_details(packages, (name for name in SERVERS if name not in allowed))
    if found:
        return Verdict.failed(f"{len(found)} unneeded server package(s) installed", found)
    return Verdict.passed("none of the commonly unneeded servers is installed")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "lean server",
            {"packages": {"manager": "dpkg", "packages": {"openssh-server": "1:9.2p1-2", "cron": "3.0pl1-162"}}},
            Status.PASS,
        ),
        Case(
            "avahi and cups",
            {"packages": {"manager": "dpkg", "packages": {"avahi-daemon": "0.8-10", "cups": "2.4.2-3"}}},
            Status.FAIL,
        ),
        Case(
            "samba is this host's role",
            {"packages": {"manager": "dpkg", "packages": {"samba": "2:4.17.12"}}},
            Status.PASS,
            settings={"services_allowed_packages": ["samba"]},
        ),
        Case("no package database", {"packages": {"manager": "none"}}, Status.ERROR),
    ),
)

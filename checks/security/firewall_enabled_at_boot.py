"""firewall-enabled-at-boot: a firewall service loads the ruleset when the host starts.

A ruleset loaded by hand disappears at the next reboot. Passes when one of the firewall services
(nftables, netfilter-persistent, ufw, firewalld, iptables/ip6tables, shorewall) is enabled, by
systemd or SysV links. The ruleset in force now is firewall-active's concern.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.service_state import SERVICE_STATE

META = CheckMeta(
    id="firewall-enabled-at-boot",
    title="The firewall is loaded at boot",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale="A firewall that is not restored at boot silently disappears after the next restart or power cut.",
    remediation=(
        "Save the ruleset to /etc/nftables.conf and run systemctl enable nftables (or ufw enable, or enable firewalld)."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="The firewall rules are not restored when the system restarts.",
            why="The protection silently disappears after the next update, crash or power cut.",
            fix="Save the firewall rules so that they load automatically at every start.",
        ),
        fr=PlainWords(
            meaning="Les règles du pare-feu ne sont pas rétablies au redémarrage du système.",
            why="La protection disparaît sans bruit après la prochaine mise à jour, panne ou coupure de courant.",
            fix="Enregistrer les règles du pare-feu pour qu'elles se chargent à chaque démarrage.",
        ),
    ),
    facts=(SERVICE_STATE.name,),
    references={
        "cis-v8": ("4.4",),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.20",),
        "cyber-essentials": ("Firewalls",),
    },
)

SERVICES = ("nftables", "netfilter-persistent", "ufw", "firewalld", "iptables", "ip6tables", "shorewall", "shorewall6")


def evaluate(facts: Facts) -> Verdict:
    state = facts.get(SERVICE_STATE)
    enabled = state.enabled_units(SERVICES)
    if enabled:
        return Verdict.passed(f"enabled at boot: {', '.join(enabled)}")
    return Verdict.failed("no firewall service is enabled at boot (" + ", ".join(SERVICES) + ")")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "nftables enabled",
            {
                "service_state": {
                    "pid1": "systemd",
                    "processes": ["systemd"],
                    "enabled": ["nftables.service", "ssh.service"],
                }
            },
            Status.PASS,
        ),
        Case(
            "ufw via SysV", {"service_state": {"pid1": "init", "processes": ["init"], "enabled": ["ufw"]}}, Status.PASS
        ),
        Case(
            "none",
            {"service_state": {"pid1": "systemd", "processes": ["systemd"], "enabled": ["cron.service"]}},
            Status.FAIL,
        ),
        Case("probe failed", {"service_state": "no process could be listed (/proc unreadable?)"}, Status.ERROR),
    ),
)

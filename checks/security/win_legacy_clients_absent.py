"""win-legacy-clients-absent: the Telnet and TFTP clients are not installed.

Both send everything, credentials included, in clear text and are favourite tools for moving
files and sessions once an attacker is in. They are optional features (TelnetClient, TFTP) that
Windows does not enable by default, so finding one enabled means someone turned it on.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.winregkit import features_case
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_features import WIN_FEATURES

CLIENTS = ("TelnetClient", "TFTP")

META = CheckMeta(
    id="win-legacy-clients-absent",
    title="Telnet and TFTP clients are not installed",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Clear-text Telnet and TFTP expose credentials and data on the wire and give an intruder ready-made "
        "tools for transfer and remote access."
    ),
    remediation="Disable-WindowsOptionalFeature -Online -FeatureName TelnetClient,TFTP -NoRestart",
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=5,
        en=PlainWords(
            meaning="Old connection tools that send passwords and data unencrypted are installed.",
            why=(
                "Passwords are readable on the network, and intruders find ready-made tools to move files and "
                "connect elsewhere."
            ),
            fix="Remove the old Telnet and TFTP tools.",
        ),
        fr=PlainWords(
            meaning="D'anciens outils de connexion qui envoient mots de passe et données en clair sont installés.",
            why=(
                "Les mots de passe sont lisibles sur le réseau, et les intrus trouvent des outils prêts à "
                "l'emploi pour transférer des fichiers et se connecter ailleurs."
            ),
            fix="Supprimer les anciens outils Telnet et TFTP.",
        ),
    ),
    facts=(WIN_FEATURES.name,),
    references={
        "cis-v8": ("2.5", "4.8"),
        "nist-csf-2": ("PR.PS-01",),
        "iso27001-2022": ("A.8.9", "A.8.19"),
        "cyber-essentials": ("Secure configuration",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    features = facts.get(WIN_FEATURES).features
    missing = [name for name in CLIENTS if name not in features]
    if missing:
        return Verdict.cannot_assess(f"optional feature(s) not collected: {', '.join(missing)}")
    shown = tuple(f"{name}: {features[name] or 'not offered by this Windows'}" for name in CLIENTS)
    enabled = [name for name in CLIENTS if features[name] == "enabled"]
    if enabled:
        return Verdict.failed(f"clear-text client(s) installed: {', '.join(enabled)}", shown)
    return Verdict.passed("no Telnet or TFTP client installed", shown)


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_features/hardened-win11
        Case("none installed", features_case(), Status.PASS),
        # golden win_features/win10-default (TelnetClient enabled by an admin)
        Case("telnet client enabled", features_case(TelnetClient="enabled"), Status.FAIL),
        Case("features not read", {WIN_FEATURES.name: "win_features failed: Access denied"}, Status.ERROR),
    ),
)

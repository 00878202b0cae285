"""ssh-weak-kex: sshd offers no SHA-1 or 1024-bit Diffie-Hellman key exchange.

Weak: diffie-hellman-group1-sha1 (1024-bit group), diffie-hellman-group14-sha1 and
diffie-hellman-group-exchange-sha1 (SHA-1), and the GSSAPI SHA-1 variants. Extend with
ssh_weak_kex (e.g. the NIST curves, if a client's policy excludes them).
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import weak_sshd_algorithms
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-weak-kex",
    title="SSH offers no weak key exchange algorithms",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Key exchange with SHA-1 or 1024-bit Diffie-Hellman groups can be attacked by well-resourced "
        "adversaries and lets a downgrade weaken every later session key."
    ),
    remediation=(
        "Remove the listed algorithms: set KexAlgorithms to curve25519/sntrup/mlkem hybrids and "
        "diffie-hellman-group16/18-sha512 in /etc/ssh/sshd_config.d/ and reload sshd."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="The remote login service still offers outdated ways of agreeing on session keys.",
            why="A well-funded attacker could weaken the protection of every session that follows.",
            fix="Offer only modern key agreement methods in the remote login service.",
        ),
        fr=PlainWords(
            meaning=(
                "Le service de connexion à distance propose encore des méthodes dépassées pour convenir des clés "
                "de session."
            ),
            why="Un attaquant disposant de moyens pourrait affaiblir la protection de toutes les sessions suivantes.",
            fix="Ne proposer que des méthodes modernes d'échange de clés dans le service de connexion à distance.",
        ),
    ),
    facts=(SSHD_EFFECTIVE.name,),
    references={
        "cis-v8": ("3.10",),
        "nist-csf-2": ("PR.DS-02",),
        "iso27001-2022": ("A.8.24",),
        "hipaa": ("164.312(e)(1)",),
    },
)

WEAK = (
    "diffie-hellman-group1-sha1",
    "diffie-hellman-group14-sha1",
    "diffie-hellman-group-exchange-sha1",
    "gss-group1-sha1-",
    "gss-group14-sha1-",
    "gss-gex-sha1-",
)


def evaluate(facts: Facts) -> Verdict:
    return weak_sshd_algorithms(
        facts,
        keyword="kexalgorithms",
        weak=WEAK,
        setting="ssh_weak_kex",
        weak_noun="key exchange",
        offered_noun="key exchange algorithm",
    )


def _kex(value: str) -> dict[str, Any]:
    return {"sshd_effective": {"installed": True, "options": {"kexalgorithms": [value]}}}


_DEBIAN12 = (
    "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
    "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256"
)

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian 12 default", _kex(_DEBIAN12), Status.PASS),
        Case("group14-sha1 added", _kex(_DEBIAN12 + ",diffie-hellman-group14-sha1"), Status.FAIL),
        Case(
            "NIST curves excluded by policy",
            _kex(_DEBIAN12),
            Status.FAIL,
            settings={"ssh_weak_kex": ["ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521"]},
        ),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
    ),
)

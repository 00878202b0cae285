"""ssh-weak-macs: sshd offers no weak message authentication code.

Weak: MD5 and RIPEMD-160 based MACs, truncated 96-bit ones, the 64-bit UMAC tags, and SHA-1
HMACs (deprecated; kept by OpenSSH only for compatibility). Debian's default list still
includes umac-64 and hmac-sha1, so an unconfigured sshd fails. Extend with ssh_weak_macs.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import weak_sshd_algorithms
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-weak-macs",
    title="SSH offers no weak MAC algorithms",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Short or legacy MACs (64-bit UMAC tags, MD5, SHA-1, truncated 96-bit variants) give weaker integrity "
        "protection of the session; modern clients all support SHA-2 based ETM MACs."
    ),
    remediation=(
        "Set MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com,"
        "hmac-sha2-512,hmac-sha2-256 in /etc/ssh/sshd_config.d/ and reload sshd."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="The remote login service still offers outdated tamper checks for its sessions.",
            why="Weaker tamper checks make it easier to alter a session's data in transit.",
            fix="Offer only modern tamper checks in the remote login service.",
        ),
        fr=PlainWords(
            meaning=(
                "Le service de connexion à distance propose encore des contrôles d'intégrité dépassés pour ses "
                "sessions."
            ),
            why="Des contrôles plus faibles facilitent la modification des données d'une session en transit.",
            fix="Ne proposer que des contrôles d'intégrité modernes dans le service de connexion à distance.",
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
    "hmac-md5",
    "hmac-md5-96",
    "hmac-md5-etm@openssh.com",
    "hmac-md5-96-etm@openssh.com",
    "hmac-ripemd160",
    "hmac-ripemd160@openssh.com",
    "hmac-ripemd160-etm@openssh.com",
    "hmac-sha1",
    "hmac-sha1-96",
    "hmac-sha1-etm@openssh.com",
    "hmac-sha1-96-etm@openssh.com",
    "umac-64@openssh.com",
    "umac-64-etm@openssh.com",
)


def evaluate(facts: Facts) -> Verdict:
    return weak_sshd_algorithms(
        facts, keyword="macs", weak=WEAK, setting="ssh_weak_macs", weak_noun="MAC", offered_noun="MAC"
    )


def _macs(value: str) -> dict[str, Any]:
    return {"sshd_effective": {"installed": True, "options": {"macs": [value]}}}


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "SHA-2 ETM only",
            _macs("hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com"),
            Status.PASS,
        ),
        Case(
            "Debian 12 default (umac-64, hmac-sha1)",
            _macs(
                "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
                "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,"
                "hmac-sha2-256,hmac-sha2-512,hmac-sha1"
            ),
            Status.FAIL,
        ),
        Case("md5", _macs("hmac-sha2-256,hmac-md5"), Status.FAIL),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
        Case("no macs line", {"sshd_effective": {"installed": True, "options": {"port": ["22"]}}}, Status.ERROR),
    ),
)

"""ssh-weak-ciphers: sshd offers no CBC-mode or otherwise weak cipher.

Read from `sshd -T` (the effective list, defaults and `+`/`-` edits resolved). Weak: every CBC
mode (plaintext recovery), 3DES, Blowfish, CAST and RC4 (arcfour). The list can be extended per
host with the setting ssh_weak_ciphers.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.checklib.checkkit import weak_sshd_algorithms
from auditor.core.models import Category, Severity, Status
from auditor.probes.sshd_effective import SSHD_EFFECTIVE

META = CheckMeta(
    id="ssh-weak-ciphers",
    title="SSH offers no weak ciphers",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "CBC-mode ciphers are open to plaintext-recovery attacks and 3DES, Blowfish, CAST and RC4 are obsolete; "
        "a client that can negotiate them can be downgraded to them."
    ),
    remediation=(
        "Set Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,"
        "aes256-ctr,aes192-ctr,aes128-ctr in /etc/ssh/sshd_config.d/ and reload sshd."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="The remote login service still offers outdated encryption.",
            why="A connection can be pushed down to the weak encryption, which is easier to break.",
            fix="Offer only modern encryption in the remote login service.",
        ),
        fr=PlainWords(
            meaning="Le service de connexion à distance propose encore un chiffrement dépassé.",
            why="Une connexion peut être forcée vers ce chiffrement faible, plus facile à casser.",
            fix="Ne proposer que des chiffrements modernes dans le service de connexion à distance.",
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
    "3des-cbc",
    "aes128-cbc",
    "aes192-cbc",
    "aes256-cbc",
    "blowfish-cbc",
    "cast128-cbc",
    "arcfour",
    "arcfour128",
    "arcfour256",
    "rijndael-cbc@lysator.liu.se",
)


def evaluate(facts: Facts) -> Verdict:
    return weak_sshd_algorithms(
        facts, keyword="ciphers", weak=WEAK, setting="ssh_weak_ciphers", weak_noun="cipher", offered_noun="cipher"
    )


def _ciphers(value: str) -> dict[str, Any]:
    return {"sshd_effective": {"installed": True, "options": {"ciphers": [value]}}}


_DEBIAN12 = (
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com"
)

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian 12 default", _ciphers(_DEBIAN12), Status.PASS),
        Case("aes256-cbc added for an old client", _ciphers(_DEBIAN12 + ",aes256-cbc"), Status.FAIL),
        Case(
            "ctr counted weak by a per-host setting",
            _ciphers("aes128-ctr"),
            Status.FAIL,
            settings={"ssh_weak_ciphers": "aes128-ctr"},
        ),
        Case("no sshd", {"sshd_effective": {"installed": False}}, Status.NOT_APPLICABLE),
        Case("sshd -T denied", {"sshd_effective": "sshd -T needs root (no hostkeys available)"}, Status.ERROR),
    ),
)

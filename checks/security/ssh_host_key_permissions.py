"""ssh-host-key-permissions: SSH host private keys are readable by root only.

A copied host key lets an attacker impersonate the server and intercept logins without a host
key warning. Private keys must be owned by root, mode 0600 (or 0640 with the ssh_keys group,
as Red Hat ships them); the public keys must not be writable by others.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.file_stats import FILE_STATS

META = CheckMeta(
    id="ssh-host-key-permissions",
    title="SSH host private keys are readable by root only",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "Whoever reads a host private key can impersonate the server: clients see no warning and hand over "
        "their sessions."
    ),
    remediation=(
        "chown root:root /etc/ssh/ssh_host_*_key && chmod 0600 /etc/ssh/ssh_host_*_key; rotate keys that were exposed."
    ),
    plain=Plain(
        area="access",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning=(
                "The secret keys that prove this server's identity can be read by users other than the administrator."
            ),
            why=(
                "Whoever copies them can impersonate the server without any warning and capture the sessions of "
                "people connecting to it."
            ),
            fix="Restrict the server's identity keys to the administrator and replace any that were exposed.",
        ),
        fr=PlainWords(
            meaning=(
                "Les clés secrètes qui prouvent l'identité de ce serveur sont lisibles par d'autres que "
                "l'administrateur."
            ),
            why=(
                "Qui les copie peut se faire passer pour le serveur sans alerte et capturer les sessions des "
                "personnes qui s'y connectent."
            ),
            fix="Réserver les clés d'identité du serveur à l'administrateur et remplacer celles qui ont été exposées.",
        ),
    ),
    facts=(FILE_STATS.name,),
    references={
        "cis-v8": ("3.3",),
        "nist-csf-2": ("PR.DS-01",),
        "iso27001-2022": ("A.8.24",),
        "hipaa": ("164.312(a)(1)",),
    },
)


def evaluate(facts: Facts) -> Verdict:
    stats = facts.get(FILE_STATS)
    private = stats.matching("/etc/ssh/ssh_host_*_key")
    public = stats.matching("/etc/ssh/ssh_host_*_key.pub")
    if not private:
        return Verdict.not_applicable("no SSH host private keys in /etc/ssh")
    bad = []
    for key in private:
        group_ok = key.group == "ssh_keys" and not key.looser_than(0o640)
        if key.uid != 0 or (key.looser_than(0o600) and not group_ok):
            bad.append(f"{key.path} {key.mode} {key.owner}:{key.group}")
    for key in public:
        if key.uid != 0 or key.bits & 0o022:
            bad.append(f"{key.path} {key.mode} {key.owner}:{key.group} (writable by others)")
    shown = tuple(f"{k.path} {k.mode} {k.owner}:{k.group}" for k in (*private, *public))
    if bad:
        return Verdict.failed(f"{len(bad)} host key file(s) too open", tuple(bad))
    return Verdict.passed(f"{len(private)} private host key(s) readable by root only", shown)


def _key(name: str, mode: str, group: str = "root") -> dict[str, Any]:
    return {
        "path": f"/etc/ssh/{name}",
        "mode": mode,
        "uid": 0,
        "gid": 0,
        "owner": "root",
        "group": group,
        "kind": "regular file",
    }


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "Debian defaults",
            {"file_stats": {"files": [_key("ssh_host_ed25519_key", "600"), _key("ssh_host_ed25519_key.pub", "644")]}},
            Status.PASS,
        ),
        Case(
            "Red Hat ssh_keys group",
            {"file_stats": {"files": [_key("ssh_host_rsa_key", "640", "ssh_keys")]}},
            Status.PASS,
        ),
        Case("world-readable private key", {"file_stats": {"files": [_key("ssh_host_rsa_key", "644")]}}, Status.FAIL),
        Case(
            "group-writable public key",
            {"file_stats": {"files": [_key("ssh_host_rsa_key", "600"), _key("ssh_host_rsa_key.pub", "664")]}},
            Status.FAIL,
        ),
        Case("no host keys", {"file_stats": {"missing": ["/etc/ssh/ssh_host_*_key"]}}, Status.NOT_APPLICABLE),
    ),
)

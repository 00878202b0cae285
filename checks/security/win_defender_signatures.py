"""win-defender-signatures: Microsoft Defender's antivirus signatures are recent.

Age from AntivirusSignatureLastUpdated against the collection time (Defender's own
AntivirusSignatureAge in days when no date is reported); at most
windows_defender_signature_max_age_days (default 3: Defender updates several times a day, so three
days without an update means updating is broken). Not applicable while a third-party antivirus is
in charge (see win-antivirus-active).
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winseckit import (
    DEFENDER_PASSIVE_SOPHOS,
    EDR_SERVICES,
    WINDOWS,
    defender_case,
    defender_or_verdict,
)
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_defender import WIN_DEFENDER

DEFAULT_MAX_AGE_DAYS = 3

META = CheckMeta(
    id="win-defender-signatures",
    title="Microsoft Defender antivirus signatures are up to date",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "An antivirus with old signatures misses the malware released since; a host whose updates stopped "
        "(blocked proxy, broken WSUS approval) looks protected while it is not."
    ),
    remediation=(
        "Run Update-MpSignature and fix the update source (WSUS approval of Defender definition updates, proxy, "
        "or GPO 'Microsoft Defender Antivirus > Security Intelligence Updates > Define the order of sources')."
    ),
    applies_to=Applicability(families=WINDOWS),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="Microsoft Defender's knowledge of recent threats is out of date.",
            why="It misses malware released since its last update while it looks as if it protects the machine.",
            fix="Update Defender now and repair its automatic updates.",
        ),
        fr=PlainWords(
            meaning="Les connaissances de Microsoft Defender sur les menaces récentes ne sont pas à jour.",
            why=(
                "Il manque les logiciels malveillants apparus depuis sa dernière mise à jour tout en donnant "
                "l'impression de protéger la machine."
            ),
            fix="Mettre à jour Defender maintenant et réparer ses mises à jour automatiques.",
        ),
    ),
    facts=(WIN_DEFENDER.name,),
    references={
        "cis-v8": ("10.2",),
        "nist-csf-2": ("DE.CM-09",),
        "iso27001-2022": ("A.8.7",),
        "cyber-essentials": ("Malware protection",),
        "hipaa": ("164.308(a)(5)(ii)(B)",),
    },
    settings=(
        EDR_SERVICES,
        Setting(
            name="windows_defender_signature_max_age_days",
            type=float,
            default=DEFAULT_MAX_AGE_DAYS,
            doc="Days Defender's signatures may age before they are stale.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    defender = defender_or_verdict(facts)
    if isinstance(defender, Verdict):
        return defender
    limit = setting_number(facts, "windows_defender_signature_max_age_days", DEFAULT_MAX_AGE_DAYS)
    version = defender.signature_version or "unknown version"
    if defender.signature_updated is not None:
        age = (facts.now - defender.signature_updated).total_seconds() / 86400
        shown = f"signatures {version} updated {defender.signature_updated:%Y-%m-%d %H:%M} UTC ({age:.1f} days ago)"
    elif defender.signature_age_days is not None:
        age = defender.signature_age_days
        shown = f"signatures {version} are {age} day(s) old"
    else:
        return Verdict.failed(f"Defender reports no signature update ever ({version})")
    if age > limit:
        return Verdict.failed(f"{shown}; the limit is {limit:g} days")
    return Verdict.passed(shown)


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("updated yesterday", defender_case(), Status.PASS),
        Case("age only", defender_case(signature_updated=None, signature_age_days=2), Status.PASS),
        # golden win_defender/learn-server2022-normal: its real date (2024-06-04) is stale by the cases' clock
        Case("stale since 2024", defender_case(signature_updated="2024-06-04T08:06:27+00:00"), Status.FAIL),
        Case(
            "stricter policy",
            defender_case(signature_updated="2026-01-13T08:00:00+00:00"),
            Status.FAIL,
            settings={"windows_defender_signature_max_age_days": "1"},
        ),
        # golden win_defender/never-updated-single-service
        Case("never updated", defender_case(signature_updated=None, signature_age_days=None), Status.FAIL),
        Case("Sophos in charge", {WIN_DEFENDER.name: DEFENDER_PASSIVE_SOPHOS}, Status.NOT_APPLICABLE),
        Case("not collected", {WIN_DEFENDER.name: "win_defender failed: CimException: Access denied"}, Status.ERROR),
    ),
)

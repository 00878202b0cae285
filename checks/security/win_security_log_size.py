"""win-security-log-size: the Security event log is large enough to keep evidence.

The effective maximum size is the policy value MaxSize under HKLM:\\SOFTWARE\\Policies\\Microsoft\\
Windows\\EventLog\\Security (in KB, "Specify the maximum log file size") when set, otherwise the
EventLog service's own MaxSize under HKLM:\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Security (in
bytes), which Windows writes at installation (20 MB on Windows 10/11 and Server 2016+). If neither
exists the size cannot be assessed. The minimum is 192 MB (CIS: 196,608 KB); set
`auditor_windows_security_log_min_mb` for hosts whose logs are forwarded to a SIEM.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import setting_number
from auditor.checklib.winregkit import REGISTRY_NOT_READ, registry_case, value
from auditor.core.models import Category, Severity, Status
from auditor.probes.win_registry_policy import SECURITY_LOG, SECURITY_LOG_POLICIES, WIN_REGISTRY_POLICY, value_key

POLICY_KB = value_key(SECURITY_LOG_POLICIES, "MaxSize")
SERVICE_BYTES = value_key(SECURITY_LOG, "MaxSize")
SETTING = "windows_security_log_min_mb"
DEFAULT_MIN_MB = 192

META = CheckMeta(
    id="win-security-log-size",
    title="Security event log is at least 192 MB",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "At the 20 MB default a busy server overwrites its Security log within hours, so logon and privilege "
        "evidence is gone before anyone investigates."
    ),
    remediation=(
        "GPO: Computer Configuration > Administrative Templates > Windows Components > Event Log Service > Security "
        "> 'Specify the maximum log file size (KB)' = 196608 or more (or Limit-EventLog -LogName Security "
        "-MaximumSize 192MB); forward the log to a SIEM as well."
    ),
    applies_to=Applicability(families=frozenset({"windows"})),
    plain=Plain(
        area="detection",
        practice="hardening",
        effort_minutes=10,
        en=PlainWords(
            meaning="The Windows security log is so small that a busy machine overwrites it within hours.",
            why="Evidence of logons and use of administrator rights is gone before anyone investigates.",
            fix="Enlarge the security log to at least 192 MB and forward it to a log server.",
        ),
        fr=PlainWords(
            meaning="Le journal de sécurité Windows est si petit qu'une machine active l'écrase en quelques heures.",
            why="Les traces des connexions et de l'usage des droits administrateur disparaissent avant toute enquête.",
            fix="Agrandir le journal de sécurité à au moins 192 Mo et le transférer vers un serveur de journaux.",
        ),
    ),
    facts=(WIN_REGISTRY_POLICY.name,),
    references={
        "cis-v8": ("8.3",),
        "nist-csf-2": ("PR.PS-04",),
        "iso27001-2022": ("A.8.15",),
        "hipaa": ("164.312(b)",),
    },
    settings=(
        Setting(
            name="windows_security_log_min_mb",
            type=int,
            default=DEFAULT_MIN_MB,
            doc="Smallest Security event log size, in MB.",
        ),
    ),
)


def evaluate(facts: Facts) -> Verdict:
    minimum = setting_number(facts, SETTING, DEFAULT_MIN_MB)
    policy = value(facts, POLICY_KB)
    if isinstance(policy, Verdict):
        return policy
    service = value(facts, SERVICE_BYTES)
    if isinstance(service, Verdict):
        return service
    if policy is not None:
        if not isinstance(policy, int):
            return Verdict.cannot_assess(f"policy MaxSize is not a number: {str(policy)[:40]!r}")
        size_mb, source = policy / 1024, f"policy MaxSize = {policy} KB"
    elif service is not None:
        if not isinstance(service, int):
            return Verdict.cannot_assess(f"EventLog MaxSize is not a number: {str(service)[:40]!r}")
        size_mb, source = service / (1024 * 1024), f"EventLog service MaxSize = {service} bytes"
    else:
        return Verdict.cannot_assess("no MaxSize for the Security log in policy or in the EventLog service key")
    shown = f"{source} ({size_mb:g} MB)"
    if size_mb >= minimum:
        return Verdict.passed(shown, (shown,))
    return Verdict.failed(f"{shown}, below {minimum:g} MB: evidence is overwritten quickly", (shown,))


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        # golden win_registry_policy/hardened-cis
        Case("policy 192 MB", registry_case({POLICY_KB: 196608, SERVICE_BYTES: 20971520}), Status.PASS),
        # golden win_registry_policy/server2022-default
        Case("installation default 20 MB", registry_case({SERVICE_BYTES: 20971520}), Status.FAIL),
        Case(
            "forwarded, 20 MB accepted", registry_case({SERVICE_BYTES: 20971520}), Status.PASS, settings={SETTING: 20}
        ),
        Case("no size anywhere", registry_case(), Status.ERROR),
        Case("registry not read", REGISTRY_NOT_READ, Status.ERROR),
    ),
)

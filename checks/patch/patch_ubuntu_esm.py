"""patch-ubuntu-esm: no security update waits on an Ubuntu host only because ESM is not enabled.

Ubuntu's standard security updates cover main/restricted for the five years of an LTS release;
universe/multiverse packages, and everything after those five years, are patched only in Expanded
Security Maintenance (esm-infra, esm-apps) through Ubuntu Pro. apt on a host without it never
lists those fixes, so patch-security-updates sees nothing pending while the vulnerabilities are
published. The Ubuntu Pro client (auditor.probes.ubuntu_pro) lists them with whether the host can
install them: updates that only ESM would deliver and the host cannot install (not attached,
service not enabled, not entitled) fail; the details say which service each needs and which ESM
services are on. Other Debian-family systems have no ESM: not applicable.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.ubuntu_pro import ESM_SERVICES, UBUNTU_PRO, UbuntuPro

META = CheckMeta(
    id="patch-ubuntu-esm",
    title="No security update waits for Ubuntu Pro ESM",
    category=Category.PATCH,
    severity=Severity.HIGH,
    rationale=(
        "On Ubuntu, fixes for universe packages and for releases past their standard support come only "
        "through Expanded Security Maintenance; without it they are published, known and never installed, "
        "and apt does not even list them."
    ),
    remediation=(
        "Attach the host to Ubuntu Pro (pro attach TOKEN; free for a few machines, included in many cloud "
        "images) and enable esm-infra and esm-apps (pro enable esm-infra esm-apps), then upgrade; or replace "
        "the packages that only ESM still patches, or move to a supported release."
    ),
    applies_to=Applicability(families=frozenset({"debian"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=30,
        en=PlainWords(
            meaning="Security fixes exist for this Ubuntu system but it cannot receive them without Ubuntu Pro.",
            why=(
                "The weaknesses are published and fixed for subscribers, so attackers know them while this system "
                "stays exposed and its normal updates report nothing missing."
            ),
            fix="Enable Ubuntu Pro's extended security updates on this system, or replace the affected software.",
        ),
        fr=PlainWords(
            meaning=(
                "Des correctifs de sécurité existent pour ce système Ubuntu, mais il ne peut pas les recevoir "
                "sans Ubuntu Pro."
            ),
            why=(
                "Les failles sont publiques et corrigées pour les abonnés : les attaquants les connaissent alors que "
                "ce système reste exposé et que ses mises à jour habituelles n'indiquent rien de manquant."
            ),
            fix="Activer les mises à jour de sécurité étendues d'Ubuntu Pro sur ce système, ou remplacer les "
            "logiciels concernés.",
        ),
    ),
    facts=(UBUNTU_PRO.name,),
    references={"cis-v8": ("7.3",), "nist-csf-2": ("ID.RA-01", "PR.PS-02"), "iso27001-2022": ("A.8.8",)},
)


def esm_state(pro: UbuntuPro) -> str:
    """`esm-infra enabled, esm-apps not enabled` (and whether the host is attached at all)."""
    services = ", ".join(f"{s} {'enabled' if pro.enabled(s) else 'not enabled'}" for s in ESM_SERVICES)
    return services if pro.attached else f"not attached to Ubuntu Pro ({services})"


def evaluate(facts: Facts) -> Verdict:
    if facts.get(OS_RELEASE).id != "ubuntu":
        return Verdict.not_applicable("Expanded Security Maintenance exists only for Ubuntu")
    pro = facts.get(UBUNTU_PRO)
    if not pro.installed:
        return Verdict.cannot_assess("the Ubuntu Pro client (pro, package ubuntu-pro-client) is not installed")
    waiting = pro.esm_only
    state = esm_state(pro)
    if waiting:
        by_service = ", ".join(f"{s}: {sum(u.service == s for u in waiting)}" for s in ESM_SERVICES)
        details = tuple(f"{u.package} {u.version} (needs {u.service}; {u.status})" for u in waiting)
        return Verdict.failed(
            f"{len(waiting)} security update(s) only Ubuntu Pro ESM would deliver ({by_service}); {state}", details
        )
    counted = pro.esm_infra_updates + pro.esm_apps_updates
    if counted and not all(pro.enabled(s) for s in ESM_SERVICES):
        return Verdict.failed(
            f"{counted} ESM security update(s) counted by the Ubuntu Pro client (esm-infra: {pro.esm_infra_updates}, "
            f"esm-apps: {pro.esm_apps_updates}); {state}"
        )
    return Verdict.passed(f"no security update waits for ESM; {state}")


_UBUNTU = {"id": "ubuntu", "id_like": ["debian"], "version_id": "16.04", "family": "debian"}
_OPENSSL_ESM = {
    "package": "openssl",
    "version": "1.0.2g-1ubuntu4.20+esm12",
    "service": "esm-infra",
    "status": "pending_attach",
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "ESM update pending, not attached",
            {"os_release": _UBUNTU, "ubuntu_pro": {"installed": True, "updates": [_OPENSSL_ESM]}},
            Status.FAIL,
        ),
        Case(
            "ESM updates installable (attached, enabled)",
            {
                "os_release": _UBUNTU,
                "ubuntu_pro": {
                    "installed": True,
                    "attached": True,
                    "enabled_services": ["esm-infra", "esm-apps"],
                    "updates": [{**_OPENSSL_ESM, "status": "upgrade_available"}],
                    "esm_infra_updates": 1,
                },
            },
            Status.PASS,
        ),
        Case(
            "counted but not listed, esm-apps off",
            {"os_release": _UBUNTU, "ubuntu_pro": {"installed": True, "attached": True, "esm_apps_updates": 2}},
            Status.FAIL,
        ),
        Case("nothing pending", {"os_release": _UBUNTU, "ubuntu_pro": {"installed": True}}, Status.PASS),
        Case("client missing", {"os_release": _UBUNTU, "ubuntu_pro": {"installed": False}}, Status.ERROR),
        Case("Debian has no ESM", {"ubuntu_pro": {"installed": False}}, Status.NOT_APPLICABLE),
        Case("probe failed", {"os_release": _UBUNTU, "ubuntu_pro": "pro security-status failed"}, Status.ERROR),
    ),
)

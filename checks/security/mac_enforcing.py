"""mac-enforcing: a mandatory access control system (AppArmor or SELinux) is active and enforcing.

Asked of the kernel: AppArmor enabled with at least one profile in enforce mode, or SELinux in
enforcing mode. When the profile list cannot be read (needs root and securityfs), AppArmor being
enabled in the kernel passes with a note. A kernel without either fails: nothing confines a
compromised daemon beyond Unix permissions. (A container shares its host's kernel; the verdict is
then about that kernel.)
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.mac_status import MAC_STATUS

META = CheckMeta(
    id="mac-enforcing",
    title="AppArmor or SELinux is enforcing",
    category=Category.SECURITY,
    severity=Severity.MEDIUM,
    rationale=(
        "Mandatory access control confines daemons to what they need, so a compromised service cannot read "
        "or change the rest of the system."
    ),
    remediation=(
        "Debian/Ubuntu: keep AppArmor enabled (apparmor=1 security=apparmor on the kernel command line, package "
        "apparmor installed, profiles in enforce mode). RHEL family: SELINUX=enforcing in /etc/selinux/config."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=60,
        en=PlainWords(
            meaning="The system's built-in containment of services is off or only watching.",
            why="A compromised service can then reach the rest of the system instead of being kept in its own box.",
            fix="Switch the service containment (AppArmor or SELinux) on in enforcing mode.",
        ),
        fr=PlainWords(
            meaning="Le confinement intégré des services du système est désactivé ou seulement en observation.",
            why="Un service compromis peut alors atteindre le reste du système au lieu de rester dans sa boîte.",
            fix="Activer le confinement des services (AppArmor ou SELinux) en mode application.",
        ),
    ),
    facts=(MAC_STATUS.name,),
    references={"cis-v8": ("4.1",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.9",)},
)


def evaluate(facts: Facts) -> Verdict:
    mac = facts.get(MAC_STATUS)
    if mac.selinux_enforce:
        return Verdict.passed("SELinux is enforcing")
    if mac.apparmor_enabled:
        if mac.apparmor_enforce:
            return Verdict.passed(
                f"AppArmor enabled, {mac.apparmor_enforce} of {mac.apparmor_total} profile(s) enforcing"
            )
        if mac.apparmor_enforce == 0:
            return Verdict.failed(f"AppArmor enabled but no profile is enforcing ({mac.apparmor_total} loaded)")
        return Verdict.passed("AppArmor enabled in the kernel (profile modes not readable without root)")
    if mac.selinux_enforce is False:
        return Verdict.failed("SELinux is permissive: violations are logged, not blocked")
    if mac.apparmor_enabled is False:
        return Verdict.failed("AppArmor is built into the kernel but disabled")
    return Verdict.failed("the kernel runs neither AppArmor nor SELinux")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case(
            "Debian with profiles",
            {
                "mac_status": {
                    "apparmor_enabled": True,
                    "apparmor_enforce": 31,
                    "apparmor_complain": 2,
                    "apparmor_total": 33,
                }
            },
            Status.PASS,
        ),
        Case(
            "AppArmor, modes unreadable",
            {"mac_status": {"apparmor_enabled": True, "apparmor_profiles_unreadable": True}},
            Status.PASS,
        ),
        Case(
            "SELinux enforcing", {"mac_status": {"selinux_enforce": True, "selinux_config": "enforcing"}}, Status.PASS
        ),
        Case(
            "SELinux permissive",
            {"mac_status": {"selinux_enforce": False, "selinux_config": "permissive"}},
            Status.FAIL,
        ),
        Case(
            "AppArmor with nothing enforced",
            {
                "mac_status": {
                    "apparmor_enabled": True,
                    "apparmor_enforce": 0,
                    "apparmor_complain": 0,
                    "apparmor_total": 0,
                }
            },
            Status.FAIL,
        ),
        Case("kernel without MAC", {"mac_status": {}}, Status.FAIL),
    ),
)

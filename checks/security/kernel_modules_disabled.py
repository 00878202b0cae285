"""kernel-modules-disabled: rarely needed file system, storage and protocol modules cannot be loaded.

CIS benchmarks disable kernel modules a server does not need, since each loadable module is kernel
attack surface reachable by plugging in a device or opening a socket: cramfs, freevxfs, hfs,
hfsplus, jffs2, udf, usb-storage, dccp, sctp, rds and tipc. A module counts as disabled when
modprobe.d has `install NAME /bin/false` (or /bin/true) or `blacklist NAME`. The list is the
setting disabled_modules_required. In the strict profile only: many hosts legitimately need some.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import config_case, setting_list
from auditor.core.models import Category, Severity, Status
from auditor.probes.config_files import CONFIG_FILES

DEFAULT = ("cramfs", "freevxfs", "hfs", "hfsplus", "jffs2", "udf", "usb-storage", "dccp", "sctp", "rds", "tipc")

META = CheckMeta(
    id="kernel-modules-disabled",
    title="Unneeded kernel modules are disabled",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale=(
        "Obscure file system and protocol modules are loaded on demand by an attacker's device or socket "
        "and have a history of exploitable bugs."
    ),
    remediation="Add 'install NAME /bin/false' and 'blacklist NAME' lines to /etc/modprobe.d/60-hardening.conf.",
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=15,
        en=PlainWords(
            meaning="Rarely used system components that have a history of security bugs can be loaded on demand.",
            why="An attacker can make the system load such a component and then exploit its weaknesses.",
            fix="Block the rarely used components the system does not need.",
        ),
        fr=PlainWords(
            meaning=(
                "Des composants système rarement utilisés, aux failles fréquentes, peuvent être chargés à la demande."
            ),
            why="Un attaquant peut pousser le système à charger un tel composant puis en exploiter les failles.",
            fix="Bloquer les composants rarement utilisés dont le système n'a pas besoin.",
        ),
    ),
    facts=(CONFIG_FILES.name,),
    references={"cis-v8": ("4.8",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.19",)},
    settings=(
        Setting(
            name="disabled_modules_required",
            type=list,
            default=DEFAULT,
            doc="Kernel modules that must be blocked from loading.",
        ),
    ),
)


def _disabled(lines: list[str]) -> set[str]:
    found: set[str] = set()
    for line in lines:
        words = line.split()
        if (
            len(words) >= 3
            and words[0] == "install"
            and words[2] in ("/bin/false", "/bin/true", "/usr/bin/false", "/usr/bin/true")
        ) or (len(words) == 2 and words[0] == "blacklist"):
            found.add(words[1].replace("_", "-"))
    return found


def evaluate(facts: Facts) -> Verdict:
    wanted = [m.replace("_", "-") for m in setting_list(facts, "disabled_modules_required", DEFAULT)]
    config = facts.get(CONFIG_FILES)
    lines = [line for lines in config.matching("/etc/modprobe.d/*.conf").values() for line in lines]
    disabled = _disabled(lines)
    missing = [m for m in wanted if m not in disabled]
    if missing:
        return Verdict.failed(f"{len(missing)} of {len(wanted)} module(s) not disabled: {', '.join(missing)}")
    return Verdict.passed(f"all {len(wanted)} module(s) disabled")


_ALL = [line for m in DEFAULT for line in (f"install {m} /bin/false", f"blacklist {m}")]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("hardened", config_case({"/etc/modprobe.d/60-hardening.conf": _ALL}), Status.PASS),
        Case("Debian default", config_case({"/etc/modprobe.d/blacklist.conf": ["blacklist evbug"]}), Status.FAIL),
        Case(
            "only usb-storage required",
            config_case({"/etc/modprobe.d/usb.conf": ["install usb-storage /bin/false"]}),
            Status.PASS,
            settings={"disabled_modules_required": "usb-storage"},
        ),
    ),
)

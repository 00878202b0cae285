"""patch-held-packages: no held package is blocking a security fix.

`apt-mark hold` pins a package: apt-get upgrade and unattended-upgrades skip it, and so does the
simulated upgrade the other patch checks read, so a held package's security fix is invisible to
them. A hold can be deliberate (a kernel or database pinned for a reason), so holds alone pass;
a held package whose newer version comes from a security archive fails. The held list is always
in the details.
"""

from __future__ import annotations

from auditor.checklib.checkdef import Applicability, Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.apt_holds import APT_HOLDS

META = CheckMeta(
    id="patch-held-packages",
    title="No held package blocks a security update",
    category=Category.PATCH,
    severity=Severity.LOW,
    rationale=(
        "A held package never receives updates, security fixes included, and automatic updates skip it "
        "silently; a forgotten hold leaves a known vulnerability in place indefinitely."
    ),
    remediation="Review the hold (apt-mark showhold); release it (apt-mark unhold PACKAGE) and upgrade, "
    "or document why the fix is not applied.",
    applies_to=Applicability(families=frozenset({"debian"})),
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=20,
        en=PlainWords(
            meaning="Some software on this system has been frozen at an old version and never receives updates.",
            why="Automatic updates skip frozen software silently, so a known weakness in it can stay open for years.",
            fix="Review each frozen package and either release it for updates or record why it must stay as it is.",
        ),
        fr=PlainWords(
            meaning=(
                "Certains logiciels de ce système sont figés dans une ancienne version et ne reçoivent plus de "
                "mises à jour."
            ),
            why=(
                "Les mises à jour automatiques ignorent ces logiciels sans prévenir : une faille connue peut y "
                "rester ouverte pendant des années."
            ),
            fix=(
                "Revoir chaque logiciel figé et soit le libérer pour les mises à jour, soit consigner pourquoi il "
                "doit rester ainsi."
            ),
        ),
    ),
    facts=(APT_HOLDS.name,),
    references={"cis-v8": ("7.3",), "nist-csf-2": ("PR.PS-02",), "iso27001-2022": ("A.8.8",)},
)


def evaluate(facts: Facts) -> Verdict:
    holds = facts.get(APT_HOLDS)
    if not holds.installed:
        return Verdict.cannot_assess("apt-mark not found on a Debian-family host")
    listed = tuple(
        f"{h.package} {h.installed or '?'} (held; candidate {h.candidate or 'none'}"
        f"{', security fix available' if h.security else ''})"
        for h in holds.held
    )
    blocking = [h for h in holds.held if h.security]
    if blocking:
        return Verdict.failed(
            f"{len(blocking)} held package(s) have a pending security update: "
            + ", ".join(h.package for h in blocking),
            listed,
        )
    if holds.held:
        return Verdict.passed(f"{len(holds.held)} package(s) held, none with a pending security update", listed)
    return Verdict.passed("no packages are held")


_OPENSSL = {
    "package": "openssl",
    "installed": "3.0.19-1~deb12u2",
    "candidate": "3.0.19-1~deb12u2",
    "newer": ["3.0.22-1~deb12u2"],
    "security": True,
}

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("nothing held", {"apt_holds": {"installed": True}}, Status.PASS),
        Case(
            "held with a newer version from the security archive",
            {"apt_holds": {"installed": True, "held": [_OPENSSL]}},
            Status.FAIL,
        ),
        Case(
            "held, newer version only in -updates",
            {"apt_holds": {"installed": True, "held": [{**_OPENSSL, "security": False}]}},
            Status.PASS,
        ),
        Case(
            "held, already the newest",
            {"apt_holds": {"installed": True, "held": [{**_OPENSSL, "newer": [], "security": False}]}},
            Status.PASS,
        ),
        Case("apt-mark missing", {"apt_holds": {"installed": False}}, Status.ERROR),
        Case("probe failed", {"apt_holds": "apt-cache policy failed"}, Status.ERROR),
    ),
)

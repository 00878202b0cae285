"""patch-kernel-current: the running kernel is the newest installed kernel.

Kernel updates are installed next to the running kernel and only take effect at the next boot,
so a host can carry a patched kernel on disk for months while running a vulnerable one. Compares
`uname -r` with the kernel packages (dpkg linux-image-*, rpm kernel/kernel-core/kernel-uek/
kernel-default, apk linux-<flavour>). Hosts without a kernel package (containers, chroots, VMs
booted with a kernel supplied from outside) do not apply: their kernel is patched elsewhere.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernels import KERNELS, release_key

META = CheckMeta(
    id="patch-kernel-current",
    title="The running kernel is the newest installed",
    category=Category.PATCH,
    severity=Severity.MEDIUM,
    rationale=(
        "Kernel fixes protect nothing until the host boots into them; an old running kernel keeps "
        "privilege-escalation and remote vulnerabilities open although the update is installed."
    ),
    remediation="Reboot into the newest installed kernel in a maintenance window (and check the boot loader default).",
    plain=Plain(
        area="patching",
        practice="patching",
        effort_minutes=15,
        en=PlainWords(
            meaning="The core of the operating system was updated, but the system still runs the old version.",
            why=(
                "The fixes for the most serious weaknesses, those that give an intruder full control, only apply "
                "after a restart."
            ),
            fix="Restart the system into the updated version in a maintenance window.",
        ),
        fr=PlainWords(
            meaning=(
                "Le cœur du système d'exploitation a été mis à jour, mais le système fonctionne toujours avec "
                "l'ancienne version."
            ),
            why=(
                "Les correctifs des failles les plus graves, celles qui donnent le contrôle total à un intrus, ne "
                "s'appliquent qu'après un redémarrage."
            ),
            fix="Redémarrer le système sur la version à jour pendant une fenêtre de maintenance.",
        ),
    ),
    facts=(KERNELS.name,),
    references={"cis-v8": ("7.3",), "nist-csf-2": ("PR.PS-02",), "iso27001-2022": ("A.8.8",)},
)


def evaluate(facts: Facts) -> Verdict:
    kernels = facts.get(KERNELS)
    newest = kernels.newest
    if newest is None:
        return Verdict.not_applicable(
            f"no kernel package installed (running {kernels.running}): container, chroot or externally booted"
        )
    installed = tuple(sorted((k.release for k in kernels.packaged), key=release_key))
    if not kernels.running_is_packaged:
        # apk replaces linux-<flavour> in place: the running release is gone from the package list
        replaced = [
            k
            for k in kernels.packaged
            if not k.package.startswith(("linux-image", "kernel"))
            and kernels.running.endswith("-" + k.release.rsplit("-", 1)[-1])
        ]
        if replaced:
            return Verdict.failed(
                f"running kernel {kernels.running}, but {replaced[0].release} is installed", installed
            )
        return Verdict.not_applicable(
            f"running kernel {kernels.running} is not one of the installed kernel packages (booted from outside)"
        )
    if kernels.matches(newest):
        return Verdict.passed(f"running the newest installed kernel {kernels.running}", installed)
    return Verdict.failed(f"running kernel {kernels.running}, but {newest.release} is installed", installed)


_DEBIAN_41 = ("linux-image-6.1.0-41-amd64", "6.1.0-41-amd64")
_DEBIAN_42 = ("linux-image-6.1.0-42-amd64", "6.1.0-42-amd64")


def _kernels(running: str, *packaged: tuple[str, str], os: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """A case's facts: the running release, the (package, release) pairs installed, and the OS when not Debian."""
    kernels: dict[str, Any] = {"running": running, "packaged": [{"package": p, "release": r} for p, r in packaged]}
    return {"kernels": kernels} | ({"os_release": os} if os else {})


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian: running the newest", _kernels("6.1.0-42-amd64", _DEBIAN_41, _DEBIAN_42), Status.PASS),
        Case(
            "Debian: newer kernel installed, old one running",
            _kernels("6.1.0-41-amd64", _DEBIAN_41, _DEBIAN_42),
            Status.FAIL,
        ),
        Case(
            "RHEL 9: kernel-core 570 installed, 503 running",
            _kernels(
                "5.14.0-503.15.1.el9_5.x86_64",
                ("kernel-core", "5.14.0-503.15.1.el9_5.x86_64"),
                ("kernel-core", "5.14.0-570.12.1.el9_6.x86_64"),
                os={"id": "rhel", "version_id": "9.6", "family": "rhel"},
            ),
            Status.FAIL,
        ),
        Case(
            "SLES 15: running the newest kernel-default",
            _kernels(
                "6.4.0-150600.23.81-default",
                ("kernel-default", "6.4.0-150600.23.81.1.x86_64"),
                os={"id": "sles", "version_id": "15.6", "family": "suse"},
            ),
            Status.PASS,
        ),
        Case(
            "Alpine: linux-lts upgraded, old one running",
            _kernels(
                "6.12.60-0-lts",
                ("linux-lts-6.12.62-r0", "6.12.62-0-lts"),
                os={"id": "alpine", "version_id": "3.23.2", "family": "alpine"},
            ),
            Status.FAIL,
        ),
        Case(
            "container: no kernel package (the lab hosts)",
            {"kernels": {"running": "6.18.44-fc-v669"}},
            Status.NOT_APPLICABLE,
        ),
        Case("probe failed", {"kernels": "no running kernel release in the output"}, Status.ERROR),
    ),
)

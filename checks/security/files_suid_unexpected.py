"""files-suid-unexpected: no set-uid or set-gid program beyond the ones distributions ship.

Every SUID/SGID binary runs with its owner's (usually root's) rights for whoever starts it, so
each one is attack surface; a SUID copy of a shell, find, vim or python is a ready-made root
backdoor. Found files are compared with a list of the programs Debian, Ubuntu and Red Hat
install set-id (paths under /bin, /sbin and /lib count as their /usr equivalents) plus the
globs in the setting suid_allowed_paths.
"""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Plain, PlainWords, Setting, Verdict
from auditor.checklib.checkkit import matches_any, setting_list
from auditor.core.models import Category, Severity, Status
from auditor.probes.special_files import SPECIAL_FILES

META = CheckMeta(
    id="files-suid-unexpected",
    title="No unexpected set-uid or set-gid programs",
    category=Category.SECURITY,
    severity=Severity.HIGH,
    rationale=(
        "An unexpected set-uid program is either needless attack surface or a planted backdoor that gives "
        "any local user root."
    ),
    remediation=(
        "Remove the set-id bit (chmod u-s,g-s FILE) or the file; if it is legitimate, add its path to the "
        "setting suid_allowed_paths."
    ),
    plain=Plain(
        area="exposure",
        practice="hardening",
        effort_minutes=30,
        en=PlainWords(
            meaning="Programs we did not expect can run with administrator rights when started by any user.",
            why="Such a program is either needless risk or a planted backdoor that gives any user full control.",
            fix="Remove the special rights from these programs, or record them as approved if they are needed.",
        ),
        fr=PlainWords(
            meaning=(
                "Des programmes inattendus s'exécutent avec les droits administrateur quand n'importe quel "
                "utilisateur les lance."
            ),
            why=(
                "Un tel programme est soit un risque inutile, soit une porte dérobée qui donne le contrôle total "
                "à n'importe quel utilisateur."
            ),
            fix=(
                "Retirer ces droits spéciaux aux programmes concernés, ou les déclarer comme approuvés s'ils sont "
                "nécessaires."
            ),
        ),
    ),
    facts=(SPECIAL_FILES.name,),
    references={"cis-v8": ("2.3",), "nist-csf-2": ("PR.PS-01",), "iso27001-2022": ("A.8.19",)},
    settings=(
        Setting(
            name="suid_allowed_paths",
            type=list,
            doc="Globs of set-uid/set-gid programs expected on this host beyond the usual ones.",
        ),
    ),
)

EXPECTED = (
    "/usr/bin/su",
    "/usr/bin/sudo",
    "/usr/bin/sudoedit",
    "/usr/bin/passwd",
    "/usr/bin/chsh",
    "/usr/bin/chfn",
    "/usr/bin/gpasswd",
    "/usr/bin/newgrp",
    "/usr/bin/mount",
    "/usr/bin/umount",
    "/usr/bin/pkexec",
    "/usr/bin/fusermount",
    "/usr/bin/fusermount3",
    "/usr/bin/newuidmap",
    "/usr/bin/newgidmap",
    "/usr/bin/crontab",
    "/usr/bin/at",
    "/usr/bin/expiry",
    "/usr/bin/chage",
    "/usr/bin/wall",
    "/usr/bin/write",
    "/usr/bin/bsd-write",
    "/usr/bin/ssh-agent",
    "/usr/bin/dotlockfile",
    "/usr/bin/mlocate",
    "/usr/bin/plocate",
    "/usr/bin/locate",
    "/usr/bin/ntfs-3g",
    "/usr/bin/staprun",
    "/usr/bin/screen",
    "/usr/bin/Xorg",
    "/usr/sbin/unix_chkpwd",
    "/usr/sbin/pam_timestamp_check",
    "/usr/sbin/userhelper",
    "/usr/sbin/exim4",
    "/usr/sbin/postdrop",
    "/usr/sbin/postqueue",
    "/usr/sbin/pppd",
    "/usr/sbin/mount.nfs",
    "/usr/sbin/mount.cifs",
    "/usr/sbin/grub2-set-bootflag",
    "/usr/lib/openssh/ssh-keysign",
    "/usr/libexec/openssh/ssh-keysign",
    "/usr/lib/dbus-1.0/dbus-daemon-launch-helper",
    "/usr/libexec/dbus-daemon-launch-helper",
    "/usr/lib/policykit-1/polkit-agent-helper-1",
    "/usr/lib/polkit-1/polkit-agent-helper-1",
    "/usr/libexec/polkit-agent-helper-1",
    "/usr/lib/eject/dmcrypt-get-device",
    "/usr/lib/xorg/Xorg.wrap",
    "/usr/lib/snapd/snap-confine",
    "/usr/lib/chromium/chrome-sandbox",
    "/usr/lib/*/utempter/utempter",
    "/usr/libexec/utempter/utempter",
    "/usr/libexec/camel-lock-helper-*",
    "/usr/lib/evolution/camel-lock-helper-*",
)


def canonical(path: str) -> str:
    """Merged /usr: /bin/su and /usr/bin/su are the same program."""
    for prefix in ("/bin/", "/sbin/", "/lib/", "/lib64/"):
        if path.startswith(prefix):
            return "/usr" + path
    return path


def evaluate(facts: Facts) -> Verdict:
    found = facts.get(SPECIAL_FILES)
    allowed = (*EXPECTED, *setting_list(facts, "suid_allowed_paths"))
    unexpected = tuple(
        f"{f.path} {f.mode} {f.owner}:{f.group}"
        for f in found.privileged
        if not matches_any(canonical(f.path), allowed) and not matches_any(f.path, allowed)
    )
    if unexpected:
        return Verdict.failed(f"{len(unexpected)} unexpected set-uid/set-gid file(s)", unexpected)
    if found.truncated:
        return Verdict.cannot_assess("the file system walk was cut short (time or output limit)")
    if found.errors:
        return Verdict.cannot_assess(f"{len(found.errors)} folder(s) could not be read: {found.errors[0]}")
    return Verdict.passed(
        f"{len(found.privileged)} set-uid/set-gid file(s), all expected", tuple(f.path for f in found.privileged)
    )


def _suid(path: str, mode: str = "4755", group: str = "root") -> dict[str, Any]:
    return {"path": path, "mode": mode, "uid": 0, "gid": 0, "owner": "root", "group": group}


_DEBIAN = [_suid("/usr/bin/su"), _suid("/usr/bin/passwd"), _suid("/usr/sbin/unix_chkpwd", "2755", "shadow")]

CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("Debian defaults", {"special_files": {"privileged": _DEBIAN}}, Status.PASS),
        Case(
            "unmerged /bin",
            {"special_files": {"privileged": [_suid("/bin/mount"), _suid("/sbin/unix_chkpwd", "2755")]}},
            Status.PASS,
        ),
        Case("set-uid find", {"special_files": {"privileged": [*_DEBIAN, _suid("/usr/local/bin/find")]}}, Status.FAIL),
        Case(
            "vendor agent allowed by setting",
            {"special_files": {"privileged": [*_DEBIAN, _suid("/opt/vendor/bin/helper")]}},
            Status.PASS,
            settings={"suid_allowed_paths": ["/opt/vendor/bin/*"]},
        ),
        Case(
            "partial walk",
            {"special_files": {"privileged": _DEBIAN, "errors": ["'/root': Permission denied"]}},
            Status.ERROR,
        ),
    ),
)

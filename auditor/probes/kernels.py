"""The running kernel and the kernels installed as packages (dpkg, rpm, apk) or present in /boot.

Kernel package names and versions become kernel releases as `uname -r` prints them: Debian and
Ubuntu name the release in the package (`linux-image-6.1.0-42-amd64`); rpm's kernel, kernel-core,
kernel-uek and kernel-default packages have it as VERSION-RELEASE.ARCH (SUSE: VERSION-RELEASE
with the flavour appended, matched by prefix); Alpine's linux-<flavour>-X.Y.Z-rN runs as
X.Y.Z-N-<flavour>. Containers and chroots have no kernel package at all.
"""

from __future__ import annotations

import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import clip, meta_lines, meta_value

COMMAND = (
    'echo "#auditor kernel $(uname -r)"; '
    "if command -v dpkg-query >/dev/null 2>&1; then "
    "dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\\n' 'linux-image-*' 2>/dev/null "
    '| awk \'$1 ~ /^.i/ {print "#auditor dpkg " $2 " " $3}\' | head -n 100; fi; '
    "if command -v rpm >/dev/null 2>&1; then "
    "rpm -q --qf '#auditor rpm %{NAME} %{VERSION}-%{RELEASE}.%{ARCH} %{INSTALLTIME}\\n' "
    "kernel kernel-core kernel-uek kernel-uek-core kernel-default kernel-rt 2>/dev/null "
    "| grep '^#auditor rpm ' | head -n 100; fi; "
    "if command -v apk >/dev/null 2>&1; then "
    "apk info -v 2>/dev/null | grep -E '^linux-(lts|virt|edge|rpi|rpi4|stable)-[0-9]' "
    "| sed 's/^/#auditor apk /' | head -n 100; fi; "
    'for k in /boot/vmlinuz-*; do if [ -f "$k" ]; then echo "#auditor boot ${k#/boot/vmlinuz-}"; fi; done'
)

_DEB_RELEASE = re.compile(r"^linux-image-(?:unsigned-)?(?P<release>\d[A-Za-z0-9.+_~-]*)$")
_ARCHES = frozenset({"x86_64", "aarch64", "ppc64le", "s390x", "i686", "noarch", "armv7hl"})
_FLAVOUR = re.compile(r"-(default|azure|rt|kvmsmall|64kb|preempt|vanilla)$")
_APK = re.compile(r"^linux-(?P<flavour>[a-z0-9]+)-(?P<version>\d[A-Za-z0-9._]*)-r(?P<rel>\d+)$")


class InstalledKernel(FactModel):
    package: str
    release: str  # as uname -r would print it when this kernel runs
    installed_epoch: int | None = None  # rpm INSTALLTIME, where known


class Kernels(FactModel):
    running: str
    packaged: tuple[InstalledKernel, ...] = ()
    boot_images: tuple[str, ...] = ()

    def matches(self, kernel: InstalledKernel) -> bool:
        """Whether this installed kernel is the one running (SUSE: uname drops rpm's last release
        digit and the arch, and adds the flavour: 6.4.0-150600.23.81.1.x86_64 runs as 6.4.0-150600.23.81-default)."""
        if self.running == kernel.release:
            return True
        base, _, arch = kernel.release.rpartition(".")
        package = base if arch in _ARCHES else kernel.release
        running = _FLAVOUR.sub("", self.running)
        return package == running or package.startswith(running + ".")

    @property
    def running_is_packaged(self) -> bool:
        return any(self.matches(k) for k in self.packaged)

    @property
    def newest(self) -> InstalledKernel | None:
        return max(self.packaged, key=lambda k: release_key(k.release), default=None)


def release_key(release: str) -> tuple[tuple[int, int | str], ...]:
    """Version order for kernel releases: numbers compare as numbers, everything else as text."""
    parts = re.findall(r"\d+|[A-Za-z]+", release)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def parse(raw: RawOutput) -> Kernels:
    running = (meta_value(raw, "kernel") or "").strip()
    if not running:
        raise ProbeError("no running kernel release in the output")
    packaged: list[InstalledKernel] = []
    boot: list[str] = []
    for word, rest in meta_lines(raw):
        fields = rest.split()
        if word == "dpkg" and fields:
            match = _DEB_RELEASE.match(fields[0])
            if match is not None:  # meta packages (linux-image-amd64) name no release
                packaged.append(InstalledKernel(package=fields[0], release=match["release"]))
        elif word == "rpm" and len(fields) == 3:
            stamp = int(fields[2]) if fields[2].isdigit() else None
            packaged.append(InstalledKernel(package=fields[0], release=fields[1], installed_epoch=stamp))
        elif word == "apk" and fields:
            match = _APK.match(fields[0])
            if match is None:
                raise ProbeError(f"unrecognised apk kernel package {clip(fields[0], 60)!r}")
            release = f"{match['version']}-{match['rel']}-{match['flavour']}"
            packaged.append(InstalledKernel(package=fields[0], release=release))
        elif word == "boot" and fields:
            boot.append(fields[0])
    return Kernels(running=running, packaged=tuple(packaged), boot_images=tuple(boot))


KERNELS = Probe(
    name="kernels",
    description="Running kernel and installed kernel packages (dpkg, rpm, apk) and /boot images",
    command=COMMAND,
    model=Kernels,
    parse=parse,
)

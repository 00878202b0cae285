"""Pending package updates and patches on SUSE and openSUSE, from zypper's XML output.

`zypper --non-interactive --no-refresh --xmlout list-updates` lists package updates with the
installed and candidate editions; `... list-patches` lists applicable patches with their category
(security, recommended, ...), severity (critical, important, moderate, low), status, reboot flag,
and (zypper 1.14+) issue date and CVE references. `--no-refresh` keeps zypper off the network, so
the cached repomd.xml mtimes are printed to judge the metadata's age (freshness.py). Patch
descriptions can run to many kilobytes each; they are dropped on the host by a small awk
program before anything is printed.

The XML is parsed with ElementTree after refusing any DOCTYPE, so no entity can be declared,
let alone expanded.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.freshness import metadata_staleness
from auditor.probes.sections import RUN, Section, require, split_sections
from auditor.probes.text import clip, epoch, first_line, meta_lines, meta_value

LINE_LIMIT = 50000
# awk: drop <description>...</description>, which may span lines; keep everything else.
_DROP_DESCRIPTIONS = (
    '{ out = ""; while (1) { if (s) { i = index($0, "</description>"); if (!i) { $0 = ""; break } '
    "$0 = substr($0, i + 14); s = 0 } "
    'i = index($0, "<description>"); if (!i) { out = out $0; break } '
    "out = out substr($0, 1, i - 1); $0 = substr($0, i + 13); s = 1 } "
    'if (out != "") print out }'
)
_ZYPPER = "zypper --non-interactive --no-refresh --xmlout"

COMMAND = (
    "if command -v zypper >/dev/null 2>&1; then " + RUN + 'echo "#auditor now $(date +%s)"; '
    "for p in /var/cache/zypp/raw/*/repodata/repomd.xml; do "
    'if [ -f "$p" ]; then stat -c \'#auditor repomd %Y %n\' "$p"; fi; done | head -n 200; '
    f"f='{_DROP_DESCRIPTIONS}'; "
    f"run list-updates {LINE_LIMIT} {_ZYPPER} list-updates; "
    f"run list-patches {LINE_LIMIT} {_ZYPPER} list-patches; "
    "else echo '#auditor absent'; fi"
)

# Patch statuses that mean "not installed": needed, or needed but locked by the admin.
PENDING_STATUSES = frozenset({"needed", "unwanted"})


class ZypperPackage(FactModel):
    package: str
    arch: str = ""
    candidate: str
    current: str = ""
    repo: str = ""


class ZypperPatch(FactModel):
    name: str
    edition: str = ""
    category: str = ""  # security, recommended, optional, feature, document, yast
    severity: str = ""  # critical, important, moderate, low, unspecified
    status: str = ""  # needed, applied, not-needed, unwanted (locked), optional
    restart: bool = False  # the patch asks for a reboot
    summary: str = ""
    issued: date | None = None
    cves: tuple[str, ...] = ()
    repo: str = ""
    package_manager: bool = False  # a patch of the update stack itself (libzypp, zypper)
    blocked: bool = False  # waits behind a pending package-manager patch (zypper's blocked-update-list)

    @property
    def pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def security(self) -> bool:
        return self.category == "security"


class ZypperUpdates(FactModel):
    installed: bool  # zypper present
    now_epoch: int = 0
    repomd: dict[str, int] = {}
    packages: tuple[ZypperPackage, ...] = ()
    patches: tuple[ZypperPatch, ...] = ()
    truncated: bool = False

    def staleness(self, max_age_days: float) -> str | None:
        return metadata_staleness(
            now_epoch=self.now_epoch, stamps=self.repomd, max_age_days=max_age_days, what="zypper"
        )


def _xml(section: Section, what: str) -> ET.Element:
    text = section.text
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise ProbeError(f"zypper {what}: refusing XML with a DOCTYPE")
    try:
        return ET.fromstring(text)  # noqa: S314 - no DOCTYPE, so no entities (checked above)
    except ET.ParseError as exc:
        raise ProbeError(f"zypper {what}: unparsable XML ({exc})") from exc


def _updates(root: ET.Element) -> list[tuple[ET.Element, bool]]:
    """`update` elements, each with whether it waits in `<blocked-update-list>`.

    While a patch for the package manager itself (libzypp, zypper: `pkgmanager="true"`) is
    needed, zypper lists only that patch as installable and moves every other needed patch to
    `<blocked-update-list>` (openSUSE/zypper src/update.cc): `zypper patch` installs the stack
    first, then the rest. Those patches are pending all the same.
    """
    return [
        (update, blocked)
        for tag, blocked in (("update-list", False), ("blocked-update-list", True))
        for found in root.iter(tag)
        for update in found.findall("update")
    ]


def _issued(update: ET.Element) -> date | None:
    node = update.find("issue-date")
    if node is None:
        return None
    stamp = node.get("time_t") or node.get("time") or ""
    if not stamp.isdigit():
        return None
    return datetime.fromtimestamp(int(stamp), tz=UTC).date()


def parse_packages(root: ET.Element) -> tuple[ZypperPackage, ...]:
    packages = []
    for update, _ in _updates(root):
        if update.get("kind", "package") != "package":
            continue
        name, edition = update.get("name", ""), update.get("edition", "")
        if not name or not edition:
            raise ProbeError("zypper list-updates: an update without name or edition")
        source = update.find("source")
        packages.append(
            ZypperPackage(
                package=name,
                arch=update.get("arch", ""),
                candidate=edition,
                current=update.get("edition-old", ""),
                repo=source.get("alias", "") if source is not None else "",
            )
        )
    return tuple(packages)


def parse_patches(root: ET.Element) -> tuple[ZypperPatch, ...]:
    patches = []
    for update, blocked in _updates(root):
        if update.get("kind") != "patch":
            continue
        name = update.get("name", "")
        if not name:
            raise ProbeError("zypper list-patches: a patch without a name")
        source = update.find("source")
        cves = tuple(
            issue.get("id", "")
            for issue in update.iter("issue")
            if issue.get("type") == "cve" and issue.get("id", "").startswith("CVE-")
        )
        patches.append(
            ZypperPatch(
                name=name,
                edition=update.get("edition", ""),
                category=update.get("category", ""),
                severity=update.get("severity", ""),
                status=update.get("status", ""),
                restart=update.get("restart") == "true",
                summary=clip(update.findtext("summary", "").strip(), 200),
                issued=_issued(update),
                cves=cves,
                repo=source.get("alias", "") if source is not None else "",
                package_manager=update.get("pkgmanager") == "true",
                blocked=blocked,
            )
        )
    return tuple(patches)


def _checked(section: Section, raw: RawOutput, what: str) -> ET.Element:
    if section.exit_status != 0:
        root = _xml(section, what) if section.text.lstrip().startswith("<?xml") else None
        message = root.findtext("message", "") if root is not None else ""
        reason = first_line(message) or first_line(raw.stderr) or "no message"
        raise ProbeError(f"zypper {what} failed (exit {section.exit_status}): {reason}")
    return _xml(section, what)


def parse(raw: RawOutput) -> ZypperUpdates:
    if meta_value(raw, "absent") is not None:
        return ZypperUpdates(installed=False)
    sections = split_sections(raw)
    updates = _checked(require(sections, "list-updates"), raw, "list-updates")
    patches = _checked(require(sections, "list-patches"), raw, "list-patches")
    repomd = {
        path: epoch(stamp, "repomd time")
        for word, rest in meta_lines(raw)
        if word == "repomd"
        for stamp, _, path in [rest.partition(" ")]
    }
    return ZypperUpdates(
        installed=True,
        now_epoch=epoch(meta_value(raw, "now"), "host time"),
        repomd=repomd,
        packages=parse_packages(updates),
        patches=parse_patches(patches),
        truncated=any(len(s.lines) >= LINE_LIMIT for s in sections.values()),
    )


ZYPPER_UPDATES = Probe(
    name="zypper_updates",
    description="Pending package updates and patches from zypper (XML, no refresh)",
    command=COMMAND,
    model=ZypperUpdates,
    parse=parse,
)

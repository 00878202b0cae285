"""Pending updates and security advisories on dnf and yum hosts (RHEL, Rocky, Alma, CentOS, Oracle,
Fedora, Amazon Linux), from the package manager's own cache.

Every command runs with `-q -C` (cache only): no network, no metadata refresh, nothing written.
So the answer is only as fresh as the cached metadata, whose repomd.xml mtimes are printed too
(see freshness.py). The probe asks four things:

- `check-update`: every pending update (exit 100 = updates, 0 = none, 1 = error);
- `rpm -q` for the packages check-update named: their installed versions (the names pass an
  allow-list on the host before they become arguments, and no shell ever evaluates them);
- `updateinfo list --security` (dnf5: `advisory list --security`; yum: `updateinfo list security`):
  which advisory fixes which package, with the vendor's severity;
- `updateinfo info --security`, reduced on the host to the id, severity, date and CVE lines.

Repositories without updateinfo (CentOS Stream, CentOS 7, many third-party repos) mark nothing
as security; `updateinfo_cached` says whether any cached repository carries advisories at all,
so a check can refuse to call "no security updates" on a host that cannot know.
"""

from __future__ import annotations

import re
from datetime import date

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.freshness import metadata_staleness
from auditor.probes.sections import RUN, Section, require, split_sections
from auditor.probes.text import clip, epoch, first_line, meta_lines, meta_value

LINE_LIMIT = 20000
_INFO_FILTER = (
    "/^[[:space:]]*(Update ID|Name|Type|Updated|Issued|Severity|CVEs|Id)[[:space:]]*:/ "
    "|| /^[[:space:]]*:[[:space:]]*CVE-/"
)
_NAME_ARCH = r"^[A-Za-z0-9_+][A-Za-z0-9_.+-]*\.[A-Za-z0-9_]+$"
_RPM_FORMAT = "%{NAME}.%{ARCH} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n"
_REPOMD = (
    "/var/cache/dnf/*/repodata/repomd.xml /var/cache/libdnf5/*/repodata/repomd.xml /var/cache/yum/*/*/*/repomd.xml"
)
_UPDATEINFO = (
    "/var/cache/dnf/*/repodata/*updateinfo* /var/cache/libdnf5/*/repodata/*updateinfo* "
    "/var/cache/yum/*/*/*/*updateinfo*"
)

COMMAND = (
    "if command -v dnf >/dev/null 2>&1; then m=dnf; elif command -v yum >/dev/null 2>&1; then m=yum; else m=; fi; "
    "if [ -z \"$m\" ]; then echo '#auditor absent'; else "
    + RUN
    + 'v=$($m --version 2>/dev/null | head -n 1); echo "#auditor manager $m"; echo "#auditor version $v"; '
    'echo "#auditor now $(date +%s)"; '
    f'for p in {_REPOMD}; do if [ -f "$p" ]; then stat -c \'#auditor repomd %Y %n\' "$p"; fi; done | head -n 200; '
    f"for p in {_UPDATEINFO}; do if [ -f \"$p\" ]; then echo '#auditor updateinfo-cached'; fi; done | head -n 1; "
    f"run check-update {LINE_LIMIT} $m -q -C check-update; "
    f"n=$(printf '%s\\n' \"$o\" | awk '$1 ~ /{_NAME_ARCH}/ {{print $1}}' | head -n 5000); "
    'if [ -n "$n" ]; then '
    f"run installed {LINE_LIMIT} rpm -q --qf '{_RPM_FORMAT}' $n; fi; "
    'case "$m:$v" in dnf:dnf5*|dnf:5.*) s=advisory; t=--security;; dnf:*) s=updateinfo; t=--security;; '
    "*) s=updateinfo; t=security;; esac; "
    f"run advisories {LINE_LIMIT} $m -q -C $s list $t; "
    f"f='{_INFO_FILTER}'; run advisory-info {LINE_LIMIT} $m -q -C $s info $t; fi"
)

_EVR = re.compile(r"^(?:\d+:)?[A-Za-z0-9._+~^]+-[A-Za-z0-9._+~^]+$")
_NAME_ARCH_RE = re.compile(_NAME_ARCH)
_ADVISORY_ID = re.compile(r"^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9:_.-]+$")
_CVE = re.compile(r"CVE-\d{4}-\d{4,}")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SKIP = ("Obsoleting", "Security:", "Last metadata", "Loaded plugins", "Available upgrades", "Upgrades")


class RpmUpdate(FactModel):
    package: str
    arch: str
    candidate: str  # [epoch:]version-release
    current: str = ""  # installed version, "" when rpm did not report one
    repo: str = ""
    replaces: str = ""  # the installed package this one obsoletes (a rename), "" for a plain upgrade


class Advisory(FactModel):
    id: str
    severity: str = ""  # as the vendor spells it: Critical, Important, Moderate, Low ("" when none)
    issued: date | None = None
    cves: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()  # fixed package NEVRAs, as updateinfo lists them


class DnfUpdates(FactModel):
    installed: bool  # dnf or yum present
    manager: str = ""  # dnf or yum
    version: str = ""
    now_epoch: int = 0
    repomd: dict[str, int] = {}  # cached repomd.xml -> mtime
    updateinfo_cached: bool = False  # some cached repository carries advisories
    updates: tuple[RpmUpdate, ...] = ()
    advisories: tuple[Advisory, ...] = ()  # security advisories that apply to installed packages
    truncated: bool = False

    def staleness(self, max_age_days: float) -> str | None:
        return metadata_staleness(now_epoch=self.now_epoch, stamps=self.repomd, max_age_days=max_age_days, what="dnf")


def split_nevra(nevra: str) -> tuple[str, str, str]:
    """name, [epoch:]version-release, arch from name-[epoch:]version-release.arch."""
    base, dot, arch = nevra.rpartition(".")
    parts = base.rsplit("-", 2)
    if not dot or len(parts) != 3 or not all(parts):
        raise ProbeError(f"unrecognised package {clip(nevra, 80)!r}")
    return parts[0], f"{parts[1]}-{parts[2]}", arch


def _rows(lines: list[str]) -> list[tuple[str, str, str, str]]:
    """(name.arch, evr, repo, first line) rows; a long name stands on a line of its own, the rest follows."""
    rows: list[tuple[str, str, str, str]] = []
    pending: list[str] = []
    first = ""
    for line in lines:
        if not line.strip() or line.startswith(_SKIP):
            continue
        first = first if pending else line
        pending += line.split()
        if len(pending) < 3:
            continue
        name_arch, evr, repo = pending[:3]
        pending = []
        if not _NAME_ARCH_RE.match(name_arch) or not _EVR.match(evr):
            raise ProbeError(f"unrecognised check-update line: {clip(line, 100)!r}")
        rows.append((name_arch, evr, repo, first))
    return rows


def _update(name_arch: str, evr: str, repo: str) -> RpmUpdate:
    name, _, arch = name_arch.rpartition(".")
    return RpmUpdate(package=name, arch=arch, candidate=evr, repo=repo)


def parse_check_update(section: Section) -> tuple[RpmUpdate, ...]:
    """`check-update` rows: `name.arch evr repo`, then the "Obsoleting Packages" table.

    That table pairs each package that replaces an installed one (a rename such as python-foo ->
    python2-foo, or a split) with the installed package it replaces, printed after it with its
    `@repo` (yum and dnf indent it by four spaces; copies of the output often lose that). `yum
    update` installs the replacement, so one not already listed above is a pending update too:
    a host whose only pending changes are renames is not up to date.
    """
    lines = list(section.lines)
    cut = next((i for i, line in enumerate(lines) if line.startswith("Obsoleting")), len(lines))
    updates = [_update(name_arch, evr, repo) for name_arch, evr, repo, _ in _rows(lines[:cut])]
    listed = {(u.package, u.arch) for u in updates}
    replacing: RpmUpdate | None = None
    for name_arch, evr, repo, line in _rows(lines[cut + 1 :]):
        if repo.startswith("@") or line.startswith(" "):  # the installed package being replaced
            if replacing is not None and not replacing.replaces:
                name = name_arch.rpartition(".")[0]
                updates[-1] = replacing = replacing.model_copy(update={"replaces": name, "current": evr})
            continue
        new = _update(name_arch, evr, repo)
        replacing = None
        if (new.package, new.arch) not in listed:
            listed.add((new.package, new.arch))
            updates.append(new)
            replacing = new
    return tuple(updates)


def parse_advisory_list(section: Section) -> dict[str, Advisory]:
    """dnf4/yum `ID Severity/Sec. NEVRA` or dnf5 `ID security Severity NEVRA date time` rows."""
    found: dict[str, Advisory] = {}
    for line in section.lines:
        fields = line.split()
        if not fields or fields[0] == "Name" or not _ADVISORY_ID.match(fields[0]):
            continue
        if len(fields) == 3 and fields[1].endswith("/Sec."):
            severity, nevra, issued = fields[1].removesuffix("/Sec."), fields[2], None
        elif len(fields) >= 4 and fields[1] == "security":
            severity, nevra, issued = fields[2], fields[3], _date(" ".join(fields[4:]))
        else:
            continue  # bugfix/enhancement rows, "updateinfo list done" and the like
        if severity in ("Unknown", "None", "none"):
            severity = ""
        split_nevra(nevra)
        old = found.get(fields[0], Advisory(id=fields[0]))
        found[fields[0]] = old.model_copy(
            update={
                "severity": old.severity or severity,
                "issued": old.issued or issued,
                "packages": (*old.packages, nevra),
            }
        )
    return found


def parse_advisory_info(section: Section) -> dict[str, Advisory]:
    """Id, severity, date and CVEs per advisory from the host-filtered `info` output (dnf4, dnf5, yum)."""
    found: dict[str, Advisory] = {}
    current: str | None = None
    for line in section.lines:
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep:
            continue
        if key in ("Update ID", "Name") and _ADVISORY_ID.match(value):
            current = value
            found[current] = Advisory(id=current)
            continue
        if current is None:
            continue
        advisory = found[current]
        if key == "Severity" and value not in ("None", "none", "Unknown"):
            found[current] = advisory.model_copy(update={"severity": value})
        elif key in ("Issued", "Updated") and (key == "Issued" or advisory.issued is None):
            found[current] = advisory.model_copy(update={"issued": _date(value)})
        elif key in ("CVEs", "", "Id"):
            cves = tuple(c for c in _CVE.findall(value) if c not in advisory.cves)
            found[current] = advisory.model_copy(update={"cves": advisory.cves + cves})
    return found


def _date(text: str) -> date | None:
    match = _DATE.search(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _failure(section: Section, raw: RawOutput, what: str) -> ProbeError:
    reason = first_line(raw.stderr) or first_line(section.text) or "no message"
    return ProbeError(f"{what} failed (exit {section.exit_status}): {reason}")


def parse(raw: RawOutput) -> DnfUpdates:
    if meta_value(raw, "absent") is not None:
        return DnfUpdates(installed=False)
    manager = (meta_value(raw, "manager") or "").strip()
    if manager not in ("dnf", "yum"):
        raise ProbeError(f"unknown package manager {clip(manager, 20)!r}")
    repomd = {
        path: epoch(stamp, "repomd time")
        for word, rest in meta_lines(raw)
        if word == "repomd"
        for stamp, _, path in [rest.partition(" ")]
    }
    sections = split_sections(raw)
    check = require(sections, "check-update")
    if check.exit_status not in (0, 100):
        raise _failure(check, raw, f"{manager} check-update")
    updates = parse_check_update(check)
    installed: dict[str, str] = {}
    for line in sections.get("installed", Section((), 0)).lines:
        fields = line.split()
        if len(fields) == 2 and _EVR.match(fields[1]):
            installed[fields[0]] = fields[1]
    updates = tuple(
        u.model_copy(update={"current": installed.get(f"{u.package}.{u.arch}", u.current)}) for u in updates
    )
    listed = require(sections, "advisories")
    if listed.exit_status != 0:
        raise _failure(listed, raw, f"{manager} updateinfo")
    advisories = parse_advisory_list(listed)
    details = parse_advisory_info(require(sections, "advisory-info"))
    merged = []
    for advisory_id, advisory in advisories.items():
        info = details.get(advisory_id, Advisory(id=advisory_id))
        merged.append(
            advisory.model_copy(
                update={
                    "severity": info.severity or advisory.severity,
                    "issued": info.issued or advisory.issued,
                    "cves": info.cves,
                }
            )
        )
    return DnfUpdates(
        installed=True,
        manager=manager,
        version=clip(meta_value(raw, "version") or "", 60),
        now_epoch=epoch(meta_value(raw, "now"), "host time"),
        repomd=repomd,
        updateinfo_cached=meta_value(raw, "updateinfo-cached") is not None,
        updates=updates,
        advisories=tuple(merged),
        truncated=any(len(s.lines) >= LINE_LIMIT for s in sections.values()),
    )


DNF_UPDATES = Probe(
    name="dnf_updates",
    description="Pending updates and security advisories from dnf/yum (cache only)",
    command=COMMAND,
    model=DnfUpdates,
    parse=parse,
)

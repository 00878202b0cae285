"""Automatic-update services beyond apt's configuration, and evidence that they actually run.

- RHEL family: dnf-automatic (`/etc/dnf/automatic.conf`, dnf5's automatic.conf) and yum-cron
  (`/etc/yum/yum-cron.conf`): the `apply_updates`/`upgrade_type`/`update_cmd` settings, and which
  of their timers/services are enabled (symlinks in /etc/systemd/system/*.wants, readable by all).
- SUSE: YaST's automatic online update (`/etc/sysconfig/automatic_online_update`, AOU_*) and the
  os-update / transactional-update timers.
- Debian/Ubuntu: when unattended-upgrades last ran: its log's and apt's periodic stamps' mtimes.
  /var/log/unattended-upgrades is readable by root and adm only; as another user it is listed as
  unreadable rather than taken for "never ran".
"""

from __future__ import annotations

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.text import CONTENT, META, clip, epoch, meta_value

_CONFIGS = (
    "/etc/dnf/automatic.conf /etc/dnf/dnf5-plugins/automatic.conf /usr/share/dnf5/dnf5-plugins/automatic.conf "
    "/etc/yum/yum-cron.conf /etc/sysconfig/automatic_online_update"
)
_KEYS = "apply_updates|download_updates|upgrade_type|update_cmd|AOU_ENABLE_CRONJOB|AOU_SKIP_INTERACTIVE_PATCHES"
_RUNS = (
    "/var/log/unattended-upgrades/unattended-upgrades.log "
    "/var/lib/apt/periodic/unattended-upgrades-stamp /var/lib/apt/periodic/upgrade-stamp"
)

COMMAND = (
    'echo "#auditor now $(date +%s)"; '
    f"for f in {_CONFIGS}; do "
    'if [ -f "$f" ] && [ -r "$f" ]; then echo "#auditor file $f"; '
    f"grep -E '^[[:space:]]*({_KEYS})[[:space:]]*=' \"$f\" | head -n 20 | sed 's/^/| /'; "
    'elif [ -e "$f" ]; then echo "#auditor unreadable $f"; fi; done; '
    "for u in /etc/systemd/system/*.wants/*.timer /etc/systemd/system/*.wants/yum-cron.service; do "
    'if [ -e "$u" ] || [ -L "$u" ]; then echo "#auditor enabled ${u##*/}"; fi; done | sort -u | head -n 200; '
    "for f in /etc/cron.daily/0yum-daily.cron /etc/cron.daily/opensuse.org-online_update; do "
    'if [ -e "$f" ]; then echo "#auditor cron $f"; fi; done; '
    f"for f in {_RUNS}; do "
    'if [ -e "$f" ]; then stat -c \'#auditor run %Y %n\' "$f"; fi; done; '
    "d=/var/log/unattended-upgrades; "
    'if [ -d "$d" ] && { [ ! -r "$d" ] || [ ! -x "$d" ]; }; then echo "#auditor unreadable $d"; fi'
)


class AutoUpdates(FactModel):
    now_epoch: int
    settings: dict[str, dict[str, str]] = {}  # config file -> key -> value (quotes removed)
    enabled_units: tuple[str, ...] = ()  # enabled *.timer units and yum-cron.service
    cron_jobs: tuple[str, ...] = ()
    runs: dict[str, int] = {}  # unattended-upgrades log / apt periodic stamps -> mtime
    unreadable: tuple[str, ...] = ()

    def setting(self, path: str, key: str) -> str | None:
        return self.settings.get(path, {}).get(key)

    @property
    def last_run_epoch(self) -> int | None:
        return max(self.runs.values(), default=None)


def parse(raw: RawOutput) -> AutoUpdates:
    now = epoch(meta_value(raw, "now"), "host time")
    settings: dict[str, dict[str, str]] = {}
    units: list[str] = []
    cron: list[str] = []
    runs: dict[str, int] = {}
    unreadable: list[str] = []
    current: dict[str, str] | None = None
    for line in raw.stdout.splitlines():
        if line.startswith(CONTENT) and current is not None:
            key, _, value = line[len(CONTENT) :].partition("=")
            current[key.strip()] = value.split("#", 1)[0].strip().strip("\"'")
            continue
        if not line.startswith(META):
            continue
        word, _, rest = line[len(META) :].partition(" ")
        rest = rest.strip()
        current = None
        if word == "file":
            current = settings.setdefault(rest, {})
        elif word == "enabled":
            units.append(rest)
        elif word == "cron":
            cron.append(rest)
        elif word == "run":
            stamp, _, path = rest.partition(" ")
            runs[path] = epoch(stamp, "run time")
        elif word == "unreadable":
            unreadable.append(rest)
        elif word not in ("now",):
            raise ProbeError(f"unrecognised line: {clip(line, 80)!r}")
    return AutoUpdates(
        now_epoch=now,
        settings=settings,
        enabled_units=tuple(units),
        cron_jobs=tuple(cron),
        runs=runs,
        unreadable=tuple(unreadable),
    )


AUTO_UPDATES = Probe(
    name="auto_updates",
    description="dnf-automatic, yum-cron, SUSE automatic update settings; unattended-upgrades run times",
    command=COMMAND,
    model=AutoUpdates,
    parse=parse,
)

"""Backup state beyond the logs: evidence files, backup configuration, and who can read its secrets.

- Evidence candidates: regular files under fixed folders where backups, database dumps and
  recorded restore tests are kept (EVIDENCE_DIRS), newest first, with mtime and size. A client's
  configured evidence paths are never put into the command: checks match them (as globs) against
  these candidates, so a path outside the fixed folders is simply not found, and the check says
  which folders are searched.
- Backup configuration and credential files at the usual places of restic, borg/borgmatic,
  duplicity/duply, Bacula/Bareos, Proxmox Backup, Kopia, Veeam and backupninja (CONFIG_GLOBS):
  mode and owner of each (stat), and from each only the lines that name a repository or target,
  with URL passwords and password values redacted on the host. Password files are never printed
  (their lines do not match the repository patterns).
- The host clock, so ages use the host's time.

/root and /etc/restic are usually not searchable without root; those are reported as such.
"""

from __future__ import annotations

import fnmatch
import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.config_files import REDACT
from auditor.probes.text import CONTENT, META, clip, epoch, meta_value

EVIDENCE_DIRS = (
    "/var/lib/auditor/evidence",
    "/var/backups",
    "/var/lib/automysqlbackup",
    "/var/lib/autopostgresqlbackup",
    "/srv/backup",
    "/srv/backups",
    "/backup",
    "/backups",
)
EVIDENCE_LIMIT = 300
CONFIG_GLOBS = (
    "/etc/restic/*",
    "/etc/restic/*/*",
    "/etc/default/restic*",
    "/etc/resticprofile/*",
    "/etc/autorestic.yml",
    "/etc/borgmatic/*",
    "/etc/borgmatic.d/*",
    "/etc/borg/*",
    "/etc/duply/*/conf",
    "/etc/bacula/bacula-fd.conf",
    "/etc/bareos/bareos-fd.conf",
    "/etc/bareos/bareos-fd.d/*/*.conf",
    "/etc/proxmox-backup-client/*",
    "/etc/kopia/*",
    "/etc/veeam/*",
    "/etc/backup.d/*",
    "/etc/rsnapshot.conf",
    "/root/.config/restic/*",
    "/root/.config/borg/*",
    "/root/.config/borgmatic/*",
    "/root/.config/proxmox-backup/*",
    "/root/.config/kopia/*",
    "/root/.autorestic.yml",
    "/root/.borg-passphrase",
    "/root/.duply/*/conf",
)
SEARCH_DIRS = ("/root", "/etc/restic", "/etc/borgmatic", "/etc/borg", "/etc/bacula", "/etc/bareos", "/etc/kopia")
_REPO_LINES = (
    r"(RESTIC_REPOSITORY|BORG_REPO|KOPIA_REPOSITORY|PBS_REPOSITORY|TARGET|SOURCE_PATH)[[:space:]]*="
    r"|^[[:space:]]*-?[[:space:]]*(repository|repositories|repo|path|url|snapshot_root|target)[[:space:]]*[:=]"
    r"|--repo(sitory)?[[:space:]=]|[[:space:]]-r[[:space:]]"
)

COMMAND = (
    'echo "#auditor now $(date +%s)"; '
    f"find {' '.join(EVIDENCE_DIRS)} -maxdepth 3 -type f -printf '%T@ %s %p\\n' 2>/dev/null "
    f"| sort -rn | head -n {EVIDENCE_LIMIT} | sed 's/^/#auditor evidence /'; "
    f"for d in {' '.join(SEARCH_DIRS)}; do "
    'if [ -d "$d" ] && { [ ! -r "$d" ] || [ ! -x "$d" ]; }; then echo "#auditor unsearchable $d"; fi; done; '
    f"for f in {' '.join(CONFIG_GLOBS)}; do "
    'if [ -f "$f" ]; then echo "#auditor config $(stat -c \'%a %u %g\' -- "$f") $f"; '
    f"if [ -r \"$f\" ]; then grep -i -E '{_REPO_LINES}' -- \"$f\" | grep -v -E '^[[:space:]]*#' | head -n 20 "
    f"| {REDACT} | cut -c1-300 | sed 's/^/| /'; fi; fi; done"
)

_EVIDENCE = re.compile(r"(?P<mtime>\d{1,12})(?:\.\d+)? (?P<size>\d{1,15}) (?P<path>/.{1,400})")
_CONFIG = re.compile(r"(?P<mode>[0-7]{3,4}) (?P<uid>\d{1,10}) (?P<gid>\d{1,10}) (?P<path>/\S{1,300})")


class EvidenceFile(FactModel):
    path: str
    mtime_epoch: int
    size: int

    def age_hours(self, now_epoch: int) -> float:
        return max(0, now_epoch - self.mtime_epoch) / 3600


class BackupConfigFile(FactModel):
    path: str
    mode: str
    uid: int
    gid: int
    repository_lines: tuple[str, ...] = ()  # lines naming a repository/target (redacted)

    @property
    def world_readable(self) -> bool:
        return bool(int(self.mode, 8) & 0o004)

    @property
    def group_readable(self) -> bool:
        return bool(int(self.mode, 8) & 0o040)


class BackupState(FactModel):
    now_epoch: int
    evidence: tuple[EvidenceFile, ...] = ()  # newest first
    configs: tuple[BackupConfigFile, ...] = ()
    unsearchable: tuple[str, ...] = ()  # folders the auditor could not look into

    def evidence_matching(self, patterns: tuple[str, ...]) -> tuple[EvidenceFile, ...]:
        """Evidence files whose path matches one of the glob patterns (* also matches /), newest first."""
        return tuple(f for f in self.evidence if any(fnmatch.fnmatchcase(f.path, p) for p in patterns))


def _in(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) for p in patterns)


def parse(raw: RawOutput) -> BackupState:
    now = epoch(meta_value(raw, "now"), "host time")
    evidence: list[EvidenceFile] = []
    configs: list[BackupConfigFile] = []
    unsearchable: list[str] = []
    current: BackupConfigFile | None = None
    lines: list[str] = []

    def finish() -> None:
        if current is not None:
            configs.append(current.model_copy(update={"repository_lines": tuple(lines)}))

    for line in raw.stdout.splitlines():
        if line.startswith(CONTENT):
            if current is None:
                raise ProbeError("configuration lines before any file in the output")
            lines.append(clip(line[len(CONTENT) :], 300))
            continue
        if not line.startswith(META):
            continue
        word, _, rest = line[len(META) :].partition(" ")
        if word == "evidence":
            match = _EVIDENCE.fullmatch(rest)
            if match is None or not any(match["path"].startswith(d + "/") for d in EVIDENCE_DIRS):
                raise ProbeError(f"unexpected evidence line: {clip(rest, 100)!r}")
            evidence.append(EvidenceFile(path=match["path"], mtime_epoch=int(match["mtime"]), size=int(match["size"])))
        elif word == "unsearchable":
            if rest not in SEARCH_DIRS:
                raise ProbeError(f"unexpected folder: {clip(rest, 100)!r}")
            unsearchable.append(rest)
        elif word == "config":
            match = _CONFIG.fullmatch(rest)
            if match is None or not _in(match["path"], CONFIG_GLOBS):
                raise ProbeError(f"unexpected configuration line: {clip(rest, 100)!r}")
            finish()
            lines = []
            current = BackupConfigFile(
                path=match["path"], mode=match["mode"], uid=int(match["uid"]), gid=int(match["gid"])
            )
    finish()
    return BackupState(
        now_epoch=now, evidence=tuple(evidence), configs=tuple(configs), unsearchable=tuple(unsearchable)
    )


BACKUP_STATE = Probe(
    name="backup_state",
    description="Backup evidence files (fixed folders), backup config/credential files with modes, repository lines",
    command=COMMAND,
    model=BackupState,
    parse=parse,
)

"""What the host runs on a schedule: crontabs, cron.{hourly,daily,weekly,monthly} scripts and
systemd timers (local ones and enabled ones) with their service's Exec lines.

Comment and blank lines are dropped and each file is capped. Credentials are often written
into crontabs (RESTIC_PASSWORD=..., mysqldump -p...), so values after password/secret/token/key
names, --password arguments, URL user:password parts and mysql -p values are replaced with
<redacted> on the host, before anything is printed. This is best effort; the aim is that a
report never carries a credential.

Per-user crontabs in /var/spool/cron/crontabs are readable by root only; as a plain user they
are listed as unreadable rather than failing the probe, so a check can tell "no job" from
"could not see".
"""

from __future__ import annotations

import re
from typing import Literal

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.filedump import dump_files
from auditor.probes.text import CONTENT, META, clip

LINES_PER_FILE = 200
CRON_FILES = (
    "/etc/crontab /etc/cron.d/* /var/spool/cron/crontabs/* "
    "/etc/cron.hourly/* /etc/cron.daily/* /etc/cron.weekly/* /etc/cron.monthly/*"
)
_SCRIPT_DIRS = ("/etc/cron.hourly/", "/etc/cron.daily/", "/etc/cron.weekly/", "/etc/cron.monthly/")

# sed -E program run on the host; see the module docstring.
_REDACT_COMMANDS = (
    "s/((pass(word|wd|phrase)?|secret|token|key)[A-Za-z0-9_]*[[:space:]]*[=:][[:space:]]*)"
    '("[^"]*"|[^[:space:];&|]+)/\\1<redacted>/Ig',
    "s/(--pass(word|phrase)?[[:space:]]+)[^[:space:]]+/\\1<redacted>/Ig",
    "s#(://)[^/@[:space:]]*:[^/@[:space:]]*@#\\1<redacted>@#g",
    "/mysql/I s/([[:space:]]-p)[^[:space:]]+/\\1<redacted>/g",
)
_REDACT = "sed -E " + " ".join(f"-e '{command}'" for command in _REDACT_COMMANDS)
_UNIT_DIRS = "/etc/systemd/system /lib/systemd/system /usr/lib/systemd/system"

COMMAND = (
    dump_files(CRON_FILES.split(), max_lines=LINES_PER_FILE, width=400, redact=_REDACT_COMMANDS) + "; "
    "d=/var/spool/cron/crontabs; "
    'if [ -d "$d" ] && { [ ! -r "$d" ] || [ ! -x "$d" ]; }; then echo "#auditor unreadable $d"; fi; '
    "for f in /etc/systemd/system/*.timer /etc/systemd/system/*/*.timer; do "
    'if [ -f "$f" ]; then echo "#auditor timer $f"; '
    "grep -E '^[[:space:]]*(OnCalendar|OnBootSec|OnUnitActiveSec|OnActiveSec|Unit)=' \"$f\" "
    "| head -n 20 | sed 's/^/| /'; "
    "u=$(sed -n 's/^[[:space:]]*Unit=[[:space:]]*//p' \"$f\" | head -n 1); "
    '[ -n "$u" ] || u="$(basename "$f" .timer).service"; '
    # a unit name is used as a file name below: accept only unit-name characters
    'case "$u" in *[!A-Za-z0-9@._:-]*|.*) u=;; esac; '
    'if [ -n "$u" ]; then t="$u"; case "$u" in *@*) t="${u%%@*}@.service";; esac; '
    f"for s in {_UNIT_DIRS}; do "
    'for c in "$s/$u" "$s/$t"; do '
    'if [ -f "$c" ]; then echo "#auditor service $c"; '
    f"grep -E '^[[:space:]]*Exec(Start|StartPre|StartPost)=' \"$c\" | head -n 20 | {_REDACT} "
    "| cut -c1-400 | sed 's/^/| /'; break 2; fi; done; done; fi; fi; done"
)

SourceKind = Literal["crontab", "cron-script", "timer"]


class JobSource(FactModel):
    kind: SourceKind
    path: str
    lines: tuple[str, ...] = ()  # crontab/script lines; for a timer its schedule and Exec lines
    service: str = ""  # timer only: the service unit file found for it

    @property
    def command_lines(self) -> tuple[str, ...]:
        """The lines that run something (a timer's schedule lines do not)."""
        if self.kind == "timer":
            return tuple(line for line in self.lines if line.lstrip().startswith("Exec"))
        return self.lines


class ScheduledJobs(FactModel):
    sources: tuple[JobSource, ...] = ()
    unreadable: tuple[str, ...] = ()  # files or directories that could not be read

    def all_lines(self) -> tuple[tuple[JobSource, str], ...]:
        return tuple((source, line) for source in self.sources for line in source.lines)


_WORD_SPLIT = re.compile(r"[\s;|&()'\"`<>]+")


def runs_command(line: str, names: frozenset[str]) -> str | None:
    """Which of `names` a job line runs, if any.

    A word counts when it is the bare command name or a path to it in a bin/sbin directory;
    VAR=value words (environment lines) and other paths (/srv/restic, restic.log) do not.
    """
    for word in _WORD_SPLIT.split(line):
        if "=" in word:
            if not word.startswith("Exec"):
                continue
            word = word.split("=", 1)[1].lstrip("-@:+!")  # ExecStart=-/usr/bin/restic
        folder, _, name = word.rpartition("/")
        if name in names and (not folder or folder.endswith(("/bin", "/sbin"))):
            return name
    return None


def _kind(path: str) -> SourceKind:
    return "cron-script" if path.startswith(_SCRIPT_DIRS) else "crontab"


def parse(raw: RawOutput) -> ScheduledJobs:
    sources: list[JobSource] = []
    unreadable: list[str] = []
    timers_seen: set[str] = set()
    current: dict[str, object] | None = None
    skipping = False  # inside a timer already seen
    lines: list[str] = []

    def finish() -> None:
        if current is not None:
            sources.append(JobSource.model_validate({**current, "lines": tuple(lines)}))

    for line in raw.stdout.splitlines():
        if line.startswith(CONTENT):
            if skipping:
                continue
            if current is None:
                raise ProbeError("job lines before any file in the output")
            lines.append(clip(line[len(CONTENT) :], 400))
            continue
        if not line.startswith(META):
            continue
        word, _, path = line[len(META) :].partition(" ")
        if not path.startswith("/"):
            raise ProbeError(f"unexpected path in the output: {clip(path, 100)!r}")
        if word == "unreadable":
            unreadable.append(path)
        elif word == "file":
            finish()
            current, lines, skipping = {"kind": _kind(path), "path": path}, [], False
        elif word == "timer":
            finish()
            name = path.rsplit("/", 1)[-1]
            # the same timer appears as a unit file and as an enablement symlink
            skipping = name in timers_seen
            current = None if skipping else {"kind": "timer", "path": path}
            lines = []
            timers_seen.add(name)
        elif word == "service" and current is not None and current.get("kind") == "timer":
            current["service"] = path
    finish()
    return ScheduledJobs(sources=tuple(sources), unreadable=tuple(unreadable))


SCHEDULED_JOBS = Probe(
    name="scheduled_jobs",
    description="Crontabs, cron.* scripts and systemd timers with their Exec lines (credentials redacted)",
    command=COMMAND,
    model=ScheduledJobs,
    parse=parse,
)

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
_UNIT_DIRS = ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system")
# Every timer file in one awk (it used to be about ten processes per timer): its schedule lines,
# then the first unit file found for the unit it starts (Unit=, else the timer's own name; an
# instance falls back to its template) with its Exec lines. A unit name becomes a file name
# here, so only unit-name characters are accepted. awk opens a file to see whether it is there.
_TIMERS = (
    "awk -v dirs='" + " ".join(_UNIT_DIRS) + "' 'BEGIN { ndirs = split(dirs, dir, \" \"); "
    'for (i = 1; i < ARGC; i++) { f = ARGV[i]; print "#auditor timer " f; n = 0; got = 0; u = ""; '
    "while ((getline line < f) > 0) { "
    "if (line ~ /^[[:space:]]*(OnCalendar|OnBootSec|OnUnitActiveSec|OnActiveSec|Unit)=/ && n < 20) "
    '{ n++; print "| " line } '
    'if (!got && line ~ /^[[:space:]]*Unit=/) { got = 1; u = line; sub(/^[[:space:]]*Unit=[[:space:]]*/, "", u) } } '
    "close(f); "
    'if (u == "") { u = f; sub(/.*\\//, "", u); sub(/\\.timer$/, "", u); u = u ".service" } '
    "if (u ~ /[^A-Za-z0-9@._:-]/ || u ~ /^\\./) continue; "
    't = u; if (index(u, "@")) t = substr(u, 1, index(u, "@") - 1) "@.service"; '
    "found = 0; for (d = 1; d <= ndirs && !found; d++) { "
    'for (k = 1; k <= 2 && !found; k++) { c = dir[d] "/" (k == 1 ? u : t); '
    "if ((r = (getline line < c)) < 0) continue; "
    'found = 1; print "#auditor service " c; m = 0; '
    "while (r > 0) { if (m < 20 && line ~ /^[[:space:]]*Exec(Start|StartPre|StartPost)=/) "
    '{ m++; print "| " line } r = (getline line < c) } close(c) } } } exit }\' "$@"'
)
# Redaction and width for the Exec lines only (a timer's schedule lines are printed as they are).
_REDACT_EXEC = (
    "sed -E -e '/^[|] [[:space:]]*Exec(Start|StartPre|StartPost)=/{' "
    + " ".join(f"-e '{command}'" for command in _REDACT_COMMANDS)
    + " -e 's/^([|] .{400}).*/\\1/' -e '}'"
)

COMMAND = (
    dump_files(CRON_FILES.split(), max_lines=LINES_PER_FILE, width=400, redact=_REDACT_COMMANDS) + "; "
    "d=/var/spool/cron/crontabs; "
    'if [ -d "$d" ] && { [ ! -r "$d" ] || [ ! -x "$d" ]; }; then echo "#auditor unreadable $d"; fi; '
    "set --; for f in /etc/systemd/system/*.timer /etc/systemd/system/*/*.timer; do "
    'if [ -f "$f" ]; then set -- "$@" "$f"; fi; done; '
    f"if [ $# -gt 0 ]; then {_TIMERS} | {_REDACT_EXEC}; fi"
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

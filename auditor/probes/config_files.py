"""Security policy that lives in configuration files: password aging, PAM, sudoers, banners, module
blacklists, logging, audit rules, time sources, crypttab and fstab.

These files *are* the effective state for the programs that read them at use time (login, PAM,
sudo, modprobe); for daemons the checks pair them with what runs (service_state). Comment and
blank lines are dropped, each file is capped, and credential-looking values (fstab's
password=..., an rsyslog TLS key password) are replaced with <redacted> on the host. Shell start-up
files contribute only their TMOUT lines. `useradd -D` is run for the effective account defaults.

sudoers and the audit rules are readable by root only; as a plain user they are listed as
unreadable, so a check can say "could not see" instead of "not configured".
"""

from __future__ import annotations

import fnmatch
import functools
import re

from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.filedump import dump_files
from auditor.probes.text import CONTENT, META, clip

LINES_PER_FILE = 300
WIDTH = 300

FILES = (
    "/etc/login.defs",
    "/etc/default/useradd",
    "/etc/security/pwquality.conf",
    "/etc/security/pwquality.conf.d/*.conf",
    "/etc/pam.d/common-password",
    "/etc/pam.d/common-auth",
    "/etc/pam.d/system-auth",
    "/etc/pam.d/password-auth",
    "/etc/security/limits.conf",
    "/etc/security/limits.d/*.conf",
    "/etc/sudoers",
    "/etc/sudoers.d/*",
    "/etc/issue",
    "/etc/issue.net",
    "/etc/modprobe.d/*.conf",
    "/etc/crypttab",
    "/etc/fstab",
    "/etc/rsyslog.conf",
    "/etc/rsyslog.d/*.conf",
    "/etc/syslog-ng/syslog-ng.conf",
    "/etc/syslog-ng/conf.d/*.conf",
    "/etc/systemd/journald.conf",
    "/etc/systemd/journald.conf.d/*.conf",
    "/etc/systemd/journal-upload.conf",
    "/etc/systemd/journal-upload.conf.d/*.conf",
    "/etc/audit/auditd.conf",
    "/etc/audit/audit.rules",
    "/etc/audit/rules.d/*.rules",
    "/etc/chrony/chrony.conf",
    "/etc/chrony/conf.d/*.conf",
    "/etc/chrony/sources.d/*.sources",
    "/etc/chrony.conf",
    "/etc/systemd/timesyncd.conf",
    "/etc/systemd/timesyncd.conf.d/*.conf",
    "/etc/ntpsec/ntp.conf",
    "/etc/ntp.conf",
    "/etc/openntpd/ntpd.conf",
    "/etc/selinux/config",
    "/etc/logrotate.conf",
)
# Only the TMOUT lines of these are printed (they are long and hold nothing else a check reads).
PROFILE_FILES = ("/etc/profile", "/etc/profile.d/*.sh", "/etc/bash.bashrc")

# sed -E program run on the host before anything is printed (see the module docstring). A name must
# start a word ("NOPASSWD:" in sudoers is a tag, not a password).
REDACT_COMMANDS = (
    "s/(^|[^[:alpha:]])((pass(word|wd|phrase)?|secret|token)[A-Za-z0-9_]*[[:space:]]*[=:][[:space:]]*)"
    '("[^"]*"|[^[:space:],;&|]+)/\\1\\2<redacted>/Ig',
    "s#(://)[^/@[:space:]]*:[^/@[:space:]]*@#\\1<redacted>@#g",
)
REDACT = "sed -E " + " ".join(f"-e '{command}'" for command in REDACT_COMMANDS)
_SHOW = f"head -n {LINES_PER_FILE} | {REDACT} | cut -c1-{WIDTH} | sed 's/^/| /'"

COMMAND = (
    dump_files(FILES, max_lines=LINES_PER_FILE, width=WIDTH, redact=REDACT_COMMANDS)
    + "; "
    + dump_files(
        PROFILE_FILES,
        max_lines=LINES_PER_FILE,
        width=WIDTH,
        redact=REDACT_COMMANDS,
        keep_regex="^[^#]*TMOUT=",
        report_unreadable=False,
    )
    + "; if command -v useradd >/dev/null 2>&1; then echo '#auditor file useradd -D'; "
    f"useradd -D 2>/dev/null | {_SHOW}; fi"
)

USERADD_DEFAULTS = "useradd -D"


class ConfigFiles(FactModel):
    files: dict[str, tuple[str, ...]] = {}  # path -> its non-comment lines (profile files: TMOUT lines only)
    unreadable: tuple[str, ...] = ()

    def lines(self, path: str) -> tuple[str, ...]:
        return self.files.get(path, ())

    def matching(self, *patterns: str) -> dict[str, tuple[str, ...]]:
        """Files whose path matches any of the glob patterns, in path order."""
        return {
            path: lines
            for path, lines in sorted(self.files.items())
            if any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)
        }

    def unreadable_matching(self, *patterns: str) -> tuple[str, ...]:
        return tuple(p for p in self.unreadable if any(fnmatch.fnmatchcase(p, pattern) for pattern in patterns))

    def keyword(self, path: str, name: str) -> str | None:
        """The value of the last `NAME value` (or NAME=value) line of a file; case-sensitive name."""
        found = None
        for line in self.lines(path):
            words = line.replace("=", " ", 1).split(None, 1)
            if words and words[0] == name:
                found = words[1].strip() if len(words) > 1 else ""
        return found


@functools.cache
def _allowed_pattern() -> re.Pattern[str]:
    """Every allowed glob as one compiled alternation, built once per process: the parser checks each
    file of each host against it, and ~40 separate `fnmatchcase` calls per file were a measurable
    share of a host's parsing. `fnmatch.translate` is what `fnmatchcase` itself matches with."""
    globs = (*FILES, *PROFILE_FILES)
    return re.compile("|".join(f"(?:{fnmatch.translate(glob)})" for glob in globs))


def allowed_path(path: str) -> bool:
    """Whether a path the collector reported is one of the files this probe reads."""
    return path == USERADD_DEFAULTS or _allowed_pattern().match(path) is not None


def parse(raw: RawOutput) -> ConfigFiles:
    files: dict[str, list[str]] = {}
    unreadable: list[str] = []
    current: list[str] | None = None
    for line in raw.stdout.splitlines():
        if line.startswith(CONTENT) or line == CONTENT.strip():
            if current is None:
                raise ProbeError("file lines before any file in the output")
            current.append(clip(line[len(CONTENT) :], WIDTH))
            continue
        if not line.startswith(META):
            continue
        word, _, path = line[len(META) :].partition(" ")
        if not allowed_path(path):
            raise ProbeError(f"unexpected path in the output: {clip(path, 100)!r}")
        if word == "unreadable":
            unreadable.append(path)
            current = None
        elif word == "file":
            current = files.setdefault(path, [])
    if not files and not unreadable:
        raise ProbeError(f"no configuration file could be read (exit {raw.exit_status})")
    return ConfigFiles(files={k: tuple(v) for k, v in files.items()}, unreadable=tuple(unreadable))


CONFIG_FILES = Probe(
    name="config_files",
    description="Policy configuration files (login.defs, PAM, sudoers, logging, audit, time, crypttab), redacted",
    command=COMMAND,
    model=ConfigFiles,
    parse=parse,
)

"""A shell snippet that prints many configuration files in three processes, not five per file.

Probes that read a list of files (config_files, scheduled_jobs) used to run grep | head | sed | cut
| sed for every file: over a hundred processes per host, a tenth of the collector's time on the
host. This snippet keeps their output format exactly (`#auditor file PATH`, then each kept line
as `| LINE`, or `#auditor unreadable PATH`) with one awk for the reading and filtering and one sed
for redaction and width, applied to content lines only so a marker line is never altered.

Only constant text goes into the snippet; file names come from the host's own globbing and are
passed to awk as arguments, never interpreted.
"""

from __future__ import annotations

from collections.abc import Sequence

# BEGIN-only awk: the files are opened with getline, so an empty file still gets its marker and an
# unreadable one (getline < 0) is reported instead of stopping awk.
_AWK = (
    "awk -v max={max_lines} -v unreadable={unreadable} "
    "'BEGIN {{ for (i = 1; i < ARGC; i++) {{ f = ARGV[i]; r = (getline line < f); "
    'if (r < 0) {{ if (unreadable) print "#auditor unreadable " f; continue }} '
    'print "#auditor file " f; n = 0; '
    'while (r > 0 && n < max) {{ if ({keep}) {{ n++; print "| " line }} r = (getline line < f) }} '
    'close(f) }} exit }}\' "$@"'
)
_DROP_COMMENTS = "line !~ /^[[:space:]]*(#|$)/"


def dump_files(
    patterns: Sequence[str],
    *,
    max_lines: int,
    width: int,
    redact: Sequence[str] = (),
    keep_regex: str | None = None,
    report_unreadable: bool = True,
) -> str:
    """The snippet for the regular files matching `patterns` (shell globs, constant).

    `redact`: sed -E commands (each one `s/.../.../flags`, optionally behind an address) run on
    content lines before they are cut to `width` characters. `keep_regex`: an ERE a line must
    match to be printed (default: every line that is not blank or a comment).
    """
    keep = f"line ~ /{keep_regex}/" if keep_regex else _DROP_COMMENTS
    awk = _AWK.format(max_lines=max_lines, unreadable=int(report_unreadable), keep=keep)
    sed = [
        "sed -E -e '/^[|] /{'",
        *(f"-e '{command}'" for command in redact),
        f"-e 's/^(.{{{width + 2}}}).*/\\1/'",
        "-e '}'",
    ]
    return (
        f'set --; for f in {" ".join(patterns)}; do if [ -f "$f" ]; then set -- "$@" "$f"; fi; done; '
        f"if [ $# -gt 0 ]; then {awk} | {' '.join(sed)}; fi"
    )

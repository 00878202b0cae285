"""Template `file-stats`: root-owned system files and folders with no mode bit beyond a limit each.

For the files `stat` reads beyond the account databases (sshd's and cron's configuration, the
backup copies of the account databases, the boot loader configuration). Each file present must be
owned by root, by one of its allowed groups when given, and carry no mode bit (set-id and sticky
bits included) beyond its limit; write access for group or others fails whatever the limit says.
A file the host does not have is skipped; with none of them present the check does not apply
(cron or GRUB not installed), unless the probe did not report on some of them at all (cut-off
output), which leaves the check unassessed.

Row parameters:
    files:
      - path: /etc/shadow-          a path the file_stats probe reads
        max_mode: "0640"            the widest mode allowed, in octal (quoted: YAML would read 0640 as a number)
        groups: [root, shadow]      the groups that may own it (omit: any group)
        setting: ...                optional: a host setting that replaces max_mode (max_mode is its default)
        setting_doc: ...            with setting: its one-line description
    noun: backup cop(ies)           what the files are, in verdicts ("2 backup cop(ies) too open")
    absent: no backup copies ...    why the check does not apply when none is present
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from auditor.checklib.checkdef import Facts, Setting, Verdict
from auditor.checklib.checkkit import setting_text
from auditor.checklib.templates.base import Evaluate, Template
from auditor.probes.file_stats import FILE_STATS, PATHS, FileStat

WRITABLE_BY_OTHERS = 0o022


class FileLimit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    max_mode: str = Field(pattern=r"^0[0-7]{3,4}$")
    groups: tuple[str, ...] = ()
    setting: str = ""
    setting_doc: str = ""

    @field_validator("path")
    @classmethod
    def _collected(cls, path: str) -> str:
        """The probe owns the list of paths it stats; a row may only name one of them."""
        if path not in PATHS:
            raise ValueError(f"{path!r} is not a path the file_stats probe reads (auditor.probes.file_stats.PATHS)")
        return path

    @model_validator(mode="after")
    def _documented(self) -> FileLimit:
        if bool(self.setting) != bool(self.setting_doc):
            raise ValueError("give setting and setting_doc together")
        return self

    def limit(self, facts: Facts) -> int | Verdict:
        """The widest mode allowed on this host: max_mode, or the setting that replaces it."""
        text = setting_text(facts, self.setting, self.max_mode) if self.setting else self.max_mode
        try:
            return int(text, 8)
        except ValueError:
            return Verdict.cannot_assess(f"setting {self.setting} is not an octal mode: {text!r}")

    def problem(self, stat: FileStat, limit: int) -> str | None:
        """What is wrong with `stat` against `limit`, or None."""
        owners = self.groups
        if stat.uid == 0 and (not owners or stat.group in owners) and not stat.bits & (~limit | WRITABLE_BY_OTHERS):
            return None
        want = f"root:{'/'.join(owners)}" if owners else "owner root"
        return f"{stat.path} {stat.mode} {stat.owner}:{stat.group} (want at most {limit:04o}, {want})"


class FileStatParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    files: tuple[FileLimit, ...] = Field(min_length=1)
    noun: str = Field(min_length=1)
    absent: str = Field(min_length=1)


def build(params: FileStatParams) -> Evaluate:
    def evaluate(facts: Facts) -> Verdict:
        stats = facts.get(FILE_STATS)
        seen: list[str] = []
        bad: list[str] = []
        for file in params.files:
            stat = stats.get(file.path)
            if stat is None:
                continue
            limit = file.limit(facts)
            if isinstance(limit, Verdict):
                return limit
            seen.append(f"{stat.path} {stat.mode} {stat.owner}:{stat.group}")
            problem = file.problem(stat, limit)
            if problem is not None:
                bad.append(problem)
        if not seen:
            unexamined = [file.path for file in params.files if file.path not in stats.missing]
            if unexamined:
                return Verdict.cannot_assess(f"{', '.join(unexamined)} not examined")
            return Verdict.not_applicable(params.absent)
        if bad:
            return Verdict.failed(f"{len(bad)} {params.noun} too open", tuple(bad))
        return Verdict.passed(f"{len(seen)} {params.noun} protected", tuple(seen))

    return evaluate


def declared(params: FileStatParams) -> tuple[Setting, ...]:
    """The settings that replace a file's limit, typed as octal text with the row's limit as default."""
    return tuple(
        Setting(name=file.setting, type=str, default=file.max_mode, doc=file.setting_doc)
        for file in params.files
        if file.setting
    )


ROOT_FILE_STATS = Template(
    name="file-stats",
    params=FileStatParams,
    build=build,
    facts=(FILE_STATS.name,),
    base_case={FILE_STATS.name: {"files": [], "missing": []}},
    settings=declared,
)

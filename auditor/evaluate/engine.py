"""Evaluation: pure functions from parsed facts to verdicts. Never touches the network.

A check that needs a fact that is missing becomes ERROR with the fact's reason; a check that
does not apply to the host's OS family becomes NOT_APPLICABLE; a check function that raises
anything else is a bug in the check, reported as ERROR naming the exception, never as PASS.

A host is identified by os_release (Linux/Unix, sh collector) or win_os (Windows, PowerShell
collector): only one of them is collected. A check of the other kind of host (resting only on that
kind's probes, or applying only to its families) yields no result at all on a host: a Linux host
stores no Windows rows and the reverse (InSpec's `supports platform:`). Scores and coverage do not
change, since not applicable never counted. Within a kind, a check for other families (a Debian
check on a RHEL host) is still stored as not applicable, so a report shows why it did not run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from auditor.checklib.checkdef import Case, Check, Facts, FactUnavailable, Verdict
from auditor.checklib.patchsla import update_age
from auditor.checklib.updates import pending_updates
from auditor.core.models import Status
from auditor.core.runmodel import CheckResult, Evidence, PendingUpdateRecord
from auditor.core.vulnmodel import UpdateIntel
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput
from auditor.probes.os_release import OS_RELEASE, OsRelease
from auditor.probes.win_os import WIN_OS, WINDOWS_FAMILY, WinOs


def parse_facts(
    raw: Mapping[str, RawOutput], probes: Mapping[str, Probe[Any]]
) -> tuple[dict[str, FactModel], dict[str, str]]:
    """Parse every collected probe output; a parser's ProbeError becomes that fact's error reason."""
    values: dict[str, FactModel] = {}
    errors: dict[str, str] = {}
    for name, output in raw.items():
        probe = probes.get(name)
        if probe is None:
            errors[name] = f"unknown probe {name!r}"
            continue
        try:
            values[name] = probe.parse(output)
        except ProbeError as exc:
            errors[name] = str(exc)
    return values, errors


def evaluate_check(check: Check, facts: Facts) -> Verdict:
    """One check on one host's facts, with applicability and could-not-assess handling."""
    try:
        os_release = host_os(facts)
    except FactUnavailable as exc:
        return Verdict.cannot_assess(f"operating system unknown: {exc}")
    if not check.meta.applies_to.applies(os_release.family):
        families = ", ".join(sorted(check.meta.applies_to.families))
        return Verdict.not_applicable(f"applies to {families}; host is {os_release.family}")
    foreign = _foreign_facts(check, windows=os_release.family == WINDOWS_FAMILY)
    if foreign:
        kind = "Linux/Unix" if os_release.family == WINDOWS_FAMILY else "Windows"
        return Verdict.not_applicable(f"needs {kind} facts ({', '.join(foreign)}); host is {os_release.family}")
    try:
        return check.evaluate(facts.for_check(check.meta))  # only its declared settings can be read
    except FactUnavailable as exc:
        return Verdict.cannot_assess(str(exc))
    except Exception as exc:  # a check bug must never read as pass
        return Verdict(Status.ERROR, f"check {check.id} failed internally: {type(exc).__name__}: {exc}")


def host_os(facts: Facts) -> OsRelease:
    """The host's identity: os_release, or for a Windows host the same shape built from win_os.

    Only one of the two is collected on a host, so when both are missing the reason shown is the
    one of the probe that was run (the other only says it was not collected).
    """
    try:
        return facts.get(OS_RELEASE)
    except FactUnavailable as linux:
        try:
            return windows_os_release(facts.get(WIN_OS))
        except FactUnavailable as windows:
            raise (linux if str(windows) == f"fact {WIN_OS.name!r} was not collected" else windows) from None


def windows_os_release(win: WinOs) -> OsRelease:
    """A Windows host as the rest of the pipeline sees an OS: id "windows", version "10.0.<build>.<UBR>"."""
    return OsRelease(
        id=WINDOWS_FAMILY,
        version_id=win.version_id,
        version_codename=win.release or "",
        pretty_name=win.pretty_name,
        family=WINDOWS_FAMILY,
    )


@cache
def _shell_of() -> Mapping[str, str]:
    from auditor.probes.registry import probe_registry

    return {name: probe.shell for name, probe in probe_registry().items()}


def _foreign_facts(check: Check, *, windows: bool) -> list[str]:
    """The check's facts that a host of this kind never collects, when none of them is of its kind.

    A check whose facts span both kinds (the shared patch checks read apt/dnf/zypper/apk on Linux and
    the Windows Update Agent on Windows) runs on both kinds of host.
    """
    return list(_foreign_of(check.meta.facts, windows=windows))


@cache
def _foreign_of(facts: tuple[str, ...], *, windows: bool) -> tuple[str, ...]:
    """_foreign_facts by the check's facts: asked for every check on every host, and the answer
    only depends on these (a fleet has few distinct fact lists)."""
    shells = _shell_of()
    own = "powershell" if windows else "sh"
    foreign = tuple(name for name in facts if shells.get(name, own) != own)
    return foreign if len(foreign) == len(facts) else ()


def of_host_kind(check: Check, *, windows: bool) -> bool:
    """Whether `check` belongs on this kind of host (Windows, or Linux/Unix) at all.

    Derived from what the check already declares, its facts (each probe runs under one shell) and
    its applies_to families, so there is no second list of "Windows checks" to keep in step.
    """
    if _foreign_facts(check, windows=windows):
        return False
    families = check.meta.applies_to.families
    return not families or any((family == WINDOWS_FAMILY) == windows for family in families)


def facts_from_case(case: Case, probes: Mapping[str, Probe[Any]], *, default_now: datetime) -> Facts:
    """Build Facts from a recorded case; dict values are validated against the probe's model."""
    values: dict[str, FactModel] = {}
    errors: dict[str, str] = {}
    for name, value in case.facts.items():
        if isinstance(value, str):
            errors[name] = value
        else:
            values[name] = probes[name].model.model_validate(value)
    return Facts(
        values=values,
        errors=errors,
        now=case.now or default_now,
        settings=case.settings,
        first_seen=case.first_seen,
        intel=case.intel,
    )


def evaluate_host(
    evidence: Sequence[Evidence],
    *,
    checks: Sequence[Check],
    probes: Mapping[str, Probe[Any]],
    now: datetime,
    settings: Mapping[str, Any],
    first_seen: Mapping[str, datetime] | None = None,
    truncated: Mapping[str, int] | None = None,
    intel: Callable[[Facts], Mapping[str, UpdateIntel]] | None = None,
) -> HostEvaluation:
    """All selected checks over one host's stored evidence; the same on the live path and offline.

    `intel` gives what the vulnerability feeds say about the host's pending updates (matched from
    the feeds index on a live run, read back from the stored records on a re-evaluation).

    A probe whose output was `truncated` (probe -> bytes not kept) is not parsed: a verdict on part
    of a listing could hide what was cut off, so its checks are could-not-assess and say why.
    """
    cut = truncated or {}
    raw = {
        item.probe: RawOutput(item.stdout, item.stderr, item.exit_status)
        for item in evidence
        if item.complete and item.probe not in cut
    }
    values, errors = parse_facts(raw, probes)
    for item in evidence:
        if not item.complete:
            errors[item.probe] = f"probe {item.probe} did not finish (the command timed out or the connection dropped)"
        elif item.probe in cut:
            errors[item.probe] = (
                f"probe {item.probe} printed {cut[item.probe]} bytes more than the auditor keeps "
                "(its evidence is truncated): not evaluated"
            )
    facts = Facts(values=values, errors=errors, now=now, settings=settings, first_seen=first_seen)
    if intel is not None:
        facts.intel = dict(intel(facts))
    try:
        identity: OsRelease | None = host_os(facts)
    except FactUnavailable:
        identity = None  # kind unknown: every check is kept and reads "operating system unknown"
    results = []
    for check in checks:
        if identity is not None and not of_host_kind(check, windows=identity.family == WINDOWS_FAMILY):
            continue
        verdict = evaluate_check(check, facts)
        meta = check.meta
        results.append(
            CheckResult(
                check_id=meta.id,
                check_version=meta.version,
                title=meta.title,
                category=meta.category,
                severity=meta.severity,
                status=verdict.status,
                message=verdict.message,
                details=list(verdict.details),
                facts=list(meta.facts),
                score_cap=meta.score_cap,
            )
        )
    return HostEvaluation(
        results=results,
        os_release=identity,
        pending_updates=pending_update_records(facts),
    )


@dataclass(frozen=True)
class HostEvaluation:
    results: list[CheckResult]
    os_release: OsRelease | None  # for a Windows host, built from win_os (see windows_os_release)
    pending_updates: list[PendingUpdateRecord]


def pending_update_records(facts: Facts) -> list[PendingUpdateRecord]:
    """The host's pending updates with their SLA age; empty when the package manager was not readable
    (the patch checks report that as could-not-assess)."""
    try:
        updates = pending_updates(facts)
    except FactUnavailable:
        return []
    records = []
    for update in updates:
        found = facts.intel.get(update.key)
        age = update_age(update, now=facts.now, first_seen=facts.first_seen, settings=facts.settings, intel=found)
        fields = update.model_dump()
        if found is not None:
            fields["cves"] = list(dict.fromkeys((*update.cves, *found.cves)))
        records.append(
            PendingUpdateRecord(
                **fields,
                first_seen=facts.first_seen.get(update.key, facts.now),
                age_days=age.age_days if age else None,
                age_source=age.since_source if age else None,
                sla_days=age.sla_days if age else None,
                due=age.due if age else None,
                overdue_days=age.overdue_days if age else None,
                sla_reason=age.reason if age else None,
                cvss=found.cvss if found else None,
                kev=found.kev if found else None,
                epss=found.epss if found else None,
                urgency=found.urgency if found else None,
            )
        )
    return records

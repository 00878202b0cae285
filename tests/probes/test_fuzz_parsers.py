"""Property tests (hypothesis) for every probe parser on garbled and hostile host output.

Whatever a host prints, a parser either returns its fact model or raises ProbeError (which the
engine turns into "could not assess"): never another exception. And no check ever passes on output
that could not be parsed, nor on output with none of the probe's structure (empty, an HTML error
page, bare JSON, binary): such output says nothing about the host, so it must not read as "nothing
found". The garbled inputs start from the real recorded outputs in golden/ (cut, lines dropped,
duplicated or replaced, forged meta and section lines, bytes flipped), so they reach deep into
each parser, and from free text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.checklib.checkdef import Check, Facts
from auditor.checklib.registry import CASE_NOW, load_checks
from auditor.core.models import Status
from auditor.evaluate.engine import evaluate_check, parse_facts
from auditor.probes.base import Probe, ProbeError, RawOutput
from auditor.probes.registry import ALL_PROBES, probe_registry
from tests.probes.test_golden import GOLDEN, raw_output

IDENTITY = ("os_release", "win_os")
# A host of the check's first family in this order stands behind each check, so it is applicable.
FAMILY_HOST = {
    "debian": ("os_release", "debian12-root"),
    "rhel": ("os_release", "rhel-9.6"),
    "suse": ("os_release", "sles-15.6"),
    "alpine": ("os_release", "alpine-3.23"),
    "arch": ("os_release", "manjaro-17.1"),
    "windows": ("win_os", "server-2022-datacenter"),
}
# Lines that look like the probes' own structure, so garbling hits the parsers' real branches.
FORGED_LINES = (
    "#auditor absent",
    "#auditor done",
    "#auditor now 99999999999999",
    "#auditor now -1",
    "#auditor begin check-update",
    "#auditor end check-update 100",
    "#auditor end check-update x",
    "#auditor manager dnf",
    "#auditor managers apt-get dnf",
    "| Obsoleting Packages",
    "|     python-foo.noarch 1-1 @base",
    "| <?xml version='1.0'?>",
    "| <!DOCTYPE x [<!ENTITY a 'b'>]>",
    'ID="',
    "ID_LIKE=debian rhel",
    '[{"DefenderPresent": true, "AntivirusSignatureAge": 4294967295}]',
    '{"a": [',
    "null",
    "\x1b[31m\x00\ufffd",
    "ii\tpkg\t1.0",
    "Inst libc6 [2.36-9] (2.36-9+deb12u9 Debian-Security:12/stable-security [amd64])",
)
# Output with none of any probe's structure: it must never read as a clean host.
STRUCTURELESS = (
    "",
    "\n",
    "garbage\n",
    "<html><body><h1>502 Bad Gateway</h1></body></html>\n",
    "null\n",
    "[]\n",
    "{}\n",
    "[{}]\n",
    "\x00\xff\xfe\n" * 3,
    "Permission denied\n",
)


@cache
def _goldens(name: str) -> list[str]:
    return [raw_output(path).stdout for path in sorted((GOLDEN / name).glob("*.out"))]


@cache
def _identity(name: str, case: str) -> RawOutput:
    return raw_output(GOLDEN / name / f"{case}.out")


@st.composite
def garbled(draw: st.DrawFn, texts: list[str]) -> str:
    """A recorded output after a few random edits, or free text."""
    if not texts or draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=400))
    lines = draw(st.sampled_from(texts)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(("drop", "repeat", "replace", "insert", "cut", "flip")))
        at = draw(st.integers(0, max(len(lines) - 1, 0)))
        if edit == "drop" and lines:
            del lines[at]
        elif edit == "repeat" and lines:
            lines.insert(at, lines[at])
        elif edit == "replace" and lines:
            lines[at] = draw(st.text(max_size=80))
        elif edit == "insert":
            lines.insert(at, draw(st.sampled_from(FORGED_LINES) | st.text(max_size=80)))
        elif edit == "cut":
            lines = lines[:at]
        elif edit == "flip" and lines and lines[at]:
            column = draw(st.integers(0, len(lines[at]) - 1))
            lines[at] = lines[at][:column] + draw(st.characters()) + lines[at][column + 1 :]
    return "\n".join(lines) + draw(st.sampled_from(("\n", "", "\r\n")))


def _parse_or_refuse(probe: Probe[Any], raw: RawOutput) -> None:
    try:
        fact = probe.parse(raw)
    except ProbeError as exc:
        assert str(exc).strip(), f"{probe.name}: a refusal must say why"
        return
    assert isinstance(fact, probe.model)


@pytest.mark.parametrize("probe", ALL_PROBES, ids=lambda probe: probe.name)
def test_parser_returns_its_fact_or_refuses_on_garbled_output(probe: Probe[Any]) -> None:
    texts = _goldens(probe.name)

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(stdout=garbled(texts), stderr=st.text(max_size=100), exit_status=st.integers(-1, 255))
    def run(stdout: str, stderr: str, exit_status: int) -> None:
        _parse_or_refuse(probe, RawOutput(stdout=stdout, stderr=stderr, exit_status=exit_status))

    run()


def _host(check: Check) -> tuple[str, str]:
    """A recorded host the check applies to: of its first family, else Windows or Debian by its facts."""
    families = check.meta.applies_to.families
    if families:
        return next(host for family, host in FAMILY_HOST.items() if family in families)
    windows = any(fact.startswith("win_") for fact in check.meta.facts)
    return FAMILY_HOST["windows" if windows else "debian"]


def _verdict(check: Check, outputs: dict[str, RawOutput]) -> tuple[Status, str, dict[str, str]]:
    identity, case = _host(check)
    raw = {identity: _identity(identity, case), **outputs}
    values, errors = parse_facts(raw, probe_registry())
    verdict = evaluate_check(check, Facts(values=values, errors=errors, now=CASE_NOW))
    return verdict.status, verdict.message, errors


CHECKS = load_checks()


def _host_facts(check: Check) -> list[str]:
    return [fact for fact in check.meta.facts if fact not in IDENTITY]


@pytest.mark.parametrize("check", [c for c in CHECKS if _host_facts(c)], ids=lambda check: check.id)
def test_no_pass_from_output_that_could_not_be_parsed(check: Check) -> None:
    facts = _host_facts(check)

    @settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def run(data: st.DataObject) -> None:
        outputs = {
            fact: RawOutput(stdout=data.draw(garbled(_goldens(fact))), stderr="", exit_status=0) for fact in facts
        }
        status, message, errors = _verdict(check, outputs)
        if all(fact in errors for fact in facts):  # nothing of the host could be read
            assert status != Status.PASS, f"{check.id} passed on unparsable output: {message}"

    run()


@pytest.mark.parametrize("check", [c for c in CHECKS if _host_facts(c)], ids=lambda check: check.id)
def test_no_pass_from_output_without_the_probes_structure(check: Check) -> None:
    for text in STRUCTURELESS:
        outputs = {fact: RawOutput(stdout=text, stderr="", exit_status=0) for fact in _host_facts(check)}
        status, message, _ = _verdict(check, outputs)
        assert status != Status.PASS, f"{check.id} passed on {text!r}: {message}"


@pytest.mark.parametrize("text", STRUCTURELESS, ids=repr)
def test_an_unreadable_identity_assesses_nothing(text: str) -> None:
    """With os-release (or win_os) unreadable, no check passes, whatever else the host printed."""
    raw = {name: raw_output(GOLDEN / name / "debian12-root.out") for name in ("sshd_effective", "passwd")}
    raw["os_release"] = RawOutput(stdout=text, stderr="", exit_status=0)
    values, errors = parse_facts(raw, probe_registry())
    assert "os_release" in errors
    for check in CHECKS:
        verdict = evaluate_check(check, Facts(values=values, errors=errors, now=CASE_NOW))
        assert verdict.status != Status.PASS, f"{check.id}: {verdict.message}"


def test_every_probe_has_recorded_output_to_garble() -> None:
    for probe in ALL_PROBES:
        assert _goldens(probe.name), probe.name
    assert Path(GOLDEN).is_dir()

"""Framework data files: complete requirement lists, mappings derived from the checks' references, strict loading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from auditor.checklib.checkdef import FRAMEWORKS, Check, CheckMeta
from auditor.checklib.frameworks import (
    DATA,
    FrameworkError,
    Requirement,
    coverage,
    load_framework,
    load_frameworks,
    requirement_status,
)
from auditor.checklib.registry import load_checks
from auditor.core.models import Category, Severity, Status

CHECKS = load_checks()
FRAMEWORK_SIZES = {
    "cis-v8": 153,  # safeguards in 18 controls
    "nist-csf-2": 106,  # subcategories
    "iso27001-2022": 93,  # Annex A controls
    "cyber-essentials": 5,  # technical control themes
    "essential-eight": 8,  # mitigation strategies
    "hipaa": 60,  # standards and implementation specifications, 164.308-164.316
}


def test_every_framework_loads_with_its_full_requirement_list() -> None:
    frameworks = load_frameworks()
    assert [f.id for f in frameworks] == list(FRAMEWORKS)
    assert {f.id: len(f.requirements) for f in frameworks} == FRAMEWORK_SIZES


def test_cis_implementation_groups() -> None:
    cis = load_framework(DATA / "cis-v8.yaml")
    levels = {r.id: r.levels for r in cis.requirements}
    assert levels["4.4"] == ("IG1", "IG2", "IG3")  # firewall on servers
    assert levels["11.5"] == ("IG2", "IG3")  # test data recovery
    assert levels["13.7"] == ("IG3",)
    assert sum(1 for lv in levels.values() if lv and lv[0] == "IG1") == 56  # CIS: IG1 has 56 safeguards
    assert sum(1 for lv in levels.values() if lv and lv[0] != "IG3") == 130  # IG2 has 130


def test_mapping_is_derived_from_the_references_both_ways() -> None:
    """Every reference lands on its requirement, and every requirement lists exactly the checks naming it."""
    frameworks = {f.id: f for f in load_frameworks(CHECKS)}
    expected: dict[tuple[str, str], set[str]] = {}
    for check in CHECKS:
        for framework, idents in check.meta.references.items():
            for ident in idents:
                expected.setdefault((framework, ident), set()).add(check.id)
    derived = {(f.id, r.id): set(r.checks) for f in frameworks.values() for r in f.requirements if r.checks}
    assert derived == expected
    cis = frameworks["cis-v8"].requirement("4.4")
    assert cis is not None and "firewall-active" in cis.checks


def test_the_files_hold_no_check_lists() -> None:
    """One owner: a framework file names requirements only; the checks say which they assess."""
    for path in DATA.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        assert all("checks" not in r for r in data["requirements"]), path.name


def test_every_security_and_backup_check_maps_to_cis_and_nist() -> None:
    for check in CHECKS:
        if check.meta.category is Category.PATCH:
            continue
        assert check.meta.references.get("cis-v8"), check.id
        assert check.meta.references.get("nist-csf-2"), check.id


def test_mapping_comes_from_the_references_including_custom_checks() -> None:
    custom = Check(
        meta=CheckMeta(
            id="msp-extra-check",
            title="A custom check",
            category=Category.SECURITY,
            severity=Severity.LOW,
            rationale="Only here to show custom checks count in frameworks.",
            remediation="Nothing to do.",
            facts=("passwd",),
            references={"cis-v8": ("5.1",)},
        ),
        evaluate=lambda facts: None,  # type: ignore[arg-type,return-value]
        cases=(),
    )
    cis = {f.id: f for f in load_frameworks([*CHECKS, custom])}["cis-v8"]
    requirement = cis.requirement("5.1")
    assert requirement is not None and "msp-extra-check" in requirement.checks


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "frameworks"
    shutil.copytree(DATA, folder)
    return folder


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_check_list_written_in_a_file_is_one_line_naming_file_and_requirement(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "hipaa.yaml", lambda d: d["requirements"][0].update(checks=["patch-security-updates"]))
    with pytest.raises(FrameworkError) as error:
        load_frameworks(CHECKS, folder=folder)
    message = str(error.value)
    assert message.startswith(f"{folder / 'hipaa.yaml'}: requirement '164.308(a)(1)(i)' lists checks;")
    assert "CheckMeta.references" in message and "\n" not in message


def test_a_reference_to_a_missing_requirement_is_an_error(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "essential-eight.yaml", lambda d: d["requirements"].pop())  # drops "Regular backups"
    with pytest.raises(FrameworkError, match=r"essential-eight.yaml: check backup-\S+ references essential-eight"):
        load_frameworks(CHECKS, folder=folder)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["requirements"].append(dict(d["requirements"][0])), "requirement '1.1' listed twice"),
        (lambda d: d.update(framework="cis-v9"), "framework 'cis-v9' must be one of"),
        (lambda d: d["requirements"][0].update(colour="red"), "invalid at requirements.0.colour"),
        (lambda d: d.pop("requirements"), "invalid at requirements: Field required"),
    ],
    ids=["duplicate", "unknown-framework", "unknown-key", "no-requirements"],
)
def test_malformed_files_are_rejected(tmp_path: Path, change: object, message: str) -> None:
    folder = _copy(tmp_path)
    _edit(folder / "cis-v8.yaml", change)
    with pytest.raises(FrameworkError) as error:
        load_frameworks(CHECKS, folder=folder)
    assert message in str(error.value) and "\n" not in str(error.value)


def _requirement(*checks: str) -> Requirement:
    return Requirement(id="x", title="A requirement", checks=checks)


@pytest.mark.parametrize(
    ("statuses", "state"),
    [
        ({"a": Status.PASS, "b": Status.PASS}, "met"),
        ({"a": Status.PASS, "b": Status.FAIL}, "failed"),
        ({"a": Status.PASS, "b": Status.ERROR}, "unknown"),  # not all of it could be assessed
        ({"a": Status.PASS, "b": Status.NOT_APPLICABLE}, "met"),
        ({"a": Status.WAIVED}, "met"),
        ({}, "unknown"),  # no check ran
    ],
)
def test_requirement_state(statuses: dict[str, Status], state: str) -> None:
    assert requirement_status(_requirement("a", "b"), statuses).state == state


def test_unmapped_requirements_are_unknown_never_met() -> None:
    cis = {f.id: f for f in load_frameworks()}["cis-v8"]
    everything_passed = {check.id: Status.PASS for check in CHECKS}
    states = {c.requirement.id: c.state for c in coverage(cis, everything_passed)}
    assert states["4.4"] == "met"
    assert states["14.1"] == "unknown"  # security awareness training: no technical check
    assert list(states.values()).count("met") == len(cis.mapped())

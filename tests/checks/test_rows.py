"""Checks written as template rows: loaded like check modules, refused with one line naming file and row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from auditor.checklib.registry import CASE_NOW, CheckDefinitionError, checks_root, load_checks, with_case_defaults
from auditor.checklib.templates import template_named, template_names
from auditor.checklib.templates.base import Template, merged
from auditor.core.models import Severity, Status
from auditor.evaluate.engine import evaluate_check, facts_from_case
from auditor.probes.registry import probe_registry
from tests.checks.test_registry_rejects import GOOD, make_library

ROWS = """
template: sysctl
checks:
  - id: kernel-test-dmesg
    doc: |
      kernel-test-dmesg: decided by kernel.dmesg_restrict alone.
    title: The kernel log is readable by root only
    severity: low
    rationale: Only here to exercise the row loader and its validation.
    remediation: Set kernel.dmesg_restrict = 1.
    with:
      expect: {kernel.dmesg_restrict: "1"}
      absent: fail
    cases:
      - name: restricted
        expect: pass
        facts: {kernel_params: {values: {kernel.dmesg_restrict: "1"}}}
      - name: open
        expect: fail
        facts: {kernel_params: {values: {kernel.dmesg_restrict: "0"}}}
      - name: no such key
        expect: fail
        facts: {kernel_params: {missing: [kernel.dmesg_restrict]}}
"""


def _library(root: Path, rows: str, *, modules: dict[str, str] | None = None, where: str = "security") -> Path:
    make_library(root, modules or {})
    (root / where).mkdir(parents=True, exist_ok=True)
    (root / where / "sysctl.yaml").write_text(rows)
    return root


def test_a_row_is_a_check_with_metadata_from_checkmeta_and_facts_from_its_template(tmp_path: Path) -> None:
    (check,) = load_checks(root=_library(tmp_path, ROWS))
    assert check.id == "kernel-test-dmesg"
    assert check.meta.severity is Severity.LOW
    assert check.meta.category.value == "security"  # from the folder
    assert check.meta.facts == ("kernel_params",)  # from the template
    verdicts = {}
    for case in check.cases:
        facts = facts_from_case(with_case_defaults(case, check=check), probe_registry(), default_now=CASE_NOW)
        verdicts[case.name] = evaluate_check(check, facts)
    assert {name: v.status for name, v in verdicts.items()} == {
        "restricted": Status.PASS,
        "open": Status.FAIL,
        "no such key": Status.FAIL,
    }
    assert verdicts["open"].message == "1 of 1 parameter(s) not hardened"
    assert verdicts["no such key"].details == ("kernel.dmesg_restrict not available in this kernel (want 1)",)


def test_checks_show_says_how_a_row_decides_from_its_doc(tmp_path: Path) -> None:
    from auditor.checklib.library import describe

    (check,) = load_checks(root=_library(tmp_path, ROWS))
    text = describe(check)
    assert "How it decides:\n  kernel-test-dmesg: decided by kernel.dmesg_restrict alone." in text
    assert "Template" not in text  # the template module's own docstring is not the check's


def test_rows_load_beside_check_modules(tmp_path: Path) -> None:
    root = _library(tmp_path, ROWS, modules={"security/kernel_test_aslr.py": GOOD})
    assert [check.id for check in load_checks(root=root)] == ["kernel-test-aslr", "kernel-test-dmesg"]
    assert [check.id for check in load_checks(["kernel-test-d*"], root=root)] == ["kernel-test-dmesg"]


@pytest.mark.parametrize(
    ("rows", "where", "message"),
    [
        pytest.param(
            ROWS.replace("expect: fail", "expect: pass"),
            "security",
            "security/sysctl.yaml (kernel-test-dmesg): needs at least one pass case and one fail case",
            id="no-fail-case",
        ),
        pytest.param(
            ROWS.replace("expect: pass", "expect: fail"),
            "security",
            "needs at least one pass case and one fail case",
            id="no-pass-case",
        ),
        pytest.param(
            ROWS.replace("    cases:", "    casez:"),
            "security",
            "security/sysctl.yaml: kernel-test-dmesg: casez: Extra inputs are not permitted",
            id="unknown-key-is-checkmeta-error",
        ),
        pytest.param(
            ROWS.replace("severity: low", "severity: huge"),
            "security",
            "security/sysctl.yaml: kernel-test-dmesg: severity: Input should be",
            id="bad-severity",
        ),
        pytest.param(
            ROWS.replace("    rationale: Only here to exercise the row loader and its validation.\n", ""),
            "security",
            "kernel-test-dmesg: rationale: Field required",
            id="missing-metadata",
        ),
        pytest.param(
            ROWS.replace("absent: fail", "absent: maybe"),
            "security",
            "kernel-test-dmesg: absent: Input should be 'fail' or 'skip'",
            id="bad-template-parameter",
        ),
        pytest.param(
            ROWS.replace('{kernel.dmesg_restrict: "1"}\n      absent', "{}\n      absent"),
            "security",
            "kernel-test-dmesg: expect: Dictionary should have at least 1 item",
            id="empty-template-parameter",
        ),
        pytest.param(
            ROWS.replace("template: sysctl", "template: sysctrl"),
            "security",
            "security/sysctl.yaml: unknown template 'sysctrl'; known: sysctl",
            id="unknown-template",
        ),
        pytest.param(
            ROWS.replace('{values: {kernel.dmesg_restrict: "0"}}', "{valuez: 1}"),
            "security",
            "case 'open': fact 'kernel_params' invalid",
            id="case-fact-invalid",
        ),
        pytest.param(
            ROWS + "      - {name: other probe, expect: pass, facts: {packages: {}}}\n",
            "security",
            "case 'other probe' gives fact 'packages', which the check does not declare",
            id="case-undeclared-fact",
        ),
        pytest.param(
            ROWS.replace("    severity: low", "    severity: low\n    category: backup"),
            "security",
            "category 'backup' but the file is in security/",
            id="category-differs-from-folder",
        ),
        pytest.param(
            ROWS.replace("kernel-test-dmesg: decided by kernel.dmesg_restrict alone.", "[1]").replace("doc: |", "doc:"),
            "security",
            "kernel-test-dmesg: doc: must be text",
            id="doc-not-text",
        ),
        pytest.param(ROWS, "misc", "misc/sysctl.yaml: must be <category>/<family>.yaml", id="unknown-folder"),
        pytest.param(
            ROWS.replace("    severity: low", "    severity: low\n    severity: high"),
            "security",
            "security/sysctl.yaml: cannot read: line 9: key 'severity' given twice",
            id="duplicate-key",
        ),
        pytest.param("template: [", "security", "security/sysctl.yaml: cannot read:", id="not-yaml"),
        pytest.param("- a list\n", "security", "security/sysctl.yaml: (top): Input should be", id="not-a-mapping"),
    ],
)
def test_bad_rows_are_refused_with_one_line(tmp_path: Path, rows: str, where: str, message: str) -> None:
    with pytest.raises(CheckDefinitionError) as info:
        load_checks(root=_library(tmp_path, rows, where=where))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_row_id_taken_by_a_module_is_refused(tmp_path: Path) -> None:
    rows = ROWS.replace("kernel-test-dmesg", "kernel-test-aslr")
    root = _library(tmp_path, rows, modules={"security/kernel_test_aslr.py": GOOD})
    with pytest.raises(CheckDefinitionError, match=r"check id 'kernel-test-aslr' already defined in security/kernel"):
        load_checks(root=root)


def test_every_template_in_the_table_loads_and_is_used_by_the_library() -> None:
    used = {
        line.split(":", 1)[1].strip()
        for path in checks_root().glob("*/*.yaml")
        for line in path.read_text().splitlines()
        if line.startswith("template:")
    }
    for name in template_names():
        template = template_named(name)
        assert isinstance(template, Template) and template.name == name
        assert name in used, f"template {name} has no row in the library"
    assert template_named("no-such-template") is None


def test_every_row_file_is_shipped_as_package_data() -> None:
    import tomllib

    pyproject = tomllib.loads((checks_root().parent / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["auditor_checks"]
    for path in checks_root().glob("*/*.yaml"):
        assert any(path.relative_to(checks_root()).match(glob) for glob in globs), path


@pytest.mark.parametrize(
    ("base", "override", "expected"),
    [
        ({"a": {"x": 1, "y": 2}}, {"a": {"y": 3}}, {"a": {"x": 1, "y": 3}}),
        ({"a": {"x": 1}}, {"a": "unavailable"}, {"a": "unavailable"}),
        ({"a": {"x": [1, 2]}}, {"a": {"x": []}}, {"a": {"x": []}}),
        ({"a": 1}, {"b": {"c": None}}, {"a": 1, "b": {"c": None}}),
        ({}, {}, {}),
    ],
)
def test_merged_merges_mappings_and_replaces_everything_else(
    base: dict[str, Any], override: dict[str, Any], expected: dict[str, Any]
) -> None:
    before = repr(base)
    assert merged(base, override) == expected
    assert repr(base) == before  # the template's base case is never changed

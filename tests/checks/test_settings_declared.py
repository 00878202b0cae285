"""Typed check settings: declarations, reading only what is declared, and the custom-check fallback."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from auditor.checklib.checkdef import CheckMeta, Facts, Setting, UndeclaredSetting, setting_problem
from auditor.checklib.registry import checks_root, load_checks
from auditor.checklib.settings import Declared, SettingError, setting_reads
from auditor.core.models import Category, Severity

CHECKS = load_checks()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "custom-checks"


def test_every_setting_a_library_check_reads_by_name_is_declared() -> None:
    """The static half of the rule (the cases, run through Facts.for_check, are the dynamic half)."""
    by_file = {check.id.replace("-", "_"): check for check in CHECKS}
    scanned = 0
    for path in sorted(checks_root().glob("*/*.py")):
        if path.stem not in by_file:
            continue
        declared = {setting.name for setting in by_file[path.stem].meta.settings}
        for name, _kind in setting_reads(ast.parse(path.read_text())):
            scanned += 1
            assert name in declared, f"{path.name} reads setting {name!r} without declaring it"
    # Checks written as template rows declare theirs through the template (tests/checks/test_rows.py); these
    # are the modules' reads.
    assert scanned >= 45


def test_the_library_declares_typed_documented_settings_once_per_name() -> None:
    declared = Declared.of(CHECKS)
    assert len(declared.settings) >= 45
    assert all(setting.type is not object for setting in declared.settings.values()), "no untyped library setting"
    backup = declared.settings["backup_max_age_hours"]
    assert (backup.type, backup.default) == (float, 26.0)
    assert set(declared.readers["backup_max_age_hours"]) >= {"backup-recent", "win-backup-recent"}


def test_reading_an_undeclared_setting_raises_only_when_bound_to_a_check() -> None:
    meta = CheckMeta(
        id="kernel-test-settings",
        title="A check for tests",
        category=Category.SECURITY,
        severity=Severity.LOW,
        rationale="Only here to show how declared settings are read.",
        remediation="Nothing to do.",
        facts=("kernel_params",),
        settings=(Setting(name="limit_days", type=int, default=7, doc="A limit for the test."),),
    )
    facts = Facts(values={}, errors={}, now=datetime(2026, 1, 1, tzinfo=UTC), settings={"other": "1"})
    bound = facts.for_check(meta)
    assert bound.setting("limit_days") == 7, "the declared default"
    assert bound.setting("limit_days", 9) == 9, "the caller's default wins over the declared one"
    with pytest.raises(UndeclaredSetting, match="'other' is read but not declared"):
        bound.setting("other", None)
    assert facts.setting("other", None) == "1", "unbound facts (kits, tests) read anything"


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        (int, [48, "48", " 12 ", 26.0], ["48h", 1.5, True, [1]]),
        (float, [26.5, "26.5", 3], ["soon", False, float("nan")]),
        (bool, [True, "yes", "False", 0], ["maybe", 2, [True]]),
        (str, ["027", 27], [["a"], True]),
        (list, ["a,b", ["a", 1], 22], [{"a": 1}, [["nested"]]]),
    ],
)
def test_values_are_checked_against_the_declared_type(kind: type, good: list[object], bad: list[object]) -> None:
    setting = Setting(name="x", type=kind, doc="A setting for the test.")
    assert [value for value in good if setting_problem(setting, value)] == []
    assert all(setting_problem(setting, value) for value in bad)


def test_a_malformed_declaration_is_refused_when_the_module_is_built() -> None:
    with pytest.raises(ValidationError, match="type must be one of"):
        Setting(name="x", type=dict, doc="A setting for the test.")
    with pytest.raises(ValidationError, match="default must be of type integer"):
        Setting(name="x", type=int, default="many", doc="A setting for the test.")
    with pytest.raises(ValidationError, match="declared twice"):
        CheckMeta(
            id="kernel-test-twice",
            title="A check for tests",
            category=Category.SECURITY,
            severity=Severity.LOW,
            rationale="Only here to show a name may be declared once.",
            remediation="Nothing to do.",
            facts=("kernel_params",),
            settings=(Setting(name="x", type=int, doc="A setting for the test."),) * 2,
        )


def test_one_name_with_two_types_is_a_library_error() -> None:
    first, second = CHECKS[0], CHECKS[1]
    typed = [
        first.__class__(
            meta=check.meta.model_copy(update={"settings": (Setting(name="x", type=kind, doc="A setting."),)}),
            evaluate=check.evaluate,
            cases=check.cases,
        )
        for check, kind in ((first, int), (second, list))
    ]
    with pytest.raises(SettingError, match=f"check {second.id}: setting x is declared as list but {first.id}"):
        Declared.of(typed)


def test_a_custom_check_without_declarations_gets_the_settings_its_source_reads() -> None:
    (check,) = load_checks(["msp-root-shell-audited"], extra_dirs=[EXAMPLE])
    assert [(s.name, s.type) for s in check.meta.settings] == [("msp_recorded_shells", list)]
    assert "declares no settings" in check.meta.settings[0].doc

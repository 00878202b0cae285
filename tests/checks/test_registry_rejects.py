"""The loader refuses malformed check libraries with a one-line message naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.checklib.registry import CheckDefinitionError, load_checks

GOOD = """
from __future__ import annotations

from auditor.checklib.checkdef import Case, Check, CheckMeta, Facts, Verdict
from auditor.core.models import Category, Severity, Status
from auditor.probes.kernel_params import KERNEL_PARAMS

META = CheckMeta(
    id="kernel-test-aslr",
    title="A test check",
    category=Category.SECURITY,
    severity=Severity.LOW,
    rationale="Only here to exercise the check loader.",
    remediation="Nothing to do.",
    facts=(KERNEL_PARAMS.name,),
)


def evaluate(facts: Facts) -> Verdict:
    value = facts.get(KERNEL_PARAMS).get("kernel.randomize_va_space")
    return Verdict.passed("ok") if value == "2" else Verdict.failed("not ok")


CHECK = Check(
    meta=META,
    evaluate=evaluate,
    cases=(
        Case("good", {"kernel_params": {"values": {"kernel.randomize_va_space": "2"}}}, Status.PASS),
        Case("bad", {"kernel_params": {"values": {"kernel.randomize_va_space": "0"}}}, Status.FAIL),
    ),
)
"""


def make_library(root: Path, modules: dict[str, str], listed: list[str] | None = None) -> Path:
    for relative, text in modules.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    names = listed if listed is not None else list(modules)
    (root / "__init__.py").write_text(f"MODULES: tuple[str, ...] = {tuple(names)!r}\n")
    return root


def test_good_library_loads(tmp_path: Path) -> None:
    root = make_library(tmp_path, {"security/kernel_test_aslr.py": GOOD})
    checks = load_checks(root=root)
    assert [c.id for c in checks] == ["kernel-test-aslr"]


@pytest.mark.parametrize(
    ("modules", "listed", "message"),
    [
        pytest.param(
            {"security/kernel_other.py": GOOD}, None, "does not match the file name", id="id-differs-from-file"
        ),
        pytest.param(
            {"patch/kernel_test_aslr.py": GOOD},
            None,
            "category 'security' but the file is in patch/",
            id="wrong-folder",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace("facts=(KERNEL_PARAMS.name,)", 'facts=("no_such_probe",)')},
            None,
            "unknown fact",
            id="unknown-fact",
        ),
        pytest.param(
            {
                "security/kernel_test_aslr.py": GOOD.replace(
                    '{"values": {"kernel.randomize_va_space": "0"}}', '{"valuez": 1}'
                )
            },
            None,
            "case 'bad': fact 'kernel_params' invalid",
            id="case-fact-invalid",
        ),
        pytest.param(
            {
                "security/kernel_test_aslr.py": GOOD.replace(
                    '{"kernel_params": {"values": {"kernel.randomize_va_space": "0"}}}',
                    '{"packages": {"manager": "dpkg"}}',
                )
            },
            None,
            "gives fact 'packages', which the check does not declare",
            id="case-undeclared-fact",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace("Status.FAIL", "Status.PASS")},
            None,
            "at least one pass case and one fail case",
            id="no-fail-case",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD, "security/kernel_unlisted.py": GOOD},
            ["security/kernel_test_aslr.py"],
            "security/kernel_unlisted.py: check module not listed",
            id="unlisted-module",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD},
            ["security/kernel_test_aslr.py", "security/missing.py"],
            "security/missing.py: listed in MODULES but there is no such file",
            id="listed-missing",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD, "misc/kernel_test_aslr.py": GOOD},
            None,
            "must be <category>/<name>.py",
            id="unknown-category-folder",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace("CHECK = Check(", "CHECKS = Check(")},
            None,
            "defines no CHECK",
            id="no-check-attribute",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace('title="A test check"', 'title="x"')},
            None,
            "import failed: ValidationError",
            id="invalid-meta",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace('Case("bad"', 'Case("good"')},
            None,
            "two cases named 'good'",
            id="duplicate-case-name",
        ),
    ],
)
def test_bad_library_is_rejected(
    tmp_path: Path, modules: dict[str, str], listed: list[str] | None, message: str
) -> None:
    root = make_library(tmp_path, modules, listed)
    with pytest.raises(CheckDefinitionError) as error:
        load_checks(root=root)
    assert message in str(error.value)
    assert "\n" not in str(error.value), "one line"


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    # same id from two files: only possible when one file's id does not match its name, which is
    # caught first; so the duplicate check is exercised with the same file listed twice
    root = make_library(tmp_path, {"security/kernel_test_aslr.py": GOOD}, ["security/kernel_test_aslr.py"] * 2)
    with pytest.raises(CheckDefinitionError, match="already defined"):
        load_checks(root=root)


def test_missing_modules_list_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text('"""no list"""\n')
    with pytest.raises(CheckDefinitionError, match="no MODULES"):
        load_checks(root=tmp_path)
    (tmp_path / "__init__.py").write_text("MODULES = tuple(x for x in [])\n")
    with pytest.raises(CheckDefinitionError, match="literal tuple"):
        load_checks(root=tmp_path)

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


def make_library(root: Path, modules: dict[str, str]) -> Path:
    for relative, text in modules.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "__init__.py").write_text('"""A scratch check library."""\n')
    return root


def test_good_library_loads(tmp_path: Path) -> None:
    root = make_library(tmp_path, {"security/kernel_test_aslr.py": GOOD})
    checks = load_checks(root=root)
    assert [c.id for c in checks] == ["kernel-test-aslr"]


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        pytest.param({"security/kernel_other.py": GOOD}, "does not match the file name", id="id-differs-from-file"),
        pytest.param(
            {"patch/kernel_test_aslr.py": GOOD},
            "category 'security' but the file is in patch/",
            id="wrong-folder",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace("facts=(KERNEL_PARAMS.name,)", 'facts=("no_such_probe",)')},
            "unknown fact",
            id="unknown-fact",
        ),
        pytest.param(
            {
                "security/kernel_test_aslr.py": GOOD.replace(
                    '{"values": {"kernel.randomize_va_space": "0"}}', '{"valuez": 1}'
                )
            },
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
            "gives fact 'packages', which the check does not declare",
            id="case-undeclared-fact",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace("Status.FAIL", "Status.PASS")},
            "at least one pass case and one fail case",
            id="no-fail-case",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD, "kernel_top_level.py": GOOD},
            "kernel_top_level.py: must be <category>/<name>.py",
            id="file-outside-category-folders",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD, "security/deeper/kernel_test_aslr.py": GOOD},
            "security/deeper/kernel_test_aslr.py: must be <category>/<name>.py",
            id="file-in-a-deeper-folder",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD, "misc/kernel_test_aslr.py": GOOD},
            "must be <category>/<name>.py",
            id="unknown-category-folder",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace("CHECK = Check(", "CHECKS = Check(")},
            "defines no CHECK",
            id="no-check-attribute",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace('title="A test check"', 'title="x"')},
            "import failed: ValidationError",
            id="invalid-meta",
        ),
        pytest.param(
            {"security/kernel_test_aslr.py": GOOD.replace('Case("bad"', 'Case("good"')},
            "two cases named 'good'",
            id="duplicate-case-name",
        ),
    ],
)
def test_bad_library_is_rejected(tmp_path: Path, modules: dict[str, str], message: str) -> None:
    root = make_library(tmp_path, modules)
    with pytest.raises(CheckDefinitionError) as error:
        load_checks(root=root)
    assert message in str(error.value)
    assert "\n" not in str(error.value), "one line"


def test_every_module_in_the_tree_is_found_without_a_list(tmp_path: Path) -> None:
    second = GOOD.replace('id="kernel-test-aslr"', 'id="kernel-test-other"')
    root = make_library(tmp_path, {"security/kernel_test_other.py": second, "security/kernel_test_aslr.py": GOOD})
    assert [c.id for c in load_checks(root=root)] == ["kernel-test-aslr", "kernel-test-other"]


def test_an_old_modules_list_is_ignored(tmp_path: Path) -> None:
    root = make_library(tmp_path, {"security/kernel_test_aslr.py": GOOD})
    (root / "__init__.py").write_text("MODULES = tuple(x for x in [])\n")
    assert [c.id for c in load_checks(root=root)] == ["kernel-test-aslr"]

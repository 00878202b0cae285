"""The shipped check library: loads cleanly, every recorded case gives its expected verdict."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError

from auditor.checklib.checkdef import FRAMEWORKS, Check
from auditor.checklib.plain import LANGUAGES, Plain, PlainWords
from auditor.checklib.registry import (
    CASE_NOW,
    CheckDefinitionError,
    checks_root,
    load_checks,
    probes_for,
    with_case_defaults,
)
from auditor.core.models import Category, Status
from auditor.evaluate.engine import evaluate_check, facts_from_case
from auditor.probes.os_release import OS_RELEASE
from auditor.probes.registry import ALL_PROBES, probe_registry

CHECKS = load_checks()
ALLOWED_IMPORTS = ("__future__", "auditor", "typing", "re", "datetime", "functools", "importlib", "yaml", "pydantic")


def _case_params() -> list[object]:
    return [pytest.param(check, case, id=f"{check.id}: {case.name}") for check in CHECKS for case in check.cases]


@pytest.mark.parametrize(("check", "case"), _case_params())
def test_case_verdict(check: Check, case) -> None:
    facts = facts_from_case(with_case_defaults(case), probe_registry(), default_now=CASE_NOW)
    verdict = evaluate_check(check, facts)
    assert verdict.status == case.expect, f"{verdict.status}: {verdict.message}"
    assert verdict.message, "a verdict must say why"
    assert "failed internally" not in verdict.message


def test_library_size_and_categories() -> None:
    """The issue's floor: 80+ checks, of which 60+ security and 10+ backup."""
    assert len(CHECKS) >= 80
    assert {check.meta.category for check in CHECKS} == set(Category)
    by_category = {category: sum(1 for c in CHECKS if c.meta.category is category) for category in Category}
    assert by_category[Category.SECURITY] >= 60
    assert by_category[Category.BACKUP] >= 10


def test_every_check_has_pass_and_fail_cases() -> None:
    for check in CHECKS:
        assert {Status.PASS, Status.FAIL} <= {case.expect for case in check.cases}, check.id


def test_references_use_known_frameworks_and_nonempty_ids() -> None:
    for check in CHECKS:
        assert check.meta.references, f"{check.id} has no framework reference"
        for framework, ids in check.meta.references.items():
            assert framework in FRAMEWORKS
            assert ids and all(ident.strip() for ident in ids), (check.id, framework)


def test_check_modules_import_only_auditor_and_a_few_stdlib_modules() -> None:
    root = checks_root()
    for path in sorted(root.glob("*/*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in ALLOWED_IMPORTS, f"{path.name} imports {name}"
            assert "subprocess" not in names and "os" not in names


def test_probes_for_adds_os_release_and_keeps_registry_order() -> None:
    ssh = load_checks(["ssh-root-login"])
    assert [p.name for p in probes_for(ssh)] == [OS_RELEASE.name, "sshd_effective"]
    every = probes_for(CHECKS)
    order = [p.name for p in ALL_PROBES]
    assert [p.name for p in every] == [name for name in order if name in {p.name for p in every}]
    assert len(every) == len(ALL_PROBES), "every probe is used by some check"


def test_select_by_id_and_glob() -> None:
    assert [c.id for c in load_checks(["kernel-aslr"])] == ["kernel-aslr"]
    ssh = load_checks(["ssh-*"])
    assert len(ssh) == 20 and all(c.id.startswith("ssh-") for c in ssh)


def test_unknown_selection_suggests_close_matches() -> None:
    with pytest.raises(CheckDefinitionError, match="ssh-root-login"):
        load_checks(["ssh-root-logn"])
    with pytest.raises(CheckDefinitionError, match="no check matches 'nothing-\\*'"):
        load_checks(["nothing-*"])


def test_checks_root_is_the_checks_folder() -> None:
    assert checks_root().resolve() == (Path(__file__).parents[2] / "checks").resolve()


def test_every_check_has_plain_text_in_every_shipped_language() -> None:
    """A business owner reads these in the onboarding assessment; a check without them fails here."""
    missing = [check.id for check in CHECKS if check.meta.plain is None]
    assert not missing, f"checks without plain-language text: {missing}"
    for check in CHECKS:
        plain = check.meta.plain
        assert plain is not None
        for language in LANGUAGES:
            words = plain.words(language)
            assert words.meaning and words.why and words.fix, (check.id, language)
        assert plain.en != plain.fr, f"{check.id}: the French text is a copy of the English"


def test_plain_fixes_are_specific_to_their_check() -> None:
    """No sentence that fits any check: each fix and each meaning is said once in the library."""
    for language in LANGUAGES:
        for field in ("fix", "meaning"):
            seen: dict[str, str] = {}
            for check in CHECKS:
                assert check.meta.plain is not None
                text = getattr(check.meta.plain.words(language), field)
                assert text not in seen, f"{check.id} and {seen[text]} share the {language} {field} {text!r}"
                seen[text] = check.id


@pytest.mark.parametrize(
    ("field", "text", "complaint"),
    [
        ("fix", "Bring the setting in line with the security baseline.", "generic wording"),
        ("fix", "Install the updates. Then reboot the system.", "one sentence"),
        ("fix", "Install the updates without a full stop", "full stop"),
        ("meaning", "Anyone can change /etc/passwd on this system today.", "file path"),
    ],
)
def test_plain_words_refuse_generic_multi_sentence_and_jargon(field: str, text: str, complaint: str) -> None:
    words = {
        "meaning": "The system accepts short, easily guessed passwords.",
        "why": "Simple passwords fall to automated guessing in minutes.",
        "fix": "Require passwords of at least 14 characters.",
    }
    words[field] = text
    with pytest.raises(ValidationError, match=complaint):
        PlainWords.model_validate(words)


def test_a_check_without_french_fails_at_load() -> None:
    english = {
        "meaning": "A sentence long enough to pass.",
        "why": "Another sentence long enough.",
        "fix": "Fix it now.",
    }
    with pytest.raises(ValidationError, match="fr"):
        Plain.model_validate({"area": "access", "practice": "hardening", "effort_minutes": 5, "en": english})

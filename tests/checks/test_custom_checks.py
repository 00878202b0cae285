"""MSP-written checks in a user folder: loaded beside the library, validated the same way, and run by
the real pipeline with no change to the package."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.checklib.registry import CASE_NOW, CheckDefinitionError, load_checks, probes_for, with_case_defaults
from auditor.core.models import Status
from auditor.evaluate.engine import evaluate_check, facts_from_case
from auditor.inventory import Host
from auditor.probes.registry import probe_registry
from auditor.run.pipeline import audit_host
from auditor.transport.base import CommandResult
from tests.checks.test_registry_rejects import GOOD

EXAMPLE = Path(__file__).parents[2] / "examples" / "custom-checks"
CUSTOM = GOOD.replace('id="kernel-test-aslr"', 'id="msp-kernel-aslr"')


def _folder(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_custom_folder_adds_its_checks_after_the_library(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "mine", {"security/msp_kernel_aslr.py": CUSTOM})
    library = load_checks()
    combined = load_checks(extra_dirs=[folder])
    assert [c.id for c in combined] == [*(c.id for c in library), "msp-kernel-aslr"]
    assert [c.id for c in load_checks(["msp-*"], extra_dirs=[folder])] == ["msp-kernel-aslr"]


ROWS = """\
template: sysctl
checks:
  - id: msp-ptrace-admin-only
    doc: |
      msp-ptrace-admin-only: only root may attach to another process.

      The MSP's own baseline, stricter than the library's: kernel.yama.ptrace_scope = 2 on every server.
    title: Only root may attach to another process
    severity: low
    rationale: A process that can attach to another reads its memory, secrets included.
    remediation: Set kernel.yama.ptrace_scope = 2 in /etc/sysctl.d/60-msp.conf and run sysctl --system.
    with:
      expect:
        kernel.yama.ptrace_scope: '2'
      absent: fail
    cases:
    - name: admin only
      expect: pass
      facts:
        kernel_params:
          values:
            kernel.yama.ptrace_scope: '2'
    - name: Debian default 1
      expect: fail
      facts:
        kernel_params:
          values:
            kernel.yama.ptrace_scope: '1'
"""


def test_a_custom_folder_can_hold_rows_of_the_library_templates(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "mine", {"security/msp_sysctl.yaml": ROWS, "security/msp_kernel_aslr.py": CUSTOM})
    combined = {check.id: check for check in load_checks(extra_dirs=[folder])}
    row = combined["msp-ptrace-admin-only"]
    assert "msp-kernel-aslr" in combined
    assert [case.expect for case in row.cases] == [Status.PASS, Status.FAIL]
    for case in row.cases:  # the row's own recorded cases decide as the row says
        facts = facts_from_case(with_case_defaults(case), probe_registry(), default_now=CASE_NOW)
        assert evaluate_check(row, facts).status is case.expect, case.name


def test_a_bad_custom_row_names_its_file_by_its_full_path(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path / "mine", {"security/msp_sysctl.yaml": ROWS.replace("template: sysctl", "template: nope")}
    )
    with pytest.raises(CheckDefinitionError) as error:
        load_checks(extra_dirs=[folder])
    assert f"{folder}/security/msp_sysctl.yaml" in str(error.value)
    assert "\n" not in str(error.value)


def test_the_shipped_example_loads_and_its_cases_hold() -> None:
    (check,) = load_checks(["msp-root-shell-audited"], extra_dirs=[EXAMPLE])
    assert {case.expect for case in check.cases} >= {Status.PASS, Status.FAIL}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"security/msp_other.py": CUSTOM}, "security/msp_other.py: id 'msp-kernel-aslr' does not match the file name"),
        ({"security/msp_kernel_aslr.py": CUSTOM.replace("Status.FAIL", "Status.PASS")}, "one pass case and one fail"),
        ({"security/kernel_test_aslr.py": GOOD.replace('id="kernel-test-aslr"', 'id="kernel-aslr"')}, "does not match"),
        ({"misc/msp_kernel_aslr.py": CUSTOM}, "must be <category>/<name>.py"),
    ],
    ids=["id-vs-file", "no-fail-case", "wrong-name", "bad-category"],
)
def test_custom_checks_are_validated_like_the_library(tmp_path: Path, files: dict[str, str], message: str) -> None:
    folder = _folder(tmp_path / "mine", files)
    with pytest.raises(CheckDefinitionError) as error:
        load_checks(extra_dirs=[folder])
    assert message in str(error.value)
    assert str(folder) in str(error.value), "the error names the custom file by its path"
    assert "\n" not in str(error.value)


def test_a_custom_check_cannot_replace_a_library_check(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path / "mine",
        {"security/kernel_aslr.py": GOOD.replace('id="kernel-test-aslr"', 'id="kernel-aslr"')},
    )
    with pytest.raises(
        CheckDefinitionError, match=r"check id 'kernel-aslr' already defined in security/kernel_aslr\.py"
    ):
        load_checks(extra_dirs=[folder])


def test_missing_folder_and_misplaced_file(tmp_path: Path) -> None:
    with pytest.raises(CheckDefinitionError, match="custom check folder not found"):
        load_checks(extra_dirs=[tmp_path / "nope"])
    folder = _folder(tmp_path / "misplaced", {"security/msp_kernel_aslr.py": CUSTOM, "msp_extra.py": CUSTOM})
    with pytest.raises(CheckDefinitionError, match=r"msp_extra\.py: must be <category>/<name>\.py"):
        load_checks(extra_dirs=[folder])


class LocalShell:
    """A transport that runs the collector on this machine: the real pipeline, real probe output."""

    def run_script(self, host: Host, script: str) -> CommandResult:
        done = subprocess.run(["/bin/sh", "-s"], input=script.encode(), capture_output=True, timeout=120, check=False)
        return CommandResult(done.returncode, done.stdout, done.stderr)


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="the host must be a Debian-family system")
def test_a_custom_check_runs_through_the_pipeline_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "msp"
    shutil.copytree(EXAMPLE, folder)
    checks = load_checks(["msp-root-shell-audited", "kernel-aslr"], extra_dirs=[folder])
    host = Host(name="local", client="test", address="127.0.0.1", vars={"auditor_msp_recorded_shells": "/bin/nope"})
    report = audit_host(
        host, transport=LocalShell(), probes=probes_for(checks), checks=checks, probe_registry=probe_registry()
    )
    assert report.assessed, report.error
    results = {r.check_id: r for r in report.results}
    custom = results["msp-root-shell-audited"]
    assert custom.status is Status.FAIL  # the host setting names a shell root does not have
    assert custom.message.startswith("root's shell is /")
    assert results["kernel-aslr"].status in (Status.PASS, Status.FAIL)

"""The lab fleet audited over real SSH: verdicts against the ground truth written beside the hosts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.lab.conftest import INVENTORY, Audit, run_auditor

pytestmark = pytest.mark.lab


def test_exit_code_says_some_hosts_could_not_be_assessed(lab_audit: Audit) -> None:
    assert lab_audit.exit_code == 3, lab_audit.stderr
    assert "Traceback" not in lab_audit.stderr


def test_every_host_is_reported(lab_audit: Audit, ground_truth: dict[str, Any]) -> None:
    assert {h["name"] for h in lab_audit.document["hosts"]} == set(ground_truth["hosts"])


@pytest.mark.parametrize("name", ["hardened", "neglected", "partial"])
def test_verdicts_match_ground_truth(lab_audit: Audit, ground_truth: dict[str, Any], name: str) -> None:
    expected = ground_truth["hosts"][name]
    host = lab_audit.host(name)
    assert host["assessed"] is True, host["error"]
    got = lab_audit.statuses(name)
    mismatches = {
        check: (want, got.get(check), next((r["message"] for r in host["results"] if r["check_id"] == check), None))
        for check, want in expected["checks"].items()
        if got.get(check) != want
    }
    assert not mismatches, f"{name}: check -> (expected, got, message): {mismatches}"


def test_hardened_host_has_no_false_failure(lab_audit: Audit, ground_truth: dict[str, Any]) -> None:
    """Nothing fails on hardened except what its ground truth says fails, which is only what the machine's
    shared kernel decides (kernel.* and fs.* parameters, the LSMs: see ground_truth.yaml)."""
    failed = {r["check_id"] for r in lab_audit.host("hardened")["results"] if r["status"] in ("fail", "error")}
    expected = {c for c, s in ground_truth["hosts"]["hardened"]["checks"].items() if s in ("fail", "error")}
    assert failed == expected
    assert expected <= {"kernel-kptr-restrict", "kernel-protected-links", "kernel-ptrace-scope", "mac-enforcing"}


def test_neglected_host_failures_are_all_found(lab_audit: Audit, ground_truth: dict[str, Any]) -> None:
    expected_fail = {c for c, s in ground_truth["hosts"]["neglected"]["checks"].items() if s == "fail"}
    got_fail = {c for c, s in lab_audit.statuses("neglected").items() if s == "fail"}
    assert expected_fail <= got_fail
    assert len(expected_fail) >= 10


def test_pending_security_updates_match_the_host(lab: Path, lab_audit: Audit) -> None:
    """The expected list is what apt on the host itself said at setup, not a hard-coded list."""
    recorded = (lab / "hosts" / "neglected" / "upgradable.txt").read_text().splitlines()
    expected = {line.split("/", 1)[0] for line in recorded if "/" in line and "-security" in line}
    assert expected, "the mirror gave no pending security update for the neglected host"
    result = next(r for r in lab_audit.host("neglected")["results"] if r["check_id"] == "patch-security-updates")
    assert result["status"] == "fail"
    reported = {detail.split(" ", 1)[0] for detail in result["details"]}
    assert reported == expected


@pytest.mark.parametrize(("name", "kind"), [("unreachable", "unreachable"), ("wrongkey", "host_key")])
def test_broken_entries_are_errors_with_reasons(
    lab_audit: Audit, ground_truth: dict[str, Any], name: str, kind: str
) -> None:
    host = lab_audit.host(name)
    assert host["assessed"] is False
    assert host["error_kind"] == kind
    assert ground_truth["hosts"][name]["error_contains"] in host["error"].lower()
    assert host["score"]["score"] is None
    assert host["score"]["coverage"] == 0.0


def test_hosts_report_their_own_os_release(lab_audit: Audit) -> None:
    assert lab_audit.host("hardened")["os"]["version"] == "13"
    assert lab_audit.host("neglected")["os"]["version"] == "12"


def test_partial_host_cannot_assess_root_only_checks(lab_audit: Audit) -> None:
    result = next(r for r in lab_audit.host("partial")["results"] if r["check_id"] == "ssh-root-login")
    assert result["status"] == "error"
    assert result["message"]


def test_fleet_coverage_counts_unreachable_hosts(lab_audit: Audit) -> None:
    fleet = lab_audit.document["scores"]["fleet"]
    assert 0 < fleet["coverage"] < 100
    assert fleet["score"] is not None


def test_hostile_output_is_text_in_html(lab_audit: Audit) -> None:
    assert "&lt;script&gt;alert(&#34;auditor-xss&#34;)&lt;/script&gt;" in lab_audit.html
    assert '<script>alert("auditor-xss")' not in lab_audit.html


def test_secrets_never_stored(lab: Path, lab_audit: Audit) -> None:
    password = (lab / "become-password").read_text().strip()
    assert password not in lab_audit.db.read_bytes().decode("latin-1")
    assert password not in lab_audit.html
    assert password not in json.dumps(lab_audit.document)


def test_stored_run_rerenders_offline(lab_audit: Audit, tmp_path: Path) -> None:
    out = tmp_path / "again.json"
    done = run_auditor("report", "--run", "latest", "--format", "json", "--db", str(lab_audit.db), "-o", str(out))
    assert done.returncode == 0, done.stderr
    again = json.loads(out.read_text())
    assert again["run"]["id"] == lab_audit.document["run"]["id"]
    first = {h["name"]: {r["check_id"]: r["status"] for r in h["results"]} for h in lab_audit.document["hosts"]}
    second = {h["name"]: {r["check_id"]: r["status"] for r in h["results"]} for h in again["hosts"]}
    assert first == second
    done = run_auditor(
        "report", "--run", "latest", "--format", "json", "--re-evaluate", "--db", str(lab_audit.db), "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    third = {
        h["name"]: {r["check_id"]: r["status"] for r in h["results"]} for h in json.loads(out.read_text())["hosts"]
    }
    assert third == first


def test_become_password_from_env_assesses_root_checks(lab: Path, tmp_path: Path) -> None:
    """partial's audit account needs a sudo password: with it from the environment, sshd -T works."""
    inventory = tmp_path / "inv.ini"
    inventory.write_text(INVENTORY.read_text().replace("ansible_become=false", "ansible_become=true"))
    password = (lab / "become-password").read_text().strip()
    args = [
        "run",
        "-i",
        str(inventory),
        "--limit",
        "partial",
        "--known-hosts",
        str(lab / "known_hosts"),
        "--db",
        str(tmp_path / "db"),
        "--output-dir",
        str(tmp_path),
        "--format",
        "json",
    ]
    without = run_auditor(*args)
    assert without.returncode == 3, without.stderr
    doc = json.loads(next(tmp_path.glob("*.json")).read_text())
    assert doc["hosts"][0]["error_kind"] == "become"
    assert "password" in doc["hosts"][0]["error"]
    for old in tmp_path.glob("*.json"):
        old.unlink()
    with_password = run_auditor(*args, env={"AUDITOR_BECOME_PASSWORD": password})
    assert with_password.returncode in (0, 1), with_password.stderr
    doc = json.loads(next(tmp_path.glob("*.json")).read_text())
    statuses = {r["check_id"]: r["status"] for r in doc["hosts"][0]["results"]}
    assert statuses["ssh-root-login"] == "pass"
    assert statuses["ssh-x11-forwarding"] == "fail"
    assert password not in (tmp_path / "db").read_bytes().decode("latin-1")
    assert password not in with_password.stderr + with_password.stdout


@pytest.mark.browser
def test_report_in_a_real_browser(lab_audit: Audit, tmp_path: Path) -> None:
    """Chromium parses the lab report: the hostile cron comment stays text, no extra script element ran."""
    from html.parser import HTMLParser

    from tests.browser import dump_dom, screenshot

    dom = dump_dom(lab_audit.html_path)

    class Scripts(HTMLParser):
        count = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "script":
                self.count += 1

    parser = Scripts()
    parser.feed(dom)
    assert parser.count <= 1  # only the report's own inline script
    assert '&lt;script&gt;alert("auditor-xss")&lt;/script&gt;' in dom
    for name in ("hardened", "neglected", "partial", "unreachable", "wrongkey"):
        assert name in dom
    screenshot(lab_audit.html_path, tmp_path / "report.png")
    assert (tmp_path / "report.png").stat().st_size > 10_000


@pytest.mark.parametrize("name", ["hardened", "neglected", "partial"])
def test_linux_hosts_store_no_windows_results(lab_audit: Audit, name: str) -> None:
    """A Linux host's results hold only checks of its kind; not applicable never counted, so its score
    and coverage are those of the Linux checks alone."""
    host = lab_audit.host(name)
    ids = [r["check_id"] for r in host["results"]]
    assert ids and not [c for c in ids if c.startswith("win-")]
    windows_checks = {c["id"] for c in lab_audit.document["checks"] if c["id"].startswith("win-")}
    assert windows_checks, "the run selected the Windows checks too"
    counts = host["score"]["counts"]
    assert host["score"]["applicable"] == counts["pass"] + counts["fail"] + counts["error"] + counts["waived"]

"""The file permission templates on situations their rows' recorded cases do not cover."""

from __future__ import annotations

from typing import Any

from auditor.checklib.checkdef import Case, Verdict
from auditor.checklib.registry import CASE_NOW, with_case_defaults
from auditor.checklib.templates import template_named
from auditor.core.models import Status
from auditor.evaluate.engine import facts_from_case
from auditor.probes.registry import probe_registry

SSHD_CONFIG = {
    "files": [{"path": "/etc/ssh/sshd_config", "max_mode": "0600", "setting": "limit", "setting_doc": "Widest mode."}],
    "noun": "file(s)",
    "absent": "no sshd_config",
}


def _verdict(
    name: str, params: dict[str, Any], facts: dict[str, Any], settings: dict[str, Any] | None = None
) -> Verdict:
    template = template_named(name)
    assert template is not None
    evaluate = template.build(template.params.model_validate(params))
    case = Case("situation", facts, Status.PASS, settings=settings or {})
    return evaluate(facts_from_case(with_case_defaults(case), probe_registry(), default_now=CASE_NOW))


def _stat(path: str, mode: str, group: str = "root") -> dict[str, Any]:
    return {"path": path, "mode": mode, "uid": 0, "gid": 0, "owner": "root", "group": group, "kind": "regular file"}


def test_a_file_the_probe_did_not_report_leaves_the_check_unassessed_not_inapplicable() -> None:
    cut_off = _verdict("file-stats", SSHD_CONFIG, {"file_stats": {"files": [], "missing": []}})
    absent = _verdict("file-stats", SSHD_CONFIG, {"file_stats": {"missing": ["/etc/ssh/sshd_config"]}})
    assert (cut_off.status, absent.status) == (Status.ERROR, Status.NOT_APPLICABLE)


def test_a_setting_widens_read_access_but_never_grants_write_to_others() -> None:
    facts = {"file_stats": {"files": [_stat("/etc/ssh/sshd_config", "646")]}}
    assert _verdict("file-stats", SSHD_CONFIG, facts, {"limit": "0666"}).status == Status.FAIL
    facts = {"file_stats": {"files": [_stat("/etc/ssh/sshd_config", "644")]}}
    assert _verdict("file-stats", SSHD_CONFIG, facts, {"limit": "0644"}).status == Status.PASS


def test_a_setting_that_is_not_an_octal_mode_is_reported() -> None:
    facts = {"file_stats": {"files": [_stat("/etc/ssh/sshd_config", "600")]}}
    verdict = _verdict("file-stats", SSHD_CONFIG, facts, {"limit": "rw-------"})
    assert verdict.status == Status.ERROR
    assert "not an octal mode" in verdict.message


def test_set_id_bits_beyond_the_limit_fail() -> None:
    facts = {"file_stats": {"files": [_stat("/etc/crontab", "4600")]}}
    params = {"files": [{"path": "/etc/crontab", "max_mode": "0600"}], "noun": "cron path(s)", "absent": "no cron"}
    assert _verdict("file-stats", params, facts).status == Status.FAIL


def test_file_modes_says_what_a_missing_required_file_means() -> None:
    missing = {"file_modes": {"missing": ["/etc/gshadow"]}}
    not_reported: dict[str, Any] = {"file_modes": {"files": [], "missing": []}}
    base = {"required": ["/etc/gshadow"], "allowed_bits": "0640"}
    outcomes = {
        when: _verdict("file-modes", base | {"when_missing": when}, missing).status
        for when in ("fail", "not_applicable", "error")
    }
    assert outcomes == {"fail": Status.FAIL, "not_applicable": Status.NOT_APPLICABLE, "error": Status.ERROR}
    assert _verdict("file-modes", base | {"when_missing": "not_applicable"}, not_reported).status == Status.ERROR


def test_file_modes_refuses_a_group_not_allowed() -> None:
    entry = {"path": "/etc/gshadow", "mode": "640", "uid": 0, "gid": 100, "owner": "root", "group": "users"}
    facts = {"file_modes": {"files": [entry]}}
    params = {"required": ["/etc/gshadow"], "allowed_bits": "0640", "groups": ["root", "shadow"]}
    verdict = _verdict("file-modes", params, facts)
    assert verdict.status == Status.FAIL
    assert "group users" in verdict.message

"""SARIF 2.1.0: valid against the official schema, one result per finding, stable identities, inert host text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no types-jsonschema in dev deps
import pytest

from auditor.core.models import Status
from auditor.core.runmodel import Run
from auditor.report.data import build_view
from auditor.report.formats.sarif import FINGERPRINT, finding_fingerprint, render_sarif
from tests.fixtures_runs import XSS, sample_run

SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _validate(document: dict[str, Any]) -> None:
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors[:5]]


def _sarif(run: Run) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render_sarif(build_view(run)))
    return document


def test_sample_run_is_valid_sarif_with_every_finding() -> None:
    run = sample_run()
    document = _sarif(run)
    _validate(document)
    (sarif_run,) = document["runs"]
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    results = sarif_run["results"]
    expected = {
        (host.name, result.check_id, result.status)
        for host in run.hosts
        for result in host.results
        if result.status in (Status.FAIL, Status.WAIVED, Status.ERROR)
    }
    found = {(r["properties"]["host"], r["ruleId"], Status(r["properties"]["status"])) for r in results}
    assert found == expected and expected
    for result in results:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        status = Status(result["properties"]["status"])
        assert (result["kind"] == "open") == (status is Status.ERROR)
        assert ("suppressions" in result) == (status is Status.WAIVED)
        if status is Status.ERROR:
            assert result["level"] == "none"
    unassessed = [host for host in run.hosts if not host.assessed]
    notifications = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert len(notifications) == len(unassessed) >= 1
    assert sarif_run["invocations"][0]["executionSuccessful"] is False


def test_severity_sets_the_level_and_identity_is_stable_across_runs() -> None:
    first = _sarif(sample_run())["runs"][0]["results"]
    second = _sarif(sample_run())["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in second]
    fail = next(r for r in first if r["properties"]["status"] == "fail")
    assert fail["partialFingerprints"][FINGERPRINT] == finding_fingerprint(
        fail["properties"]["client"], fail["properties"]["host"], fail["ruleId"]
    )
    levels = {r["level"] for r in first if r["kind"] == "fail"}
    assert levels <= {"error", "warning", "note"} and "error" in levels


@pytest.mark.parametrize("name", [f"web {XSS}", "h\x1b[31mred", "ws/..%2f?#x"])
def test_hostile_host_text_stays_data(name: str) -> None:
    run = sample_run()
    run.hosts[0].name = name
    run.hosts[0].results[0].message = f"{XSS} \x00\x07 ]]>"
    text = render_sarif(build_view(run))
    document = json.loads(text)
    _validate(document)
    assert "\x1b" not in text and "\x00" not in text
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]]
    assert all(uri.count("/") == 2 and " " not in uri and "#" not in uri for uri in uris)

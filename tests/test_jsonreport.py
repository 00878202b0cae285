"""The JSON report and its schema (reports/report.schema.json) agree, and the schema has teeth."""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any, get_args

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no types-jsonschema in dev deps

from auditor.checklib.updates import UpdateManager
from auditor.core.models import Category, Severity, Status
from auditor.report.data import build_view
from auditor.report.jsonreport import SCHEMA_ID, SCHEMA_VERSION, render_json, report_document
from tests.fixtures_runs import XSS, sample_run


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((files("auditor_reports") / "report.schema.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _document(*, complete: bool = True) -> dict[str, Any]:
    # through JSON, as a consumer sees it
    loaded: dict[str, Any] = json.loads(render_json(build_view(sample_run(complete=complete))))
    return loaded


def _errors(validator: Draft202012Validator, document: dict[str, Any]) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


def test_schema_identity(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION == "1.2"


def test_schema_enums_match_the_code(schema: dict[str, Any]) -> None:
    defs = schema["$defs"]
    assert defs["status"]["enum"] == [s.value for s in Status]
    assert defs["severity"]["enum"] == [s.value for s in Severity]
    assert defs["category"]["enum"] == [c.value for c in Category]
    assert set(defs["score"]["properties"]["by_category"]["properties"]) == {c.value for c in Category}
    assert defs["pending_update"]["properties"]["manager"]["enum"] == list(get_args(UpdateManager))


@pytest.mark.parametrize("complete", [True, False])
def test_document_validates(validator: Draft202012Validator, complete: bool) -> None:
    document = _document(complete=complete)
    assert _errors(validator, document) == []
    assert document["schema_version"] == "1.2"
    assert document["$schema"] == SCHEMA_ID
    assert (document["run"]["finished_at"] is None) is not complete


def test_document_content() -> None:
    document = _document()
    hosts = {host["name"]: host for host in document["hosts"]}
    assert len(hosts) == 4
    mail = hosts["mail01.globex.example"]
    assert mail["assessed"] is False
    assert mail["error_kind"] == "unreachable"
    assert mail["score"]["score"] is None
    assert mail["score"]["coverage"] == 0.0
    web = hosts["web01.acme.example"]
    statuses = {result["status"] for host in document["hosts"] for result in host["results"]}
    assert statuses == {s.value for s in Status}
    waived = [r for r in web["results"] if r["status"] == "waived"]
    assert waived[0]["waiver"]["approved_by"] == "j.smith@acme.example"
    stdout = [e["stdout"] for e in web["evidence"]]
    assert any(XSS in text for text in stdout)  # JSON keeps raw output; escaping is the HTML's job
    probes = {e["probe"] for e in web["evidence"]}
    assert all(name in probes for r in web["results"] for name in r["evidence"])  # results point at evidence
    assert set(document["scores"]["clients"]) == {"acme", "globex"}


def test_report_document_validates_without_json_round_trip(validator: Draft202012Validator) -> None:
    assert _errors(validator, report_document(build_view(sample_run()))) == []


@pytest.mark.parametrize("manager", get_args(UpdateManager))
def test_every_update_manager_validates(validator: Draft202012Validator, manager: str) -> None:
    """A Windows host's pending updates (wua) are as valid in the JSON report as a Linux host's."""
    run = sample_run()
    host = next(h for h in run.hosts if h.pending_updates)
    pending = [u.model_copy(update={"manager": manager}) for u in host.pending_updates]
    hosts = [h.model_copy(update={"pending_updates": pending}) if h is host else h for h in run.hosts]
    document = report_document(build_view(run.model_copy(update={"hosts": hosts})))
    assert _errors(validator, document) == []


def _mutations() -> list[tuple[str, Any]]:
    def bad_status(doc: dict[str, Any]) -> None:
        doc["hosts"][0]["results"][0]["status"] = "broken"

    def no_run_id(doc: dict[str, Any]) -> None:
        del doc["run"]["id"]

    def bad_severity(doc: dict[str, Any]) -> None:
        doc["checks"][0]["severity"] = "urgent"

    def bad_category(doc: dict[str, Any]) -> None:
        doc["hosts"][1]["results"][0]["category"] = "misc"

    def extra_run_field(doc: dict[str, Any]) -> None:
        doc["run"]["surprise"] = 1

    def extra_result_field(doc: dict[str, Any]) -> None:
        doc["hosts"][0]["results"][0]["extra"] = True

    def wrong_version(doc: dict[str, Any]) -> None:
        doc["schema_version"] = "2.0"

    def null_operator(doc: dict[str, Any]) -> None:
        doc["run"]["operator"] = None

    def missing_counts_status(doc: dict[str, Any]) -> None:
        del doc["scores"]["fleet"]["counts"]["error"]

    def bad_grade(doc: dict[str, Any]) -> None:
        doc["scores"]["fleet"]["grade"] = "A+"

    def evidence_without_stdout(doc: dict[str, Any]) -> None:
        for host in doc["hosts"]:
            for evidence in host["evidence"]:
                del evidence["stdout"]

    def bad_weight_key(doc: dict[str, Any]) -> None:
        doc["scoring"]["weights"]["severe"] = 2.0

    return [
        (f.__name__, f)
        for f in (
            bad_status,
            no_run_id,
            bad_severity,
            bad_category,
            extra_run_field,
            extra_result_field,
            wrong_version,
            null_operator,
            missing_counts_status,
            bad_grade,
            evidence_without_stdout,
            bad_weight_key,
        )
    ]


@pytest.mark.parametrize(("name", "mutate"), _mutations())
def test_mutated_document_fails(validator: Draft202012Validator, name: str, mutate: Any) -> None:
    document = copy.deepcopy(_document())
    mutate(document)
    assert _errors(validator, document), name

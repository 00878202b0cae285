"""JUnit XML for CI dashboards: a testsuite per host, a testcase per check.

fail -> <failure>, error -> <error>, not_applicable and waived -> <skipped message=...>; a host
that could not be assessed is one testcase with an <error> holding the reason. Built with
ElementTree (which escapes markup); characters that XML 1.0 cannot carry at all (most control
characters, which hostile host output may contain) are dropped first, so the file always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from auditor.core.models import Status
from auditor.report.data import HostView, ReportView

# Outside XML 1.0's Char production: C0 controls but tab/LF/CR, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _element(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {key: xml_text(value) for key, value in attrs.items()})
    if text:
        node.text = xml_text(text)
    return node


def _suite(root: ET.Element, host_view: HostView, run_id: str) -> dict[str, int]:
    host = host_view.host
    suite = _element(
        root,
        "testsuite",
        name=f"{host.client}/{host.name}",
        hostname=host.name,
        timestamp=host.started_at.isoformat(),
        time=f"{host.duration_seconds:.3f}",
    )
    properties = _element(suite, "properties")
    for name, value in (
        ("run_id", run_id),
        ("client", host.client),
        ("address", f"{host.address}:{host.port}"),
        ("os", host.os_pretty or host.os_id or "unknown"),
    ):
        _element(properties, "property", name=name, value=value)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    classname = f"auditor.{host.client}.{host.name}"
    if not host.assessed:
        case = _element(suite, "testcase", classname=classname, name="host could be assessed", time="0")
        reason = f"{host.error_kind or 'unknown'}: {host.error or 'no reason recorded'}"
        _element(case, "error", reason, message=reason, type=host.error_kind or "unknown")
        counts.update(tests=1, errors=1)
    for finding in host_view.findings:
        result = finding.result
        case = _element(suite, "testcase", classname=classname, name=f"{result.check_id}: {result.title}", time="0")
        counts["tests"] += 1
        body = "\n".join([result.message, *result.details])
        if result.status is Status.FAIL:
            _element(case, "failure", body, message=result.message, type=result.severity.value)
            counts["failures"] += 1
        elif result.status is Status.ERROR:
            _element(case, "error", body, message=result.message, type="could-not-assess")
            counts["errors"] += 1
        elif result.status is Status.WAIVED:
            waiver = result.waiver
            why = (
                f"waived: {waiver.justification} (approved by {waiver.approved_by}, expires {waiver.expires})"
                if waiver
                else f"waived: {result.message}"
            )
            _element(case, "skipped", message=why)
            counts["skipped"] += 1
        elif result.status is Status.NOT_APPLICABLE:
            _element(case, "skipped", message=f"not applicable: {result.message}")
            counts["skipped"] += 1
    for key, count in counts.items():
        suite.set(key, str(count))
    return counts


def render_junit(view: ReportView) -> str:
    info = view.run.info
    root = ET.Element("testsuites", {"name": xml_text(f"auditor run {info.id}")})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for host_view in view.hosts:
        for key, value in _suite(root, host_view, info.id).items():
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

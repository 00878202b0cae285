"""`auditor report --format X` renders every format from a stored run (offline)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from auditor.report.render import FORMATS
from tests.fixtures_runs import store_sample_run

RUN_ID = "20240506T090000Z-7f3a"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "auditor.db"
    store_sample_run(path)
    return path


def _report(db: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "auditor", "report", "--db", str(db), "--run", RUN_ID, *args],
        capture_output=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in ("pdf", "onboarding", "onboarding-pdf")])
def test_report_renders_each_text_format_to_stdout(db: Path, fmt: str) -> None:
    done = _report(db, "--format", fmt)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    if fmt == "json":
        assert json.loads(text)["run"]["id"] == RUN_ID
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) == 1 + 18 + 1
    elif fmt == "junit":
        assert ET.fromstring(text).get("tests") == "19"
    elif fmt == "markdown":
        assert text.startswith(f"## Compliance summary: run {RUN_ID}")
    elif fmt == "sarif":
        assert json.loads(text)["runs"][0]["automationDetails"]["id"] == f"auditor/{RUN_ID}"
    else:
        assert text.lstrip().startswith("<!DOCTYPE html>")


def test_report_for_one_client(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "globex.html"
    done = _report(db, "--format", "onboarding", "--client", "globex", "-o", str(out))
    assert done.returncode == 0, done.stderr
    html = out.read_text()
    assert "assessment: globex" in html and "acme" not in html
    merged = _report(db, "--format", "onboarding")
    assert merged.returncode == 2
    assert "writes one client per file: give --client NAME, or -o FOLDER" in merged.stderr.decode()
    folder = tmp_path / "onboarding"
    folder.mkdir()
    each = _report(db, "--format", "onboarding", "-o", str(folder))
    assert each.returncode == 0, each.stderr
    files = sorted(path.name for path in folder.iterdir())
    assert files == [f"auditor-{RUN_ID}-acme.onboarding.html", f"auditor-{RUN_ID}-globex.onboarding.html"]
    acme = (folder / files[0]).read_text()
    assert "assessment: acme" in acme and "globex" not in acme
    bad = _report(db, "--format", "onboarding", "--client", "initech")
    assert bad.returncode == 2
    assert bad.stderr.decode().strip() == f"auditor: error: no client 'initech' in run {RUN_ID}; clients: acme, globex"


def test_unknown_format_lists_the_formats(db: Path) -> None:
    done = _report(db, "--format", "xlsx")
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "auditor: error: unknown report format 'xlsx'; choose from html, json, csv, junit, markdown, sarif, "
        "onboarding, onboarding-pdf, pdf"
    )


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.browser
def test_pdf_from_a_stored_run(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    done = _report(db, "--format", "pdf", "-o", str(out))
    assert done.returncode == 0, done.stderr
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    pages = _page_count(pdf)
    assert 4 <= pages <= 40, pages
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", pdf, re.S)]
    assert max(counts) == pages


def test_pdf_without_chromium_is_a_one_line_error(db: Path, tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "report", "--db", str(db), "--format", "pdf", "-o", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "auditor: error: PDF output needs Chromium: install it (apt-get install chromium) or choose another --format"
    )
    assert not (tmp_path / "x.pdf").exists()

"""The onboarding assessment of the lab run: one client per file, honest coverage, counts that agree,
PDFs in English and French with page numbers and no other client's systems (text read back with pypdf).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from tests.lab.conftest import Audit, run_auditor

pytestmark = pytest.mark.lab

LAB_CLIENTS = {"acme": ("hardened", "neglected"), "globex": ("partial", "unreachable", "wrongkey")}
pypdf = pytest.importorskip("pypdf", reason="pip install auditor[dev] (pypdf)")


# A verdict says "1 of 2 parameter(s) not hardened": the word, not the lab host named "hardened".
VERDICT_WORDS = re.compile(r"parameter\(s\)\s+(?:not\s+)?hardened")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\w.-]+", VERDICT_WORDS.sub(" ", text)))


def _body_text(html: str) -> str:
    body = html[html.index("<body>") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _others(client: str) -> list[str]:
    return [host for other, hosts in LAB_CLIENTS.items() if other != client for host in hosts]


@pytest.fixture(scope="module")
def per_client(lab_audit: Audit, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """`auditor report --format onboarding -o FOLDER`: every client's file, read back."""
    folder = tmp_path_factory.mktemp("onboarding")
    done = run_auditor("report", "--db", str(lab_audit.db), "--format", "onboarding", "-o", str(folder))
    assert done.returncode == 0, done.stderr
    files = sorted(folder.iterdir())
    assert [path.name.rsplit("-", 1)[-1] for path in files] == ["acme.onboarding.html", "globex.onboarding.html"]
    return {path.name.rsplit("-", 1)[-1].split(".")[0]: path.read_text(encoding="utf-8") for path in files}


def test_one_client_per_file(per_client: dict[str, str]) -> None:
    for client, html in per_client.items():
        words = _words(_body_text(html))
        assert client in words
        for host in _others(client):
            assert host not in words, (client, host)
        for host in LAB_CLIENTS[client]:
            assert host in words, (client, host)


def test_an_area_with_a_system_not_checked_is_not_no_issue_found(per_client: dict[str, str]) -> None:
    """globex: partial is checked without root, unreachable and wrongkey not at all."""
    html = per_client["globex"]
    states = dict(re.findall(r'id="area-(\w+)" data-state="(\w+)"', html))
    assert set(states) == {"patching", "backup", "access", "exposure", "detection"}
    assert "ok" not in states.values(), states
    assert states["access"] != "ok"
    text = _body_text(html)
    assert "unreachable as a whole: we could not reach it over the network" in text
    assert "wrongkey as a whole: its identity did not match what we expected" in text
    assert "No issue found" not in text.replace("“No issue found”", "").replace("No issue found so far", "")


def test_counts_agree(per_client: dict[str, str], lab_audit: Audit) -> None:
    for client, html in per_client.items():
        hosts = [h for h in lab_audit.document["hosts"] if h["client"] == client]
        checked = sum(1 for h in hosts if h["assessed"])
        text = _body_text(html)
        counts = re.search(r"(\d+) systems? in this assessment: (\d+) checked(?:, (\d+) could not be checked)?\.", text)
        assert counts is not None, client
        assert (int(counts[1]), int(counts[2]), int(counts[3] or 0)) == (len(hosts), checked, len(hosts) - checked)
        for failing, total in re.findall(r"(\d+) of (\d+) systems", text):
            assert int(total) == len(hosts) and int(failing) <= checked
        assert f"every system of this client ({len(hosts)} systems)" in text
    globex = _body_text(per_client["globex"])
    assert "3 systems in this assessment: 1 checked, 2 could not be checked." in globex


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("client", list(LAB_CLIENTS))
def test_pdf_per_client_and_language(lab_audit: Audit, tmp_path: Path, client: str, language: str) -> None:
    out = tmp_path / f"{client}-{language}.pdf"
    done = run_auditor(
        "report",
        "--db",
        str(lab_audit.db),
        "--format",
        "onboarding-pdf",
        "--client",
        client,
        "--lang",
        language,
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    pages = len(reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    print(f"{client} {language}: {pages} pages")  # the figure the closing note reports
    assert 1 < pages <= 14  # the lab: 10 to 12 pages
    assert f"Page 1 / {pages}" in text and f"Page {pages} / {pages}" in text
    words = _words(text)
    for host in _others(client):
        assert host not in words, (client, host)
    if language == "fr":
        assert "Évaluation de sécurité et de résilience" in text
        assert "Ce qui est exposé" in text and "What is at risk" not in text
        assert "systèmes" in text
    else:
        assert "Security and resilience assessment" in text

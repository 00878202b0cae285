"""Vulnerability feeds end to end over real SSH: `auditor feeds import` of the KEV, EPSS and Debian
tracker excerpts, then `auditor run` on the neglected host, whose genuine pending Debian security
updates (from the Debian mirror) must come back with their CVEs, the KEV-listed one flagged with
CISA's due date and its deadline set by it, EPSS shown, in the stored run, the JSON and the HTML.

CISA has listed none of the CVEs these updates fix, so the test adds one KEV entry (and one EPSS
row) for a CVE of the host's pending openssl update to copies of the real excerpts
(tests/feeds/excerpts/SOURCE.md). The excerpts' KEV catalog is older than 7 days: the run warns.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no types-jsonschema in dev deps

from auditor.store.database import Store
from auditor.store.engine import to_url
from tests.feeds.conftest import EPSS, KEV, TRACKER
from tests.lab.conftest import INVENTORY, run_auditor

pytestmark = pytest.mark.lab

EXPLOITED = "CVE-2026-84782"  # fixed by openssl 3.0.22-1~deb12u2 (the candidate's changelog names it)
CISA_DUE = "2026-12-09"


def _feeds(tmp_path: Path) -> tuple[Path, Path]:
    kev = json.loads(KEV.read_text())
    kev["vulnerabilities"].append(
        {
            "cveID": EXPLOITED,
            "vendorProject": "OpenSSL",
            "product": "OpenSSL",
            "vulnerabilityName": "OpenSSL DTLS Retransmission Heap Memory Disclosure",
            "dateAdded": "2026-11-25",
            "dueDate": CISA_DUE,
            "knownRansomwareCampaignUse": "Unknown",
        }
    )
    kev_file = tmp_path / "kev.json"
    kev_file.write_text(json.dumps(kev))
    epss_file = tmp_path / "epss.csv.gz"
    epss_file.write_bytes(gzip.compress(gzip.decompress(EPSS.read_bytes()) + f"{EXPLOITED},0.41215,0.97533\n".encode()))
    return kev_file, epss_file


def test_neglected_host_updates_carry_cves_kev_and_epss(lab: Path, tmp_path: Path) -> None:
    index = tmp_path / "feeds.sqlite"
    kev_file, epss_file = _feeds(tmp_path)
    imported = run_auditor("feeds", "import", str(kev_file), str(epss_file), str(TRACKER), "--feeds", str(index))
    assert imported.returncode == 0, imported.stderr
    assert [line.split(":", 1)[0] for line in imported.stdout.splitlines()] == ["kev", "epss", "debian"]
    status = run_auditor("feeds", "status", "--json", "--feeds", str(index))
    assert {f["name"]: f["stale"] for f in json.loads(status.stdout)["feeds"]}["kev"] is True

    out = tmp_path / "out"
    done = run_auditor(
        "run", "-i", str(INVENTORY), "--limit", "neglected", "--known-hosts", str(lab / "known_hosts"),
        "--db", str(out / "auditor.db"), "--output-dir", str(out), "--format", "html,json", "--feeds", str(index),
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    assert "warning: feed kev is" in done.stderr and "run `auditor feeds update`" in done.stderr
    (report,) = out.glob("*.json")
    document = json.loads(report.read_text())
    schema = json.loads((Path(__file__).parents[2] / "reports" / "report.schema.json").read_text())
    assert sorted(e.message for e in Draft202012Validator(schema).iter_errors(document)) == []
    assert {f["name"] for f in document["run"]["feeds"]} == {"kev", "epss", "debian"}
    assert any(w.startswith("feed kev is") for w in document["run"]["feed_warnings"])
    (host,) = document["hosts"]
    pending = host["pending_updates"]
    openssl = [u for u in pending if u["source"] == "openssl"]
    assert openssl, "the neglected host has no pending openssl update (the mirror moved): see LAB.md"
    with_cves = [u for u in pending if u["cves"]]
    assert {u["source"] for u in with_cves} >= {"openssl", "perl"}  # what the host has pending from the tracker
    for update in openssl:
        assert EXPLOITED in update["cves"] and len(update["cves"]) >= 6
        assert update["kev"] == {
            "cve": EXPLOITED,
            "date_added": "2026-11-25",
            "due_date": CISA_DUE,
            "known_ransomware": False,
        }
        assert update["epss"] == {"cve": EXPLOITED, "score": 0.41215, "percentile": 0.97533}
        assert update["urgency"] == "high"
        assert update["sla_reason"].startswith("CISA KEV") and update["due"] <= CISA_DUE
    assert all(u["kev"] is None for u in pending if u["source"] != "openssl")
    tzdata = next(u for u in pending if u["package"] == "tzdata")
    assert tzdata["cves"] == [] and tzdata["kev"] is None  # a data update fixes no CVE

    stored = Store(to_url(str(out / "auditor.db"))).load_run(document["run"]["id"])
    assert [f.name for f in stored.info.feeds] == [f["name"] for f in document["run"]["feeds"]]
    assert {u.key for u in stored.hosts[0].pending_updates if u.kev} == {
        f"{u['manager']}:{u['package']}:{u['candidate']}" for u in openssl
    }

    (html_file,) = out.glob("*.html")
    html = html_file.read_text()
    assert "exploited in the wild (CISA KEV)" in html and f"CISA KEV {EXPLOITED}" in html
    assert f"CISA due {CISA_DUE}" in html and "41.2%" in html
    assert "CVE-2026-7017" in html  # a perl CVE from the tracker excerpt

"""Feeds at fleet scale: importing a Debian-tracker-sized file (time, peak RSS) and enriching 1,000 hosts.

    .venv/bin/python bench/feeds_bench.py                    # generate same-shape files in a temp dir
    .venv/bin/python bench/feeds_bench.py --tracker FILE     # import a real tracker JSON instead

The public tracker JSON cannot be downloaded on every machine, so by default a file of the same
shape and size is generated: {source: {CVE: {description, scope, debianbug, releases: {codename:
{status, repositories, fixed_version, urgency}}}}} over four releases, with the real file's skew
(one source package, linux, holding a large share of all CVEs). Each import runs in a child process
so that its peak RSS (ru_maxrss) is its own. Enrichment builds 1,000 Debian 12 hosts with 30 pending
updates each (drawn from 400 source packages at four installed and two candidate versions each, as a
fleet shares its packages), matches them against
the index holding that tracker, a 300,000-row EPSS file and a 1,500-entry KEV catalog, and times it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

RELEASES = ("bullseye", "bookworm", "trixie", "sid")
DESCRIPTION = (
    "A crafted input can cause a heap-based buffer overflow leading to denial of service or possibly code "
    "execution in the parser."
)
# hosts of a fleet are at a few different versions of each package (patched at different times)
INSTALLED = ("1.0-1", "2.3-1+deb12u1", "4.1-2+deb12u2", "6.9-1+deb12u1")
CANDIDATES = ("9.16-3+deb12u5", "8.2-1+deb12u3")
URGENCIES = ("low", "medium", "high", "not yet assigned", "unimportant")


def write_tracker(path: Path, *, packages: int, linux_cves: int, seed: int = 7) -> int:
    """Stream a tracker-shaped JSON to `path`; returns the number of CVE entries."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    entries = 0
    with path.open("w") as out:
        out.write("{")
        for index in range(packages):
            name = "linux" if index == 0 else f"pkg{index:05d}"
            count = linux_cves if index == 0 else min(400, int(rng.paretovariate(1.2) * 3))
            issues = {}
            for n in range(count):
                cve = f"CVE-{2005 + n % 21}-{index * 1000 + n + 10000}"
                releases = {}
                for release, suffix in zip(RELEASES, ("deb11u", "deb12u", "deb13u", ""), strict=True):
                    resolved = rng.random() < 0.8
                    fixed = (
                        f"{1 + n % 9}.{n % 17}-{1 + n % 3}+{suffix}{1 + n % 5}"
                        if suffix
                        else f"{1 + n % 9}.{n % 17}-{2 + n % 3}"
                    )
                    releases[release] = {
                        "status": "resolved" if resolved else "open",
                        "repositories": {release: fixed},
                        **({"fixed_version": fixed} if resolved else {}),
                        "urgency": rng.choice(URGENCIES),
                    }
                issues[cve] = {
                    "description": DESCRIPTION,
                    "scope": "remote",
                    "debianbug": 1000000 + n,
                    "releases": releases,
                }
                entries += 1
            out.write(("," if index else "") + json.dumps(name) + ":" + json.dumps(issues))
        out.write("}")
    return entries


def write_epss(path: Path, rows: int) -> None:
    with gzip.open(path, "wt") as out:
        out.write("#model_version:v2025.03.14,score_date:2026-12-05T12:55:00Z\ncve,epss,percentile\n")
        for n in range(rows):
            out.write(f"CVE-{2005 + n % 21}-{n + 10000},{(n % 997) / 1000:.5f},{(n % 991) / 1000:.5f}\n")


def write_kev(path: Path, entries: int) -> None:
    vulns = [
        {
            "cveID": f"CVE-{2005 + n % 21}-{n * 37 + 10000}",
            "dateAdded": "2024-01-01",
            "dueDate": "2024-01-22",
            "knownRansomwareCampaignUse": "Unknown",
        }
        for n in range(entries)
    ]
    path.write_text(
        json.dumps({"catalogVersion": "2026.12.05", "dateReleased": "2026-12-05T00:00:00Z", "vulnerabilities": vulns})
    )


def import_in_child(path: Path, index: Path) -> tuple[float, float]:
    """(seconds, peak RSS MiB) of `auditor feeds import` of one file, in its own process."""
    code = (
        "import resource, sys, time\n"
        "from datetime import UTC, datetime\n"
        "from pathlib import Path\n"
        "from auditor.feeds.importer import import_file\n"
        "start = time.perf_counter()\n"
        "import_file(Path(sys.argv[1]), Path(sys.argv[2]), now=datetime.now(UTC))\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(index)], capture_output=True, text=True, check=True
    )
    seconds, rss = done.stdout.split()
    return float(seconds), float(rss)


def enrichment(index: Path, *, hosts: int, per_host: int, pool: int) -> tuple[float, int, int]:
    from auditor.checklib.checkdef import Facts
    from auditor.feeds.match import FeedLookup
    from auditor.probes.apt_upgradable import AptUpgradable, Upgrade
    from auditor.probes.os_release import OsRelease

    rng = random.Random(3)  # noqa: S311 (test data, not secrets)
    os_release = OsRelease(id="debian", version_id="12", version_codename="bookworm", family="debian")
    packages = [f"pkg{index:05d}" for index in range(1, pool + 1)]
    fleet = []
    for _ in range(hosts):
        upgrades = tuple(
            Upgrade(
                package=f"lib{name}",
                source=name,
                current=rng.choice(INSTALLED),
                candidate=rng.choice(CANDIDATES),
                security=True,
            )
            for name in rng.sample(packages, per_host)
        )
        values = {"apt_upgradable": AptUpgradable(installed=True, upgrades=upgrades), "os_release": os_release}
        fleet.append(Facts(values=values, errors={}, now=datetime(2026, 12, 6, tzinfo=UTC)))
    start = time.perf_counter()
    lookup = FeedLookup(index)
    matched = cves = 0
    for facts in fleet:
        found = lookup.host_intel(facts)
        matched += len(found)
        cves += sum(len(i.cves) for i in found.values())
    lookup.close()
    return time.perf_counter() - start, matched, cves


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tracker", type=Path, help="a real tracker JSON to import instead of a generated one")
    parser.add_argument("--packages", type=int, default=9000)
    parser.add_argument("--linux-cves", type=int, default=12000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        index = work / "feeds.sqlite"
        tracker = args.tracker
        if tracker is None:
            tracker = work / "tracker.json"
            start = time.perf_counter()
            entries = write_tracker(tracker, packages=args.packages, linux_cves=args.linux_cves)
            size = tracker.stat().st_size / 2**20
            print(f"generated tracker: {entries:,} CVE entries, {size:.1f} MiB in {time.perf_counter() - start:.1f} s")
        write_epss(work / "epss.csv.gz", 300_000)
        write_kev(work / "kev.json", 1_500)
        for name in ("kev.json", "epss.csv.gz"):
            seconds, rss = import_in_child(work / name, index)
            print(f"import {name}: {seconds:.2f} s, peak RSS {rss:.0f} MiB")
        seconds, rss = import_in_child(tracker, index)
        print(f"import tracker ({tracker.stat().st_size / 2**20:.1f} MiB): {seconds:.2f} s, peak RSS {rss:.0f} MiB")
        print(f"index: {index.stat().st_size / 2**20:.1f} MiB")
        seconds, matched, cves = enrichment(index, hosts=1000, per_host=30, pool=400)
        print(
            f"enrichment: 1,000 hosts x 30 pending updates in {seconds:.2f} s "
            f"({matched:,} updates matched, {cves:,} CVEs)"
        )
        print(f"bench process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()

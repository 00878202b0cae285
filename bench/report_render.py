"""Benchmark: render a synthetic 1,000 hosts x 100 checks run and open it in a browser.

Not a unit test; run it by hand (bench/README.md):

    .venv/bin/python bench/report_render.py                       # clones the hand-built sample run
    .venv/bin/python bench/report_render.py --db /tmp/lab.db      # clones a stored (lab) run: real evidence

The run is built by cloning real results: each synthetic host copies one assessed template host
(its evidence, OS and results) and every template check is cloned into several check ids that rest
on the same probes, as families of real checks do, so the mix of pass/fail/error and the evidence
per host stay realistic. About 2% of the hosts could not be reached. Prints render time and size of
the HTML and JSON reports, and (with Playwright and Chromium) the time to the load event and the
time to apply a findings filter.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from auditor.core.runmodel import CheckInfo, HostReport, Run  # noqa: E402
from auditor.report.data import build_view  # noqa: E402
from auditor.report.jsonreport import render_json  # noqa: E402
from auditor.report.render import render_html  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking"]


def template_run(db: str | None, run_id: str) -> Run:
    if db is None:
        from tests.fixtures_runs import sample_run

        return sample_run()
    from auditor.store.database import Store
    from auditor.store.engine import to_url

    store = Store(to_url(db))
    return store.load_run(store.resolve(run_id))


def synthetic_run(template: Run, *, hosts: int, checks: int, clients: int) -> Run:
    base_checks = list(template.info.checks)
    copies = -(-checks // len(base_checks))  # ceiling
    cloned: list[CheckInfo] = []
    origin: dict[str, str] = {}
    for n in range(copies):
        for check in base_checks:
            if len(cloned) == checks:
                break
            new_id = check.id if n == 0 else f"{check.id}-x{n}"
            cloned.append(check.model_copy(update={"id": new_id}))
            origin[new_id] = check.id
    assessed = [h for h in template.hosts if h.assessed and h.results]
    unreachable = next((h for h in template.hosts if not h.assessed), None)
    made: list[HostReport] = []
    for index in range(hosts):
        client = f"client{index % clients:02d}"
        name = f"srv{index:04d}.{client}.example"
        start = template.info.started_at + timedelta(seconds=index % 60)
        if unreachable is not None and index % 50 == 49:
            made.append(
                unreachable.model_copy(
                    update={"name": name, "client": client, "address": f"10.{index // 250}.{index % 250}.9"}
                )
            )
            continue
        source = assessed[index % len(assessed)]
        by_id = {result.check_id: result for result in source.results}
        results = [
            by_id[origin[check.id]].model_copy(update={"check_id": check.id})
            for check in cloned
            if origin[check.id] in by_id
        ]
        made.append(
            source.model_copy(
                update={
                    "name": name,
                    "client": client,
                    "address": f"10.{index // 250}.{index % 250}.10",
                    "results": results,
                    "started_at": start,
                    "finished_at": start + timedelta(seconds=4),
                }
            )
        )
    info = template.info.model_copy(update={"id": "bench-1000x100", "checks": cloned})
    return Run(info=info, hosts=made)


def browser_timings(page_path: Path) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        began = time.perf_counter()
        page.goto(page_path.as_uri(), wait_until="load", timeout=300_000)
        loaded = time.perf_counter() - began
        navigation = page.evaluate(
            "() => { const n = performance.getEntriesByType('navigation')[0];"
            " return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd}; }"
        )
        rows = page.locator("#findings-table tbody tr").count()
        timings = {"load_wall_s": loaded, "dcl_ms": navigation["dcl"], "load_ms": navigation["load"], "rows": rows}
        for label, column, value in (("filter_severity", 0, "critical"), ("filter_status", 1, "error")):
            measured = page.evaluate(
                """async ([column, value]) => {
                  const select = document.querySelector(`#filters select[data-col='${column}']`);
                  const t0 = performance.now();
                  select.value = value;
                  select.dispatchEvent(new Event('change', {bubbles: true}));
                  document.body.offsetHeight;  // force the layout the change causes
                  const t1 = performance.now();
                  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));  // next frame
                  const t2 = performance.now();
                  return {ms: t1 - t0, frame: t2 - t0, shown: Number(document.getElementById('shown').textContent)};
                }""",
                [column, value],
            )
            timings[f"{label}_ms"] = measured["ms"]
            timings[f"{label}_frame_ms"] = measured["frame"]
            timings[f"{label}_rows"] = measured["shown"]
            page.select_option(f"#filters select[data-col='{column}']", "")
        browser.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store to take the template run from [default: the built-in sample run]")
    parser.add_argument("--run", default="latest", help="run id in --db [default: latest]")
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--checks", type=int, default=100)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None, help="keep the reports here [default: a temp dir]")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    run = synthetic_run(template_run(args.db, args.run), hosts=args.hosts, checks=args.checks, clients=args.clients)
    results = sum(len(h.results) for h in run.hosts)
    began = time.perf_counter()
    view = build_view(run)
    built = time.perf_counter() - began
    began = time.perf_counter()
    html = render_html(view, generated_at=datetime.now(UTC))
    html_s = time.perf_counter() - began
    began = time.perf_counter()
    document = render_json(view)
    json_s = time.perf_counter() - began
    out = args.out or Path(tempfile.mkdtemp(prefix="auditor-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / "bench.html"
    html_path.write_text(html, encoding="utf-8")
    (out / "bench.json").write_text(document, encoding="utf-8")
    html_bytes = html.encode("utf-8")
    json_bytes = document.encode("utf-8")
    mb = 1024 * 1024
    print(f"run: {len(run.hosts)} hosts x {len(run.info.checks)} checks = {results} results in {args.clients} clients")
    print(f"view (scores): {built:.2f} s")
    print(
        f"HTML: {html_s:.2f} s, {len(html_bytes) / mb:.1f} MiB "
        f"({len(gzip.compress(html_bytes, 6)) / mb:.1f} MiB gzipped) -> {html_path}"
    )
    print(
        f"JSON: {json_s:.2f} s, {len(json_bytes) / mb:.1f} MiB "
        f"({len(gzip.compress(json_bytes, 6)) / mb:.1f} MiB gzipped)"
    )
    if not args.no_browser:
        t = browser_timings(html_path)
        print(
            f"browser: load event after {t['load_wall_s']:.2f} s (DOMContentLoaded {t['dcl_ms'] / 1000:.2f} s,"
            f" load {t['load_ms'] / 1000:.2f} s); findings table {t['rows']:.0f} rows"
        )
        for label in ("filter_severity", "filter_status"):
            print(
                f"browser: {label.replace('_', ' ')}: {t[label + '_ms']:.0f} ms to filter and lay out,"
                f" {t[label + '_frame_ms']:.0f} ms to the next frame; {t[label + '_rows']:.0f} rows shown"
            )


if __name__ == "__main__":
    main()

"""Distributed mode: Celery workers at client sites audit hosts pulled from per-site queues.

`auditor run --distributed` (auditor.run.distributed.controller) creates the run in a shared store,
sends one task per host to the queue of the host's site and waits for every host's report;
`auditor worker` (auditor.run.distributed.worker) consumes the queues of the sites it can reach,
audits each host through the same pipeline as a local run, and writes the report to the shared
store. Celery and its Redis broker are an optional extra: `pip install 'auditor[distributed]'`.
"""

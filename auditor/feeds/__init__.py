"""Vulnerability feeds held by the controller (never fetched by hosts): CISA KEV, FIRST EPSS, the
Debian security tracker and Ubuntu's OSV records, indexed on disk and matched to pending updates."""

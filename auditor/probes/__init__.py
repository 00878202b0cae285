"""Probes: the facts auditor can collect from a host (see base.Probe)."""

"""auditor: agentless patch and security compliance auditor for MSPs."""

__version__ = "0.1.0"

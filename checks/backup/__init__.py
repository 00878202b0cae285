"""Backup checks (one module per check; listed in checks/__init__.py)."""

"""Kept so custom checks written against `auditor.checkdef` keep working.

New code imports `auditor.checklib.checkdef`.
"""

from auditor.checklib.checkdef import *  # noqa: F403

"""Kept so custom checks written against `auditor.checkkit` keep working.

New code imports `auditor.checklib.checkkit`.
"""

from auditor.checklib.checkkit import *  # noqa: F403

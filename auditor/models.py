"""Kept so custom checks written against `auditor.models` keep working.

New code imports `auditor.core.models`.
"""

from auditor.core.models import *  # noqa: F403

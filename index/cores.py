"""How many processes to use by default: the cores this process may run on (embedding
and ingest's parsing both start one worker per core)."""

from __future__ import annotations

import os


def default_workers() -> int:
    """The cores this process may run on (its CPU affinity where the OS has one), at least 1."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1

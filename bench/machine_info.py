"""What machine a benchmark ran on, for its printed report."""

from __future__ import annotations

import os
import platform


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            return next((ln.split(":", 1)[1].strip() for ln in f
                         if ln.startswith("model name")), "") or platform.processor()
    except OSError:
        return platform.processor()


def usable_cpus() -> int | str:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"

"""What the figures were measured on, printed with them so they can be compared."""
from __future__ import annotations

import os
import platform
import sys


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_total_mb() -> int | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def describe() -> dict:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu_model": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_mb": _memory_total_mb(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "executable": sys.executable,
    }


def load_average() -> float | None:
    """The one-minute load average: above the core count, other work shared the CPUs."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def one_line(info: dict) -> str:
    return (f"{info['cpu_model']}, {info['cores']} cores ({info['usable_cores']} usable), "
            f"{info['memory_mb']} MB, Python {info['python']} on {info['platform']}")

"""One measured figure, and the timers the benchmarks share."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str
    ok: bool

    def line(self) -> str:
        shown = f"{self.value:.2f}" if self.value < 100 else f"{self.value:.0f}"
        return f"{self.name}: {shown} {self.unit} (target {self.target}) " + (
            "ok" if self.ok else "MISS")


def median_of(fn: Callable[[], float], repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def cpu_ms(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def wall_ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000

"""Timing and memory helpers: median of repeated runs, resident-set high-water mark."""

import gc
import re
import resource
import statistics
import sys
import time
from dataclasses import dataclass, field


@dataclass
class Sample:
    """Timed repetitions of one operation, with the memory it used."""

    times: list[float] = field(default_factory=list)
    rss_before_mb: float = 0.0
    peak_rss_mb: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def _status_mb(key: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            match = re.search(rf"^{key}:\s+(\d+) kB", handle.read(), re.M)
    except OSError:
        return None

    return int(match.group(1)) / 1024 if match else None


def _maxrss_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale / 1024


def reset_peak() -> tuple[float, bool]:
    """Reset the RSS high-water mark where Linux allows; return (current RSS MB, was reset)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
        was_reset = True
    except OSError:
        was_reset = False
    current = _status_mb("VmRSS")

    return (current if current is not None else _maxrss_mb()), was_reset


def peak_rss() -> float:
    """The RSS high-water mark in MB (since the last reset, or since the process started)."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else _maxrss_mb()


def _timed_run(sample: Sample, operation) -> None:
    gc.collect()
    before, _ = reset_peak()
    start = time.perf_counter()
    operation()
    sample.times.append(time.perf_counter() - start)
    peak = peak_rss()
    if not sample.times[:-1] or peak - before > sample.peak_rss_mb - sample.rss_before_mb:
        sample.peak_rss_mb, sample.rss_before_mb = peak, before


def measure_pair(product, floor, repeats: int, before_product=None) -> tuple[Sample, Sample]:
    """Warm both up, then alternate timed runs so that both meet the same machine load.

    The order swaps every round (product, floor, floor, product, ...); `before_product` runs
    untimed before each product run. Memory: the run with the largest rise of the peak.
    """
    pair = ((Sample(), product, before_product), (Sample(), floor, None))
    for _, operation, before in pair:
        if before:
            before()
        operation()
    for round_number in range(repeats):
        for sample, operation, before in pair if round_number % 2 == 0 else pair[::-1]:
            if before:
                before()
            _timed_run(sample, operation)

    return pair[0][0], pair[1][0]


def can_reset_peak() -> bool:
    """Tell whether per-measurement peaks are real (else they are the process's peak)."""
    return reset_peak()[1]


def format_seconds(seconds: float) -> str:
    """A duration with a unit that keeps 3 significant digits."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms"

    return f"{seconds * 1e6:.3g} µs"

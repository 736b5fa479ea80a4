"""A client-side rate limiter: requests and tokens per minute, shared by all workers.

Two token buckets refilled continuously; ``acquire`` blocks until both have room.
Thread-safe, so one limiter serves every report of a batch.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class _Bucket:
    def __init__(self, per_minute: float, now: float) -> None:
        self.capacity = per_minute
        self.level = per_minute
        self.rate = per_minute / 60.0
        self.stamp = now

    def refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait_for(self, amount: float) -> float:
        amount = min(amount, self.capacity)  # a request larger than a minute's worth waits for a full bucket
        return 0.0 if self.level >= amount else (amount - self.level) / self.rate


class RateLimiter:
    def __init__(
        self,
        requests_per_minute: float | None = None,
        tokens_per_minute: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        now = clock()
        self._requests = _Bucket(requests_per_minute, now) if requests_per_minute else None
        self._tokens = _Bucket(tokens_per_minute, now) if tokens_per_minute else None
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return self._requests is not None or self._tokens is not None

    def acquire(self, tokens: int = 0) -> float:
        """Block until one request of ``tokens`` tokens may go; returns the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                buckets = [(b, amount) for b, amount in ((self._requests, 1.0), (self._tokens, float(tokens))) if b]
                for bucket, _ in buckets:
                    bucket.refill(now)
                wait = max((bucket.wait_for(amount) for bucket, amount in buckets), default=0.0)
                if wait <= 0:
                    for bucket, amount in buckets:
                        bucket.level -= min(amount, bucket.capacity)
                    return waited
            self._sleep(wait)
            waited += wait

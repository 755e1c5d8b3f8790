"""Per-connection token buckets: a fair share each, documented in docs/protocol.md."""

from __future__ import annotations

import time

OPS_PER_SECOND = 30.0
OPS_BURST = 120.0
VOLATILE_PER_SECOND = 60.0
VOLATILE_BURST = 120.0
# Refusals in a row, after which the connection is closed with 1008.
REFUSALS_BEFORE_CLOSE = 200


class Bucket:
    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.stamp = time.monotonic()
        self.refusals = 0

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            self.refusals = 0
            return True
        self.refusals += 1
        return False

    @property
    def abusive(self) -> bool:
        return self.refusals >= REFUSALS_BEFORE_CLOSE

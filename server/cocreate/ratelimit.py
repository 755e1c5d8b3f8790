"""Token buckets: a fair share per connection, and per client address for the
HTTP calls that cost most or that an attacker would repeat. The numbers are
in docs/protocol.md and docs/security.md."""

from __future__ import annotations

import math
import time
from collections import OrderedDict

# Every frame a connection sends but cursors and drags: ops, hellos, pings, bad ones.
FRAMES_PER_SECOND = 30.0
FRAMES_BURST = 120.0
# A hello costs as much as this many frames: it reads and sends the whole board.
HELLO_COST = 10.0
VOLATILE_PER_SECOND = 60.0
VOLATILE_BURST = 120.0
# Refusals in a row, after which the connection is closed with 1008.
REFUSALS_BEFORE_CLOSE = 200
# Addresses an `AddressThrottle` remembers; the least recently seen go first.
ADDRESSES_MAX = 10_000


class Bucket:
    __slots__ = ("rate", "burst", "tokens", "stamp", "refusals")

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.stamp = time.monotonic()
        self.refusals = 0

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self, cost: float = 1.0) -> bool:
        self._refill()
        if self.tokens >= cost:
            self.tokens -= cost
            self.refusals = 0
            return True
        self.refusals += 1
        return False

    def wait_s(self) -> float:
        """Seconds until one token is there (0 when there is one now)."""
        self._refill()
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate

    @property
    def abusive(self) -> bool:
        return self.refusals >= REFUSALS_BEFORE_CLOSE


class AddressThrottle:
    """`per_minute` spends per client address and minute, in bursts of as many.

    In-process: with several processes each counts on its own, so an address
    gets at most that many times the number of processes.
    """

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def _bucket(self, address: str) -> Bucket:
        bucket = self._buckets.get(address)
        if bucket is None:
            bucket = Bucket(self.per_minute / 60.0, float(self.per_minute))
            self._buckets[address] = bucket
            if len(self._buckets) > ADDRESSES_MAX:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(address)
        return bucket

    def retry_after(self, address: str) -> int | None:
        """Whole seconds to wait before the next spend, or None if it may go now."""
        wait = self._bucket(address).wait_s()
        return None if wait <= 0 else max(1, math.ceil(wait))

    def spend(self, address: str) -> None:
        self._bucket(address).take()

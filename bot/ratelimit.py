"""One rate limit for every interface: at most N events per key in any sliding window.

The web API refuses a request over its token's limit (429 with Retry-After, the seconds
`wait` returns); the Telegram bot makes a chat's question wait that long and then asks
again, so a question is never dropped. aiolimiter (installed with python-telegram-bot) is a
leaky bucket: it can make a caller wait, but not say for how long, which a 429 must.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """At most `per_window` events per key in any sliding `window` seconds (0: no limit). Thread-safe."""

    def __init__(self, per_window: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_window, self.window, self.clock = per_window, window, clock
        self._hits: dict[object, deque[float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: object) -> float:
        """Count an event for `key` and return 0 when it is within the limit; else count nothing
        and return the seconds until it would be."""
        if self.per_window <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.per_window:
                return self.window - (now - hits[0])
            hits.append(now)
            return 0.0

    def counted(self, key: object) -> int:
        """Events of `key` in the window that ends now (the one `wait` just let through included)."""
        now = self.clock()
        with self._lock:
            return sum(1 for t in self._hits.get(key, ()) if now - t < self.window)

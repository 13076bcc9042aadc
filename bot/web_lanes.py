"""Which question a busy server process answers next: a quick one (a figure of the issuers
named) before a broad one (a ranking, trend or sum over every report) that came shortly before it.

    lanes = Lanes(places=2)                       # in the event loop's thread
    async with lanes.place(came):                 # a question understood (and, if quick, answered)
        begun = await to_thread(conversation.begin, text)
    if isinstance(begun, Held):                   # it reads across many reports
        async with lanes.place(came + HEAD_START):
            answer = await to_thread(begun.answer)

First come, first served, a figure question waited behind the rankings asked before it
(issue 21: at 32 clients with one question in four a ranking or trend, figure p95 135-212 ms;
108-146 ms with none). A broad question's answer waits as though the question had come
`HEAD_START` seconds later than it did (earliest deadline first): never put off for longer
than that. The waiting is the event loop's (a future each), not a thread's.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

HEAD_START = 0.25  # seconds: how much later than it came a broad question's answer waits as though it came


class Lanes:
    """At most `places` questions worked on at once (in one event loop), the earliest deadline first."""

    def __init__(self, places: int) -> None:
        self.free = places
        self._waiting: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def waiting(self) -> int:
        """Questions waiting for a place now."""
        return sum(1 for _, _, f in self._waiting if not f.done())

    @asynccontextmanager
    async def place(self, deadline: float) -> AsyncIterator[None]:
        """A place, once every question waiting with an earlier deadline has had one (deadline:
        the loop's clock, `loop.time()`, when the question came; later for a broad one's answer)."""
        if self.free > 0:  # (a place is only ever freed when no one waits)
            self.free -= 1
        else:
            turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            heapq.heappush(self._waiting, (deadline, next(self._seq), turn))
            try:
                await turn
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():
                    self._give()  # given the place as it was cancelled: pass it on
                else:
                    turn.cancel()  # left in the heap; skipped when reached
                raise
        try:
            yield
        finally:
            self._give()

    def _give(self) -> None:
        """A place freed: to the waiter with the earliest deadline, else back to the free ones."""
        while self._waiting:
            _, _, turn = heapq.heappop(self._waiting)
            if not turn.done():
                turn.set_result(None)
                return
        self.free += 1

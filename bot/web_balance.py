"""Keep-alive connections spread evenly over the server's processes.

    share = ConnectionShare(counts, index)          # counts: a shared array, one slot a process
    uvicorn.Config(Rebalance(app, share), http=counting_protocol(share), …)

The kernel gives each new connection to one of the processes listening on the port
(SO_REUSEPORT) by a hash of its addresses, and a client keeps its connection: 32 clients
were split 21 and 11 as often as 16 and 16, and each process answers its own in turn, so
those on the busier process waited twice as long (issue 21: figure p95 at 32 clients 109-181
ms from one run to the next, the busier process's clients 218 ms against 111). A process
holding more than its share of the open connections answers with `Connection: close`: the
client connects again (HTTP/1.1 clients do so by themselves) and the kernel places the new
connection afresh, until the processes hold about as many each.
"""

from __future__ import annotations

import math
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class ConnectionShare:
    """This process's count of open connections among every process's (a shared array)."""

    def __init__(self, counts: Any, index: int) -> None:
        self.counts, self.index = counts, index

    def opened(self) -> None:
        self.counts[self.index] += 1  # (only this process writes its own slot)

    def closed(self) -> None:
        self.counts[self.index] -= 1

    def over(self) -> bool:
        """Whether this process holds more than its share (the even split, rounded up)."""
        counts = list(self.counts)
        return counts[self.index] > math.ceil(sum(counts) / len(counts))


def counting_protocol(share: ConnectionShare) -> type:
    """uvicorn's HTTP protocol, counting this process's open connections in `share`."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
    except ImportError:  # httptools not installed: uvicorn's pure-Python one
        from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]

    class Counting(Base):  # type: ignore[misc, valid-type]
        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            share.opened()
            super().connection_made(transport)

        def connection_lost(self, exc: Exception | None) -> None:
            share.closed()
            super().connection_lost(exc)

    return Counting


class Rebalance:
    """ASGI middleware: `Connection: close` on a response while this process holds more than
    its share of the open connections."""

    def __init__(self, app: ASGIApp, share: ConnectionShare) -> None:
        self.app, self.share = app, share

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start" and self.share.over():
                message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            await send(message)

        await self.app(scope, receive, closing)

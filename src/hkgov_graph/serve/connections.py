"""uvicorn's HTTP/1.1 protocol (h11) with a deadline for each request.

uvicorn closes a connection that stays idle *between* requests
(``timeout_keep_alive``), but sets no limit before the first request, and
every byte received cancels its idle timer: a client that connects and says
nothing, or sends its headers one byte at a time, holds the connection for
ever, and enough of them fill the connection limit. This subclass gives the
client ``request_timeout`` seconds from connecting (or from the end of the
previous answer) to deliver its request headers; the app bounds the body
(see :mod:`.app`). A request target uvicorn cannot decode is a 400, not a
traceback. A request line or headers longer than uvicorn takes (16 KiB, ``max_header_bytes``,
h11's limit) is 414 or 431 saying so, and that a long query goes by POST, where
uvicorn would answer "Invalid HTTP request received.", which leaves a client
with a long ``GET /sparql?query=`` guessing.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class DeadlineH11Protocol(H11Protocol):
    """H11Protocol that closes a connection whose request headers do not arrive in time."""

    request_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        """Close the connection unless a request is being answered."""
        self._deadline = None
        answering = self.cycle is not None and not self.cycle.response_complete
        if not answering and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        try:
            super().data_received(data)
        except (UnicodeDecodeError, ValueError):  # a request target uvicorn cannot decode
            if self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE) and not self.transport.is_closing():
                self.send_400_response("Invalid request target.")
            else:
                self.transport.close()
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self._disarm()  # headers are in: the app now bounds the body and the answer

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a request h11 refused: 414 or 431 when it was refused for its length."""
        limit = self.config.h11_max_incomplete_event_size
        pending = self.conn.trailing_data[0]
        if len(pending) <= limit:
            super().send_400_response(msg)
            return
        status, reason, what = ((431, b"Request Header Fields Too Large", "request headers are") if b"\r\n" in pending
                                else (414, b"URI Too Long", "request line (the URL) is"))
        message = f"the {what} longer than {limit} bytes; send a long SPARQL query by POST, in the body"
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close"),
                   (b"access-control-allow-origin", b"*")]  # so that a browser's script can read why
        body = (message + "\n").encode()
        for event in (h11.Response(status_code=status, headers=headers, reason=reason), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()


def protocol_class(request_timeout: float) -> type[DeadlineH11Protocol]:
    """The protocol class for uvicorn's ``http=`` setting, with this deadline."""
    return type("DeadlineH11Protocol", (DeadlineH11Protocol,), {"request_timeout": request_timeout})

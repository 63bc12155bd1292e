"""The HTTP requests the project makes (the remote store, push), each with a total deadline.

Socket timeouts (urllib's, SPARQLWrapper's, httpx's own) bound each read,
not the request: a server sending one byte a second keeps such a client
waiting for ever. Here each request runs as an httpx coroutine under
``asyncio.timeout``, which cancels it, wherever it is (connecting, sending,
reading headers or body), when the total time is up. The coroutines run on
one event loop in a background thread, so the blocking API below works
everywhere, inside a running event loop (Jupyter) too.

Redirects are not followed (a request goes only where the user pointed it),
and a reply larger than ``max_bytes`` is refused rather than held.
"""

from __future__ import annotations

import asyncio
import math
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hkgov_graph.errors import EndpointError, UsageError

DEFAULT_MAX_BYTES = 1024 * 1024 * 1024


class RequestFailed(EndpointError):
    """A request got no complete answer.

    ``kind`` is ``unreachable`` (nothing was sent), ``timeout`` or ``broken``
    (the server may have received the request whole: its effect is unknown),
    or ``too-large``; ``reason`` is the detail, without the URL.
    """

    def __init__(self, url: str, kind: str, reason: str) -> None:
        self.url = url
        self.kind = kind
        self.reason = reason
        messages = {"unreachable": f"cannot reach {url}: {reason}", "timeout": f"{url} did not answer within {reason}",
                    "broken": f"{url} broke off the exchange: {reason}", "too-large": f"{url} answered with {reason}"}
        super().__init__(messages.get(kind, f"{url}: {reason}"))

    @property
    def sent(self) -> bool:
        """Whether the server may have received the request (and acted on it)."""
        return self.kind != "unreachable"


@dataclass(frozen=True)
class Response:
    """A complete answer."""

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def first_line(self, limit: int = 200) -> str:
        """The first non-empty line of the body, for one-line error messages."""
        for line in self.body[:4000].decode("utf-8", "replace").splitlines():
            if line.strip():
                return line.strip()[:limit]
        return ""


_LOOP: asyncio.AbstractEventLoop | None = None
_LOOP_LOCK = threading.Lock()


def _loop() -> asyncio.AbstractEventLoop:
    """The event loop the requests run on, in a daemon thread started on first use."""
    global _LOOP
    with _LOOP_LOCK:
        if _LOOP is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, daemon=True, name="hkgov-graph-http").start()
            _LOOP = loop
        return _LOOP


class HttpClient:
    """Requests with a total deadline each; one connection pool, closed by :meth:`close`."""

    def __init__(self, timeout: float, headers: Mapping[str, str] | None = None,
                 auth: tuple[str, str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
            raise UsageError(f"the timeout must be a finite number of seconds above 0, not {timeout!r}")
        self.timeout = timeout
        self.headers = dict(headers or {})
        self.auth = auth
        self.max_bytes = max_bytes
        self._client: Any = None

    def request(self, method: str, url: str, *, content: bytes | None = None,
                data: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None) -> Response:
        """Send one request and read the whole answer within ``timeout`` seconds."""
        coroutine = self._request(method, url, content, data, headers)
        return asyncio.run_coroutine_threadsafe(coroutine, _loop()).result()

    async def _request(self, method: str, url: str, content: bytes | None, data: Mapping[str, Any] | None,
                       headers: Mapping[str, str] | None) -> Response:
        import httpx

        if self._client is None:
            self._client = httpx.AsyncClient(headers=self.headers, auth=self.auth, follow_redirects=False,
                                             timeout=httpx.Timeout(self.timeout))
        try:
            async with asyncio.timeout(self.timeout):
                request = self._client.build_request(method, url, content=content, data=data, headers=headers)
                response = await self._client.send(request, stream=True)
                try:
                    body = bytearray()
                    async for chunk in response.aiter_raw():
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise RequestFailed(url, "too-large", f"more than {self.max_bytes} bytes")
                finally:
                    await response.aclose()
        except TimeoutError:
            raise RequestFailed(url, "timeout", f"{self.timeout:g} s") from None
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise RequestFailed(url, "unreachable", _reason(error)) from None
        except (httpx.TransportError, httpx.DecodingError) as error:
            # the request may have arrived whole (the reply was lost), unless it failed while connecting
            raise RequestFailed(url, "broken", _reason(error)) from None
        except httpx.InvalidURL as error:
            raise EndpointError(f"malformed URL {url!r}: {error}") from None
        return Response(response.status_code, response.reason_phrase, dict(response.headers), bytes(body))

    def close(self) -> None:
        """Close the connections (the client can still be used; it opens new ones)."""
        if self._client is not None:
            client, self._client = self._client, None
            asyncio.run_coroutine_threadsafe(client.aclose(), _loop()).result()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reason(error: BaseException) -> str:
    """The innermost cause's message (``Connection refused`` rather than httpx's wrapper text)."""
    while error.__cause__ is not None or error.__context__ is not None:
        error = error.__cause__ or error.__context__  # type: ignore[assignment]
    if isinstance(error, OSError) and error.errno:
        return os.strerror(error.errno)
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__

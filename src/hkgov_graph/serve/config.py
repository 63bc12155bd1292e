"""The server's configuration: every limit and timeout in one place, checked once.

The limits are what keeps a public endpoint alive under hostile clients: a
query has a time limit (its worker is killed and replaced), a result and a
request body have a size limit, a client has a deadline to send its request
(headers and body) and an idle connection is closed after a few seconds, and
the number of open connections and of queued queries is bounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from hkgov_graph.errors import UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True)
class ServerConfig:
    """How ``hkgov-graph serve`` runs.

    ``timeout`` is the time limit of one query in its worker; ``queue_timeout``
    bounds the wait for a free worker. ``request_timeout`` is the deadline for
    a client to send a whole request (headers and body) once it has
    connected or finished the previous one; ``keep_alive`` closes idle
    connections between requests. ``max_connections`` bounds open connections
    (uvicorn's ``limit_concurrency``: past it, new requests get 503) and
    ``backlog`` the kernel's queue of connections not yet accepted.
    """

    site: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = 10.0
    max_result_bytes: int = 16 * 1024 * 1024
    workers: int = 2
    memory_limit: int | None = 2 * 1024 * 1024 * 1024
    allow_service: bool = False
    queue_timeout: float = 10.0
    max_queued: int = 64
    max_request_bytes: int = 1024 * 1024
    request_timeout: float = 10.0
    keep_alive: float = 5.0
    max_connections: int = 4096
    backlog: int = 2048
    max_header_bytes: int = 16 * 1024
    quiet: bool = False

    def __post_init__(self) -> None:
        for name in ("timeout", "queue_timeout", "request_timeout", "keep_alive"):
            value = getattr(self, name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise UsageError(f"{name.replace('_', '-')} must be a finite number of seconds above 0, "
                                 f"not {value!r}")
        for name in ("max_result_bytes", "workers", "max_queued", "max_request_bytes", "max_connections",
                     "backlog", "max_header_bytes"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name.replace('_', '-')} must be at least 1, not {getattr(self, name)!r}")
        if not 0 <= self.port <= 65535:
            raise UsageError(f"the port must be between 0 and 65535, not {self.port}")

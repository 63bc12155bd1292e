"""Starting and stopping ``hkgov-graph serve``: the query pool, the listening socket, uvicorn.

The socket is bound here (so a port in use is one clear line, and port 0's
choice can be printed before serving), then handed to uvicorn with the
configuration's limits. uvicorn stops on SIGINT or SIGTERM; the query
workers are stopped after it.
"""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from hkgov_graph.errors import UsageError
from hkgov_graph.publish.site import DUMP_STEM
from hkgov_graph.serve.config import ServerConfig


def site_base(site: Path) -> str | None:
    """The base IRI the site was published under (read from its VoID description)."""
    try:
        text = (site / "dataset.nt").read_text(encoding="utf-8")
    except OSError:
        return None
    m = re.search(r"^<([^>]*)dataset> <http://rdfs\.org/ns/void#sparqlEndpoint> ", text, re.MULTILINE)
    return m[1] if m else None


def site_dump(site: Path) -> Path:
    """The N-Quads dump of a published site; a usage error when ``site`` is not one."""
    dump = site / "dumps" / f"{DUMP_STEM}.nq"
    if not (site / "index.html").is_file() or not dump.is_file():
        raise UsageError(f"{site} is not a published site (no index.html or dumps/{dump.name}); "
                         "run `hkgov-graph publish -o DIR` first")
    return dump


def bind(config: ServerConfig) -> socket.socket:
    """The listening socket (the backlog is set when uvicorn starts listening)."""
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    try:
        return socket.create_server((config.host, config.port), family=family, backlog=config.backlog)
    except OSError as error:
        raise UsageError(f"cannot listen on {config.host}:{config.port}: {error.strerror or error}") from None


def raise_open_files_limit(wanted: int) -> None:
    """Let the process hold ``wanted`` connections (plus files), as far as the hard limit allows."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        target = wanted + 256 if hard == resource.RLIM_INFINITY else min(hard, wanted + 256)
        if soft != resource.RLIM_INFINITY and soft < target:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ImportError, ValueError, OSError):  # not Unix, or not allowed: keep the limit there is
        pass


def serve(config: ServerConfig, on_demand: Path | None = None) -> None:
    """Serve ``config.site`` until interrupted (Ctrl-C or SIGTERM), then stop the query workers.

    With ``on_demand`` (a dump written by ``hkgov-graph build``) no published
    folder is needed: pages are rendered from the dump's store when asked,
    with the bytes ``publish`` would write (:mod:`hkgov_graph.serve.ondemand`).
    """
    import uvicorn

    from hkgov_graph.publish.site import prefixes_for
    from hkgov_graph.serve.app import make_app
    from hkgov_graph.serve.connections import protocol_class
    from hkgov_graph.serve.ondemand import StorePages
    from hkgov_graph.serve.pages import Pages, SiteFolder
    from hkgov_graph.serve.pool import QueryPool
    from hkgov_graph.serve.reconcile import Reconciler

    pages: Pages
    if on_demand is None:
        site = config.site.resolve()
        dump = site_dump(site)
        base = site_base(site)
        pages = SiteFolder(site)
    else:
        from hkgov_graph import namespaces as ns
        from hkgov_graph.publish.site import load_published_store

        site = dump = on_demand.resolve()
        base = ns.DEFAULT_BASE
        pages = StorePages(load_published_store(None, dump), base)
    raise_open_files_limit(config.max_connections)
    sock = bind(config)
    try:
        pool = QueryPool(dump, config, prefixes_for(base) if base else {})
    except BaseException:
        sock.close()
        raise
    try:
        if isinstance(pages, StorePages):  # the pages' own model of the store: read once, shared
            model = pages.model
            reconciler = Reconciler(lambda: model, config.max_request_bytes, config.request_timeout)
        else:
            reconciler = Reconciler.of_dump(dump, base, config.max_request_bytes, config.request_timeout)
        app = make_app(config, pages, pool, base, reconciler)
        uv_config = uvicorn.Config(
            app, http=protocol_class(config.request_timeout), lifespan="off", ws="none", interface="asgi3",
            timeout_keep_alive=config.keep_alive, limit_concurrency=config.max_connections,
            backlog=config.backlog, h11_max_incomplete_event_size=config.max_header_bytes,
            timeout_graceful_shutdown=5, server_header=False, date_header=True,
            access_log=not config.quiet, log_level="warning" if config.quiet else "info")
        server = uvicorn.Server(uv_config)
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        what = f"the pages of {site}, made on demand," if on_demand else str(site)
        print(f"Serving {what} at http://{shown}:{port}/ (SPARQL: /sparql, reconciliation: /reconcile); "
              "Ctrl-C stops.", flush=True)
        with quiet_stop_signals():
            server.run(sockets=[sock])
    finally:
        sock.close()
        pool.close()
        print("Stopped.", file=sys.stderr, flush=True)


@contextlib.contextmanager
def quiet_stop_signals() -> Iterator[None]:
    """While uvicorn runs, SIGINT and SIGTERM only stop it (uvicorn raises the signal again once it has
    stopped, to the handler found before it; this one lets the workers be stopped and the command return)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, lambda _sig, _frame: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

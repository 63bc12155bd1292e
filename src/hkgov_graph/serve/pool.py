"""The query workers: a pebble process pool, awaited from the app.

pebble kills a worker whose task passes its time limit and starts a new one
(running :func:`~hkgov_graph.serve.execute.init_worker` again), and a worker
that dies (a crash, the memory limit) fails only the task it was running:
the pool replaces it. A query inside pyoxigraph cannot be interrupted any
other way. Workers are forked from a clean ``forkserver`` process that has
already imported pyoxigraph and the worker's module (a killed worker is
replaced in about half the time a fresh ``spawn`` takes), never from the
server's own threaded process; where there is no forkserver, ``spawn``.

pebble gives up on the whole pool when a worker dies while no task is
running (it takes that for a broken initializer): the pool is then replaced
by a new one, so even that crash costs at most the queries in flight.

The pool also bounds what waits for it: past ``max_queued`` queries the
answer is 503 at once, and a query that has not started within
``queue_timeout`` is dropped with 503.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from hkgov_graph.errors import UsageError
from hkgov_graph.serve.config import ServerConfig
from hkgov_graph.serve.execute import QueryJob, Reply, init_worker, ping, run_job, text_reply

STARTUP_TIMEOUT = 120.0


class QueryPool:
    """Worker processes that run queries under a time limit."""

    def __init__(self, dump: Path, config: ServerConfig, prefixes: dict[str, str] | None = None) -> None:
        self.timeout = config.timeout
        self.queue_timeout = config.queue_timeout
        self.max_queued = config.max_queued
        self.max_bytes = config.max_result_bytes
        self._pending = 0
        self._workers = config.workers
        self._initargs = (str(dump), config.max_result_bytes, config.memory_limit, config.allow_service,
                          prefixes or {})
        self._pool = self._new_pool()
        self._check_started(config.workers)

    def _new_pool(self) -> Any:
        from pebble import ProcessPool

        return ProcessPool(max_workers=self._workers, initializer=init_worker, initargs=self._initargs,
                           context=worker_context())

    def _replace(self, broken: Any) -> None:
        """Start a new pool in place of ``broken`` (once, however many queries noticed), and stop the old one
        in the background."""
        if self._pool is not broken:
            return
        self._pool = self._new_pool()
        threading.Thread(target=_stop, args=(broken,), daemon=True, name="hkgov-graph-pool-stop").start()

    def _schedule(self, job: QueryJob) -> tuple[Any, concurrent.futures.Future[Reply]]:
        """The pool that took ``job``, and its future."""
        pool = self._pool
        try:
            return pool, pool.schedule(run_job, args=(job,), timeout=self.timeout)
        except RuntimeError:  # pebble's "Unexpected error within the Pool": the pool is broken
            self._replace(pool)
            return self._pool, self._pool.schedule(run_job, args=(job,), timeout=self.timeout)

    def _check_started(self, workers: int) -> None:
        """Every worker loaded the dump (or the first one's reason why not)."""
        futures = [self._pool.schedule(ping, timeout=STARTUP_TIMEOUT) for _ in range(workers)]
        for future in futures:
            try:
                problem = future.result(timeout=STARTUP_TIMEOUT + 5)
            except Exception as error:  # a worker that died or hung while loading
                problem = f"the query worker did not start ({type(error).__name__} {error})".strip()
            if problem:
                self.close()
                raise UsageError(f"the SPARQL endpoint cannot start: {problem}")

    async def run(self, job: QueryJob) -> Reply:
        """Run ``job`` on a worker; 503 when the endpoint is busy or the query overruns."""
        if self._pending >= self.max_queued:
            return text_reply(503, "the endpoint is busy; try again later", (("Retry-After", "5"),))
        self._pending += 1
        pool, future = self._schedule(job)
        waited = asyncio.wrap_future(future)
        try:
            # asyncio.wait, not wait_for: it cancels nothing, and the future's state tells what happened
            await asyncio.wait({waited}, timeout=self.queue_timeout + self.timeout)
        except asyncio.CancelledError:  # the client went away: stop the query (kills its worker if running)
            waited.cancel()
            raise
        finally:
            self._pending -= 1
        if not waited.done():  # never started (busy) or stuck: cancelling kills its worker, if any
            waited.cancel()
            return text_reply(503, "the endpoint is busy; try again later", (("Retry-After", "5"),))
        try:
            return waited.result()
        except TimeoutError:  # pebble killed the worker at the time limit and starts a new one
            return text_reply(503, f"the query was stopped after the time limit of {self.timeout:g} s; "
                                   "narrow it or add a LIMIT")
        except (asyncio.CancelledError, concurrent.futures.CancelledError):
            return text_reply(503, "the query was cancelled")
        except BrokenProcessPool:  # another worker's death took the pool down: replace it
            self._replace(pool)
            return text_reply(503, "the query workers were restarted; try again", (("Retry-After", "2"),))
        except Exception as error:  # pebble's ProcessExpired: the worker died (a crash, the memory limit)
            return text_reply(500, f"the query worker stopped ({type(error).__name__}); "
                                   "did the query need too much memory?")

    def close(self) -> None:
        """Stop the workers (running queries are killed)."""
        _stop(self._pool)


def worker_context() -> Any:
    """The multiprocessing context workers start in (see the module's docstring)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pyoxigraph", "hkgov_graph.serve.execute"])
        return context
    return multiprocessing.get_context("spawn")


def _stop(pool: Any) -> None:
    pool.stop()
    pool.join(timeout=10)

"""Rendering the resource pages in worker processes, in order, a bounded number of resources at a time.

Each resource's three pages and three RDF files depend only on the store and
the set of page paths, so they can be made anywhere: at a million triples
rendering them is most of ``publish``'s time, and one Python process uses one
core. :func:`resource_files` hands consecutive chunks of resources to a
:class:`concurrent.futures.ProcessPoolExecutor` and yields the files chunk by
chunk in the order of the resources, so the output is the same bytes in the
same order as one process makes (workers only change where the work is done).
At most :data:`AHEAD` chunks per worker are in flight, so memory stays bounded
at any size. Meanwhile this process, otherwise waiting, makes what the caller
gives as ``alongside`` (publish: the index pages, the ontology's files and the
search index) in a thread; its entries come between chunks. (publish makes the
dumps after the workers end: at a million triples the nq dump in memory and the
two workers came to 2.0 GB together.)

The workers are forked: they inherit the store (in memory or opened
read-only) and the page set instead of reading the dump again, and each builds
its own :class:`~hkgov_graph.publish.pages.Site` over it once. Where fork is not
available, or for a small site, everything is made in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from hkgov_graph.publish.pages import lang_path
from hkgov_graph.publish.serialise import to_jsonld, to_ntriples, to_turtle
from hkgov_graph.publish.words import LANGS

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.publish.pages import Site

CHUNK = 48  # resources per task: a few megabytes of files, and a queue operation per task instead of per file
AHEAD = 3  # chunks in flight per worker: keeps workers busy while the parent writes, bounds memory
OTHERS_WAITING = 2  # entries made alongside that wait to be written (a dump can be one): bounds memory
MIN_RESOURCES = 2_000  # below this, forking costs more than it saves (the project's own data: a few hundred)

Files = list[tuple[str, bytes]]


def resource_files_of(site: Site, iri: str) -> Files:
    """The pages of ``iri`` in every language and its ``.ttl``, ``.jsonld`` and ``.nt``, in the order publish writes
    them."""
    m = site.m
    path = m.page_path(iri)
    assert path is not None
    files = [(lang_path(path, lang), site.resource_page(iri, lang)) for lang in LANGS]
    triples = m.description(iri)
    files.append((path + ".ttl", to_turtle(triples, m.prefixes)))
    files.append((path + ".jsonld", to_jsonld(triples, m.prefixes)))
    files.append((path + ".nt", to_ntriples(triples)))
    return files


def worker_count() -> int:
    """The cores this process may run on (``os.sched_getaffinity`` where there is one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# - in the workers -

# Set in the parent just before the workers fork, read by them: (store, base, page paths).
_INHERITED: tuple[ox.Store, str, frozenset[str]] | None = None
_SITE: Site | None = None  # each worker's own site, built once


def _start_worker() -> None:
    from hkgov_graph.publish.model import SiteModel
    from hkgov_graph.publish.pages import Site

    global _SITE
    assert _INHERITED is not None
    store, base, pages = _INHERITED
    _SITE = Site(SiteModel.lazy(store, base), pages)


def _render_chunk(iris: Sequence[str]) -> Files:
    assert _SITE is not None
    return [file for iri in iris for file in resource_files_of(_SITE, iri)]


# - in the parent -

Entry = tuple[str, "bytes | list[bytes]"]


def resource_files(site: Site, iris: Sequence[str], workers: int | None = None,
                   alongside: Iterator[Entry] | None = None) -> Iterator[Entry]:
    """The files of every resource in ``iris``, made by ``workers`` processes (default: one per core for many
    resources; 1 makes them here), and the entries of ``alongside``.

    With one process: every resource's files in the order of ``iris``, then
    ``alongside``. With workers: the resources' files in the order of ``iris``,
    and ``alongside`` run meanwhile in a thread of this process (which is
    otherwise idle, waiting for the workers), its entries in their order
    between chunks of resources: the same files, made in the time of the
    longer of the two instead of their sum.
    """
    if workers is None:
        workers = worker_count() if len(iris) >= MIN_RESOURCES else 1
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for iri in iris:
            yield from resource_files_of(site, iri)
        yield from alongside or ()
        return
    yield from _in_workers(site, iris, workers, alongside or iter(()))


_DONE = object()  # the end of the entries of ``alongside``


def _return_free_memory() -> None:
    """Give the C heap's free pages back to the system before forking (glibc's ``malloc_trim``; nothing elsewhere).

    The store's queries leave freed memory mapped in this process (470 MB of
    680 at a million triples, after listing the resources); workers forked
    with it would each count it as theirs once they touch a page of it.
    """
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # AttributeError: not glibc
        ctypes.CDLL(None).malloc_trim(0)


def _in_workers(site: Site, iris: Sequence[str], workers: int, alongside: Iterator[Entry]
                ) -> Iterator[Entry]:
    global _INHERITED
    _INHERITED = (site.m.store, site.m.base, frozenset(site.pages))
    chunks = (iris[i:i + CHUNK] for i in range(0, len(iris), CHUNK))
    pending: deque[Future[Files]] = deque()
    others: queue.Queue[Any] = queue.Queue(OTHERS_WAITING)
    stop = threading.Event()

    def make_others() -> None:  # in a thread: alongside's entries into the queue (waits while it is full)
        try:
            for item in alongside:
                while not stop.is_set():
                    try:
                        others.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            others.put(_DONE)
        except BaseException as error:  # raised again in the caller's thread
            others.put(error)

    def waiting_others(block: bool) -> Iterator[Entry]:
        nonlocal finished
        while not finished:
            try:
                item = others.get(block=block)
            except queue.Empty:
                return
            if item is _DONE:
                finished = True
            elif isinstance(item, BaseException):
                raise item
            else:
                yield item

    finished = False
    thread = threading.Thread(target=make_others, name="publish-others", daemon=True)
    _return_free_memory()
    executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_start_worker)
    try:
        for chunk in chunks:
            pending.append(executor.submit(_render_chunk, chunk))
            if thread.ident is None:
                # the workers are forked at the first submission (all of them, with fork): the thread starts
                # after, so that no worker is forked while it holds a lock
                thread.start()
            if len(pending) >= workers * AHEAD:
                yield from pending.popleft().result()
                yield from waiting_others(block=False)
        while pending:
            yield from pending.popleft().result()
            yield from waiting_others(block=False)
        if thread.ident is None:
            thread.start()  # no resources at all
        yield from waiting_others(block=True)
    finally:
        stop.set()
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
        _INHERITED = None

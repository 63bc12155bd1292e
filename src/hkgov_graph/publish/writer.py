"""Writing the site's files as they are made, in a background thread, holding only a few at a time.

``publish`` renders hundreds of thousands of files at a million triples; kept
in a dictionary until the end they took gigabytes. :class:`FileWriter` takes
each file as it is made and writes it from a thread of its own, so memory
holds at most :data:`QUEUE_SIZE` files waiting, and the system calls that
create files (which release the GIL) overlap with rendering the next page.
"""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from types import TracebackType

QUEUE_SIZE = 512  # files waiting to be written; each a few kilobytes, a dump at most a few


class FileWriter:
    """Writes ``relative path -> bytes`` under ``root`` in order, from one background thread.

    A path written twice holds the last bytes, as a dictionary would. An error
    in the thread is raised again by the next :meth:`write` or by :meth:`close`.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue(QUEUE_SIZE)
        self._error: BaseException | None = None
        self._folders: set[str] = set()
        self._thread = threading.Thread(target=self._run, name="publish-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain, so that write() never blocks on a dead thread
            relative, data = item
            try:
                folder = os.path.dirname(relative)
                if folder not in self._folders:
                    os.makedirs(self.root / folder, exist_ok=True)
                    self._folders.add(folder)
                with open(self.root / relative, "wb") as f:
                    f.write(data)
            except BaseException as error:  # handed to the caller's thread
                self._error = error

    def write(self, relative: str, data: bytes) -> None:
        """Queue ``data`` to be written at ``relative`` (waits while the queue is full)."""
        self._raise()
        self._queue.put((relative, data))

    def close(self) -> None:
        """Wait until every queued file is written; raise the thread's error, if any."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def __enter__(self) -> FileWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.close()
        elif self._thread.is_alive():  # an error while rendering: stop the thread, keep the caller's error
            self._queue.put(None)
            self._thread.join()

"""Writing the site's files as they are made, in a background thread, holding only a few at a time.

``publish`` renders hundreds of thousands of files at a million triples; kept
in a dictionary until the end they took gigabytes. :class:`FileWriter` takes
each file as it is made and writes it from a thread of its own, so memory
holds at most a few hundred files waiting (:data:`QUEUE_SIZE` batches), and the system calls that
create files (which release the GIL) overlap with rendering the next page.
"""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from types import TracebackType

QUEUE_SIZE = 16  # batches waiting to be written
BATCH_FILES = 64  # files handed to the thread together (a queue operation per file cost as much as the write)
BATCH_BYTES = 1 << 22  # or fewer, when they add up to this many bytes (a dump goes alone)


class FileWriter:
    """Writes ``relative path -> bytes`` under ``root`` in order, from one background thread.

    A path written twice holds the last bytes, as a dictionary would. An error
    in the thread is raised again by the next :meth:`write` or by :meth:`close`.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._queue: queue.Queue[list[tuple[str, bytes | list[bytes]]] | None] = queue.Queue(QUEUE_SIZE)
        self._batch: list[tuple[str, bytes | list[bytes]]] = []
        self._batch_bytes = 0
        self._error: BaseException | None = None
        self._folders: set[str] = set()
        self._thread = threading.Thread(target=self._run, name="publish-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (batch := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain, so that write() never blocks on a dead thread
            try:
                for relative, data in batch:
                    folder = os.path.dirname(relative)
                    if folder not in self._folders:
                        os.makedirs(self.root / folder, exist_ok=True)
                        self._folders.add(folder)
                    with open(self.root / relative, "wb") as f:
                        if isinstance(data, bytes):
                            f.write(data)
                        else:
                            f.writelines(data)
            except BaseException as error:  # handed to the caller's thread
                self._error = error

    def write(self, relative: str, data: bytes | list[bytes]) -> None:
        """Queue ``data`` (bytes, or consecutive chunks) to be written at ``relative`` (waits while the queue is
        full)."""
        self._raise()
        self._batch.append((relative, data))
        self._batch_bytes += len(data) if isinstance(data, bytes) else sum(len(chunk) for chunk in data)
        if len(self._batch) >= BATCH_FILES or self._batch_bytes >= BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._batch:
            self._queue.put(self._batch)
            self._batch, self._batch_bytes = [], 0

    def close(self) -> None:
        """Wait until every queued file is written; raise the thread's error, if any."""
        if self._thread.is_alive():
            self._flush()
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

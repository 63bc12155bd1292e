"""Run one step of the build in a child process, beside the rest of it.

Validation reads only the sources and the shapes, and the build's next steps
(the time model, the rules) only add to the inferred graph; but both hold
Python's lock (Oxigraph's query evaluation does not release it), so threads
would take turns. A child process forked once the sources are loaded sees the
same store (the pages are shared until one side writes to them) and works on
the second core; its result comes back through a pipe. Where ``fork`` is not
available the step runs in this process, first. What the step raises in the
child (a report of violations, a malformed shapes file) is raised here.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Beside(Generic[T]):
    """``step()`` started in a forked child; :meth:`result` waits for its value."""

    def __init__(self, step: Callable[[], T]) -> None:
        self._process: multiprocessing.process.BaseProcess | None = None
        self._outcome: tuple[str, object] = ("error", RuntimeError("no result"))
        if "fork" not in multiprocessing.get_all_start_methods():
            self._outcome = _run(step)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(step, send), daemon=True)
        self._process.start()
        send.close()

    def result(self) -> T:
        if self._process is not None:
            try:
                self._outcome = pickle.loads(self._receive.recv_bytes())
            except EOFError:
                self._outcome = ("error", RuntimeError(
                    f"a build step run beside the others ended without a result (exit code "
                    f"{self._process.exitcode}: out of memory?)"))
            finally:
                self._process.join()
                self._receive.close()
                self._process = None
        outcome, value = self._outcome
        if outcome == "ok":
            return value  # type: ignore[return-value]
        raise value  # type: ignore[misc]

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._receive.close()
            self._process = None


def _run(step: Callable[[], object]) -> tuple[str, object]:
    try:
        return "ok", step()
    except Exception as error:
        return "error", error


def _child(step: Callable[[], object], send: multiprocessing.connection.Connection) -> None:
    outcome = _run(step)
    try:
        message = pickle.dumps(outcome)
    except Exception:  # an error that does not pickle: its kind and text
        error = outcome[1]
        message = pickle.dumps(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    send.send_bytes(message)
    send.close()

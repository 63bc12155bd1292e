"""Errors a user can act on, each mapped to a documented exit code.

The CLI prints ``str(error)`` on one line and exits with ``error.exit_code``;
no traceback is shown for these.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_USAGE = 2


class HkgovError(Exception):
    """Base class: a problem the user can fix; exit code 2 unless overridden."""

    exit_code: int = EXIT_USAGE


class InputError(HkgovError):
    """Malformed input: a file that does not parse, an ill-typed value.

    Carries the file and line when known so the message can point at them.
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint
        self.reason = message
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line else f"{self.path}: "
        text = f"{where}{message}"
        if hint:
            text += f" ({hint})"
        super().__init__(text)

    def __reduce__(self) -> tuple[type, tuple[str, Path | None, int | None, str | None]]:
        """Pickled with its parts (a build step run in a child process sends its error back)."""
        return (type(self), (self.reason, self.path, self.line, self.hint))


class UsageError(HkgovError):
    """A bad command line or parameter: unknown query, malformed date, unknown resource."""


class EndpointError(HkgovError):
    """A remote SPARQL endpoint could not be reached, timed out or refused the request."""


class NotConformingError(HkgovError):
    """The data does not conform to the shapes or fails a quality check."""

    exit_code = EXIT_NOT_CONFORMING

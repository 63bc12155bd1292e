"""The command-line interface: a thin layer over the Python API.

Each area of the package contributes its sub-commands through a small
``register(subparsers)`` function in ``hkgov_graph.commands``; heavy
libraries are imported only inside the handlers so that ``--help`` is fast.

Exit codes: 0 success, 1 the data does not conform, 2 usage or input error (one line), 3 a bug.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from hkgov_graph.commands.arguments import quoted, shorten
from hkgov_graph.errors import EXIT_USAGE, HkgovError

# Modules under hkgov_graph.commands that add sub-commands, in help order.
COMMAND_MODULES = ("build", "query", "show", "export", "publish", "reconcile")


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the command and pointing at its --help (still exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {shorten(message)} (see `{self.prog} --help`)\n")


class VersionAction(argparse.Action):
    """``--version``: the version is read (importlib.metadata) only when asked for, not on every command."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show the program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from hkgov_graph import __version__

        parser.exit(message=f"{parser.prog} {__version__}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="hkgov-graph",
        description="A linked-data knowledge graph of the Hong Kong SAR Government's offices in Mainland China.",
        epilog="Exit codes: 0 success, 1 the data does not conform, 2 usage or input error, 3 internal error (a bug).",
    )
    parser.add_argument("--version", action=VersionAction)
    parser.add_argument("--debug", action="store_true", help="show a traceback for unexpected errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"hkgov_graph.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"hkgov_graph.commands.{name}":
                continue  # that area is not part of this installation
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting."""
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors, 0 on --help
        return int(exit_.code or 0)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args) or 0)
    except HkgovError as error:
        print(f"hkgov-graph: error: {shorten(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("hkgov-graph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except UnicodeError as error:
        # Python decodes arguments that are not valid UTF-8 with surrogate escapes; they fail when encoded
        # again (for a query, a file name in a message, ...). That is the user's input, not a bug.
        bad = [arg for arg in sys.argv[1:] + list(argv or []) if _not_utf8(arg)]
        if bad and not args.debug:
            print(f"hkgov-graph: error: the argument {shorten(quoted(bad[0]))} is not valid UTF-8 text "
                  "(set your terminal or script to UTF-8)", file=sys.stderr)
            return EXIT_USAGE
        return _internal_error(error, args.debug)
    except Exception as error:  # an unexpected failure is a bug: say so in one line
        return _internal_error(error, args.debug)


def _not_utf8(arg: str) -> bool:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _internal_error(error: Exception, debug: bool) -> int:
    if debug:
        raise error
    print(f"hkgov-graph: internal error: {type(error).__name__}: {shorten(str(error))} "
          "(this is a bug; run with --debug for the traceback)", file=sys.stderr)
    return 3

if __name__ == "__main__":
    raise SystemExit(main())

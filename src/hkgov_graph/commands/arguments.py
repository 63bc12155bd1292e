"""Argument types shared by the commands, and how bad values are quoted in messages.

Each type is an ``argparse`` ``type=`` callable: a bad value becomes argparse's
usage error (one line, exit 2), never a traceback. Numbers take ASCII digits
only (``int`` and ``float`` would also take ``８０`` or ``nan``); timeouts are
finite and positive (``0`` never silently means "the default"); ports are
1–65535; a label language is any BCP 47 tag :func:`hkgov_graph.i18n.language`
takes (``zh-TW``), given on as its canonical tag (``zh-Hant``).
"""

from __future__ import annotations

import argparse
import math
import re

QUOTE_LIMIT = 100  # characters of a bad value shown in a message
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")
_INTEGER = re.compile(r"[0-9]+")


def quoted(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``value`` quoted for a one-line message, cut to about ``limit`` characters with an ellipsis.

    Control characters and undecodable bytes (surrogate escapes) are shown escaped, so the message stays one
    printable line whatever the user typed.
    """
    text = str(value)
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text[:limit])
    if len(text) > limit:
        return f"'{shown}…' ({len(text):,} characters)"
    return f"'{shown}'"


def timeout(text: str) -> float:
    """Seconds: a finite number greater than 0."""
    value = text.strip()
    if not _NUMBER.fullmatch(value) or not math.isfinite(float(value)) or float(value) <= 0:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not a number of seconds greater than 0 (write digits, e.g. 30 or 2.5)")
    return float(value)


def port(text: str) -> int:
    """A TCP port, 1–65535."""
    value = text.strip()
    if not _INTEGER.fullmatch(value) or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a port number from 1 to 65535")
    return int(value)


def port_or_zero(text: str) -> int:
    """A TCP port, 1–65535, or 0 for "any free port"."""
    if text.strip() == "0":
        return 0
    try:
        return port(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"{quoted(text)} is not a port number from 1 to 65535 (or 0 for any free port)") from None


# Said in the help of every --lang: regional tags (as browsers send) are taken, and what they become.
LANG_TAGS_HELP = ("BCP 47 tags with a region are taken too: zh-TW, zh-HK, zh-MO as zh-Hant, zh-CN, zh-SG as "
                  "zh-Hans, in any case, with - or _; labels stay tagged zh-Hant or zh-Hans")


def label_language(text: str) -> str:
    """``en``, ``zh-Hant`` or ``zh-Hans``, for any tag :func:`hkgov_graph.i18n.language` takes (``zh-TW``)."""
    from hkgov_graph import i18n

    try:
        return i18n.language(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).replace(repr(text), quoted(text))) from None


def count(text: str) -> int:
    """A whole number, 0 or more."""
    value = text.strip()
    if not _INTEGER.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a whole number (write digits, e.g. 40)")
    return int(value)


def positive_count(text: str) -> int:
    """A whole number, 1 or more."""
    value = count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{quoted(text)} must be 1 or more")
    return value


_LONG_QUOTED = re.compile(r"""(['"])((?:(?!\1).){""" + str(QUOTE_LIMIT + 1) + r""",}?)\1""", re.DOTALL)
_LONG_WORD = re.compile(r"\S{" + str(2 * QUOTE_LIMIT + 1) + ",}")


def shorten(message: str) -> str:
    """A message with every quoted value longer than about 100 characters cut, with an ellipsis and its length.

    Applied by the CLI to every error it prints, so a 1 MB parameter is never echoed whole, whichever module
    wrote the message; messages stay on one line (control characters are shown escaped).
    """
    message = _LONG_QUOTED.sub(
        lambda m: f"{m[1]}{m[2][:QUOTE_LIMIT]}…{m[1]} ({len(m[2]):,} characters)", message)
    message = _LONG_WORD.sub(lambda m: f"{m[0][:QUOTE_LIMIT]}… ({len(m[0]):,} characters)", message)
    return "".join(ch if ch.isprintable() or ch in "\n" else repr(ch)[1:-1] for ch in message)

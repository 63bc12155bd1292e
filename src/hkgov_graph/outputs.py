"""Output folders that are never destroyed: a manifest, refuse-to-clobber, an atomic swap, leftover cleanup.

``hkgov-graph build`` and ``hkgov-graph publish`` each write a whole folder
(``build/``, ``site/``). This module makes that safe:

- **A manifest marks an output.** Every folder a command writes holds
  ``.hkgov-graph-output.json``: which command wrote it, with which version, and
  the SHA-256 of each input (so "out of date" compares contents, never file
  times: reinstalling the package changes times, not contents).
- **Refuse to clobber.** ``-o PATH`` must be a new or empty folder, or an
  earlier output of the same command (its manifest says so). A regular file,
  a symbolic link, or a folder holding anything else (``build -o data``, a
  folder with the user's ``notes.txt``) is refused with one line, exit 2.
- **The swap.** The new output is written completely into a temporary folder
  beside the target, ``.NAME.new-PID-XXXX``, then put in place. On Linux this
  is one ``renameat2(RENAME_EXCHANGE)`` call (through ctypes): the kernel
  swaps the two names atomically, so at every instant the path holds either
  the old or the new complete folder, and it stays a real folder (a
  symlink-switched output would break ``rm -r build/`` habits, relative paths
  and tools that refuse symlinks). The old output, now under the temporary
  name, is then removed. Where the call does not exist or the file system
  refuses it (other systems, some network file systems), the fallback is two
  renames (old aside as ``.NAME.old-PID-XXXX``, new in place): a kill between
  them leaves no folder at the path for that moment, and the next run of
  either command puts the old output back before doing anything else.
- **Leftovers.** Temporary folders carry the process id of their run. Each
  run removes those whose process is gone (killed runs), never those of a run
  still going; the same holds for publish's ``hkgov-graph-publish-PID-*``
  folders in the system's temporary folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from hkgov_graph.errors import UsageError

MANIFEST_NAME = ".hkgov-graph-output.json"
TEMP_PREFIX = "hkgov-graph-"  # folders in the system's temporary folder: hkgov-graph-<purpose>-<pid>-XXXX

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


# -- Manifest --

def sha256_file(path: Path) -> str:
    """``sha256:<hex>`` of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def manifest_bytes(command: str, version: str, inputs: Mapping[str, str], **details: object) -> bytes:
    """The manifest as deterministic JSON (sorted keys, no timestamp: same input, same bytes)."""
    record = {**details, "command": command, "generator": f"hkgov-graph {version}",
              "inputs": dict(sorted(inputs.items()))}
    return (json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def read_manifest(folder: Path) -> dict | None:
    """The manifest of an output folder, or None when there is none (or it is not one of ours)."""
    try:
        record = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("command"), str) else None


# -- Refuse to clobber --

def check_target(target: Path, command: str) -> None:
    """Refuse an output path that is not new, empty, or an earlier output of ``command``."""
    shown = str(target)
    if target.is_symlink():
        raise UsageError(f"{shown} is a symbolic link; give the output folder itself (-o)")
    if not target.exists():
        return
    if not target.is_dir():
        raise UsageError(f"{shown} is a file, not a folder: nothing was written; give a new or empty folder (-o)")
    manifest = read_manifest(target)
    if manifest is not None and manifest["command"] == command:
        return
    if manifest is None and not any(target.iterdir()):
        return
    what = f"an output of `hkgov-graph {manifest['command']}`" if manifest else "a folder with other files in it"
    raise UsageError(f"{shown} is {what}, not an earlier output of `hkgov-graph {command}`: nothing was written "
                     f"and nothing removed; give a new or empty folder (-o), or remove it yourself")


# -- Leftovers of killed runs --

def pid_alive(pid: int) -> bool:
    """Whether a process with this id is running (one we may not signal is running too)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True  # cannot tell: keep the folder
    return True


def _leftover_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name)}\.(new|old)-([0-9]+)-[A-Za-z0-9_]+$")


def clean_leftovers(target: Path) -> None:
    """Remove the temporary folders of killed runs beside ``target``; put back an old output a kill left aside."""
    parent = target.parent
    if not parent.is_dir():
        return
    pattern = _leftover_pattern(target.name)
    for entry in sorted(parent.iterdir()):
        found = pattern.match(entry.name)
        if not found or not entry.is_dir() or entry.is_symlink() or pid_alive(int(found[2])):
            continue
        if found[1] == "old" and not target.exists() and not target.is_symlink():
            with contextlib.suppress(OSError):
                os.rename(entry, target)  # a kill between the fallback's two renames: the old output comes back
                continue
        shutil.rmtree(entry, ignore_errors=True)


def clean_temp_leftovers(purpose: str = "[a-z]+") -> None:
    """Remove ``hkgov-graph-<purpose>-<pid>-*`` folders of killed runs (any purpose by default) from the system's
    temporary folder."""
    folder = Path(tempfile.gettempdir())
    purpose = re.escape(purpose) if purpose != "[a-z]+" else purpose
    pattern = re.compile(rf"^{re.escape(TEMP_PREFIX)}{purpose}-([0-9]+)-[A-Za-z0-9_]+$")
    with contextlib.suppress(OSError):
        for entry in sorted(folder.iterdir()):
            found = pattern.match(entry.name)
            if found and entry.is_dir() and not entry.is_symlink() and not pid_alive(int(found[1])):
                shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def temporary_folder(purpose: str) -> Iterator[Path]:
    """A folder in the system's temporary folder named with this run's pid, removed afterwards (and after a kill,
    by the next run)."""
    clean_temp_leftovers(purpose)
    path = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{purpose}-{os.getpid()}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# -- Staging and the swap --

def stage(target: Path, command: str) -> Path:
    """Check ``target``, clean up after killed runs, and make the temporary folder the new output is written to."""
    check_target(target, command)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(target)
    clean_temp_leftovers()  # e.g. /tmp/hkgov-graph-publish-<pid>-* of a publish killed while building
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2(RENAME_EXCHANGE)``; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2  # glibc 2.28 and later, musl 1.2.2 and later
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False  # no such system call, or a file system that cannot exchange
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_in(staging: Path, target: Path) -> None:
    """Put the complete folder ``staging`` at ``target``; the old output, if any, is removed afterwards."""
    os.chmod(staging, 0o755)  # mkdtemp makes it 0700
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old output
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-{os.getpid()}-", dir=target.parent))
    os.rename(target, aside)  # (a directory replaces the empty one mkdtemp made)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def write_output(target: Path, command: str, version: str, inputs: Mapping[str, str],
                 fill: Callable[[Path], object], **details: object) -> Path:
    """Write an output folder safely: ``fill(folder)`` writes the files, then the manifest, then the swap.

    Returns the resolved target. On any error the temporary folder is removed and ``target`` is untouched.
    """
    target = Path(os.path.abspath(target))
    staging = stage(target, command)
    try:
        fill(staging)
        (staging / MANIFEST_NAME).write_bytes(manifest_bytes(command, version, inputs, **details))
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target

"""A newcomer's first run: the main job works with nothing but what pip installed.

The installed console script runs with PATH holding only the virtual
environment's bin folder, so Debian's graphviz, fontconfig, chromium and
everything else `.ci/run` installs are out of reach, as on a fresh machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from hkgov_graph import outputs
from hkgov_graph.cli import main
from hkgov_graph.graph.build import build, out_of_date
from hkgov_graph.outputs import clean_leftovers, read_manifest, write_output
from hkgov_graph.resources import data_dir

VENV_BIN = Path(sys.executable).parent
SCRIPT = VENV_BIN / "hkgov-graph"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed beside this Python")
def test_build_with_only_the_venv_on_path(tmp_path: Path) -> None:
    """`hkgov-graph build` exits 0 with PATH = the venv's bin only: dumps, report and SVG pictures written."""
    env = {"PATH": str(VENV_BIN), "HOME": str(tmp_path)}
    for program in ("dot", "fc-list", "chromium"):
        found = subprocess.run(["/bin/sh", "-c", f"command -v {program}"], env=env, capture_output=True)
        assert found.returncode != 0, f"{program} should be out of reach"
    result = subprocess.run([str(SCRIPT), "build", "-o", str(tmp_path / "build")], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "build"
    for name in ("hkgov-graph.nq", "hkgov-graph.nt", "validation-report.txt",
                 "pictures/reporting.svg", "pictures/coverage.svg"):
        assert (out / name).stat().st_size > 0, name
    assert "駐北京辦事處" in (out / "pictures" / "reporting.svg").read_text(encoding="utf-8")
    notes = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(notes) == 1 and "apt-get install graphviz fonts-noto-cjk" in notes[0]
    assert "Traceback" not in result.stderr


REPO = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)|`(\.\./[^`]+)`")


def test_everything_the_readme_links_is_in_the_repository() -> None:
    """Every relative link in the README names a file in the repository, none outside it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = [a or b for a, b in LINK.findall(readme)]
    relative = [t for t in targets if "://" not in t]
    assert "docs/INTEROP.md" in relative
    for target in relative:
        path = (REPO / target).resolve()
        assert path.is_relative_to(REPO), f"README links outside the repository: {target}"
        assert path.exists(), f"README links a missing file: {target}"


# -- Outputs are never destroyed --

def fake_output(folder: Path, text: str) -> None:
    """What a command writes into its folder, small: two files whose contents say which run wrote them."""
    (folder / "hkgov-graph.nq").write_text(text)
    (folder / "sub").mkdir()
    (folder / "sub" / "part.txt").write_text(text)


def assert_complete(folder: Path, text: str) -> None:
    """``folder`` holds one whole output of the run that wrote ``text``: both files and the manifest."""
    assert (folder / "hkgov-graph.nq").read_text() == text
    assert (folder / "sub" / "part.txt").read_text() == text
    assert read_manifest(folder)["command"] == "build"


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def cli_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI in-process from ``tmp_path``; returns (exit code, stderr)."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str]:
        code = main(list(args))
        return code, capsys.readouterr().err
    return run


def test_build_refuses_a_folder_holding_a_users_file(tmp_path: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """`build -o DIR` where DIR holds the user's notes.txt: exit 2, one line, notes.txt still there."""
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("my notes")
    code, err = cli_in("build", "-o", "mine", "--no-pictures")
    assert code == 2 and err.count("\n") == 1 and "not an earlier output of `hkgov-graph build`" in err
    assert (tmp_path / "mine" / "notes.txt").read_text() == "my notes"
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["notes.txt"]


def test_build_refuses_a_regular_file(tmp_path: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """`build -o FILE`: exit 2, the file stays a file with its contents."""
    (tmp_path / "out.txt").write_text("keep")
    code, err = cli_in("build", "-o", "out.txt", "--no-pictures")
    assert code == 2 and "is a file, not a folder" in err
    assert (tmp_path / "out.txt").read_text() == "keep"


def test_build_refuses_the_data_folder(tmp_path: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """`build -o data` (the sources) is refused before anything is read or written."""
    shutil.copytree(data_dir(), tmp_path / "data")
    before = {p.name: p.read_bytes() for p in (tmp_path / "data").iterdir()}
    code, err = cli_in("build", "-o", "data", "--data", "data", "--no-pictures")
    assert code == 2 and "data is a folder with other files in it" in err
    assert {p.name: p.read_bytes() for p in (tmp_path / "data").iterdir()} == before


def test_publish_refuses_an_output_of_build(tmp_path: Path, built, cli_in) -> None:  # type: ignore[no-untyped-def]
    """`publish -o build/` (an output of another command) is refused; the build stays."""
    shutil.copytree(built.output_dir, tmp_path / "build")
    code, err = cli_in("publish", "-o", "build", "--input", "build/hkgov-graph.nq")
    assert code == 2 and "an output of `hkgov-graph build`" in err
    assert (tmp_path / "build" / "hkgov-graph.nq").read_bytes() == (built.output_dir / "hkgov-graph.nq").read_bytes()


def test_build_replaces_its_own_earlier_output_and_an_empty_folder(tmp_path: Path) -> None:
    """An empty folder and an earlier output of the same command are replaced; nothing is left beside them."""
    (tmp_path / "out").mkdir()
    write_output(tmp_path / "out", "build", "0", {}, lambda f: fake_output(f, "one"))
    write_output(tmp_path / "out", "build", "0", {}, lambda f: fake_output(f, "two"))
    assert_complete(tmp_path / "out", "two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("exchange_works", [True, False], ids=["renameat2", "two-renames"])
def test_a_failing_swap_keeps_the_old_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              exchange_works: bool) -> None:
    """The step that puts the new output in place fails: the old output is at the path, whole; no leftovers."""
    target = tmp_path / "build"
    write_output(target, "build", "0", {}, lambda f: fake_output(f, "old"))
    if exchange_works:
        monkeypatch.setattr(outputs, "exchange", lambda a, b: (_ for _ in ()).throw(OSError(5, "I/O error")))
    else:
        monkeypatch.setattr(outputs, "exchange", lambda a, b: False)
        real_rename = os.rename

        def rename(src: object, dst: object) -> None:
            if Path(str(dst)) == target and ".new-" in str(src):
                raise OSError(5, "I/O error")  # the second step of the fallback
            real_rename(src, dst)
        monkeypatch.setattr(outputs.os, "rename", rename)
    with pytest.raises(OSError):
        write_output(target, "build", "0", {}, lambda f: fake_output(f, "new"))
    assert_complete(target, "old")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


KILLED_RUN = """
import os, shutil, sys
from pathlib import Path
from hkgov_graph import outputs
step, target = sys.argv[1], Path(sys.argv[2])
def fill(folder):
    (folder / "hkgov-graph.nq").write_text("new")
    (folder / "sub").mkdir()
    (folder / "sub" / "part.txt").write_text("new")
def killed(*args, **kwargs):
    os._exit(9)  # a kill: no clean-up code runs
if step == "after-exchange":
    outputs.shutil.rmtree = killed  # the first step (exchange) is done, the removal of the old output never runs
else:
    outputs.exchange = lambda a, b: False
    real_rename = os.rename
    def rename(src, dst):
        if Path(dst) == target:
            killed()
        real_rename(src, dst)
    outputs.os.rename = rename  # old output set aside, then killed before the new one is in place
outputs.write_output(target, "build", "0", {}, fill)
"""


@pytest.mark.parametrize("step", ["after-exchange", "between-fallback-renames"])
def test_a_killed_swap_leaves_a_complete_output(tmp_path: Path, step: str) -> None:
    """A run killed in the middle of the swap: the path holds a whole output (at once with renameat2, after the
    next run's recovery with the fallback), and the next run removes the killed run's leftovers."""
    target = tmp_path / "build"
    write_output(target, "build", "0", {}, lambda f: fake_output(f, "old"))
    done = subprocess.run([sys.executable, "-c", KILLED_RUN, step, str(target)], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "build"]
    assert leftovers and all(name.startswith(".build.") for name in leftovers)
    if step == "after-exchange":
        assert_complete(target, "new")
    else:
        assert not target.exists()  # the fallback's window, documented in hkgov_graph.outputs
    clean_leftovers(target)  # what the next run of build or publish does first
    assert_complete(target, "new" if step == "after-exchange" else "old")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build"]


def test_leftovers_of_running_runs_are_kept(tmp_path: Path) -> None:
    """A temporary folder whose run is still going (its pid is alive) is not removed; a dead run's is."""
    alive = tmp_path / f".build.new-{os.getpid()}-abc123"
    dead = tmp_path / f".build.new-{dead_pid()}-def456"
    for folder in (alive, dead):
        folder.mkdir()
        (folder / "x").write_text("x")
    clean_leftovers(tmp_path / "build")
    assert alive.is_dir() and not dead.exists()


def test_publish_temporary_folders_of_killed_runs_are_removed() -> None:
    """/tmp/hkgov-graph-publish-<pid>-* of a dead run goes at the next publish; this run's own stays until done."""
    root = Path(tempfile.gettempdir())
    dead = root / f"hkgov-graph-publish-{dead_pid()}-zz9test"
    dead.mkdir()
    (dead / "build").mkdir()
    with outputs.temporary_folder("publish") as mine:
        assert not dead.exists()
        assert mine.name.startswith(f"hkgov-graph-publish-{os.getpid()}-") and mine.is_dir()
    assert not mine.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_renameat2_exchange_swaps_two_folders(tmp_path: Path) -> None:
    """On Linux the swap is one renameat2(RENAME_EXCHANGE): both names stay, their contents trade places."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").write_text("a")
    (tmp_path / "b").mkdir()
    assert outputs.exchange(tmp_path / "a", tmp_path / "b") is True
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"] and not any((tmp_path / "a").iterdir())


# -- Freshness by content --

def test_out_of_date_compares_contents_not_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Rewriting the sources with the same bytes (a reinstall) is not a change; one changed byte is, and is named."""
    sources = tmp_path / "installed-data"
    shutil.copytree(data_dir(), sources)
    monkeypatch.setattr("hkgov_graph.resources.data_dir", lambda: sources)  # the packaged data, as installed
    monkeypatch.chdir(tmp_path)
    build(Path("build"), with_extras=False)
    manifest = read_manifest(tmp_path / "build")
    assert manifest["inputs"][f"data/{sorted(sources.glob('*.ttl'))[0].name}"].startswith("sha256:")

    def note() -> str:
        assert main(["sparql", "ASK { ?s ?p ?o }", "--format", "json"]) == 0
        return capsys.readouterr().err

    assert out_of_date(tmp_path / "build") is None and "out of date" not in note()
    later = time.time() + 3600
    for path in sources.glob("*.ttl"):  # what `pip install` again does: same files, new times
        path.write_bytes(path.read_bytes())
        os.utime(path, (later, later))
    assert out_of_date(tmp_path / "build") is None and "out of date" not in note()
    changed = sorted(sources.glob("*.ttl"))[-1]
    changed.write_bytes(changed.read_bytes() + b"\n# an edit\n")
    os.utime(changed, (0, 0))  # even with an old time
    assert f"data/{changed.name} changed" in out_of_date(tmp_path / "build")
    assert f"data/{changed.name} changed" in note()

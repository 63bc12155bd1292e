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
from hkgov_graph.commands.arguments import quoted, shorten
from hkgov_graph.graph.build import build, out_of_date
from hkgov_graph.graph.load import parse_turtle, skolemize
from hkgov_graph.outputs import clean_leftovers, read_manifest, write_output
from hkgov_graph.resources import data_dir, ontology_dir
from inline import write_data

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


# -- Every input error is exit 2 with one line --

def data_with(tmp_path: Path, body: str, name: str = "zz-hostile.ttl") -> Path:
    """A copy of the real data plus one generated file (prefixes and source description, then ``body``)."""
    folder = tmp_path / "data"
    if not folder.exists():
        shutil.copytree(data_dir(), folder, ignore=shutil.ignore_patterns("*.md"))
    write_data(folder, body, with_context=False, name=name)
    return folder


def one_line(err: str) -> str:
    """The single line of an error message (and no traceback)."""
    assert err.endswith("\n") and err.count("\n") == 1, err[:500]
    assert "Traceback" not in err and "internal error" not in err
    return err


def test_long_rdf_list_loads(tmp_path: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """Legal Turtle: an RDF list of 500 items loads and validates (exit 0), no RecursionError."""
    items = " ".join(f'"item {i}"' for i in range(500))
    data = data_with(tmp_path, f"office:bjo dcterms:relation ( {items} ) .\n")
    assert cli_in("validate", "--data", str(data))[0] == 0


def test_deeply_nested_blank_nodes_load(tmp_path: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """Legal Turtle: 3,000 nested [ ] load and validate (exit 0); the same file gives the same IRIs twice."""
    depth = 3000
    data = data_with(tmp_path, "office:bjo dcterms:relation " + "[ dcterms:relation " * depth + '"core"'
                     + " ]" * depth + " .\n")
    assert cli_in("validate", "--data", str(data))[0] == 0
    triples = parse_turtle(data / "zz-hostile.ttl")
    once, twice = skolemize(triples), skolemize(list(reversed(triples)))
    assert len({t.subject for t in once if "genid" in t.subject.value}) == depth
    assert sorted(map(str, once)) == sorted(map(str, twice))


def test_huge_literal_is_refused_clearly(tmp_path: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """A 20 MB literal (past the RDF parser's 16 MiB token limit): exit 2, one line with file and line."""
    data = data_with(tmp_path, 'office:bjo dcterms:description "' + "長" * 7_000_000 + '"@zh-Hant .\n')
    line = len((data / "zz-hostile.ttl").read_text(encoding="utf-8").splitlines())
    code, err = cli_in("build", "--data", str(data), "-o", str(tmp_path / "out"), "--no-pictures")
    assert code == 2 and f"zz-hostile.ttl:{line}: " in one_line(err) and "16 MiB" in err
    assert len(err) < 400 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["２０１２-０２", "2012-０２", "٢٠١٢-02"])
def test_full_width_digits_in_data_dates(tmp_path: Path, cli_in, value: str) -> None:  # type: ignore[no-untyped-def]
    """Dates in the data take ASCII digits only: full-width or Arabic-Indic digits are exit 2 with file:line."""
    data = data_with(tmp_path, f'office:bjo schema:foundingDate "{value}"^^xsd:gYearMonth .\n')
    line = len((data / "zz-hostile.ttl").read_text(encoding="utf-8").splitlines())
    code, err = cli_in("validate", "--data", str(data))
    assert code == 2 and f"zz-hostile.ttl:{line}: " in one_line(err) and value in err


@pytest.mark.parametrize("args", [
    ["query", "mechanisms-by-founding-year", "--year", "２００３"],
    ["query", "reporting-line", "--unit", "駐京辦", "--as-of", "２０１２-０５"],
    ["query", "reporting-line", "--unit", "駐京辦", "--as-of", "2012-０５"],
    ["export", "reporting", "--as-of", "２０１０", "-o", "x.graphml"],
    ["query", "reporting-line", "--unit", "駐京辦", "--max-width", "８０"],
], ids=["year", "as-of", "as-of-month", "export-as-of", "max-width"])
def test_full_width_digits_in_parameters(nquads: Path, cli_in, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Parameters take ASCII digits only: `--year ２００３` is an error, not a query that finds nothing."""
    extra = ["--nquads", str(nquads)] if args[0] == "query" else []
    code, err = cli_in(*args, *extra)
    bad = next(a for a in args if any("０" <= ch <= "９" for ch in a))
    assert code == 2 and bad in one_line(err)


@pytest.mark.parametrize("command", [
    ["query", "reporting-line", "--unit", "駐京辦"], ["sparql", "ASK {}"], ["serve"],
    ["push", "--endpoint", "http://127.0.0.1:9/store"]], ids=["query", "sparql", "serve", "push"])
@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1", "１０"])
def test_timeouts_are_finite_and_positive(cli_in, command: list[str], value: str) -> None:  # type: ignore[no-untyped-def]
    """Every --timeout must be a finite number of seconds above 0 (`0` is not silently 30 s): exit 2."""
    code, err = cli_in(*command, "--timeout", value)
    assert code == 2 and "--timeout" in one_line(err) and f"'{value}'" in err


@pytest.mark.parametrize("value", ["99999", "65536", "-1", "８０８０", "http"])
def test_serve_port_range(cli_in, value: str) -> None:  # type: ignore[no-untyped-def]
    """`serve --port` takes 1-65535 (or 0, any free port): anything else is exit 2 before a server starts."""
    code, err = cli_in("serve", "--port", value)
    assert code == 2 and "1 to 65535" in one_line(err)


def test_invalid_utf8_argument(nquads: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """An argument that is not UTF-8 (Python's surrogate escapes) is exit 2 naming it, not an internal error."""
    code, err = cli_in("query", "reporting-line", "--nquads", str(nquads), "--unit", "\udcff\udcfe")
    assert code == 2 and "not valid UTF-8" in one_line(err) and "\\udcff" in err


def test_invalid_utf8_argument_from_a_shell(nquads: Path, tmp_path: Path) -> None:
    """The same with real bytes through the installed script (argv decoded by Python, not by the test)."""
    done = subprocess.run([os.fsencode(SCRIPT), b"query", b"reporting-line", b"--nquads", os.fsencode(nquads),
                           b"--unit", b"\xff\xfe"], capture_output=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and b"not valid UTF-8" in done.stderr and done.stderr.count(b"\n") == 1


def test_empty_ontology_folder(tmp_path: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """An empty --ontology folder is one input error (exit 2), not 1,570 'undeclared term' violations."""
    (tmp_path / "empty").mkdir()
    for command in ("validate", "build"):
        code, err = cli_in(command, "--ontology", "empty")
        assert code == 2 and "empty: no ontology files" in one_line(err)
    assert not (tmp_path / "build").exists()


def test_ontology_folder_without_shapes(tmp_path: Path, cli_in) -> None:  # type: ignore[no-untyped-def]
    """An ontology folder without shapes*.ttl is refused: nothing could be validated."""
    shutil.copytree(ontology_dir(), tmp_path / "onto", ignore=shutil.ignore_patterns("shapes*"))
    code, err = cli_in("validate", "--ontology", "onto")
    assert code == 2 and "no SHACL shapes" in one_line(err)


@pytest.mark.parametrize("query", ["SELECT ?s WHERE { ?s a hkg:BeijingOffice }", "ASK { ?s ?p ?o }"])
def test_ntriples_needs_a_graph_result(nquads: Path, cli_in, query: str) -> None:  # type: ignore[no-untyped-def]
    """`sparql --format ntriples` on a SELECT or ASK is a usage error, not Python reprs with exit 0."""
    code, err = cli_in("sparql", "--nquads", str(nquads), "--format", "ntriples", query)
    assert code == 2 and "--format ntriples" in one_line(err)


@pytest.mark.parametrize("args", [
    ["query", "reporting-line", "--unit", "{big}"], ["query", "reporting-line", "--unit", "駐京辦", "--as-of", "{big}"],
    ["query", "{big}"], ["sparql", "{big}"], ["query", "reporting-line", "--unit", "駐京辦", "--format", "{big}"],
    ["build", "--data", "{big}"]], ids=["name", "date", "question", "sparql", "format", "data-folder"])
def test_long_values_are_quoted_short(nquads: Path, cli_in, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A 1 MB value is quoted in about 100 characters with an ellipsis and its length, never whole."""
    big = "駐" + "x" * 999_999
    extra = ["--nquads", str(nquads)] if args[0] in ("query", "sparql") else []
    code, err = cli_in(*[big if a == "{big}" else a for a in args], *extra)
    assert code == 2 and len(one_line(err)) < 500 and "x" * 101 not in err
    if "駐x" in err:  # the message names the value: cut, with an ellipsis and its length
        assert ("x…" in err and "(1,000,000 characters)" in err) or "(1,000,00" in err


def test_violation_names_the_file_that_states_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A violation about the Beijing Office (described in many files) names the file with the bad statement."""
    data = data_with(tmp_path, "office:bjo schema:areaServed office:gdeto .\n", name="zz-wrong.ttl")
    line = len((data / "zz-wrong.ttl").read_text(encoding="utf-8").splitlines())
    assert main(["validate", "--data", str(data)]) == 1
    report = capsys.readouterr().out
    assert f"where:  {data / 'zz-wrong.ttl'}:{line}" in report, report


def test_shorten_keeps_short_values_and_one_line() -> None:
    """Short quoted values stay whole; control characters (a terminal escape, a carriage return) are escaped."""
    assert shorten("no resource is named '駐京辦'") == "no resource is named '駐京辦'"
    assert shorten("bad 'a\x1b[2Jb\r'") == "bad 'a\\x1b[2Jb\\r'"
    assert quoted("x" * 150) == "'" + "x" * 100 + "…' (150 characters)"


def test_every_output_run_removes_dead_temporary_folders(tmp_path: Path) -> None:
    """A build (any run that writes an output) also removes /tmp/hkgov-graph-publish-<dead pid>-* folders."""
    dead = Path(tempfile.gettempdir()) / f"hkgov-graph-publish-{dead_pid()}-zz8test"
    dead.mkdir()
    write_output(tmp_path / "out", "build", "0", {}, lambda f: fake_output(f, "one"))
    assert not dead.exists()

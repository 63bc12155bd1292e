"""`hkgov-graph build` and `validate`: the dumps, determinism, and clear errors on bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph.cli import main
from hkgov_graph.graph.build import BuildResult
from hkgov_graph.outputs import MANIFEST_NAME, manifest_bytes
from hkgov_graph.resources import data_dir
from inline import write_data

GRAPH = "https://w3id.org/hkgov-graph/graph/"


def copy_data(tmp_path: Path) -> Path:
    """A private copy of the real data folder a test may break."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target, ignore=shutil.ignore_patterns("*.md"))
    return target


def test_build_writes_dumps(built: BuildResult) -> None:
    """The build writes N-Quads with one graph per source and N-Triples with their union."""
    nq = built.output_dir / "hkgov-graph.nq"
    nt = built.output_dir / "hkgov-graph.nt"
    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    graphs = {g.value for g in store.named_graphs()}
    expected_sources = {GRAPH + name for name in (
        "wikipedia-beijing-office", "wikipedia-mainland-etos", "legco-cb2-2193-11-12-01",
        "wikipedia-guangdong-eto", "wikipedia-beijing-offices")}
    assert expected_sources <= graphs
    assert GRAPH + "inferred" in graphs
    union = ox.Store()
    union.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    assert len(union) == len({(q.subject, q.predicate, q.object) for q in store})


def test_language_tags_keep_conventional_case(built: BuildResult) -> None:
    """Script subtags are written zh-Hant / zh-Hans in the dumps, as docs/INTEROP.md promises."""
    text = (built.output_dir / "hkgov-graph.nq").read_text(encoding="utf-8")
    assert '"@zh-Hant ' in text and "@zh-hant" not in text


def test_same_input_same_bytes(built: BuildResult, tmp_path: Path) -> None:
    """A second build of the same data gives byte-identical dumps."""
    assert main(["build", "-o", str(tmp_path / "again"), "--no-pictures"]) == 0
    for name in ("hkgov-graph.nq", "hkgov-graph.nt"):
        assert (tmp_path / "again" / name).read_bytes() == (built.output_dir / name).read_bytes()


def test_validate_command_on_real_data(capsys: pytest.CaptureFixture[str]) -> None:
    """`hkgov-graph validate` exits 0 and says the data conforms."""
    assert main(["validate"]) == 0
    assert "Conforms: yes" in capsys.readouterr().out


def test_validate_reports_file_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A SHACL violation is reported with focus, message and file:line, exit code 1."""
    data = copy_data(tmp_path)
    write_data(data, "unit:broken a hkg:LiaisonUnit ; skos:prefLabel \"壞聯絡處\"@zh-Hant .\n",
               with_context=False, name="zz-broken.ttl")
    assert main(["validate", "--data", str(data)]) == 1
    out = capsys.readouterr().out
    assert "unit:broken" in out and "zz-broken.ttl:" in out and "org:unitOf" in out


def run_build_expecting_failure(tmp_path: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    out_dir = tmp_path / "build"
    out_dir.mkdir()
    (out_dir / "previous.txt").write_text("previous build")
    (out_dir / MANIFEST_NAME).write_bytes(manifest_bytes("build", "0", {}))  # an earlier build's folder
    code = main(["build", "--data", str(data), "-o", str(out_dir), "--no-pictures"])
    err = capsys.readouterr().err
    assert (out_dir / "previous.txt").read_text() == "previous build", "the previous build must stay untouched"
    assert sorted(p.name for p in out_dir.iterdir()) == [MANIFEST_NAME, "previous.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "data"], "no temporary folder is left"
    assert "Traceback" not in err
    return code, err


def test_malformed_turtle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad Turtle: exit 2, the file and line named, the previous build kept."""
    data = copy_data(tmp_path)
    path = write_data(data, "office:bjo schema:location region:beijing\noffice:bjo a hkg:BeijingOffice .\n",
                      with_context=False, name="zz-bad.ttl")
    line = len(path.read_text(encoding="utf-8").splitlines())
    code, err = run_build_expecting_failure(tmp_path, data, capsys)
    assert code == 2
    assert f"zz-bad.ttl:{line}:" in err and "malformed Turtle" in err


def test_impossible_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A date like 2015-13-40: exit 2, the file and line named."""
    data = copy_data(tmp_path)
    path = write_data(data, 'unit:x schema:foundingDate "2015-13-40"^^xsd:date .\n', with_context=False,
                      name="zz-date.ttl")
    line = len(path.read_text(encoding="utf-8").splitlines())
    code, err = run_build_expecting_failure(tmp_path, data, capsys)
    assert code == 2
    assert f"zz-date.ttl:{line}:" in err and "2015-13-40" in err


def test_unknown_class(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown class: exit 1 (does not conform), the term, file and line named."""
    data = copy_data(tmp_path)
    path = write_data(data, 'office:new a hkg:EconomicTradeOffice ; skos:prefLabel "新辦"@zh-Hant .\n',
                      with_context=False, name="zz-class.ttl")
    line = len(path.read_text(encoding="utf-8").splitlines())
    code, err = run_build_expecting_failure(tmp_path, data, capsys)
    assert code == 1
    assert "EconomicTradeOffice" in err and f"zz-class.ttl:{line}" in err


def test_end_before_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An event that ends before it starts: exit 1, the file and line named."""
    data = copy_data(tmp_path)
    path = write_data(data, 'event:x a hkg:PromotionEvent ; skos:prefLabel "香港周"@zh-Hant ;\n'
                            '  schema:organizer office:bjo ; schema:location region:beijing ;\n'
                            '  schema:startDate "2004-06-01"^^xsd:date ;\n'
                            '  schema:endDate "2004-05-26"^^xsd:date .\n', with_context=False, name="zz-end.ttl")
    line = len(path.read_text(encoding="utf-8").splitlines())
    code, err = run_build_expecting_failure(tmp_path, data, capsys)
    assert code == 1
    assert f"zz-end.ttl:{line}" in err and "end is earlier than the beginning" in err


def test_file_without_source_description(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A data file that does not say which document it comes from is refused (exit 2)."""
    data = copy_data(tmp_path)
    (data / "zz-anonymous.ttl").write_text("<https://w3id.org/hkgov-graph/id/office/x> a "
                                           "<https://w3id.org/hkgov-graph/ontology#BeijingOffice> .\n")
    code, err = run_build_expecting_failure(tmp_path, data, capsys)
    assert code == 2
    assert "zz-anonymous.ttl" in err and "exactly one graph" in err


def test_console_script_end_to_end(tmp_path: Path) -> None:
    """The installed `hkgov-graph` script runs the main job."""
    script = Path(sys.executable).with_name("hkgov-graph")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "hkgov_graph"]
    result = subprocess.run([*command, "build", "-o", str(tmp_path / "out"), "--no-pictures"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "hkgov-graph.nq").stat().st_size > 0

"""The build's sorted dumps: the dataset's triple count taken from the sorted N-Triples dump and its line
put in place, with the same bytes as counting in SPARQL and sorting in Python (the way without GNU sort)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hkgov_graph.graph import dumps
from hkgov_graph.graph.build import BuildResult, build

DATASET_TRIPLES = b"<https://w3id.org/hkgov-graph/dataset> <http://rdfs.org/ns/void#triples> "


def test_without_gnu_sort_the_same_bytes(built: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting in SPARQL and sorting in Python give the dumps the streamed way gives."""
    dumps.gnu_sort.cache_clear()
    monkeypatch.setattr(dumps, "gnu_sort", lambda: None)
    other = build(tmp_path / "build", with_extras=False)
    for name in ("hkgov-graph.nq", "hkgov-graph.nt"):
        assert (other.output_dir / name).read_bytes() == (built.output_dir / name).read_bytes(), name
    assert other.quad_count == built.quad_count


def test_the_count_is_the_union_s_triples(built: BuildResult) -> None:
    """void:triples states the lines of the N-Triples dump (each a distinct triple), itself included."""
    triples = (built.output_dir / "hkgov-graph.nt").read_bytes().splitlines()
    stated = [line for line in triples if line.startswith(DATASET_TRIPLES)]
    assert len(stated) == 1
    assert stated[0].split(b'"')[1] == str(len(triples)).encode()


@pytest.mark.parametrize(("lines", "line", "expected"), [
    ([b"b", b"d"], b"a", [b"a", b"b", b"d"]),
    ([b"b", b"d"], b"c", [b"b", b"c", b"d"]),
    ([b"b", b"d"], b"e", [b"b", b"d", b"e"]),
    ([b"b", b"d"], b"d", [b"b", b"d"]),  # there already: kept once
    ([b"ab", b"abd"], b"abc", [b"ab", b"abc", b"abd"]),  # bytes order, as sort with LC_ALL=C
    ([], b"a", [b"a"]),
])
@pytest.mark.parametrize("block_size", [1, 3, 1 << 24])
def test_insert_line(tmp_path: Path, lines: list[bytes], line: bytes, expected: list[bytes],
                     block_size: int) -> None:
    path = tmp_path / "sorted"
    path.write_bytes(b"".join(x + b"\n" for x in lines))
    dumps._insert_line(path, line + b"\n", block_size)
    assert path.read_bytes() == b"".join(x + b"\n" for x in expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sorted"]

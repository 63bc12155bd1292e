"""``hkgov-graph build``: load, validate, infer and write the dumps.

Outputs go to a fresh temporary folder next to the target and replace the
previous ``build/`` only once everything has been written, so a failure
(malformed Turtle, a SHACL violation, a failing check) leaves the previous
build untouched. N-Triples and N-Quads are written sorted, so the same input
always gives the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph.errors import NotConformingError
from hkgov_graph.graph.dataset import describe_dataset
from hkgov_graph.graph.infer import describe_inferred_graph, materialise
from hkgov_graph.graph.load import LoadedDataset, load_dataset
from hkgov_graph.graph.validate import ValidationReport, validate

if TYPE_CHECKING:
    import pyoxigraph as ox

NQUADS_NAME = "hkgov-graph.nq"
NTRIPLES_NAME = "hkgov-graph.nt"
REPORT_NAME = "validation-report.txt"

# Extra outputs written into the build folder after the dumps: (name, writer).
# Each writer gets the finished store and the (temporary) build folder, and
# returns notes for the user (one line each: what it could not do, and how to).
ExtraWriter = Callable[["ox.Store", Path], "list[str] | None"]


@dataclass
class BuildResult:
    """What a build produced."""

    output_dir: Path
    quad_count: int
    inferred_count: int
    report: ValidationReport
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_LANGUAGE_TAG = re.compile(rb'"@([a-z]{2,3})-([a-z]{4})\b')


def conventional_language_tags(data: bytes) -> bytes:
    """Write script subtags in their conventional case (zh-Hant, not zh-hant).

    Oxigraph lower-cases language tags; tags compare case-insensitively, but
    clients that test ``LANG(?x) = "zh-Hant"`` expect the registered form.
    """
    return _LANGUAGE_TAG.sub(lambda m: b'"@' + m[1] + b"-" + m[2].capitalize(), data)


def sorted_lines(data: bytes) -> bytes:
    """Sort the lines of an N-Triples or N-Quads document (deterministic output)."""
    lines = sorted(set(conventional_language_tags(data).splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def serialise(store: ox.Store) -> tuple[bytes, bytes]:
    """The whole store as sorted N-Quads and the union of its graphs as sorted N-Triples."""
    import pyoxigraph as ox

    nquads = sorted_lines(store.dump(format=ox.RdfFormat.N_QUADS))
    union = ox.Store()
    union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store)
    ntriples = sorted_lines(union.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()))
    return nquads, ntriples


def prepare(data: Path | None = None, ontology: Path | None = None) -> tuple[LoadedDataset, ValidationReport]:
    """Load and validate; raise :class:`NotConformingError` when the data does not conform."""
    dataset = load_dataset(data, ontology)
    report = validate(dataset, ontology, None)
    if not report.conforms:
        raise NotConformingError(
            f"the data does not conform ({len(report.violations)} violations); nothing was written\n"
            + report.to_text())
    return dataset, report


def extra_writers() -> list[tuple[str, ExtraWriter]]:
    """Further outputs of the build (pictures), found lazily so a missing optional part does not break it."""
    writers: list[tuple[str, ExtraWriter]] = []
    try:
        from hkgov_graph.export.pictures import write_build_pictures
    except ImportError:
        return writers
    writers.append(("pictures", write_build_pictures))
    return writers


def build(output_dir: Path = Path("build"), data: Path | None = None, ontology: Path | None = None,
          with_extras: bool = True) -> BuildResult:
    """Run the whole build and replace ``output_dir`` atomically."""
    dataset, report = prepare(data, ontology)
    inferred = infer_all(dataset)
    nquads, ntriples = serialise(dataset.store)

    output_dir = output_dir.resolve()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}-", dir=output_dir.parent))
    try:
        (staging / NQUADS_NAME).write_bytes(nquads)
        (staging / NTRIPLES_NAME).write_bytes(ntriples)
        (staging / REPORT_NAME).write_text(report.to_text() + "\n", encoding="utf-8")
        notes: list[str] = []
        if with_extras:
            for _, writer in extra_writers():
                notes.extend(writer(dataset.store, staging) or [])
        replace_dir(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    files = sorted(p for p in output_dir.rglob("*") if p.is_file())
    return BuildResult(output_dir, nquads.count(b"\n"), inferred, report, files, notes)


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``: two renames, so readers never see a half-written folder."""
    os.chmod(new, 0o755)
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def sources_newer_than(dump: Path) -> bool:
    """Whether any packaged data or ontology file changed after ``dump`` was written."""
    from hkgov_graph.resources import data_dir, ontology_dir

    written = dump.stat().st_mtime
    return any(p.stat().st_mtime > written for folder in (data_dir(), ontology_dir()) for p in folder.glob("*.ttl"))


def infer_all(dataset: LoadedDataset) -> int:
    """Materialise the standard terms and describe the inferred graph and the dataset; returns the count inferred."""
    describe_inferred_graph(dataset.store, dataset.data_graphs)
    inferred = materialise(dataset.store)
    describe_dataset(dataset.store, dataset.data_graphs)
    return inferred


def default_nquads() -> Path:
    """Where the build writes the N-Quads dump by default."""
    return Path("build") / NQUADS_NAME

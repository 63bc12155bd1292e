"""``hkgov-graph build``: load, validate, infer and write the dumps.

Outputs go to a fresh temporary folder next to the target and replace the
previous ``build/`` only once everything has been written, so a failure
(malformed Turtle, a SHACL violation, a failing check) leaves the previous
build untouched; ``-o`` never overwrites anything but an earlier build, and
the folder's manifest records the SHA-256 of every input so that "out of
date" compares contents (:mod:`hkgov_graph.outputs`). N-Triples and N-Quads are written sorted, so the same input
always gives the same bytes (:mod:`hkgov_graph.graph.dumps`: streamed, memory bounded).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.errors import NotConformingError
from hkgov_graph.graph.beside import Beside
from hkgov_graph.graph.dataset import describe_dataset, triples_statement
from hkgov_graph.graph.dumps import write_sorted_dumps
from hkgov_graph.graph.freshness import NQUADS_NAME, NTRIPLES_NAME, build_inputs
from hkgov_graph.graph.freshness import default_nquads as default_nquads  # for callers of the earlier API
from hkgov_graph.graph.freshness import out_of_date as out_of_date  # for callers of the earlier API
from hkgov_graph.graph.infer import describe_inferred_graph, materialise
from hkgov_graph.graph.load import LoadedDataset, check_input_folder, load_dataset
from hkgov_graph.graph.persistent import STORE_NAME, StoreWriter, store_path, write_stamp, write_store
from hkgov_graph.graph.validate import ValidationReport
from hkgov_graph.outputs import MANIFEST_NAME
from hkgov_graph.query.name_file import write_name_file
from hkgov_graph.query.names import NameIndex
from hkgov_graph.query.stores import EmbeddedStore

if TYPE_CHECKING:
    import pyoxigraph as ox

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
    """Load and validate; raise :class:`NotConformingError` when the data does not conform.

    Validation runs each SHACL constraint as a SPARQL query on the store
    (:func:`hkgov_graph.graph.validate_fast.validate_by_shape`): the same report
    as pySHACL, result for result (``tests/test_generator.py``), about seven
    times faster and in a sixth of the memory at a million triples; for shapes
    it cannot translate it falls back to pySHACL itself.
    """
    dataset = load_dataset(data, ontology)
    return dataset, checked(dataset, ontology)


def checked(dataset: LoadedDataset, ontology: Path | None = None) -> ValidationReport:
    """The validation report of the loaded sources; :class:`NotConformingError` when they do not conform."""
    from hkgov_graph.graph.validate_fast import validate_by_shape

    report = validate_by_shape(dataset, ontology, None)
    if not report.conforms:
        raise NotConformingError(
            f"the data does not conform ({len(report.violations)} violations); nothing was written\n"
            + report.to_text())
    return report


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
    """Run the whole build and put the new ``output_dir`` in place atomically (see :mod:`hkgov_graph.outputs`)."""
    import pyoxigraph as ox

    from hkgov_graph import __version__
    from hkgov_graph.outputs import check_target, write_output

    check_target(Path(os.path.abspath(output_dir)), "build")  # refuse before the work, not after
    # the input folders first: build_inputs below lists them, and a bad --data must be a clear error
    for folder, what in ((data, "data"), (ontology, "ontology")):
        if folder is not None:
            check_input_folder(folder, what)
    notes: list[str] = []
    done: dict[str, int] = {}
    reports: list[ValidationReport] = []

    def fill(staging: Path) -> None:
        # The on-disk store every command opens read-only instead of loading the dump (graph/persistent.py),
        # written beside the work: the sources while they are validated and inferred from, the inferred graph
        # as the build adds to it. Nothing but the inferred graph changes after the sources are loaded.
        writer = StoreWriter(store_path(staging / NQUADS_NAME))
        validation: Beside[ValidationReport] | None = None
        try:
            dataset = load_dataset(data, ontology)
            # validation reads the sources only, the inference adds to the inferred graph only: side by side
            validation = Beside(lambda: checked(dataset, ontology))
            writer.add(dataset.store)
            done["inferred"] = infer_all(dataset, added=lambda text: writer.add_text(text, ns.INFERRED_GRAPH),
                                         count=False)
            report = validation.result()
            reports.append(report)
            counted: list[ox.Quad] = []

            def count_statement(count: int) -> ox.Quad:
                counted.append(triples_statement(count))
                return counted[-1]

            sha256, done["quads"] = write_sorted_dumps(dataset.store, staging / NQUADS_NAME,
                                                       staging / NTRIPLES_NAME, count_statement)
            writer.add_text(ox.serialize([q.triple for q in counted], format=ox.RdfFormat.N_TRIPLES) or b"",
                            ns.INFERRED_GRAPH)
            (staging / REPORT_NAME).write_text(report.to_text() + "\n", encoding="utf-8")
            if with_extras:
                for _, writer_of_extra in extra_writers():
                    notes.extend(writer_of_extra(dataset.store, staging) or [])
            quads = writer.finish()
        except BaseException:
            if validation is not None:
                validation.cancel()
            writer.abort()
            raise
        if quads == done["quads"]:
            write_stamp(staging / NQUADS_NAME, sha256, quads)
        else:  # never expected: the dump is what counts, so the store is loaded from it after all
            write_store(staging / NQUADS_NAME, sha256)
        # the names every command resolves (駐京辦, GDETO, ...), normalised once here (query/name_file.py)
        write_name_file(NameIndex.from_store(EmbeddedStore(dataset.store)), staging / NQUADS_NAME)

    output_dir = write_output(output_dir, "build", __version__, build_inputs(data, ontology), fill,
                              packaged_inputs=data is None and ontology is None)
    files = sorted(p for p in output_dir.rglob("*")
                   if p.is_file() and p.name != MANIFEST_NAME and p.relative_to(output_dir).parts[0] != STORE_NAME)
    return BuildResult(output_dir, done["quads"], done["inferred"], reports[0], files, notes)


def infer_all(dataset: LoadedDataset, added: Callable[[bytes], None] | None = None, count: bool = True) -> int:
    """Materialise the standard terms and the time model, describe the inferred graph and the dataset.

    Returns the count inferred. The time model comes first (it reads only the
    source graphs), so that the rules also state its standard terms
    (time:hasTime, prov:Entity, time:TemporalEntity), and before the dataset
    description (which counts it). ``added`` gets everything added to the
    inferred graph, as N-Triples text, as it is added (the on-disk store's share).
    Without ``count`` the dataset's triple count is left to the dumps
    (:func:`hkgov_graph.graph.dumps.write_sorted_dumps`).
    """
    import pyoxigraph as ox

    from hkgov_graph.temporal.materialise import materialise as materialise_time

    describe_inferred_graph(dataset.store, dataset.data_graphs)
    if added is not None:
        added(dataset.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(ns.INFERRED_GRAPH)) or b"")
    inferred = materialise_time(dataset.store, added)
    inferred += materialise(dataset.store, added=added)
    describe_dataset(dataset.store, dataset.data_graphs, added=added, count=count)
    return inferred

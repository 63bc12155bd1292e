"""Validation against a peer: pySHACL, the project's ``validate_by_shape`` and rudof on the same data.

rudof (``pyrudof`` on PyPI) is an independent SHACL engine written in Rust.
The three engines validate the same union (the data graphs and the ontology)
against the same shapes (``ontology/shapes*.ttl``), on the synthetic data
plus ``benchmarks/faults.ttl`` (one fault for each kind of constraint the
shapes use), so that their reports are not empty and can be compared result
for result. Each engine runs in its own worker process (time and peak memory
its own); each writes its results as keys (focus node, path, value) to a
JSON file, and :func:`compare` sets them side by side:

- agreement: the results every engine reports, and those only some report;
- support: for each constraint component the shapes use, how many of
  pySHACL's results (the reference: it implements all of SHACL Core) the
  engine reports too. An engine that reports all of them on this data
  supports the constraint as the shapes use it.

pySHACL is timed alone, on an rdflib graph converted beforehand; rudof's
time is reading the N-Triples file (written beforehand) plus validating,
both reported; ``validate_by_shape`` runs on the loaded store, the quality
checks included (as the build would run it), and only its SHACL results are
compared.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

FAULTS = Path(__file__).resolve().parent / "faults.ttl"
ENGINES = ("pyshacl", "by-shape", "rudof")
SH = "http://www.w3.org/ns/shacl#"

Key = tuple[str, str, str]  # focus node, path, value ("" when there is none)


def with_faults(data: Path, folder: Path) -> Path:
    """A data folder holding links to every file of ``data`` plus the faults file; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for path in sorted(data.iterdir()):
        os.symlink(path.resolve(), folder / path.name)
    (folder / "synthetic-faults.ttl").write_bytes(FAULTS.read_bytes())
    return folder


def _rudof_text(term: object) -> str:
    """A term as rudof prints it (``"lexical"^^<datatype>``, ``"text"@lang``, an IRI) as the bare value."""
    text = "" if term is None else str(term)
    if text.startswith('"'):
        end = text.rfind('"')
        return json.loads(text[: end + 1]) if end > 0 else text
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    return text


def run_engine(engine: str, data: Path, work: Path) -> tuple[Any, Any]:
    """Prepare ``engine`` on ``data`` (not timed); a function that validates (timed), and one that turns
    its report into (key, constraint component) pairs."""
    from hkgov_graph import namespaces as ns
    from hkgov_graph.graph.load import load_dataset
    from hkgov_graph.graph.validate import union_as_rdflib
    from hkgov_graph.graph.validate_fast import read_shapes, validate_by_shape

    dataset = load_dataset(data)
    if engine == "pyshacl":
        import pyshacl
        import rdflib

        graph = union_as_rdflib(dataset.store, [*dataset.data_graphs, ns.ONTOLOGY_GRAPH])
        shapes = read_shapes()

        def run() -> Any:
            return pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True,
                                    allow_infos=True, advanced=True)[1]

        def keys(report: rdflib.Graph) -> list[tuple[Key, str]]:
            sh = rdflib.Namespace(SH)
            out = []
            for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
                def one(p: rdflib.URIRef, r: Any = result) -> str:
                    value = report.value(r, p)
                    return "" if value is None else str(value)
                out.append(((one(sh.focusNode), one(sh.resultPath), one(sh.value)), one(sh.sourceConstraintComponent)))
            return out
        return run, keys

    if engine == "by-shape":
        def run() -> Any:
            return validate_by_shape(dataset)

        def keys(report: Any) -> list[tuple[Key, str]]:
            return [((r.focus, r.path or "", r.value or ""), "") for r in report.results
                    if not r.check.endswith(".rq")]  # the quality checks are no SHACL
        return run, keys

    if engine == "rudof":
        import pyoxigraph as ox
        import pyrudof

        union = work / "union.nt"
        with union.open("wb") as out:
            for graph in [*dataset.data_graphs, ns.ONTOLOGY_GRAPH]:
                dataset.store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        del dataset
        shapes_file = work / "shapes.ttl"  # rudof reads one shapes graph: the project's files, merged
        read_shapes().serialize(shapes_file, format="turtle")

        def run() -> Any:
            rudof = pyrudof.Rudof(pyrudof.RudofConfig())
            rudof.read_data(str(union), format=pyrudof.RDFFormat.NTriples)
            rudof.read_shacl(str(shapes_file))
            return rudof.validate_shacl()

        def keys(report: Any) -> list[tuple[Key, str]]:
            return [((_rudof_text(e.focus_node), _rudof_text(e.path), _rudof_text(e.value)),
                     str(e.constraint_component)) for e in report]
        return run, keys
    raise SystemExit(f"unknown engine {engine!r} (one of {', '.join(ENGINES)})")


def stage_peer(args: argparse.Namespace) -> dict[str, Any]:
    """One engine on ``--data`` (with the faults), timed; its result keys written to ``--keys``."""
    from benchmarks.worker import measure

    work = Path(args.keys).parent
    run, keys = run_engine(args.engine, Path(args.data), work)
    measured = measure(run, args.reps, args.budget)
    found = keys(run())
    Path(args.keys).write_text(json.dumps(sorted([list(k), c] for k, c in found)), encoding="utf-8")
    return {"validate": measured, "engine": args.engine, "results": len(found)}


# -- Comparison --

def read_keys(path: Path) -> list[tuple[Key, str]]:
    return [(tuple(k), c) for k, c in json.loads(path.read_text(encoding="utf-8"))]  # type: ignore[misc]


def compare(found: dict[str, list[tuple[Key, str]]]) -> dict[str, Any]:
    """Agreement of the engines' results, and support per constraint component (pySHACL as reference)."""
    sets = {engine: Counter(k for k, _ in pairs) for engine, pairs in found.items()}
    every = set.union(*(set(s) for s in sets.values())) if sets else set()
    differing = sorted(k for k in every if len({s[k] for s in sets.values()}) > 1)
    reference = found.get("pyshacl", [])
    component = {k: c.rsplit("#", 1)[-1] for k, c in reference}
    support: dict[str, dict[str, int]] = {}
    for key, name in component.items():
        row = support.setdefault(name, {"pyshacl": 0, **{e: 0 for e in sets if e != "pyshacl"}})
        for engine, counted in sets.items():
            row[engine] += 1 if counted[key] else 0
    return {
        "agree": not differing,
        "results": {engine: sum(s.values()) for engine, s in sets.items()},
        "differing": [{"key": list(k), **{e: s[k] for e, s in sets.items()},
                       "component": component.get(k, "")} for k in differing[:40]],
        "support": dict(sorted(support.items())),
    }

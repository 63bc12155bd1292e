"""One measurement stage, run in its own process so that its peak memory is its own.

    python -m benchmarks.worker STAGE --data DIR --dump FILE [--reps N] [...]

prints one JSON object on its last line of output: the timings (every run, in
seconds), what was measured and ``peak_rss_mb`` (``ru_maxrss`` of the
process). ``benchmarks/__main__.py`` starts one worker per stage and size,
with a timeout, and kills it by its pid when the timeout passes.

Timing policy, the same for every engine: one warm-up run that is not
counted (unless it took over a second: then it is the first measurement),
then up to ``reps`` runs, stopping early once ``budget`` seconds are spent.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

SLOW_WARM_UP = 1.0  # seconds: a warm-up this slow counts as a measurement


def measure(run: Callable[[], Any], reps: int, budget: float) -> dict[str, Any]:
    """Time ``run``: min, median and every run, in seconds; ``value`` is what the last run returned
    when it is a number (rows, say)."""
    started = time.perf_counter()
    value = run()
    first = time.perf_counter() - started
    times = [first] if first >= SLOW_WARM_UP else []
    while len(times) < reps and (not times or sum(times) < budget):
        started = time.perf_counter()
        value = run()
        times.append(time.perf_counter() - started)
    result: dict[str, Any] = {"min": min(times), "median": statistics.median(times), "runs": times}
    if isinstance(value, int):
        result["value"] = value
    return result


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timeout(Exception):
    pass


def with_alarm(seconds: int, run: Callable[[], Any]) -> Any:
    """Run ``run``, raising :class:`Timeout` after ``seconds`` (pure-Python work only, such as rdflib's engine)."""
    def ring(signum: int, frame: object) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        return run()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- Load, validate, build --

def stage_load(args: argparse.Namespace) -> dict[str, Any]:
    """``hkgov_graph.graph.load.load_dataset`` of the Turtle files."""
    from hkgov_graph.graph.load import load_dataset

    quads = len(load_dataset(args.data).store)
    return {"load": measure(lambda: load_dataset(args.data), args.reps, args.budget), "quads": quads}


def stage_bulk_load(args: argparse.Namespace) -> dict[str, Any]:
    """The baseline: pyoxigraph's ``Store.bulk_load`` of the built N-Quads dump."""
    import pyoxigraph as ox

    def load() -> ox.Store:
        store = ox.Store()
        store.bulk_load(path=args.dump, format=ox.RdfFormat.N_QUADS)
        return store

    return {"bulk_load": measure(load, args.reps, args.budget), "quads": len(load())}


def stage_validate(args: argparse.Namespace) -> dict[str, Any]:
    """One way to validate the loaded data (``--mode``); ``pyshacl-raw`` is pySHACL alone on a ready rdflib graph."""
    from hkgov_graph import namespaces as ns
    from hkgov_graph.graph.load import load_dataset
    from hkgov_graph.graph.validate import union_as_rdflib, validate
    from hkgov_graph.graph.validate_fast import read_shapes, validate_by_shape, validate_per_graph

    dataset = load_dataset(args.data)
    if args.mode == "pyshacl-raw":
        import pyshacl

        data = union_as_rdflib(dataset.store, [*dataset.data_graphs, ns.ONTOLOGY_GRAPH])
        shapes = read_shapes()

        def run() -> Any:
            return pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                    allow_infos=True, advanced=True)[0]
    else:
        function = {"validate": validate, "per-graph": validate_per_graph, "by-shape": validate_by_shape}[args.mode]

        def run() -> Any:
            report = function(dataset)
            if not report.conforms:
                raise SystemExit(f"the synthetic data does not conform:\n{report.to_text()[:2000]}")
            return report

    return {"validate": measure(run, args.reps, args.budget), "mode": args.mode}


def stage_dump(args: argparse.Namespace) -> dict[str, Any]:
    """The build without validation: load, infer, serialise; writes the N-Quads dump to ``--dump``
    for the later stages (and is the baseline of the build). The inference is the build's own
    (``infer_all``: the time model, the rules, the dataset description), so that the as-of
    questions measured on the dump read the model and the reference date, as on a real build."""
    from hkgov_graph.graph.build import infer_all, serialise
    from hkgov_graph.graph.load import load_dataset

    result: dict[str, Any] = {}

    def run() -> None:
        dataset = load_dataset(args.data)
        result["inferred"] = infer_all(dataset)
        nquads, _ = serialise(dataset.store)
        args.dump.write_bytes(nquads)
        result["quads"] = nquads.count(b"\n")

    timing = measure(run, args.reps, args.budget)
    return {"dump": timing, **result}


def stage_dump_ondisk(args: argparse.Namespace) -> dict[str, Any]:
    """The same pipeline on an on-disk store, for data whose build does not fit in memory: each Turtle
    file loaded into the store as it is read (``load_dataset(store=...)``), the inference run there,
    the union validated shape by shape there, and the N-Quads written straight from the store (not
    sorted: the in-memory build sorts them for byte-identical output). Each step timed once."""
    import shutil

    import pyoxigraph as ox

    from hkgov_graph.graph.build import infer_all
    from hkgov_graph.graph.load import load_dataset
    from hkgov_graph.graph.validate_fast import validate_by_shape

    folder = args.dump.parent / "ondisk-store"
    shutil.rmtree(folder, ignore_errors=True)
    steps: dict[str, float] = {}
    started = time.perf_counter()
    dataset = load_dataset(args.data, store=ox.Store(str(folder)))
    steps["load"] = time.perf_counter() - started
    progress("loaded", {"load": steps["load"]})
    started = time.perf_counter()
    report = validate_by_shape(dataset)
    steps["validate_by_shape"] = time.perf_counter() - started
    progress("validated", {"validate_by_shape": steps["validate_by_shape"], "conforms": report.conforms})
    started = time.perf_counter()
    inferred = infer_all(dataset)
    steps["infer"] = time.perf_counter() - started
    progress("inferred", {"infer": steps["infer"]})
    started = time.perf_counter()
    dataset.store.dump(str(args.dump), format=ox.RdfFormat.N_QUADS)
    steps["write_dump"] = time.perf_counter() - started
    quads = len(dataset.store)
    total = sum(steps.values())
    del dataset
    shutil.rmtree(folder, ignore_errors=True)
    return {"dump": {"min": total, "median": total, "runs": [total]}, "steps": steps, "inferred": inferred,
            "quads": quads, "conforms": report.conforms}


def stage_build(args: argparse.Namespace) -> dict[str, Any]:
    """``hkgov_graph.graph.build.build`` without pictures: load, validate, infer, write the dumps.

    With ``--keep DIR`` the build is written there and left in place (its dump, its on-disk store and its
    name file), so that the later stages read what the real build made: the benchmark does this above
    ``--in-memory-max``, where it builds once. ``children_peak_rss_mb`` (``RUSAGE_CHILDREN``) is kept
    in the JSON but is no measure of the forked validation child: on Linux a forked child's high-water
    mark starts at its parent's, so any child forked late (the ``sort --version`` probe of the dumps)
    reports the build's own peak.
    """
    import shutil

    from hkgov_graph.graph.build import build

    if args.keep:
        out = args.keep
        shutil.rmtree(out, ignore_errors=True)
    else:
        out = Path(tempfile.mkdtemp(prefix="bench-build-")) / "build"
    result: dict[str, Any] = {}

    def run() -> None:
        built = build(out, args.data, with_extras=False)
        result["quads"] = built.quad_count
        result["inferred"] = built.inferred_count

    timing = measure(run, args.reps, args.budget)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if args.keep:
        result["sizes_mb"] = {p.name: round(folder_bytes(p) / 2**20) for p in sorted(out.iterdir())}
    return {"build": timing, "children_peak_rss_mb": children, **result}


def folder_bytes(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- Queries --

def question_values(question: Any, examples: dict[str, str]) -> dict[str, str] | None:
    """Values for a question's parameters from the synthetic data's examples, or None when there are none."""
    from hkgov_graph import namespaces as ns

    by_class = {ns.HKG + "MainlandOffice": "office", ns.SCHEMA + "AdministrativeArea": "region",
                ns.HKG + "ProvincialLevelRegion": "region", ns.SCHEMA + "Place": "region",
                ns.FOAF + "Person": "person", ns.FOAF + "Agent": "person",
                ns.ORG + "Post": "post_tier1", ns.ORG + "Role": "post_tier1", ns.HKG + "Post": "post_tier1",
                ns.HKG + "PolicyBureau": "bureau"}
    by_name = {"unit": "subunit", "org": "bureau", "organisation": "bureau", "organization": "bureau",
               "office": "office", "region": "region", "place": "region", "person": "person", "post": "post_tier1",
               "bureau": "bureau", "mechanism": "mechanism", "subject": "office"}
    dates = {"from": "2005", "to": "2015", "year": "2010"}  # a decade for timelines; else the reference date
    own = question.examples()[0] if question.examples() else {}
    values: dict[str, str] = {}
    for param in question.params:
        if param.name == "lang":
            continue
        if param.type in ("date", "year"):
            value = dates.get(param.name, examples["as_of"])
            values[param.name] = value[:4] if param.type == "year" else value
        elif param.type == "iri":
            key = by_class.get(param.of_class or "") or by_name.get(param.name)
            if key and key in examples:
                values[param.name] = examples[key]
            elif param.required:
                return None
        elif param.name in own:
            values[param.name] = own[param.name]
        elif param.required:
            return None
    return values


def stage_queries(args: argparse.Namespace) -> dict[str, Any]:
    """Every packaged question on one engine (``--engine``), next to its baseline in the same process.

    ``embedded``: the runner (``Graph.query``) on an ``EmbeddedStore`` against raw
    pyoxigraph (``Store.query``, same text, same terms, rows materialised);
    ``remote``: the runner on a ``RemoteStore`` against a raw HTTP POST of the
    same query to the same Oxigraph server (``--endpoint``), JSON parsed;
    ``rdflib``: rdflib's engine on a ``Dataset`` parsed from the same dump.
    """
    import pyoxigraph as ox

    from hkgov_graph import Graph
    from hkgov_graph.query.runner import bind, discover
    from hkgov_graph.query.stores import insert_values

    examples = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))["examples"]
    result: dict[str, Any] = {"engine": args.engine, "queries": {}}
    started = time.perf_counter()
    if args.engine == "remote":
        graph = Graph.load(endpoint=args.endpoint, default_graph="endpoint", timeout=args.query_timeout)
    else:
        from hkgov_graph.graph.persistent import why_not_current

        graph = Graph.load(args.dump)
        result["store"] = ("the build's on-disk store, read-only" if why_not_current(args.dump) is None
                           else "the dump, loaded into memory")
    result["open"] = time.perf_counter() - started
    started = time.perf_counter()
    graph.resolver.index  # noqa: B018 (built once per store, as a long-running user has it)
    result["name_index"] = time.perf_counter() - started

    dataset = None
    if args.engine == "rdflib":
        import rdflib

        started = time.perf_counter()
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(args.dump, format="nquads")
        result["rdflib_parse"] = time.perf_counter() - started

    for question in discover():
        if args.only and question.name not in args.only.split(","):
            continue
        entry: dict[str, Any] = {}
        result["queries"][question.name] = entry
        progress(f"{question.name}: started")
        values = question_values(question, examples)
        if values is None:
            entry["skipped"] = "no value in the synthetic data for a required parameter"
            continue
        entry["params"] = values
        terms = bind(question, values, graph.resolver).terms
        values_text = insert_values(question.text, terms)

        def runner(name: str = question.name, v: dict[str, str] = values) -> int:
            return len(graph.query(name, **v).rows)

        if args.engine == "embedded":
            store = graph.store.store  # type: ignore[attr-defined]
            substitutions = {ox.Variable(k): t for k, t in terms.items()} or None
            try:
                store.query(question.text, use_default_graph_as_union=True, substitutions=substitutions)
                text, subs = question.text, substitutions
            except RuntimeError:  # pyoxigraph substitutes only projected variables: VALUES, as the store does
                text, subs = values_text, None

            def baseline(text: str = text, subs: Any = subs, store: ox.Store = store) -> int:
                return len([tuple(s) for s in store.query(text, use_default_graph_as_union=True,
                                                          substitutions=subs)])
            entry["runner"] = measure(runner, args.reps, args.budget)
            entry["baseline"] = measure(baseline, args.reps, args.budget)
            entry["rows"] = entry["runner"].get("value")
        elif args.engine == "remote":
            def baseline(text: str = values_text) -> int:
                return len(http_select(args.endpoint, text, args.query_timeout))
            entry["runner"] = measure(runner, args.reps, args.budget)
            entry["baseline"] = measure(baseline, args.reps, args.budget)
            entry["rows"] = entry["runner"].get("value")
        else:
            def engine(text: str = values_text) -> int:
                return len(list(dataset.query(text)))  # type: ignore[union-attr]
            limit = rdflib_limit(args, question.name)
            try:
                entry["rdflib"] = with_alarm(limit, lambda run=engine: measure(run, args.reps, args.budget))
                entry["rows"] = entry["rdflib"].get("value")
            except Timeout:
                entry["timeout"] = limit
        progress(f"{question.name}: done", entry)
    return result


def progress(message: str, entry: dict[str, Any] | None = None) -> None:
    """A line on stderr as each query starts and ends, so a stage stopped by its timeout still tells
    which queries it finished (with their figures) and which one it was running."""
    sys.stderr.write(json.dumps({"progress": message, "entry": entry}) + "\n")
    sys.stderr.flush()


def rdflib_limit(args: argparse.Namespace, name: str) -> int:
    """Seconds rdflib gets for one question: enough to tell whether it is 25 times slower than the
    runner (``--reference``: the embedded stage's results), within [5 s, ``--query-timeout``]."""
    if not args.reference:
        return args.query_timeout
    entry = json.loads(args.reference.read_text(encoding="utf-8"))["queries"].get(name, {})
    runner = entry.get("runner", {}).get("median")
    if runner is None:
        return args.query_timeout
    return int(min(args.query_timeout, max(5, math.ceil(25 * runner))))


def http_select(endpoint: str, query: str, timeout: float) -> list[Any]:
    """A SPARQL SELECT over HTTP with nothing but the standard library: POST, JSON results, parsed."""
    import urllib.request

    request = urllib.request.Request(endpoint, data=query.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())["results"]["bindings"]


# -- Export and publish --

def stage_export(args: argparse.Namespace) -> dict[str, Any]:
    """``hkgov_graph.export.export`` of a view to GraphML, against a plain NetworkX graph of every
    statement between two IRIs written with ``networkx.write_graphml`` (same store, same format)."""
    import networkx as nx
    import pyoxigraph as ox

    from hkgov_graph import namespaces as ns
    from hkgov_graph.export import views as export

    store = ox.Store()
    store.bulk_load(path=args.dump, format=ox.RdfFormat.N_QUADS)
    out = Path(tempfile.mkdtemp(prefix="bench-export-"))
    result: dict[str, Any] = {"views": {}}
    for view in args.views.split(","):
        result["views"][view] = measure(lambda v=view: export.export(store, v, "graphml", out / f"{v}.graphml"),
                                        args.reps, args.budget)
        result["views"][view]["bytes"] = (out / f"{view}.graphml").stat().st_size

    inferred = ox.NamedNode(ns.INFERRED_GRAPH)

    def naive() -> None:
        g = nx.MultiDiGraph()
        for q in store.quads_for_pattern(None, None, None, None):
            if isinstance(q.object, ox.NamedNode) and q.graph_name != inferred:
                g.add_edge(q.subject.value, q.object.value, key=q.predicate.value, predicate=q.predicate.value)
        nx.write_graphml(g, out / "naive.graphml")

    result["baseline"] = measure(naive, args.reps, args.budget)
    result["baseline"]["bytes"] = (out / "naive.graphml").stat().st_size
    return result


def stage_publish(args: argparse.Namespace) -> dict[str, Any]:
    """``hkgov_graph.publish.publish`` of the dump as a static site, against pyoxigraph writing the
    whole store once in each of the site's RDF formats (Turtle of the union, N-Triples, N-Quads)."""
    import pyoxigraph as ox

    from hkgov_graph.publish import site as publish

    out = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    result: dict[str, Any] = {}

    def run() -> None:
        published = publish.publish(out / "site", nquads=args.dump)
        result["pages"] = published.pages
        result["files"] = published.files

    result["publish"] = measure(run, args.reps, args.budget)
    store = ox.Store()
    store.bulk_load(path=args.dump, format=ox.RdfFormat.N_QUADS)

    def baseline() -> None:
        union = ox.Store()
        union.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store)
        for fmt, name in ((ox.RdfFormat.TURTLE, "all.ttl"), (ox.RdfFormat.N_TRIPLES, "all.nt")):
            union.dump(out / name, format=fmt, from_graph=ox.DefaultGraph())
        store.dump(out / "all.nq", format=ox.RdfFormat.N_QUADS)

    result["baseline"] = measure(baseline, args.reps, args.budget)
    return result


def high_water_mb(pid: int, known: float) -> float:
    """A running process's peak resident memory so far (VmHWM of its own address space), in MB.

    Read from /proc rather than from wait4's ru_maxrss, which counts the parent's memory at fork.
    """
    try:
        for line in open(f"/proc/{pid}/status", encoding="ascii"):  # noqa: SIM115 (read at once)
            if line.startswith("VmHWM:"):
                return max(known, int(line.split()[1]) / 1024)
    except OSError:
        pass
    return known


def run_cold(command: list[str], timeout: float) -> tuple[float, float]:
    """Run a command in a fresh process; its wall time (s) and peak resident memory (MB, VmHWM)."""
    import os
    import subprocess

    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = started + timeout
    peak = 0.0
    while True:
        peak = high_water_mb(process.pid, peak)
        pid, status, _usage = os.wait4(process.pid, os.WNOHANG)  # VmHWM is read until the process is gone
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()  # our own child, by its pid
            os.wait4(process.pid, 0)
            raise Timeout
        time.sleep(0.002)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode(errors='replace')[-500:]}")
    return wall, peak


def stage_cli(args: argparse.Namespace) -> dict[str, Any]:
    """Each packaged question through the command line, every call a cold process.

    ``hkgov-graph query NAME --PARAM VALUE … --nquads DUMP --format csv``, with
    the build's on-disk store beside the dump (written first, by
    ``graph.persistent.write_store``, timed), so the command opens the store
    read-only. The baseline is the same command on the dump alone, which the
    command then loads into memory (the behaviour before the store).
    """
    import os
    import shutil

    from hkgov_graph.graph.persistent import write_store
    from hkgov_graph.query.name_file import write_name_file
    from hkgov_graph.query.names import NameIndex
    from hkgov_graph.query.runner import discover
    from hkgov_graph.query.stores import EmbeddedStore

    examples = json.loads((args.data / "manifest.json").read_text(encoding="utf-8"))["examples"]
    folder = args.dump.parent / "cli"
    result: dict[str, Any] = {"queries": {}}
    if args.use_store:  # the build's own dump, store and name file (--keep of the build stage)
        dump = args.dump
        result["store"] = "the build's"
    else:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        dump = folder / args.dump.name
        os.link(args.dump, dump)  # the same file (size and time), with a store of its own beside it
        started = time.perf_counter()
        write_store(dump)
        result["write_store"] = time.perf_counter() - started
        started = time.perf_counter()
        write_name_file(NameIndex.from_store(EmbeddedStore.from_nquads(dump)), dump)  # as the build does
        result["write_name_file"] = time.perf_counter() - started
    cli = shutil.which("hkgov-graph") or sys.executable
    prefix = [cli] if cli != sys.executable else [sys.executable, "-m", "hkgov_graph"]
    started = time.perf_counter()
    for question in discover():
        values = question_values(question, examples)
        entry: dict[str, Any] = {}
        result["queries"][question.name] = entry
        if values is None:
            entry["skipped"] = "no value in the synthetic data for a required parameter"
            continue
        command = [*prefix, "query", question.name, *[x for k, v in values.items() for x in (f"--{k}", v)],
                   "--format", "csv"]
        runs: list[tuple[float, float]] = []
        try:
            for _ in range(max(1, min(args.reps, 3))):
                runs.append(run_cold([*command, "--nquads", str(dump)], args.query_timeout))
        except Timeout:
            entry["timeout"] = args.query_timeout
        if runs:
            entry["cli"] = {"min": min(r[0] for r in runs), "median": statistics.median(r[0] for r in runs),
                            "runs": [r[0] for r in runs]}
            entry["peak_rss_mb"] = max(r[1] for r in runs)
        progress(f"{question.name}: done", entry)
    # the baseline: the first question the data has values for, on the dump without a store, once
    first = next((n for n, e in result["queries"].items() if "cli" in e), None)
    if args.skip_baseline:
        result["baseline"] = {"skipped": "the dump does not fit in memory here"}
    elif first is not None:
        question = next(q for q in discover() if q.name == first)
        values = question_values(question, examples) or {}
        command = [*prefix, "query", first, *[x for k, v in values.items() for x in (f"--{k}", v)],
                   "--format", "csv", "--nquads", str(args.dump)]
        try:
            wall, rss = run_cold(command, max(args.query_timeout, 600))
            result["baseline"] = {"question": first, "cli": {"min": wall, "median": wall, "runs": [wall]},
                                  "peak_rss_mb": rss}
        except Timeout:
            result["baseline"] = {"question": first, "timeout": max(args.query_timeout, 600)}
    result["elapsed"] = time.perf_counter() - started
    if not args.use_store:
        shutil.rmtree(folder, ignore_errors=True)
    return result


def stage_serve(args: argparse.Namespace) -> dict[str, Any]:
    """Pages on demand (``serve --on-demand``): the start-up (the build's store opened read-only, the site
    model read from it), then the time to render each of a sample of resource pages and their RDF, in the
    server's process (without HTTP), with the peak memory."""
    import os
    import shutil

    from hkgov_graph import namespaces as ns
    from hkgov_graph.graph.persistent import open_current, write_store
    from hkgov_graph.serve.ondemand import StorePages

    folder = args.dump.parent / "serve"
    if args.use_store:  # the build's own dump and store (--keep of the build stage)
        dump = args.dump
    else:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        dump = folder / args.dump.name
        os.link(args.dump, dump)
        write_store(dump)
    started = time.perf_counter()
    store = open_current(dump)
    assert store is not None
    pages = StorePages(store, ns.DEFAULT_BASE)
    startup = time.perf_counter() - started
    progress("started", {"startup": startup})
    paths = sorted(pages.on_demand)
    step = max(1, len(paths) // 600)
    sample = paths[::step][:600]
    times = []
    for path in sample:
        started = time.perf_counter()
        page = pages.page("/" + path)
        times.append(time.perf_counter() - started)
        assert page is not None, path
    times.sort()
    if not args.use_store:
        shutil.rmtree(folder, ignore_errors=True)
    return {"startup": startup, "files_on_demand": len(paths), "sampled": len(sample),
            "page": {"median": statistics.median(times), "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
                     "max": times[-1], "runs": times}}


def stage_peer(args: argparse.Namespace) -> dict[str, Any]:
    """One SHACL engine (``--engine`` pyshacl, by-shape or rudof) on data with faults; see benchmarks/peers.py."""
    from benchmarks.peers import stage_peer as run

    return run(args)


STAGES = {"dump": stage_dump, "load": stage_load, "bulk_load": stage_bulk_load, "validate": stage_validate,
          "build": stage_build, "queries": stage_queries, "export": stage_export, "publish": stage_publish,
          "peer": stage_peer, "cli": stage_cli, "dump_ondisk": stage_dump_ondisk,
          "serve": stage_serve}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker", description=__doc__.split("\n")[0])
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("--data", type=Path, help="folder of Turtle files (with manifest.json)")
    parser.add_argument("--dump", type=Path, help="the built N-Quads dump")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per measurement before stopping early")
    parser.add_argument("--mode", default="validate", help="validate, per-graph, by-shape or pyshacl-raw")
    parser.add_argument("--engine", default="embedded",
                        help="embedded, remote or rdflib (queries); pyshacl, by-shape or rudof (peer)")
    parser.add_argument("--skip-baseline", action="store_true", help="cli: leave out the baseline (the dump in memory)")
    parser.add_argument("--keep", type=Path, help="build: write the build here and leave it (dump, store, names)")
    parser.add_argument("--use-store", action="store_true",
                        help="cli, serve: the build's own store and name file beside --dump (made by build --keep)")
    parser.add_argument("--keys", type=Path, help="where the peer stage writes its result keys (JSON)")
    parser.add_argument("--endpoint", help="SPARQL endpoint URL, for --engine remote")
    parser.add_argument("--query-timeout", type=int, default=120, help="seconds per query (remote, rdflib)")
    parser.add_argument("--views", default="reporting,whole", help="export views, comma-separated")
    parser.add_argument("--only", help="only these questions, comma-separated")
    parser.add_argument("--reference", type=Path, help="the embedded stage's JSON, to size rdflib's time limits")
    args = parser.parse_args(argv)
    result = STAGES[args.stage](args)
    result["peak_rss_mb"] = peak_rss_mb()
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Median latency of each packaged question: through the runner, raw pyoxigraph, and rdflib's engine.

    python -m benchmarks.bench_queries [--nquads build/hkgov-graph.nq] [--repeat 30] [--budget 3]

All three run on the same data (the N-Quads dump, default graph the union of
its named graphs) and the same query text with the same parameters, in one
process:

- runner: ``Graph.query(name, **example)``, the whole path a user takes
  (finding the file, parsing the header, checking the values, resolving names
  with the index already built, binding, running, wrapping the rows);
- pyoxigraph: ``Store.query`` with the terms already bound and the rows
  materialised (substitutions, or the VALUES text where pyoxigraph will not
  substitute an unprojected variable): the baseline;
- rdflib: ``Dataset(default_union=True)`` parsed from the same dump, the
  query with the same VALUES block, rows materialised.

Each question is run with the parameters of its first ``# example:``. The
median of up to ``--repeat`` runs (fewer for slow cases, within ``--budget``
seconds, at least three; runner and pyoxigraph runs alternate) is reported as a Markdown table with the ratios to
the pyoxigraph baseline; an rdflib query still running after
``--rdflib-limit`` seconds is stopped and reported as over it. Row counts are
compared: where rdflib's differ, the table says so. This is a measurement,
not a test.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Case:
    name: str
    params: dict[str, str]
    runner_ms: float
    raw_ms: float
    rdflib_ms: float | None
    rows: int
    rdflib_rows: int | None


def medians_ms(runs: list[Callable[[], Any]], repeat: int, budget: float, warm_up: bool = True) -> list[float]:
    """Median wall time of each of ``runs`` in milliseconds.

    One warm-up each, then rounds that call each once, in turn (so that a
    busy machine slows them alike), up to ``repeat`` rounds within ``budget``
    seconds, at least three.
    """
    if warm_up:
        for run in runs:
            run()
    times: list[list[float]] = [[] for _ in runs]
    deadline = time.perf_counter() + budget
    while len(times[0]) < repeat and (len(times[0]) < 3 or time.perf_counter() < deadline):
        for run, spent in zip(runs, times, strict=True):
            started = time.perf_counter()
            run()
            spent.append((time.perf_counter() - started) * 1000)
    return [statistics.median(spent) for spent in times]


class TooSlow(Exception):
    """A run took longer than the limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the (pure-Python) code inside after ``seconds``, where the platform has SIGALRM."""
    if not hasattr(signal, "setitimer") or seconds <= 0:
        yield
        return

    def interrupt(*_: object) -> None:
        raise TooSlow

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def dump_path(given: Path | None) -> Path:
    """The dump to measure on: the one given, build/hkgov-graph.nq, or a fresh build in a temporary folder."""
    from hkgov_graph.graph.build import build, default_nquads

    if given is not None:
        return given
    if default_nquads().is_file():
        return default_nquads()
    print("(no build/hkgov-graph.nq: building into a temporary folder)", file=sys.stderr)
    return build(Path(tempfile.mkdtemp(prefix="bench-")) / "build", with_extras=False).output_dir / "hkgov-graph.nq"


def measure(nquads: Path, names: list[str] | None, repeat: int, budget: float, with_rdflib: bool,
            limit: float) -> str:
    import pyoxigraph as ox
    import rdflib

    from hkgov_graph import Graph
    from hkgov_graph.query.runner import bind, discover
    from hkgov_graph.query.stores import insert_values

    started = time.perf_counter()
    graph = Graph.load(nquads)
    ox_load = time.perf_counter() - started
    store = graph.store.store  # type: ignore[attr-defined]
    started = time.perf_counter()
    graph.resolver.index  # noqa: B018 (built once, as a long-running user would have it)
    index_ms = (time.perf_counter() - started) * 1000

    dataset = None
    rdflib_load = 0.0
    if with_rdflib:
        started = time.perf_counter()
        dataset = rdflib.Dataset(default_union=True)
        dataset.parse(nquads, format="nquads")
        rdflib_load = time.perf_counter() - started

    cases: list[Case] = []
    for question in discover():
        if names and question.name not in names:
            continue
        examples = question.examples()
        params = examples[0] if examples else {}
        terms = bind(question, params, graph.resolver).terms
        substitutions = {ox.Variable(k): v for k, v in terms.items()}
        values_text = insert_values(question.text, terms)
        try:
            store.query(question.text, use_default_graph_as_union=True, substitutions=substitutions or None)
            raw_text, raw_subs = question.text, substitutions or None
        except RuntimeError:  # an unprojected parameter: pyoxigraph wants it as VALUES
            raw_text, raw_subs = values_text, None

        def raw(text: str = raw_text, subs: Any = raw_subs) -> list[Any]:
            return [tuple(s) for s in store.query(text, use_default_graph_as_union=True, substitutions=subs)]

        def runner(name: str = question.name, p: dict[str, str] = params) -> Any:
            return graph.query(name, **p).rows

        rows = len(raw())
        runner_ms, raw_ms = medians_ms([runner, raw], repeat, budget)
        rdflib_ms = rdflib_rows = None
        if dataset is not None:
            # the VALUES text, as a remote endpoint gets it: rdflib's initBindings would also bind inside
            # sub-queries, which SPARQL scoping does not
            def with_rdflib_engine(text: str = values_text) -> list[Any]:
                return list(dataset.query(text))

            try:
                with time_limit(limit):
                    rdflib_rows = len(with_rdflib_engine())  # also the warm-up
                (rdflib_ms,) = medians_ms([with_rdflib_engine], repeat, budget, warm_up=False)
            except TooSlow:
                rdflib_ms = float("inf")
        cases.append(Case(question.name, params, runner_ms, raw_ms, rdflib_ms, rows, rdflib_rows))
        print(f"  {question.name}: runner {runner_ms:.1f} ms, pyoxigraph {raw_ms:.1f} ms, rdflib "
              f"{'-' if rdflib_ms is None else f'{rdflib_ms:.1f}'} ms", file=sys.stderr)
    return report(cases, nquads, len(store), ox_load, rdflib_load, index_ms, with_rdflib, limit)


def report(cases: list[Case], nquads: Path, quads: int, ox_load: float, rdflib_load: float, index_ms: float,
           with_rdflib: bool, limit: float) -> str:
    import platform
    from importlib.metadata import version

    lines = [
        f"Data: {nquads} ({quads} quads). pyoxigraph {version('pyoxigraph')}, rdflib {version('rdflib')}, "
        f"Python {platform.python_version()}.",
        f"Load: pyoxigraph bulk_load {ox_load * 1000:.0f} ms"
        + (f", rdflib Dataset.parse {rdflib_load * 1000:.0f} ms" if with_rdflib else "")
        + f"; name index (once per store) {index_ms:.0f} ms.",
        "",
        "| query | parameters | rows | runner ms | pyoxigraph ms | rdflib ms | runner / pyoxigraph "
        "| rdflib / pyoxigraph |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in cases:
        params = " ".join(f"--{k.replace('_', '-')} {v}" for k, v in c.params.items()) or "(none)"
        rows = str(c.rows) if c.rdflib_rows in (None, c.rows) else f"{c.rows} (rdflib {c.rdflib_rows})"
        if c.rdflib_ms is None:
            rdflib_ms = rdflib_ratio = "-"
        elif c.rdflib_ms == float("inf"):
            rdflib_ms, rdflib_ratio = f"> {limit * 1000:.0f}", f"> {limit * 1000 / c.raw_ms:.0f}x"
        else:
            rdflib_ms, rdflib_ratio = f"{c.rdflib_ms:.1f}", f"{c.rdflib_ms / c.raw_ms:.0f}x"
        lines.append(f"| {c.name} | {params} | {rows} | {c.runner_ms:.1f} | {c.raw_ms:.1f} | {rdflib_ms} "
                     f"| {c.runner_ms / c.raw_ms:.2f}x | {rdflib_ratio} |")
    if cases:
        runner_total = sum(c.runner_ms for c in cases)
        raw_total = sum(c.raw_ms for c in cases)
        total = f"| all ({len(cases)} queries) | | | {runner_total:.1f} | {raw_total:.1f} | "
        finished = [c for c in cases if c.rdflib_ms not in (None, float("inf"))]
        if with_rdflib and finished:
            rdflib_total = sum(c.rdflib_ms or 0 for c in finished)
            raw_finished = sum(c.raw_ms for c in finished)
            slow = len(cases) - len(finished)
            total += (f"{rdflib_total:.1f}{f' (+{slow} over the limit)' if slow else ''} "
                      f"| {runner_total / raw_total:.2f}x | {rdflib_total / raw_finished:.0f}x |")
        else:
            total += f"- | {runner_total / raw_total:.2f}x | - |"
        lines.append(total)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_queries", description=__doc__.split("\n")[0])
    parser.add_argument("--nquads", type=Path, help="the dump (default: build/hkgov-graph.nq, built if missing)")
    parser.add_argument("--repeat", type=int, default=30, help="most runs per measurement (default 30)")
    parser.add_argument("--budget", type=float, default=3.0,
                        help="seconds per measurement before stopping early (at least 3 runs; default 3)")
    parser.add_argument("--no-rdflib", action="store_true", help="leave out rdflib's engine")
    parser.add_argument("--rdflib-limit", type=float, default=20.0,
                        help="give up on an rdflib query after this many seconds (default 20)")
    parser.add_argument("queries", nargs="*", help="only these questions (default: all)")
    args = parser.parse_args(argv)
    print(measure(dump_path(args.nquads), args.queries or None, args.repeat, args.budget, not args.no_rdflib,
                  args.rdflib_limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

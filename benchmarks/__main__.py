"""Benchmarks of hkgov-graph at scale, each figure next to a baseline measured in the same run.

    python -m benchmarks                    # 10k, 100k and 1M triples (under 30 minutes on 2 cores)
    python -m benchmarks --quick            # 10k only, fewer runs (about a minute)
    python -m benchmarks --sizes 10k,300k   # other sizes

For each size the synthetic network of ``benchmarks/generate.py`` is written
to ``benchmarks/results/tmp/`` (not committed), then every stage runs in its
own worker process (``benchmarks/worker.py``) under a timeout, so that its
peak memory (``ru_maxrss``) is its own and a hopeless stage cannot stall the
run:

==========================  ==============================================================
measured                    baseline (same data, same run)
==========================  ==============================================================
``load_dataset`` (Turtle)   pyoxigraph ``Store.bulk_load`` of the built N-Quads dump
``validate`` (pySHACL)      pySHACL alone on the same rdflib graph, already converted
peers: pySHACL,             each other, on the data plus ``benchmarks/faults.ttl``; reports
``validate_by_shape``,      compared result for result (``benchmarks/peers.py``)
rudof (pyrudof)
``validate_by_shape``,      ``validate``
``validate_per_graph``
``build`` (no pictures)     the same pipeline without validation (load, infer, serialise)
each packaged question,     raw pyoxigraph ``Store.query``: same text, same bound terms,
runner + EmbeddedStore      same store
each question, runner +     a raw HTTP POST of the same query to the same server
RemoteStore on an Oxigraph
server (``oxigraph serve``
on 127.0.0.1, stopped by
its pid)
rdflib's SPARQL engine      the runner on the embedded store (rdflib is the baseline to beat)
``export`` to GraphML       every IRI-to-IRI statement as a NetworkX edge, ``write_graphml``
``publish`` (static site)   pyoxigraph writing the whole store as Turtle, N-Triples, N-Quads
each question through       the same command on the dump alone (loaded per call, as before
``hkgov-graph query``, a    the store)
cold process each time,
on the on-disk store
``hkgov-graph --help``,     a bare ``python -c pass``
``hkgov-graph build`` on
the real data
==========================  ==============================================================

Results go to ``benchmarks/results/``: ``results.json`` (every run),
``results.md`` (tables, ratios, targets met or missed) and
``time-vs-size.svg`` (written here, no plotting library needed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from benchmarks.generate import generate, scale_for_triples

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
TOTAL_BUDGET = 28 * 60  # seconds: the whole run stays under 30 minutes


def parse_size(text: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (write 10000, 10k or 1M)")
    return int(float(m[1]) * {"": 1, "k": 1_000, "m": 1_000_000}[m[2].lower()])


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


@dataclass
class Plan:
    sizes: list[int]
    reps: int
    budget: float
    stage_timeout: float
    rdflib_max: int
    publish_max: int
    seed: int
    out: Path
    quick: bool
    cli_timeout: int = 120  # seconds per cold `hkgov-graph query` call
    memory_limit_mb: float = 0  # a worker over this is stopped (0: no limit)
    total_budget: float = TOTAL_BUDGET  # seconds for the whole run
    in_memory_max: int = 2_000_000  # beyond this, stages that hold all the data in memory are left out
    started: float = field(default_factory=time.monotonic)
    checkpoint: Callable[[], None] | None = None  # saves what was measured so far, before each stage

    def reps_for(self, size: int, slow: bool) -> int:
        """Runs per measurement: fewer for the slow stages at the large sizes."""
        if not slow:
            return self.reps
        if size >= 500_000:
            return 1
        return min(self.reps, 3) if size >= 50_000 else self.reps

    def left(self) -> float:
        """Seconds left of the whole run's budget."""
        return self.total_budget - (time.monotonic() - self.started)

    def timeout(self) -> float:
        """A stage's timeout: its own limit, within what is left of the whole run's budget."""
        return max(20.0, min(self.stage_timeout, self.left()))


# -- Worker processes --

def run_worker(plan: Plan, stage: str, **options: Any) -> dict[str, Any]:
    """Run one stage in a worker process; its JSON, or why there is none (timeout, error)."""
    command = [sys.executable, "-m", "benchmarks.worker", stage]
    for key, value in options.items():
        if value is True:  # a flag
            command.append(f"--{key.replace('_', '-')}")
        elif value is not None:
            command += [f"--{key.replace('_', '-')}", str(value)]
    if plan.checkpoint is not None:
        plan.checkpoint()
    if plan.left() < 20:
        return {"status": "skipped", "reason": f"the run's {plan.total_budget / 60:.0f}-minute budget was spent"}
    timeout = plan.timeout()
    started = time.monotonic()
    print(f"  {stage} {' '.join(command[4:])}", file=sys.stderr, flush=True)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, cwd=RESULTS.parents[1], stdout=out, stderr=err, text=True)
        stopped, peak = None, 0.0
        while process.poll() is None:
            rss = resident_mb(process.pid)
            peak = max(peak, rss)
            if time.monotonic() - started > timeout:
                stopped = {"status": "timeout", "timeout_s": round(timeout)}
            elif plan.memory_limit_mb and rss > plan.memory_limit_mb:
                stopped = {"status": "memory", "limit_mb": plan.memory_limit_mb}
            if stopped:
                process.kill()  # our own worker, by its pid
                process.wait()
                err.seek(0)
                return {**stopped, "peak_rss_mb": peak, "wall_s": time.monotonic() - started,
                        "progress": progress_of(err.read())}
            time.sleep(0.25)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    elapsed = time.monotonic() - started
    if process.returncode != 0:
        return {"status": "error", "stderr": stderr[-2000:], "wall_s": elapsed}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall_s"] = elapsed
    result["sampled_peak_rss_mb"] = peak  # VmRSS of the worker itself, read every quarter second
    return result


def resident_mb(pid: int) -> float:
    """A process's resident memory now (VmRSS), in MB; 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def progress_of(stderr: str | bytes | None) -> list[Any]:
    """The progress lines a worker wrote before it was stopped."""
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    found = []
    for line in (stderr or "").splitlines():
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class OxigraphServer:
    """``oxigraph serve`` over a store loaded from the dump, on 127.0.0.1; stopped by its pid."""

    def __init__(self, dump: Path, folder: Path) -> None:
        self.dump = dump
        self.location = folder / "oxigraph-server"
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "oxigraph-server.log"

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def load(self, timeout: float) -> float:
        """``oxigraph load`` of the dump into the server's folder; the seconds it took."""
        shutil.rmtree(self.location, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(["oxigraph", "load", "--location", str(self.location), "--file", str(self.dump)],
                       check=True, capture_output=True, timeout=timeout)
        return time.perf_counter() - started

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                ["oxigraph", "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}",
                 "--union-default-graph"], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.endpoint}?query=ASK%7B%7D", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on port {self.port}; see {self.log}")

    def peak_rss_mb(self) -> float | None:
        """The server's peak resident memory (VmHWM), read while it runs."""
        if self.process is None:
            return None
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()  # this process's own child, by its pid
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


# -- One size --

def has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"hkgov_graph.{name}") is not None


def extrapolated(previous: dict[str, Any], stage: str, size: int) -> str:
    """What a stage would take at ``size``, growing linearly from the largest size it was measured at."""
    measured = [(s["data_triples"], s[stage], " (benchmarks/results/results.json)" if "results.json" in label else "")
                for label, s in previous.items() if isinstance(s.get(stage), dict) and stage in s[stage]]
    if not measured:
        return "not measured at a smaller size to extrapolate from"
    triples, entry, where = max(measured, key=lambda m: m[0])
    factor = size / triples
    return (f"growing linearly from {size_label(round(triples, -3))}{where} it would take about "
            f"{entry[stage]['median'] * factor / 60:.0f} min and {entry['peak_rss_mb'] * factor / 1024:.0f} GB, "
            f"and write about {entry.get('files', 0) * factor / 1000:.0f} thousand files")


def measure_size(plan: Plan, size: int, work: Path, previous: dict[str, Any],
                 result: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every stage at one size, filling ``result`` (so that a checkpoint saves what is measured so far).

    Up to ``--in-memory-max`` the dump the later stages read is made by the build's pipeline without
    validation (the ``dump`` stage, the build's baseline), and the build is measured later on its own.
    Above it, the real build runs first, once, and is kept: the later stages read its dump, its on-disk
    store and its name file, as a user's commands would; the stages that hold everything in memory in
    a way that cannot fit are skipped with the reason.
    """
    label = size_label(size)
    folder = work / label
    data, dump = folder / "data", folder / "hkgov-graph.nq"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{label}: generating", file=sys.stderr, flush=True)
    started = time.perf_counter()
    manifest = generate(data, scale_for_triples(size), plan.seed)
    result = result if result is not None else {}
    result.update({"target_triples": size, "data_triples": manifest.triples, "files": manifest.files,
                   "offices": manifest.counts, "generate_s": time.perf_counter() - started,
                   "loadavg_start": os.getloadavg()})
    reps = plan.reps_for(size, slow=False)
    slow = plan.reps_for(size, slow=True)
    common = {"data": data, "dump": dump, "budget": plan.budget}

    in_memory = size <= plan.in_memory_max
    if not in_memory:
        built = folder / "build"
        result["build"] = run_worker(plan, "build", reps=1, keep=built, **common)
        result["dump"] = {"status": "skipped",
                          "reason": f"beyond {size_label(plan.in_memory_max)} triples the real build runs once "
                                    "and the later stages read its dump and store; the build without "
                                    "validation is not run apart"}
        if "quads" not in result["build"]:
            result["note"] = "the build did not finish; the later stages were skipped"
            return result
        result["quads"] = result["build"]["quads"]
        dump = common["dump"] = built / dump.name
        result["note"] = ("the real build ran once; the later stages read its dump, on-disk store and name "
                          "file (the questions, embedded and through the CLI, and serve on that store)")
    else:
        result["dump"] = run_worker(plan, "dump", reps=1, **common)
    if in_memory and "quads" not in result["dump"]:
        # the in-memory pipeline did not finish (memory, time): the same steps on an on-disk store give
        # the dump the later stages need
        result["dump_ondisk"] = run_worker(plan, "dump_ondisk", reps=1, **common)
        if "quads" not in result["dump_ondisk"]:
            result["note"] = "no dump could be built, in memory or on disk; the later stages were skipped"
            return result
        result["note"] = ("the in-memory build could not make the dump; it was made on an on-disk store "
                          "(not sorted), and the later stages read it")
        result["quads"] = result["dump_ondisk"]["quads"]
    elif in_memory:
        result["quads"] = result["dump"]["quads"]

    def loads() -> None:
        result["load"] = run_worker(plan, "load", reps=reps, **common)
        result["bulk_load"] = run_worker(plan, "bulk_load", reps=reps, **common)

    if in_memory:
        loads()
    use_store = None if in_memory else True  # the build's own store, above in-memory-max
    embedded = run_worker(plan, "queries", engine="embedded", reps=reps, **common)
    result["queries"] = {"embedded": embedded}
    result["cli"] = run_worker(plan, "cli", reps=slow, query_timeout=plan.cli_timeout,
                               skip_baseline=use_store, use_store=use_store, **common)
    result["serve"] = run_worker(plan, "serve", reps=1, use_store=use_store, **common)
    if not in_memory:  # after the questions: the targets at this size are about those
        loads()
    if shutil.which("oxigraph"):
        server = OxigraphServer(dump, folder)
        try:
            load_s = server.load(plan.timeout())
            server.start()
            remote = run_worker(plan, "queries", engine="remote", endpoint=server.endpoint, reps=reps, **common)
            remote["server_load_s"] = load_s
            remote["server_peak_rss_mb"] = server.peak_rss_mb()
        except (RuntimeError, subprocess.SubprocessError) as error:
            remote = {"status": "error", "stderr": str(error)}
        finally:
            server.stop()
            shutil.rmtree(server.location, ignore_errors=True)
        result["queries"]["remote"] = remote
    else:
        result["queries"]["remote"] = {"status": "skipped", "reason": "no oxigraph command on PATH"}
    if size <= plan.rdflib_max:
        reference = folder / "queries-embedded.json"
        reference.write_text(json.dumps(embedded), encoding="utf-8")
        result["queries"]["rdflib"] = run_worker(plan, "queries", engine="rdflib", reps=min(reps, 3),
                                                 query_timeout=60, reference=reference, **common)
    else:
        result["queries"]["rdflib"] = {
            "status": "skipped",
            "reason": f"beyond {size_label(plan.rdflib_max)} triples rdflib is hopeless here: parsing the dump "
                      "alone takes minutes and gigabytes, and its engine is hundreds of times slower "
                      "(see the smaller sizes)"}

    # most telling first: when the run's budget runs out, what is left out is a second way to validate
    validate = result["validate"] = {}
    validate["by-shape"] = run_worker(plan, "validate", mode="by-shape", reps=reps, **common)
    validate["validate"] = (run_worker(plan, "validate", mode="validate", reps=slow, **common) if in_memory
                            else too_big(plan, 2.6))
    if in_memory:
        result["build"] = run_worker(plan, "build", reps=slow, **common)
    if not in_memory:
        result["export"] = too_big(plan, 8.4)
    elif has_module("export"):
        result["export"] = run_worker(plan, "export", reps=slow, **common)
    else:
        result["export"] = {"status": "skipped", "reason": "hkgov_graph.export.views is not installed"}
    validate["per-graph"] = run_worker(plan, "validate", mode="per-graph", reps=slow, **common)
    result["peers"] = measure_peers(plan, data, folder, slow, skip=() if in_memory else ("pyshacl",))
    # pySHACL alone (the baseline of `validate`) is the peer comparison's pySHACL run: the same
    # union and shapes, and a few faults more in a million triples
    validate["pyshacl-raw"] = result["peers"].get("pyshacl", {"status": "skipped", "reason": "no peer run"})
    if not has_module("publish"):
        result["publish"] = {"status": "skipped", "reason": "hkgov_graph.publish.site is not installed"}
    elif size > plan.publish_max:
        result["publish"] = {"status": "skipped", "reason": f"beyond {size_label(plan.publish_max)} triples: "
                             + extrapolated({**saved_sizes(), **previous}, "publish", size)}
    else:
        result["publish"] = run_worker(plan, "publish", reps=slow, **common)
    result["loadavg_end"] = os.getloadavg()
    return result


def saved_sizes() -> dict[str, Any]:
    """The sizes of the last full run (``benchmarks/results/results.json``), for a run of one large size
    that has nothing smaller of its own to extrapolate from; keys marked as coming from there."""
    try:
        sizes = json.loads((RESULTS / "results.json").read_text(encoding="utf-8"))["sizes"]
    except (OSError, ValueError, KeyError):
        return {}
    return {f"{label} (benchmarks/results/results.json)": s for label, s in sizes.items() if isinstance(s, dict)}


def too_big(plan: Plan, gb_at_1m: float) -> dict[str, Any]:
    """A stage left out above ``--in-memory-max``: what it would need, from its peak memory at 1M."""
    return {"status": "skipped",
            "reason": f"beyond {size_label(plan.in_memory_max)} triples: it holds everything in memory, "
                      f"{gb_at_1m:.1f} GB at 1M (benchmarks/results) and growing linearly, about "
                      f"{gb_at_1m * 10:.0f} GB at 10M, more than this machine's 24 GB shared with other work"}


def measure_peers(plan: Plan, data: Path, folder: Path, reps: int, skip: Sequence[str] = ()) -> dict[str, Any]:
    """pySHACL, ``validate_by_shape`` and rudof on the data plus the faults, each in its own worker;
    then their reports compared (benchmarks/peers.py)."""
    from benchmarks.peers import ENGINES, compare, read_keys, with_faults

    faulty = with_faults(data, folder / "data-with-faults")
    out: dict[str, Any] = {}
    found = {}
    for engine in ENGINES:
        if engine in skip:
            out[engine] = too_big(plan, 2.6)
            continue
        keys = folder / f"peer-{engine}.json"
        keys.unlink(missing_ok=True)
        out[engine] = run_worker(plan, "peer", engine=engine, data=faulty, keys=keys, reps=reps, budget=plan.budget)
        if keys.is_file():
            found[engine] = read_keys(keys)
    out["comparison"] = (compare(found) if len(found) > 1
                         else {"status": "skipped", "reason": "fewer than two engines finished"})
    return out


# -- The command line on the real data --

def time_command(command: list[str], reps: int, cwd: Path) -> dict[str, Any]:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=300)
        times.append(time.perf_counter() - started)
    return {"min": min(times), "median": statistics.median(times), "runs": times}


def measure_cli(reps: int) -> dict[str, Any]:
    """``hkgov-graph --help`` and ``hkgov-graph build`` (with its pictures) on the real data."""
    cli = [shutil.which("hkgov-graph")] if shutil.which("hkgov-graph") else [sys.executable, "-m", "hkgov_graph"]
    out = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    result = {
        "python_startup": time_command([sys.executable, "-c", "pass"], reps, out),
        "help": time_command([*cli, "--help"], reps, out),  # type: ignore[list-item]
        "build": time_command([*cli, "build", "-o", str(out / "build")], min(reps, 3), out),  # type: ignore[list-item]
        "build_no_pictures": time_command([*cli, "build", "--no-pictures", "-o", str(out / "build")],  # type: ignore[list-item]
                                          min(reps, 3), out),
    }
    shutil.rmtree(out, ignore_errors=True)
    return result


def machine() -> dict[str, Any]:
    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    return {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(),
            "versions": {p: v(p) for p in ("hkgov-graph", "pyoxigraph", "oxigraph", "rdflib", "pyshacl", "pyrudof",
                                            "networkx")},
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)}


def compile_package() -> None:
    """Compile the package's modules to bytecode, as ``pip install .`` does, before any command is timed.

    In an editable checkout (``pip install -e``), or where PYTHONDONTWRITEBYTECODE is set, as on the machine
    of the published results, nothing else writes the bytecode, and every command line call would compile each
    module it imports anew: about 0.1 s a call that an installed copy does not spend.
    """
    import compileall

    import hkgov_graph

    compileall.compile_dir(Path(hkgov_graph.__file__).parent, quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=lambda t: [parse_size(s) for s in t.split(",")],
                        help="data sizes in triples, comma-separated (default 10k,100k,1M)")
    parser.add_argument("--quick", action="store_true", help="10k only, three runs per measurement")
    parser.add_argument("--reps", type=int, default=5, help="most runs per measurement (default 5)")
    parser.add_argument("--budget", type=float, default=10.0,
                        help="seconds per measurement after which no further run starts (default 10)")
    parser.add_argument("--stage-timeout", type=float, default=900.0, help="seconds per stage (default 900)")
    parser.add_argument("--rdflib-max", type=parse_size, default=100_000,
                        help="largest size rdflib's engine is tried at (default 100k)")
    parser.add_argument("--publish-max", type=parse_size, default=300_000,
                        help="largest size the static site is published at (default 300k)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None,
                        help="where results go (default benchmarks/results; benchmarks/results/10m for a run "
                             "beyond 1M triples, so that it is a run of its own)")
    parser.add_argument("--total-minutes", type=float, default=TOTAL_BUDGET / 60,
                        help=f"the whole run's budget: stages left when it is spent are skipped "
                             f"(default {TOTAL_BUDGET / 60:.0f})")
    parser.add_argument("--in-memory-max", type=parse_size, default=2_000_000,
                        help="largest size at which the stages that hold all the data in memory (the build, "
                             "pySHACL, export) run (default 2M)")
    parser.add_argument("--memory-limit", type=float, default=12.0,
                        help="GB of resident memory at which a worker is stopped, so that a stage that cannot "
                             "fit does not take the machine (default 12; 0: none)")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([10_000] if args.quick else list(DEFAULT_SIZES))
    out = args.out or (RESULTS if max(sizes) <= 1_000_000 else RESULTS / size_label(max(sizes)).lower())
    plan = Plan(sorted(sizes), 3 if args.quick else args.reps, 3.0 if args.quick else args.budget,
                args.stage_timeout, args.rdflib_max, args.publish_max, args.seed, out, args.quick,
                memory_limit_mb=args.memory_limit * 1024, total_budget=args.total_minutes * 60,
                in_memory_max=args.in_memory_max)

    from benchmarks import report

    work = RESULTS / "tmp"
    given = list(sys.argv[1:] if argv is None else argv)
    results: dict[str, Any] = {"command": " ".join(["python -m benchmarks", *given]), "machine": machine(),
                               "sizes": {}}
    compile_package()
    print("real data: command line", file=sys.stderr, flush=True)
    results["cli"] = measure_cli(plan.reps)

    def checkpoint() -> None:
        """Save what was measured so far (before every stage), so a run stopped midway keeps it."""
        results["elapsed_s"] = time.monotonic() - plan.started
        try:
            report.write(results, plan.out)
        except Exception as error:  # a partial size the tables cannot show yet: the JSON is written first
            print(f"  (results.md not written yet: {error!r})", file=sys.stderr, flush=True)

    plan.checkpoint = checkpoint
    for size in plan.sizes:
        results["sizes"][size_label(size)] = {}
        measure_size(plan, size, work, results["sizes"], results["sizes"][size_label(size)])
        results["elapsed_s"] = time.monotonic() - plan.started
        report.write(results, plan.out)  # after every size, so a stopped run keeps what it measured
    print(f"done in {results['elapsed_s'] / 60:.1f} min: {plan.out / 'results.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

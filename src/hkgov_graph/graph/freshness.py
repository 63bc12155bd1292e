"""Where the build writes its dumps by default, and whether that build is still current.

Every query asks this before it opens the store, so it lives apart from
:mod:`hkgov_graph.graph.build` and imports nothing of the build's machinery
(loading, validation, inference: 0.05 s of imports on each call).
"""

from __future__ import annotations

from pathlib import Path

NQUADS_NAME = "hkgov-graph.nq"
NTRIPLES_NAME = "hkgov-graph.nt"


def default_nquads() -> Path:
    """Where the build writes the N-Quads dump by default."""
    return Path("build") / NQUADS_NAME


def build_inputs(data: Path | None = None, ontology: Path | None = None) -> dict[str, str]:
    """SHA-256 of everything the build reads: data, ontology and shapes, inference rules and checks, the views
    the pictures are drawn from. Recorded in the output's manifest; compared by :func:`out_of_date`."""
    from hkgov_graph.graph.load import data_files
    from hkgov_graph.outputs import sha256_file
    from hkgov_graph.resources import data_dir, ontology_dir, queries_dir

    queries = queries_dir()
    groups = {
        "data": data_files(data or data_dir()),
        "ontology": sorted((ontology or ontology_dir()).glob("*.ttl")),
        "queries": sorted([*queries.glob("construct-*.rq"), *queries.glob("*-violation.rq")]),
        "views": sorted((Path(__file__).resolve().parents[1] / "export" / "sparql").glob("*.rq")),
    }
    return {f"{group}/{path.name}": sha256_file(path) for group, paths in groups.items() for path in paths}


def out_of_date(output_dir: Path) -> str | None:
    """Why the build in ``output_dir`` no longer matches the packaged sources (None when it does).

    Compares the SHA-256 recorded in the build's manifest with the files now, never file times, so a reinstall
    that rewrites the same files does not count. A build made from other data (``--data``) is not compared.
    """
    from hkgov_graph import __version__
    from hkgov_graph.outputs import read_manifest

    manifest = read_manifest(output_dir)
    if manifest is None or manifest.get("command") != "build":
        return "it was written by an earlier version of hkgov-graph"
    if manifest.get("packaged_inputs") is False:
        return None
    if manifest.get("generator") != f"hkgov-graph {__version__}":
        return f"it was written by {manifest.get('generator')}, this is hkgov-graph {__version__}"
    recorded, now = manifest.get("inputs") or {}, build_inputs()
    changed = sorted(name for name in recorded.keys() | now.keys() if recorded.get(name) != now.get(name))
    if changed:
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        return f"{', '.join(changed[:3])}{more} changed since it was built"
    return None

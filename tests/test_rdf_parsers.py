"""Every RDF file of the build and of the site reads the same in independent parsers, and the dump
already holds what an OWL 2 RL reasoner would add to it in standard terms.

- Turtle, N-Triples, N-Quads and TriG: pyOxigraph (the reference), rdflib,
  Raptor's ``rapper`` and Serd's ``serdi`` (Debian raptor2-utils and serdi,
  installed by .ci/run) give the same triples or quads.
- JSON-LD: pyld (the JSON-LD 1.1 reference implementation in Python), rdflib
  and pyOxigraph give the same triples as the file's N-Triples twin (or, for
  the dataset dump, as the N-Quads dump); no remote context is fetched.
- OWL 2 RL (owlrl) over the N-Triples dump adds no triple about a resource in
  a standard vocabulary (ORG, SKOS, schema.org, PROV, OWL-Time, Dublin Core,
  FOAF, vCard) that the dump does not state already, so a client without a
  reasoner sees what one with a reasoner would.

Each parser's answer is written as N-Quads and read back by pyOxigraph, so
only what the parser understood is compared, not how it spells it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from hkgov_graph import namespaces as ns
from hkgov_graph.graph.build import BuildResult
from hkgov_graph.publish.site import publish

# Raptor and Serd names of each syntax, and pyOxigraph's.
SYNTAXES = {
    ".ttl": ("turtle", "turtle", ox.RdfFormat.TURTLE, "turtle"),
    ".nt": ("ntriples", "ntriples", ox.RdfFormat.N_TRIPLES, "nt"),
    ".nq": ("nquads", "nquads", ox.RdfFormat.N_QUADS, "nquads"),
    ".trig": ("trig", "trig", ox.RdfFormat.TRIG, "trig"),
}
# rdflib's own parsers warn about their deprecated ConjunctiveGraph internals; that is not about our files.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

STANDARD = (ns.ORG, ns.SKOS, ns.SCHEMA, ns.PROV, ns.TIME, ns.DCTERMS, ns.FOAF, ns.VCARD)


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(tmp_path_factory.mktemp("parsers") / "site", nquads=nquads).output_dir


def rdf_files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes)


def as_quads(nquads: bytes, base: str | None = None) -> set[ox.Quad]:
    """What a parser produced, read back by pyOxigraph (one spelling for every term)."""
    return set(ox.parse(nquads, format=ox.RdfFormat.N_QUADS, base_iri=base))


def reference(path: Path) -> set[ox.Quad]:
    fmt = SYNTAXES[path.suffix][2] if path.suffix in SYNTAXES else ox.RdfFormat.JSON_LD
    return set(ox.parse(path=str(path), format=fmt))


def tool(name: str) -> str:
    binary = shutil.which(name)
    if binary is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return binary


def by_rapper(path: Path) -> set[ox.Quad]:
    syntax = SYNTAXES[path.suffix][0]
    done = subprocess.run([tool("rapper"), "-q", "-i", syntax, "-o", "nquads", str(path)],
                          capture_output=True, check=True, timeout=120)
    return as_quads(done.stdout)


def by_serdi(path: Path) -> set[ox.Quad]:
    syntax = SYNTAXES[path.suffix][1]
    done = subprocess.run([tool("serdi"), "-q", "-i", syntax, "-o", "nquads", str(path)],
                          capture_output=True, check=True, timeout=120)
    return as_quads(done.stdout)


def by_rdflib(path: Path) -> set[ox.Quad]:
    fmt = SYNTAXES[path.suffix][3] if path.suffix in SYNTAXES else "json-ld"
    dataset = rdflib.Dataset()
    dataset.parse(path, format=fmt)
    return as_quads(dataset.serialize(format="nquads", encoding="utf-8"))


def by_pyld(path: Path) -> set[ox.Quad]:
    from pyld import jsonld

    def no_network(url: str, options: dict | None = None) -> dict:
        raise AssertionError(f"pyld was asked to fetch {url}")

    document = json.loads(path.read_text(encoding="utf-8"))
    text = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_network})
    return as_quads(text.encode("utf-8"))


def without_blank_nodes(quads: set[ox.Quad], path: Path) -> set[ox.Quad]:
    """The project skolemises blank nodes, so sets compare exactly; a blank node would be a regression."""
    assert not [q for q in quads for t in (q.subject, q.object) if isinstance(t, ox.BlankNode)], path
    return quads


def check(paths: list[Path], parsers) -> None:
    assert paths
    for path in paths:
        want = without_blank_nodes(reference(path), path)
        assert want, path
        for parser in parsers:
            assert parser(path) == want, (str(path), parser.__name__)


def test_build_dumps_read_the_same_in_four_parsers(built: BuildResult) -> None:
    """The build's N-Quads and N-Triples dumps: same quads in pyOxigraph, rdflib, rapper and serdi."""
    check(rdf_files(built.output_dir, (".nq", ".nt")), [by_rdflib, by_rapper, by_serdi])


def test_site_dumps_read_the_same_in_four_parsers(site: Path) -> None:
    """The site's Turtle, N-Triples, N-Quads and TriG dumps."""
    check(rdf_files(site / "dumps", (".ttl", ".nt", ".nq", ".trig")), [by_rdflib, by_rapper, by_serdi])


@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_site_files_read_the_same_in_four_parsers(site: Path, suffix: str) -> None:
    """Every resource, graph, ontology and dataset file of the site, in Turtle and N-Triples."""
    paths = [p for p in rdf_files(site, (suffix,)) if "dumps" not in p.parts]
    assert len(paths) > 200
    check(paths, [by_rdflib, by_rapper, by_serdi])


def test_site_jsonld_reads_as_its_ntriples_twin(site: Path) -> None:
    """Each .jsonld file gives, in pyld, rdflib and pyOxigraph, the triples of the .nt file beside it."""
    paths = [p for p in rdf_files(site, (".jsonld",)) if "dumps" not in p.parts]
    assert len(paths) > 200
    for path in paths:
        want = without_blank_nodes(reference(path.with_suffix(".nt")), path)
        for parser in (reference, by_rdflib, by_pyld):
            assert parser(path) == want, (str(path), parser.__name__)


def test_jsonld_dump_reads_as_the_nquads_dump(site: Path) -> None:
    """The JSON-LD dump, in pyld, rdflib and pyOxigraph, holds the N-Quads dump's quads, graph for graph."""
    path = site / "dumps" / "hkgov-graph.jsonld"
    want = without_blank_nodes(reference(site / "dumps" / "hkgov-graph.nq"), path)
    for parser in (reference, by_rdflib, by_pyld):
        assert parser(path) == want, parser.__name__


def test_parsers_disagree_on_a_broken_file(tmp_path: Path) -> None:
    """The comparison is live: rapper and serdi reject Turtle with an undeclared prefix."""
    path = tmp_path / "broken.ttl"
    path.write_text("<urn:a> nope:b <urn:c> .\n", encoding="utf-8")
    for parser in (by_rapper, by_serdi):
        with pytest.raises(subprocess.CalledProcessError):
            parser(path)


def test_owl_rl_closure_adds_no_standard_triple(built: BuildResult) -> None:
    """OWL 2 RL over the dump (ontology and imports included) derives nothing in standard terms about the
    dump's resources that the dump does not already say."""
    import owlrl

    graph = rdflib.Graph().parse(built.output_dir / "hkgov-graph.nt", format="nt")
    before = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    missing = []
    for s, p, o in set(graph) - before:
        if not isinstance(s, rdflib.URIRef) or not str(s).startswith(ns.DEFAULT_BASE):
            continue
        term = o if p == rdflib.RDF.type else p
        if isinstance(term, rdflib.URIRef) and str(term).startswith(STANDARD):
            missing.append((str(s), str(p), str(o)))
    assert not sorted(missing)[:10]

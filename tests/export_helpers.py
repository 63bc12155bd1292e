"""Helpers for the export, viewer, pictures and stats tests: a hostile inline dataset,
readers that bring every written format back to plain dictionaries, and a static HTTP server."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

# A label a careless page would run as script, with quotes, an ampersand, a comment opener
# and a line separator (valid in JSON, not in a JavaScript string literal before ES2019).
HOSTILE = "<script>alert(1)</script> \"雙引號\" 'single' & </script><!-- \u2028 end"
HOSTILE_TURTLE = HOSTILE.replace('"', '\\"').replace("\u2028", "\\u2028")
HOSTILE_UNIT = "駐<b>惡意</b>聯絡處 <img src=x onerror=alert(2)>"

HOSTILE_DATA = f"""\
@prefix hkg:     <https://w3id.org/hkgov-graph/ontology#> .
@prefix graph:   <https://w3id.org/hkgov-graph/graph/> .
@prefix gov:     <https://w3id.org/hkgov-graph/id/government/> .
@prefix bureau:  <https://w3id.org/hkgov-graph/id/bureau/> .
@prefix office:  <https://w3id.org/hkgov-graph/id/office/> .
@prefix unit:    <https://w3id.org/hkgov-graph/id/liaison-unit/> .
@prefix region:  <https://w3id.org/hkgov-graph/id/region/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema:  <https://schema.org/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

graph:hostile a hkg:SourceDocument ;
    dcterms:title "Hostile <i>document</i> \\"title\\" & co"@en ;
    dcterms:source <https://example.org/doc?a=1&b=2> ;
    hkg:seedFile "999_0123456789abcdef.txt" .

gov:hksar a hkg:Government ; skos:prefLabel "香港特別行政區政府"@zh-Hant .
bureau:cmab a hkg:PolicyBureau ; skos:prefLabel "政制及內地事務局"@zh-Hant ; org:unitOf gov:hksar .
office:evil a hkg:EconomicAndTradeOffice ;
    skos:prefLabel "{HOSTILE_TURTLE}"@zh-Hant , "{HOSTILE_TURTLE}"@en ;
    hkg:administeredBy bureau:cmab ;
    schema:foundingDate "2002-07"^^xsd:gYearMonth ;
    schema:areaServed region:guangdong .
region:guangdong a hkg:Province ; skos:notation "CN-GD" ;
    skos:prefLabel "廣東省"@zh-Hant , "Guangdong"@en .
unit:evil a hkg:LiaisonUnit ;
    skos:prefLabel "{HOSTILE_UNIT}"@zh-Hant ;
    org:unitOf office:evil ;
    schema:location region:guangdong .
"""

EVIL_OFFICE = "https://w3id.org/hkgov-graph/id/office/evil"
EVIL_UNIT = "https://w3id.org/hkgov-graph/id/liaison-unit/evil"


def write_hostile_data(folder: Path) -> Path:
    """A one-file data folder whose labels try to break out of HTML, XML and DOT."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.ttl").write_text(HOSTILE_DATA, encoding="utf-8")
    return folder


# -- Bringing a written file back to ({node: attrs}, {(u, v, key): attrs}) --

Nodes = dict[str, dict[str, str]]
Edges = dict[tuple[str, str, str], dict[str, str]]


def _edge_id(graph_directed: bool, u: str, v: str, key: str) -> tuple[str, str, str]:
    if not graph_directed and v < u:
        u, v = v, u
    return (u, v, key)


def expected(graph: nx.Graph) -> tuple[Nodes, Edges]:
    """A view as plain strings: what every format must give back."""
    nodes = {str(n): {k: str(v) for k, v in a.items()} for n, a in graph.nodes(data=True)}
    edges = {_edge_id(graph.is_directed(), str(u), str(v), str(k)): {a: str(x) for a, x in d.items()}
             for u, v, k, d in graph.edges(keys=True, data=True)}
    return nodes, edges


def from_networkx(graph: nx.Graph, *, key_attribute: str | None = None,
                  iri_attribute: str | None = None) -> tuple[Nodes, Edges]:
    """A graph read back by a NetworkX reader; ``key_attribute`` names where the original edge key went,
    ``iri_attribute`` where the IRI went when the file's own node ids are not IRIs (GraphML, GEXF)."""
    names = {n: str(a[iri_attribute]) if iri_attribute else str(n) for n, a in graph.nodes(data=True)}
    nodes = {}
    for n, a in graph.nodes(data=True):
        attrs = {k: str(v) for k, v in a.items() if k != iri_attribute}
        if iri_attribute:
            attrs["id"] = names[n]  # the view's id attribute is the IRI, not the file's own node id
        else:
            attrs.setdefault("id", names[n])
        nodes[names[n]] = attrs
    edges = {}
    items = graph.edges(keys=True, data=True) if graph.is_multigraph() else (
        (u, v, d.get("networkx_key", ""), d) for u, v, d in graph.edges(data=True))
    for u, v, k, d in items:
        attrs = {a: str(x) for a, x in d.items() if a != "networkx_key"}
        key = attrs.pop(key_attribute) if key_attribute else str(k)
        attrs.pop("id", None)
        edges[_edge_id(graph.is_directed(), names[u], names[v], key)] = attrs
    return nodes, edges


def read_graphml_networkx(path: Path) -> tuple[Nodes, Edges]:
    return from_networkx(nx.read_graphml(path, force_multigraph=True), key_attribute="edge_key",
                         iri_attribute="iri")


def read_graphml_igraph(path: Path) -> tuple[Nodes, Edges]:
    """GraphML through igraph, an independent reader: node ids arrive in the ``id`` vertex attribute,
    the IRI in ``iri``."""
    import igraph

    g = igraph.Graph.Read_GraphML(str(path))
    nodes = {}
    for vertex in g.vs:
        attrs = {k: ("" if v is None else str(int(v) if isinstance(v, float) and v.is_integer() else v))
                 for k, v in vertex.attributes().items()}
        attrs["id"] = attrs.pop("iri")
        nodes[attrs["id"]] = attrs
    edges = {}
    for edge in g.es:
        attrs = {k: "" if v is None else str(v) for k, v in edge.attributes().items()}
        attrs.pop("id", None)
        key = attrs.pop("edge_key")
        u, v = g.vs[edge.source]["iri"], g.vs[edge.target]["iri"]
        edges[_edge_id(g.is_directed(), u, v, key)] = attrs
    return nodes, edges


def read_gexf(path: Path) -> tuple[Nodes, Edges]:
    return from_networkx(nx.read_gexf(path), key_attribute="edge_key", iri_attribute="iri")


def read_node_link(path: Path) -> tuple[Nodes, Edges]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return from_networkx(nx.node_link_graph(data, edges="edges"))


def read_cytoscape(path: Path) -> tuple[Nodes, Edges]:
    """Cytoscape.js JSON with nothing but ``json``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes = {}
    for item in data["elements"]["nodes"]:
        attrs = dict(item["data"])
        attrs.pop("value")
        attrs.pop("name")
        nodes[attrs["id"]] = {k: str(v) for k, v in attrs.items()}
    edges = {}
    for item in data["elements"]["edges"]:
        attrs = dict(item["data"])
        u, v, key = attrs.pop("source"), attrs.pop("target"), attrs.pop("key")
        attrs.pop("id")
        edges[_edge_id(data["directed"], u, v, key)] = {k: str(x) for k, x in attrs.items()}
    return nodes, edges


def read_dot(path: Path, node_attrs: set[str], edge_attrs: set[str]) -> tuple[Nodes, Edges]:
    """DOT parsed by Graphviz itself (``dot -Tjson``); attributes left empty are absent there, so read as ""."""
    done = subprocess.run(["dot", "-Tjson", str(path)], capture_output=True, check=True, timeout=120)
    data = json.loads(done.stdout)
    names = {}
    nodes = {}
    for obj in data.get("objects", []):
        names[obj["_gvid"]] = obj["name"]
        nodes[obj["name"]] = {a: str(obj.get(a, "")) for a in node_attrs}
    edges = {}
    for edge in data.get("edges", []):
        u, v = names[edge["tail"]], names[edge["head"]]
        attrs = {a: str(edge.get(a, "")) for a in edge_attrs}
        edges[_edge_id(data["directed"], u, v, str(edge.get("edge_key", "")))] = attrs
    return nodes, edges


# -- A real static HTTP server on 127.0.0.1 --

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """``python -m http.server`` serving ``folder``; yields its base URL and stops it by pid."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base, timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the static server did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def attribute_names(graph: nx.Graph) -> tuple[set[str], set[str]]:
    node_attrs: set[str] = set()
    edge_attrs: set[str] = set()
    for _, a in graph.nodes(data=True):
        node_attrs.update(a)
    for *_, a in graph.edges(keys=True, data=True):
        edge_attrs.update(a)
    return node_attrs, edge_attrs


def as_plain(value: Any) -> str:
    return "" if value is None else str(value)

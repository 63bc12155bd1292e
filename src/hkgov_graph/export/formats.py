"""Serialise a view (a NetworkX graph with scalar attributes) as bytes.

GraphML and GEXF for desktop tools (Gephi, yEd, Cytoscape), node-link JSON
for NetworkX and D3, Cytoscape.js JSON, and Graphviz DOT. Every writer takes
nodes and edges in the graph's own order (the views add them sorted), so the
same graph always gives the same bytes; nothing depends on the clock.

GraphML and GEXF follow their official schemas (GraphML 1.0, GEXF 1.2; the
test suite validates every view against them): their node ids are XML name
tokens (the prefixed name, ``office:bjo``) and the IRI is the ``iri``
attribute. In the JSON formats and DOT the node id is the IRI itself.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from hkgov_graph import namespaces as ns

if TYPE_CHECKING:
    import networkx as nx

GENERATOR = "hkgov-graph"


# -- GraphML and GEXF: node ids that are XML name tokens --

# GraphML 1.0 types node ids and edge ends as xs:NMTOKEN; an IRI is not one ("/" is not a
# name character). Only ASCII name characters are used, so every XML tool reads the ids alike.
_NMTOKEN = re.compile(r"[A-Za-z0-9._:-]+")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# The project's prefixes, and one for skolemised blank nodes (intervals, instants) in the whole view.
_XML_ID_PREFIXES = {**ns.PREFIXES, "genid": ns.GENID}


def xml_id(node: object) -> str:
    """The GraphML/GEXF id of a node: its prefixed name (``office:bjo``) when that is an
    XML name token, else a slug of it with a hash of the whole value (``x_…_3f2a9c1d``).

    Prefixed names are unique because the prefixes are; the hashed fallback keeps
    the id stable from run to run and distinct for distinct nodes.
    """
    text = str(node)
    best = max((p for p, namespace in _XML_ID_PREFIXES.items() if text.startswith(namespace)),
               key=lambda p: len(_XML_ID_PREFIXES[p]), default=None)
    curie = f"{best}:{text[len(_XML_ID_PREFIXES[best]):]}" if best else text
    if best and _NMTOKEN.fullmatch(curie):
        return curie
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"x_{_UNSAFE.sub('_', curie)[:60]}_{digest}"


def xml_ids(graph: nx.Graph) -> dict[Any, str]:
    """Every node's XML id (see :func:`xml_id`); an error if two nodes would share one."""
    ids = {n: xml_id(n) for n in graph}
    if len(set(ids.values())) != len(ids):
        clash = sorted(i for i, c in Counter(ids.values()).items() if c > 1)
        raise ValueError(f"two nodes share the XML id {clash[0]!r}")
    return ids


def for_xml_formats(graph: nx.Graph) -> nx.Graph:
    """The graph as GraphML and GEXF want it.

    Nodes are renamed to their XML ids (:func:`xml_id`) and the IRI is kept in an
    ``iri`` attribute (first, so it leads each node's data); the view's ``id``
    attribute (the same IRI) is left out, since GraphML and GEXF readers (igraph,
    Gephi) keep the node id in an ``id`` attribute of their own. In a multigraph
    the edges get unique ids (``e0``, ``e1``, … in the graph's order) and the
    NetworkX key goes into an ``edge_key`` attribute. Order is kept, so the bytes
    stay the same for the same graph.
    """
    ids = xml_ids(graph)
    out = graph.__class__()
    out.graph.update(graph.graph)
    for n, attrs in graph.nodes(data=True):
        out.add_node(ids[n], iri=str(n), **{k: v for k, v in attrs.items() if k not in ("id", "iri")})
    if graph.is_multigraph():
        for i, (u, v, key, attrs) in enumerate(graph.edges(keys=True, data=True)):
            out.add_edge(ids[u], ids[v], key=f"e{i}")
            out.edges[ids[u], ids[v], f"e{i}"].update({"edge_key": key, **attrs})
    else:
        out.add_edges_from((ids[u], ids[v], dict(attrs)) for u, v, attrs in graph.edges(data=True))
    return out


def to_graphml(graph: nx.Graph) -> bytes:
    """GraphML 1.0 with one ``<key>`` per attribute (all scalars; both languages as separate attributes)."""
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(for_xml_formats(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2; the writer's date stamp is left out so the output does not change from day to day.

    Ids and the ``iri`` attribute as in GraphML (:func:`for_xml_formats`). The
    graph's name goes into ``<meta><description>``: the GEXF schema has no
    ``name`` attribute on ``<graph>``, which the NetworkX writer would add.
    """
    from xml.etree.ElementTree import SubElement, tostring

    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    assert meta is not None
    meta.attrib.pop("lastmodifieddate", None)
    creator = meta.find("creator")
    if creator is not None:
        creator.text = GENERATOR
    writer.add_graph(for_xml_formats(graph))
    name = writer.graph_element.attrib.pop("name", "")
    if name:
        SubElement(meta, "description").text = str(name)
    if writer.prettyprint:
        writer.indent(writer.xml)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(writer.xml, encoding="unicode").encode("utf-8")


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def to_node_link(graph: nx.Graph) -> bytes:
    """NetworkX node-link JSON (``nx.node_link_graph(data, edges="edges")`` reads it back)."""
    import networkx as nx

    return _json_bytes(nx.node_link_data(graph, edges="edges"))


def cytoscape_data(graph: nx.Graph) -> dict[str, Any]:
    """Cytoscape.js elements JSON (also read by Cytoscape desktop as ``.cyjs`` and by ``nx.cytoscape_graph``).

    Node data holds every attribute plus ``id`` (the IRI), ``value`` (the
    NetworkX node) and ``name`` (the display label); edge data holds every
    attribute plus ``id``, ``source``, ``target`` and, in a multigraph, ``key``.
    """
    nodes = []
    for n, attrs in graph.nodes(data=True):
        data = dict(attrs)
        data.update({"id": str(n), "value": n, "name": attrs.get("label") or str(n)})
        nodes.append({"data": data})
    edges = []
    if graph.is_multigraph():
        items = [(u, v, k, a) for u, v, k, a in graph.edges(keys=True, data=True)]
    else:
        items = [(u, v, None, a) for u, v, a in graph.edges(data=True)]
    for u, v, k, attrs in items:
        data = dict(attrs)
        data.update({"id": f"{u} {k} {v}" if k is not None else f"{u} {v}", "source": u, "target": v})
        if k is not None:
            data["key"] = k
        edges.append({"data": data})
    return {
        "format_version": "1.0",
        "generated_by": GENERATOR,
        "target_cytoscapejs_version": "~3",
        "data": dict(graph.graph),
        "directed": graph.is_directed(),
        "multigraph": graph.is_multigraph(),
        "elements": {"nodes": nodes, "edges": edges},
    }


def to_cytoscape(graph: nx.Graph) -> bytes:
    return _json_bytes(cytoscape_data(graph))


# -- Graphviz DOT --

def dot_quote(value: object) -> str:
    """A DOT double-quoted string: backslash and quote escaped, line breaks as ``\\n``.

    Inside quotes nothing else is special to the DOT parser, so a value such
    as ``<script>`` stays plain text (only ``<...>`` without quotes would be
    an HTML-like label).
    """
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _dot_attributes(attrs: dict[str, Any]) -> str:
    parts = [f"{name}={dot_quote(value)}" for name, value in attrs.items() if value is not None]
    return f" [{', '.join(parts)}]" if parts else ""


def to_dot(graph: nx.Graph, *, graph_attributes: dict[str, str] | None = None,
           node_defaults: dict[str, str] | None = None, edge_defaults: dict[str, str] | None = None,
           node_style: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None,
           edge_style: Callable[[str, str, Any, dict[str, Any]], dict[str, Any]] | None = None) -> bytes:
    """Graphviz DOT: every node and edge attribute written as a DOT attribute, in the graph's order.

    A multigraph's edge key is written as ``edge_key`` (Graphviz treats
    ``key`` as the edge's name and does not report it back).

    ``node_style`` and ``edge_style`` may add drawing attributes (colours,
    shapes); the pictures use them, the plain export does not.
    """
    directed = graph.is_directed()
    arrow = "->" if directed else "--"
    lines = [f"{'digraph' if directed else 'graph'} {dot_quote(graph.graph.get('name', 'hkgov-graph'))} {{"]
    graph_attrs = {"charset": "UTF-8", **(graph_attributes or {})}
    lines.append(f"  graph{_dot_attributes(graph_attrs)};")
    if node_defaults:
        lines.append(f"  node{_dot_attributes(node_defaults)};")
    if edge_defaults:
        lines.append(f"  edge{_dot_attributes(edge_defaults)};")
    for n, attrs in graph.nodes(data=True):
        merged = dict(attrs)
        if node_style:
            merged.update(node_style(n, attrs))
        lines.append(f"  {dot_quote(n)}{_dot_attributes(merged)};")
    if graph.is_multigraph():
        items = list(graph.edges(keys=True, data=True))
    else:
        items = [(u, v, None, a) for u, v, a in graph.edges(data=True)]
    for u, v, k, attrs in items:
        merged = {"edge_key": k} if k is not None else {}  # Graphviz keeps "key" to itself
        merged.update(attrs)
        if edge_style:
            merged.update(edge_style(u, v, k, attrs))
        lines.append(f"  {dot_quote(u)} {arrow} {dot_quote(v)}{_dot_attributes(merged)};")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[nx.Graph], bytes]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "json": to_node_link,
    "cytoscape": to_cytoscape,
    "dot": to_dot,
}

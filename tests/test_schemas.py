"""Every output validates against its format's official schema, with the schema's own validator.

The schemas are vendored in ``tests/schemas/`` (origin, version, licence and
date in ``tests/schemas/SOURCES.md``); nothing is fetched while testing:
remote ``schemaLocation`` IRIs are answered from the vendored copies.

- GraphML exports: GraphML 1.0 XSD (lxml / libxml2).
- GEXF exports: GEXF 1.2 XSD (lxml / libxml2).
- The dataset description (``dataset.ttl``): DCAT-AP 3.0.1 SHACL shapes, core,
  recommended and range (pySHACL).
- The SPARQL endpoint's XML answers: the W3C SPARQL Query Results XML Format
  schema (RELAX NG, converted by rnc2rng, validated by lxml).
- Cytoscape.js JSON: no JSON Schema is published (cytoscape/cytoscape.js
  issue 3487 asks for one), so a structural check of the documented elements
  JSON, and the real Cytoscape.js (the vendored copy, under Node.js) loading
  it without a warning.

Each schema is also shown a document it must reject, so a validator that
accepts everything cannot pass these tests.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from lxml import etree

from export_helpers import write_hostile_data
from hkgov_graph import namespaces as ns
from hkgov_graph.export import formats
from hkgov_graph.export.views import ALL_TIMES, VIEWS, build_view, open_store
from hkgov_graph.graph.dataset import LICENSE
from hkgov_graph.graph.load import load_dataset
from hkgov_graph.publish.site import publish

SCHEMAS = Path(__file__).resolve().parent / "schemas"
VENDOR = Path(__file__).resolve().parents[1] / "src" / "hkgov_graph" / "export" / "viewer" / "vendor"
ID = "https://w3id.org/hkgov-graph/id/"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"

# Where the official schemas point at each other by absolute URL: the vendored copy of each.
GRAPHML_SITE = "http://graphml.graphdrawing.org/xmlns/1.0/"
LOCAL_COPIES = {
    GRAPHML_SITE + "graphml-structure.xsd": SCHEMAS / "graphml-1.0" / "graphml-structure.xsd",
    GRAPHML_SITE + "xlink.xsd": SCHEMAS / "graphml-1.0" / "xlink.xsd",
}


class VendoredSchemas(etree.Resolver):
    """Answers the schemas' absolute imports from tests/schemas; anything else is refused, never fetched."""

    def resolve(self, system_url: str, public_id: str, context: object):  # type: ignore[override]
        local = LOCAL_COPIES.get(system_url)
        if local is not None:
            return self.resolve_filename(str(local), context)
        if system_url.startswith(("http://", "https://")):
            raise AssertionError(f"a schema asked for {system_url}, which is not vendored")
        return None


def xml_schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(VendoredSchemas())
    return etree.XMLSchema(etree.parse(str(path), parser))


@pytest.fixture(scope="module")
def graphml_schema() -> etree.XMLSchema:
    return xml_schema(SCHEMAS / "graphml-1.0" / "graphml.xsd")


@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    return xml_schema(SCHEMAS / "gexf-1.2" / "gexf.xsd")


def assert_valid(schema: etree.XMLSchema | etree.RelaxNG, data: bytes, what: str) -> None:
    """The document is valid; otherwise the first few errors, with line numbers, say why."""
    document = etree.fromstring(data)
    if not schema.validate(document):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:5])
        raise AssertionError(f"{what} does not validate:\n{errors}")


@pytest.fixture(scope="module")
def store(nquads: Path):
    return open_store(nquads)


VIEW_DATES = [(view, as_of) for view in VIEWS for as_of in (None, ALL_TIMES, "2005")]


@pytest.fixture(scope="module")
def every_view(store) -> dict[tuple[str, str | None], nx.Graph]:
    """Each view now, at all times and as of 2005 (when CAB, not CMAB, was the bureau)."""
    return {(view, as_of): build_view(store, view, as_of) for view, as_of in VIEW_DATES}


# -- GraphML --

@pytest.mark.parametrize("view, as_of", VIEW_DATES)
def test_graphml_export_validates(every_view, graphml_schema, view, as_of):
    """Each view's GraphML export is valid GraphML 1.0."""
    assert_valid(graphml_schema, formats.to_graphml(every_view[view, as_of]), f"{view} ({as_of}) GraphML")


def test_graphml_schema_rejects_iri_node_ids(graphml_schema):
    """The schema is really applied: the old export's IRI node ids are not name tokens and fail."""
    bad = (f'<graphml xmlns="{GRAPHML_NS}"><graph edgedefault="directed">'
           f'<node id="{ID}office/bjo"/></graph></graphml>').encode()
    with pytest.raises(AssertionError, match="NMTOKEN"):
        assert_valid(graphml_schema, bad, "an IRI-id GraphML document")


def test_graphml_schema_rejects_dangling_edge(graphml_schema):
    """An edge whose target is no node of the graph fails the schema's keyref."""
    bad = (f'<graphml xmlns="{GRAPHML_NS}"><graph edgedefault="directed">'
           '<node id="office:bjo"/><edge source="office:bjo" target="bureau:cmab"/></graph></graphml>').encode()
    with pytest.raises(AssertionError):
        assert_valid(graphml_schema, bad, "a GraphML document with a dangling edge")


# -- GEXF --

@pytest.mark.parametrize("view, as_of", VIEW_DATES)
def test_gexf_export_validates(every_view, gexf_schema, view, as_of):
    """Each view's GEXF export is valid GEXF 1.2."""
    assert_valid(gexf_schema, formats.to_gexf(every_view[view, as_of]), f"{view} ({as_of}) GEXF")


def test_gexf_schema_rejects_graph_name(gexf_schema):
    """The schema is really applied: the name attribute NetworkX puts on <graph> fails it."""
    bad = (f'<gexf xmlns="{GEXF_NS}" version="1.2"><graph defaultedgetype="directed" name="x">'
           '<nodes><node id="a" label="a"/></nodes></graph></gexf>').encode()
    with pytest.raises(AssertionError, match="name"):
        assert_valid(gexf_schema, bad, "a GEXF document with a graph name")


def test_gexf_keeps_the_graph_name_in_meta(every_view):
    """The view's name is the <meta> description."""
    root = etree.fromstring(formats.to_gexf(every_view["reporting", None]))
    assert root.findtext(f"{{{GEXF_NS}}}meta/{{{GEXF_NS}}}description") == "hkgov-graph reporting"


# -- Node ids in both XML formats --

@pytest.mark.parametrize("fmt, namespace", [("graphml", GRAPHML_NS), ("gexf", GEXF_NS)])
def test_xml_node_ids_are_prefixed_names_with_the_iri_kept(every_view, tmp_path, fmt, namespace):
    """The Beijing Office is node office:bjo with iri <…/id/office/bjo>; edges point at those ids."""
    data = formats.WRITERS[fmt](every_view["reporting", None])
    root = etree.fromstring(data)
    ids = {n.get("id") for n in root.iter(f"{{{namespace}}}node")}
    assert {"office:bjo", "unit:fujian", "bureau:cmab", "gov:hksar"} <= ids
    assert not [i for i in ids if "/" in i]
    ends = {e.get(end) for e in root.iter(f"{{{namespace}}}edge") for end in ("source", "target")}
    assert ends <= ids
    path = tmp_path / f"reporting.{fmt}"
    path.write_bytes(data)
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.nodes["office:bjo"]["iri"] == ID + "office/bjo"
    assert graph.nodes["unit:fujian"]["iri"] == ID + "liaison-unit/fujian"
    assert graph.has_edge("bureau:cmab", "office:bjo")


def test_xml_ids_of_things_outside_the_project_are_stable_name_tokens():
    """A web page cited as a source gets a name-token slug with a hash; two such pages never share one."""
    a, b = "https://zh.wikipedia.org/wiki/%E9%A6%99%E6%B8%AF", "https://zh.wikipedia.org/wiki/%E9%A6%99%E6%B8%AE"
    assert re.fullmatch(r"x_[A-Za-z0-9._-]+_[0-9a-f]{8}", formats.xml_id(a))
    assert formats.xml_id(a) == formats.xml_id(a) != formats.xml_id(b)
    assert formats.xml_id("https://w3id.org/hkgov-graph/.well-known/genid/abc") == "genid:abc"


@pytest.fixture(scope="module")
def hostile_reporting(tmp_path_factory) -> nx.Graph:
    return build_view(load_dataset(write_hostile_data(tmp_path_factory.mktemp("hostile"))), "reporting")


def test_hostile_labels_still_validate(hostile_reporting, graphml_schema, gexf_schema):
    """Markup, quotes and a line separator in labels are escaped text in valid GraphML and GEXF."""
    assert_valid(graphml_schema, formats.to_graphml(hostile_reporting), "hostile GraphML")
    assert_valid(gexf_schema, formats.to_gexf(hostile_reporting), "hostile GEXF")


# -- Cytoscape.js JSON --

def check_cytoscape_elements(data: dict) -> None:
    """The elements JSON as js.cytoscape.org documents it: nodes and edges, each with a data object
    whose string id is unique among all elements; an edge's source and target name nodes."""
    assert set(data["elements"]) == {"nodes", "edges"}
    ids: list[str] = []
    for group in ("nodes", "edges"):
        for element in data["elements"][group]:
            assert set(element) == {"data"}, element
            assert isinstance(element["data"]["id"], str) and element["data"]["id"], element
            ids.append(element["data"]["id"])
    assert len(ids) == len(set(ids)), "element ids must be unique"
    nodes = {e["data"]["id"] for e in data["elements"]["nodes"]}
    for edge in data["elements"]["edges"]:
        assert edge["data"]["source"] in nodes and edge["data"]["target"] in nodes, edge
    json.dumps(data, allow_nan=False)  # plain JSON: no NaN or Infinity


@pytest.mark.parametrize("view, as_of", VIEW_DATES)
def test_cytoscape_export_is_elements_json(every_view, view, as_of):
    """Each view's Cytoscape.js export has the documented structure."""
    check_cytoscape_elements(json.loads(formats.to_cytoscape(every_view[view, as_of])))


def test_cytoscape_check_rejects_a_dangling_edge():
    """The structural check fails on an edge to a missing node."""
    bad = {"elements": {"nodes": [{"data": {"id": "a"}}], "edges": [{"data": {"id": "e", "source": "a",
                                                                             "target": "b"}}]}}
    with pytest.raises(AssertionError):
        check_cytoscape_elements(bad)


CYTOSCAPE_LOAD = r"""
const cytoscape = require(process.argv[1]);
const data = JSON.parse(require("fs").readFileSync(0, "utf8"));
const problems = [];
for (const level of ["warn", "error"]) console[level] = (...args) => problems.push(args.join(" "));
let cy = null;
try { cy = cytoscape({headless: true, elements: data.elements}); } catch (e) { problems.push(e.message); }
process.stdout.write(JSON.stringify({nodes: cy ? cy.nodes().length : 0, edges: cy ? cy.edges().length : 0,
                                     problems}));
"""


def load_in_cytoscape(data: bytes) -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (.ci/run installs it)")
    done = subprocess.run([node, "-e", CYTOSCAPE_LOAD, str(VENDOR / "cytoscape.min.js")], input=data,
                          capture_output=True, check=True, timeout=120)
    return json.loads(done.stdout)


@pytest.mark.parametrize("view", VIEWS)
def test_cytoscape_js_loads_the_export(every_view, view):
    """The vendored Cytoscape.js builds every node and edge of the export, with no warning."""
    graph = every_view[view, ALL_TIMES]
    loaded = load_in_cytoscape(formats.to_cytoscape(graph))
    assert loaded == {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "problems": []}


def test_cytoscape_js_complains_about_a_dangling_edge():
    """The Node.js check is live: Cytoscape.js refuses an edge to a missing node."""
    bad = {"elements": {"nodes": [{"data": {"id": "a"}}], "edges": [{"data": {"id": "e", "source": "a",
                                                                             "target": "b"}}]}}
    loaded = load_in_cytoscape(json.dumps(bad).encode())
    assert loaded["edges"] == 0 and "nonexistent target" in " ".join(loaded["problems"])


# -- The vendored files themselves --

def test_vendored_schemas_match_this_record():
    """Every file in tests/schemas is listed in SOURCES.md, copied files with their SHA-256."""
    record = (SCHEMAS / "SOURCES.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^- `([^`]+)`: (.+)$", record, re.M))
    files = {p.relative_to(SCHEMAS).as_posix() for p in SCHEMAS.rglob("*") if p.is_file()} - {"SOURCES.md"}
    assert set(listed) == files
    for name, entry in listed.items():
        if not entry.startswith("written for this folder"):
            assert entry == f"`{hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest()}`", name


# -- DCAT-AP 3.0.1: the dataset description the site publishes --

DCAT_AP = SCHEMAS / "dcat-ap-3.0.1"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
DCAT = rdflib.Namespace(ns.DCAT)
DCT = rdflib.Namespace(ns.DCTERMS)
FOAF = rdflib.Namespace(ns.FOAF)
BASE = ns.DEFAULT_BASE

# Recommended properties the sources do not give, so their warnings stay (focus class, property, why):
ALLOWED_WARNINGS = {
    # The sources give no coordinates for a region (DCAT-AP recommends a bounding box and a centroid
    # for every dct:Location; the regions are the project's own IRIs, with ISO 3166-2 codes).
    (ns.DCTERMS + "Location", ns.DCAT + "bbox"),
    (ns.DCTERMS + "Location", ns.DCAT + "centroid"),
    # The ADMS publisher-type list (company, academia, NGO, national authority, …) has no entry for a
    # volunteer open-source project, nor does the data say what kind of body Chinese Wikipedia or the
    # Legislative Council is in ADMS's terms; picking one would be a claim no source makes.
    (ns.FOAF + "Agent", ns.DCTERMS + "type"),
    # A catalogue's issue and modification dates: the project records none, and the description may
    # not take them from the clock (same input, same bytes).
    (ns.DCAT + "Catalog", ns.DCTERMS + "issued"),
    (ns.DCAT + "Catalog", ns.DCTERMS + "modified"),
    # The graphs the dataset is derived from (dct:source), as the datasets DCAT-AP wants them to be. The
    # seed documents are third-party (Wikipedia articles, a LegCo paper): the data records no contact point
    # for them. No source graph has keywords or a file of its own (its statements are in this dataset's
    # dumps and endpoint), and an editorial graph that names no region or states no date has no spatial or
    # temporal coverage to give. The dataset itself has all of these (next test but one).
    (ns.DCAT + "Dataset", ns.DCAT + "contactPoint"),
    (ns.DCAT + "Dataset", ns.DCAT + "keyword"),
    (ns.DCAT + "Dataset", ns.DCAT + "distribution"),
    (ns.DCAT + "Dataset", ns.DCTERMS + "spatial"),
    (ns.DCAT + "Dataset", ns.DCTERMS + "temporal"),
}
SOURCE_GRAPHS = {BASE + "graph/" + name for name in (
    "wikipedia-beijing-office", "wikipedia-mainland-etos", "legco-cb2-2193-11-12-01",
    "wikipedia-guangdong-eto", "wikipedia-beijing-offices")}


@pytest.fixture(scope="module")
def dcat_shapes() -> rdflib.Graph:
    shapes = rdflib.Graph()
    for name in ("shapes.ttl", "shapes_recommended.ttl", "range.ttl"):
        shapes.parse(DCAT_AP / name, format="turtle")
    return shapes


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory) -> Path:
    return publish(tmp_path_factory.mktemp("schemas-site") / "site", nquads=nquads).output_dir


@pytest.fixture(scope="module")
def description(site: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(site / "dataset.ttl", format="turtle")


def dcat_ap_results(data: rdflib.Graph, shapes: rdflib.Graph) -> list[tuple[str, str, str, str]]:
    """pySHACL with the DCAT-AP shapes: (severity, focus node, path, focus classes) of every result."""
    from pyshacl import validate

    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    results = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        classes = " ".join(sorted(str(c) for c in data.objects(focus, rdflib.RDF.type)))
        results.append((str(report.value(result, SH.resultSeverity)), str(focus),
                        str(report.value(result, SH.resultPath)), classes))
    return sorted(results)


@pytest.fixture(scope="module")
def dcat_results(description, dcat_shapes) -> list[tuple[str, str, str, str]]:
    return dcat_ap_results(description, dcat_shapes)


def test_dataset_description_has_no_dcat_ap_violation(dcat_results):
    """DCAT-AP 3.0.1 core and range shapes: dataset.ttl conforms (no sh:Violation)."""
    violations = [r for r in dcat_results if r[0] == str(SH.Violation)]
    assert not violations, violations[:10]


def test_dataset_description_warnings_are_only_those_the_sources_cannot_answer(dcat_results):
    """DCAT-AP 3.0.1 recommended shapes: every remaining warning is one listed (with its reason) above."""
    unexpected = [r for r in dcat_results if r[0] == str(SH.Warning)
                  and not any((cls, r[2]) in ALLOWED_WARNINGS for cls in r[3].split())]
    assert not unexpected, unexpected[:10]


def test_no_warning_on_the_dataset_its_distributions_or_its_service(dcat_results):
    """The dataset, each distribution and the SPARQL service have every recommended property."""
    ours = {BASE + "dataset", BASE + "sparql"}
    assert not [r for r in dcat_results if r[1] in ours or r[1].startswith(BASE + "dataset#dump-")
                or r[1] == BASE + "dataset#sparql"]


def test_dcat_ap_shapes_catch_an_untyped_licence(description, dcat_shapes):
    """The range shapes are really applied: without its dct:LicenseDocument type the licence is a violation."""
    broken = rdflib.Graph()
    for triple in description:
        if triple != (rdflib.URIRef(LICENSE), rdflib.RDF.type, DCT.LicenseDocument):
            broken.add(triple)
    violations = [r for r in dcat_ap_results(broken, dcat_shapes) if r[0] == str(SH.Violation)]
    assert {r[2] for r in violations} == {str(DCT.license)}


def test_catalog_holds_the_dataset_and_the_service(description):
    """One dcat:Catalog, published by the project, holding the dataset and the SPARQL service."""
    catalogs = list(description.subjects(rdflib.RDF.type, DCAT.Catalog))
    assert catalogs == [rdflib.URIRef(BASE + "dataset#catalog")]
    catalog = catalogs[0]
    assert (catalog, DCAT.dataset, rdflib.URIRef(BASE + "dataset")) in description
    assert (catalog, DCAT.service, rdflib.URIRef(BASE + "sparql")) in description
    publisher = description.value(catalog, DCT.publisher)
    assert str(description.value(publisher, FOAF.name)) == "hkgov-graph project"
    assert description.value(rdflib.URIRef(BASE + "dataset"), DCT.publisher) == publisher


def test_temporal_coverage_is_the_span_of_the_sources_dates(description):
    """From the earliest date a source states, March 1949 (seed 004: the Inner Mongolia government's office
    in Beiping, 於1949年3月設立), to the latest, 21 January 2019 (seed 000: 梁志仁, director from
    2019年1月21日), each at its own precision."""
    period = description.value(rdflib.URIRef(BASE + "dataset"), DCT.temporal)
    start, end = description.value(period, DCAT.startDate), description.value(period, DCAT.endDate)
    assert (str(start), str(start.datatype)) == ("1949-03", ns.XSD + "gYearMonth")
    assert (str(end), str(end.datatype)) == ("2019-01-21", ns.XSD + "date")


def test_spatial_coverage_is_the_regions_the_sources_name(description):
    """The ten regions the Beijing Office serves (seed 000: 京津冀遼吉黑蒙新甘寧) are among the dataset's
    dct:spatial, each a dct:Location."""
    spatial = set(description.objects(rdflib.URIRef(BASE + "dataset"), DCT.spatial))
    for region in ("beijing", "tianjin", "hebei", "liaoning", "jilin", "heilongjiang", "inner-mongolia",
                   "xinjiang", "gansu", "ningxia"):
        node = rdflib.URIRef(BASE + "id/region/" + region)
        assert node in spatial and (node, rdflib.RDF.type, DCT.Location) in description


def test_source_graphs_are_datasets_with_their_publisher(description):
    """Each seed document's graph (and each editorial graph) is a dcat:Dataset; the LegCo paper's publisher
    is 立法會 (seed 002)."""
    sources = {str(o) for o in description.objects(rdflib.URIRef(BASE + "dataset"), DCT.source)}
    assert sources >= SOURCE_GRAPHS
    for graph in sources:
        assert (rdflib.URIRef(graph), rdflib.RDF.type, DCAT.Dataset) in description
    legco = rdflib.URIRef(BASE + "graph/legco-cb2-2193-11-12-01")
    names = {str(n) for n in description.objects(description.value(legco, DCT.publisher), FOAF.name)}
    assert names == {"立法會"}


def test_media_types_are_iana_and_typed(description):
    """Each dump's dcat:mediaType is an IANA media-type IRI typed dct:MediaType."""
    for dist in description.objects(rdflib.URIRef(BASE + "dataset"), DCAT.distribution):
        media = description.value(dist, DCAT.mediaType)
        if media is not None:
            assert str(media).startswith("https://www.iana.org/assignments/media-types/")
            assert (media, rdflib.RDF.type, DCT.MediaType) in description


# -- SPARQL Query Results XML Format: the endpoint's XML answers --

SPARQL_XML = "application/sparql-results+xml"
SRX = "{http://www.w3.org/2005/sparql-results#}"
# IRIs, literals with a language, typed literals, an unbound variable, and a blank node made on the spot.
XML_QUERIES = {
    "select": """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX schema: <https://schema.org/>
        SELECT ?office ?label ?founded ?missing ?node WHERE {
          ?office schema:foundingDate ?founded ; skos:prefLabel ?label .
          OPTIONAL { ?office <urn:x-nothing:here> ?missing }
          BIND(BNODE() AS ?node)
        } ORDER BY ?office ?label LIMIT 50""",
    "ask": "ASK { ?s ?p ?o }",
    "empty": "SELECT ?x WHERE { ?x <urn:x-nothing:here> ?y }",
}


@pytest.fixture(scope="module")
def sparql_results_schema() -> etree.RelaxNG:
    """The W3C schema (RELAX NG Compact, vendored) converted by rnc2rng and compiled by lxml."""
    import rnc2rng

    grammar = rnc2rng.dumps(rnc2rng.load(str(SCHEMAS / "sparql-results" / "result.rnc")))
    # rnc2rng declares the schema's empty "local" namespace prefix (namespace local = ""), which XML
    # Namespaces 1.0 does not allow; the prefix is never used, so the declaration is dropped.
    grammar = re.sub(r'\s+xmlns:local=""', "", grammar)
    return etree.RelaxNG(etree.fromstring(grammar.encode("utf-8")))


@pytest.fixture(scope="module")
def endpoint(site: Path):
    from helpers_servers import start_server, stop_server

    running = start_server(site)
    yield running
    stop_server(running)


@pytest.mark.server
@pytest.mark.parametrize("name", XML_QUERIES)
def test_endpoint_xml_results_validate(endpoint, sparql_results_schema, name):
    """GET /sparql asking for application/sparql-results+xml: the answer is valid SPARQL Results XML."""
    from urllib.parse import urlencode

    status, headers, body = endpoint.request("GET", "/sparql?" + urlencode({"query": XML_QUERIES[name]}),
                                             {"Accept": SPARQL_XML})
    assert status == 200, body[:300]
    assert headers["Content-Type"].split(";")[0].strip() == SPARQL_XML
    assert_valid(sparql_results_schema, body, f"the {name} answer")
    root = etree.fromstring(body)
    if name == "select":
        literals = root.iter(f"{SRX}literal")
        assert any(e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in literals)
        assert list(root.iter(f"{SRX}bnode")) and list(root.iter(f"{SRX}uri"))
    if name == "ask":
        assert root.findtext(f"{SRX}boolean") == "true"


@pytest.mark.server
def test_endpoint_xml_results_by_post(endpoint, sparql_results_schema):
    """POST application/sparql-query, same negotiation, same validity."""
    status, _, body = endpoint.request("POST", "/sparql", {"Accept": SPARQL_XML,
                                                           "Content-Type": "application/sparql-query"},
                                       XML_QUERIES["select"].encode("utf-8"))
    assert status == 200
    assert_valid(sparql_results_schema, body, "the POSTed select answer")


def test_sparql_results_schema_rejects_a_bad_binding(sparql_results_schema):
    """The schema is really applied: a binding holding an element the format does not have fails it."""
    bad = (b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/></head>'
           b'<results><result><binding name="x"><string>a</string></binding></result></results></sparql>')
    with pytest.raises(AssertionError):
        assert_valid(sparql_results_schema, bad, "a bad binding")

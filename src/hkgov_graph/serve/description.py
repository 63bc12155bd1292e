"""``GET /sparql`` without a query: the query page for a browser, the SPARQL 1.1 Service Description for an RDF client.

SPARQL 1.1 Service Description, section 2: a service "should return a service
description document at the service endpoint when dereferenced using the HTTP
GET operation without any query parameter strings provided", in RDF. Clients
read it to learn that a URL is a SPARQL endpoint (Comunica's source detection
looks for ``sd:endpoint``) and what it answers in. ``Accept`` chooses: HTML
first (a browser, ``*/*`` or no header: the page, as before), then the graph
formats of a CONSTRUCT. A client that takes neither (``Accept:
application/sparql-results+json``, a program that forgot its query) gets a 400
saying the query is missing, not a 200 HTML page it cannot read.

The description names the endpoint by the URL it was asked at (that is the
``sd:endpoint`` a client can use) and points to the dataset's VoID/DCAT
description when the site has a base.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hkgov_graph.serve.execute import GRAPH_OFFERS, RESULT_OFFERS, Reply, media_header, serialise_graph, text_reply
from hkgov_graph.serve.negotiation import Offer, negotiate

if TYPE_CHECKING:
    import pyoxigraph as ox

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SEE_ALSO = "http://www.w3.org/2000/01/rdf-schema#seeAlso"
PAGE = Offer("html", "text/html", ("application/xhtml+xml",))
OFFERS = (PAGE, *GRAPH_OFFERS)
# The W3C format IRIs of what the endpoint answers in, by offer key (execute.RESULT_OFFERS and GRAPH_OFFERS).
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
               "tsv": "SPARQL_Results_TSV", "turtle": "Turtle", "jsonld": "JSON-LD", "ntriples": "N-Triples",
               "rdfxml": "RDF_XML"}
NO_QUERY = ("no query given: send query= (GET, or a form POST) or an application/sparql-query body; without "
            "one, /sparql answers text/html (the query page) or RDF (its service description)")
PREFIXES = {"sd": SD, "formats": FORMATS, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def without_query(accept: str | None) -> Offer | Reply:
    """What ``GET /sparql`` without a query answers: :data:`PAGE`, a graph offer, or a 400."""
    choice = negotiate(accept, OFFERS)
    return text_reply(400, NO_QUERY) if choice is None else choice.offer


def service_description(endpoint: str, dataset: str | None, allow_service: bool) -> list[ox.Triple]:
    """The endpoint's description: its URL, SPARQL 1.1 Query, its result formats, its union default graph."""
    import pyoxigraph as ox

    service, default = ox.NamedNode(endpoint), ox.BlankNode("dataset")
    graph = ox.BlankNode("default")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    a = ox.NamedNode(RDF_TYPE)
    triples = [ox.Triple(service, a, sd("Service")), ox.Triple(service, sd("endpoint"), service),
               ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               # the default graph is the union of the named graphs (one per source document)
               ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
               ox.Triple(service, sd("defaultDataset"), default), ox.Triple(default, a, sd("Dataset")),
               ox.Triple(default, sd("defaultGraph"), graph), ox.Triple(graph, a, sd("Graph"))]
    if allow_service:
        triples.append(ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")))
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + FORMAT_IRIS[offer.key]))
                for offer in (*RESULT_OFFERS, *GRAPH_OFFERS)]
    if dataset:
        triples.append(ox.Triple(default, ox.NamedNode(SEE_ALSO), ox.NamedNode(dataset)))
    return triples


def description_reply(offer: Offer, endpoint: str, dataset: str | None, allow_service: bool) -> Reply:
    """The description serialised as ``offer`` (one of :data:`~hkgov_graph.serve.execute.GRAPH_OFFERS`)."""
    body = serialise_graph(service_description(endpoint, dataset, allow_service), offer.key, PREFIXES)
    return Reply(200, media_header(offer.media_type), body)

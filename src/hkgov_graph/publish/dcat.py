"""The dataset description the site publishes (``dataset.ttl|jsonld|nt`` and the dataset page): VoID and
DCAT, meeting DCAT-AP 3.0.1.

The build already writes the dataset's own description into the dump
(:mod:`hkgov_graph.graph.dataset`: title, licence, publisher, contact point,
theme, regions, time span); what the data says is kept and wins. Publishing
adds what only it knows:

- a ``dcat:Catalog`` holding the dataset and the SPARQL service;
- the dumps as ``dcat:Distribution``\\ s (description, media type, format,
  availability, licence, exact byte size and SHA-256), and the endpoint as a
  ``dcat:DataService`` with an endpoint description;
- VoID counts (triples, entities, classes, properties) and one
  ``void:subset`` per named graph;
- the source documents' graphs as the ``dcat:Dataset``\\ s that ``dct:source``
  needs, each with its title, description, publisher, theme, and the regions
  and span of time that its own statements give.

Every node the description points at is typed as the DCAT-AP range shapes
expect, so ``dataset.ttl`` validates on its own (``tests/test_schemas.py``
runs the DCAT-AP core, recommended and range shapes over it). The function
returns plain triples: the dataset page renders them, the RDF files serialise
them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from hkgov_graph import __version__
from hkgov_graph import namespaces as ns
from hkgov_graph.graph.dataset import (
    DATA_THEMES,
    KEYWORDS,
    LANGUAGES,
    LICENSE,
    THEME,
    agent_iri,
    contact_iri,
    context_triples,
    period_triples,
    regions_in,
)
from hkgov_graph.publish.model import SD, SPDX
from hkgov_graph.publish.serialise import triple_key

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.publish.model import SiteModel

IANA = "https://www.iana.org/assignments/media-types/"
FORMATS_NS = "http://www.w3.org/ns/formats/"
DCATAP = "http://data.europa.eu/r5r/"
AVAILABILITY = "http://publications.europa.eu/resource/authority/planned-availability"
# Version 0.x: the files may change shape or move; DCAT-AP's "experimental" says so.
EXPERIMENTAL = AVAILABILITY + "/EXPERIMENTAL"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"

# The dataset dumps: extension -> (media type, W3C format IRI, title, what the file holds).
DUMP_FORMATS: dict[str, tuple[str, str, str, str]] = {
    "ttl": ("text/turtle", FORMATS_NS + "Turtle", "Turtle (union of all graphs)",
            "Every triple of the dataset once, the named graphs merged into one graph, as Turtle."),
    "nt": ("application/n-triples", FORMATS_NS + "N-Triples", "N-Triples (union of all graphs)",
           "Every triple of the dataset once, the named graphs merged into one graph, as N-Triples "
           "(one triple a line, sorted)."),
    "nq": ("application/n-quads", FORMATS_NS + "N-Quads", "N-Quads (one named graph per source)",
           "Every statement in the named graph of the source document that states it, as N-Quads "
           "(one quad a line, sorted)."),
    "trig": ("application/trig", FORMATS_NS + "TriG", "TriG (one named graph per source)",
             "Every statement in the named graph of the source document that states it, as TriG."),
    "jsonld": ("application/ld+json", FORMATS_NS + "JSON-LD", "JSON-LD (one named graph per source)",
               "Every statement in the named graph of the source document that states it, as JSON-LD."),
}
# Resources shown as examples in the dataset description, where present.
EXAMPLES = ("id/office/bjo", "id/office/gdeto", "id/liaison-unit/shenzhen", "id/bureau/cmab",
            "id/mechanism/guangdong-hong-kong")


def dataset_description(model: SiteModel, dumps: Mapping[str, tuple[int, str]],
                        counts: Mapping[str, int] | None = None, under_id: Sequence[str] | None = None
                        ) -> list[ox.Triple]:
    """VoID and DCAT triples describing the catalogue, the dataset, its sources, its dumps and its endpoint.

    ``dumps`` gives each dump file's size in bytes and SHA-256 (hex), by name;
    ``counts`` the :func:`union_counts` and ``under_id`` the
    ``SiteModel.resources_under(base + "id/")`` when the caller has them already.
    """
    import pyoxigraph as ox

    m = model
    d = ox.NamedNode(m.dataset)

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(value)

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(ns.XSD + "integer"))

    def en(text: str) -> ox.Literal:
        return ox.Literal(text, language="en")

    void, dcat, dct, typ = ns.VOID, ns.DCAT, ns.DCTERMS, ns.RDF + "type"
    out: list[ox.Triple] = []

    stated = {t.predicate.value for t in m.outgoing.get(m.dataset, ())}

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        # the data's value of a property wins; not so for a subset or a vocabulary, lists that only grow: the
        # build names its sources' graphs and the vocabularies of its facts, this every graph and every
        # vocabulary the dump uses (a triple stated twice is kept once)
        if s != d or p not in stated or p in (void + "subset", void + "vocabulary"):
            out.append(ox.Triple(s, iri(p), o))

    documents = [g for g in m.graphs() if m.hkg + "SourceDocument" in m.types(g)]
    agent, contact = iri(agent_iri(m.base)), iri(contact_iri(m.base))
    out += [ox.Triple(s, p, o) for s, p, o in context_triples(m.store, m.base, documents)]

    # -- The dataset --
    counts = counts if counts is not None else union_counts(m.store, m.base + "id/")
    add(d, typ, iri(void + "Dataset"))
    add(d, typ, iri(dcat + "Dataset"))
    add(d, dct + "title", en("hkgov-graph: the Hong Kong SAR Government's offices in Mainland China"))
    add(d, dct + "title", ox.Literal("香港特區政府駐內地辦事處知識圖譜", language="zh-Hant"))
    add(d, dct + "description", en(
        "A linked-data knowledge graph of the HKSAR Government's network in Mainland China: the Beijing Office, the "
        "Economic and Trade Offices, their liaison units, the bureaus they answer to and the HK–Mainland "
        "co-operation mechanisms. Every fact sits in the named graph of the source document that states it."))
    add(d, dct + "description", ox.Literal(
        "香港特區政府駐內地辦事處網絡的關聯數據知識圖譜：駐北京辦事處、各經濟貿易辦事處及其聯絡處、所屬決策局及香港與內地的合作機制。"
        "每項事實均存放於陳述它的來源文件的具名圖中。", language="zh-Hant"))
    add(d, dct + "license", iri(LICENSE))
    add(d, dct + "publisher", agent)
    add(d, dcat + "contactPoint", contact)
    add(d, dcat + "theme", iri(THEME))
    add(d, dcat + "version", ox.Literal(__version__))
    add(d, dcat + "landingPage", iri(m.base))
    add(d, dct + "conformsTo", iri(m.ontology))
    for keyword in KEYWORDS:
        add(d, dcat + "keyword", en(keyword))
    for language in LANGUAGES:
        add(d, dct + "language", iri(language))
    for region in regions_in(m.store, documents):
        add(d, dct + "spatial", iri(region))
    out += [ox.Triple(s, p, o) for s, p, o in period_triples(m.store, documents, m.dataset, m.dataset + "#temporal")
            if s != d or p.value not in stated]
    for name in ("triples", "entities", "classes", "properties", "distinctSubjects", "distinctObjects"):
        add(d, void + name, integer(counts[name]))
    add(d, void + "uriSpace", ox.Literal(m.base + "id/"))
    if m.base + "id/government/hksar" in m.outgoing:
        add(d, void + "rootResource", iri(m.base + "id/government/hksar"))
    for vocabulary in (ns.ORG, ns.PROV, ns.TIME, ns.SKOS, ns.DCTERMS, ns.SCHEMA, ns.FOAF, m.hkg):
        add(d, void + "vocabulary", iri(vocabulary))
    add(d, void + "sparqlEndpoint", iri(m.base + "sparql"))
    examples = [m.base + e for e in EXAMPLES if m.base + e in m.outgoing] or first_entities(m.store, m.base + "id/",
                                                                                           under=under_id)
    for example in examples:
        add(d, void + "exampleResource", iri(example))
    # The landing page and the ontology, as the range shapes want them typed.
    add(iri(m.base), typ, iri(ns.FOAF + "Document"))
    add(iri(m.ontology), typ, iri(dct + "Standard"))

    # -- Its named graphs; the ones it is derived from (the seed documents' graphs, and the editorial
    # graphs the build also names as dct:source) as the datasets DCAT-AP wants a dct:source to be --
    sources = set(documents) | {o.value for o in m.objects(m.dataset, dct + "source") if isinstance(o, ox.NamedNode)}
    for graph in m.graphs():
        g = iri(graph)
        if graph in documents:
            add(d, dct + "source", g)
            add(d, ns.PROV + "wasDerivedFrom", g)
        if graph in sources:
            out += source_dataset(m, graph, editorial=graph not in documents)
        else:  # the build's derived graph and the ontology: what they are, as the data says
            out += [ox.Triple(g, iri(dct + p), o) for p in ("title", "description")
                    for o in m.objects(graph, dct + p) if isinstance(o, ox.Literal)]
        add(d, void + "subset", g)
        add(g, typ, iri(void + "Dataset"))
        add(g, void + "triples", integer(m.graph_sizes[graph]))
        add(g, SD + "name", g)

    # -- The dumps --
    for name in sorted(dumps):
        ext = name.split(".", 1)[1]
        compressed = ext.endswith(".gz")
        media, fmt, title, what = DUMP_FORMATS[ext.removesuffix(".gz")]
        url = iri(m.base + "dumps/" + name)
        dist = iri(m.dataset + "#dump-" + ext.replace(".", "-"))
        checksum = iri(m.dataset + "#dump-" + ext.replace(".", "-") + "-sha256")
        add(d, dcat + "distribution", dist)
        add(d, void + "dataDump", url)
        add(dist, typ, iri(dcat + "Distribution"))
        add(dist, dct + "title", en(title + (", gzip-compressed" if compressed else "")))
        add(dist, dct + "description", en(what + (" Compressed with gzip." if compressed else "")))
        add(dist, dcat + "downloadURL", url)
        add(dist, dcat + "accessURL", url)
        add(dist, dcat + "mediaType", iri(IANA + media))
        add(dist, dct + "format", iri(fmt))
        if compressed:
            add(dist, dcat + "compressFormat", iri(IANA + "application/gzip"))
        add(dist, dcat + "byteSize", ox.Literal(str(dumps[name][0]),
                                               datatype=ox.NamedNode(ns.XSD + "nonNegativeInteger")))
        add(dist, dct + "license", iri(LICENSE))
        add(dist, DCATAP + "availability", iri(EXPERIMENTAL))
        add(dist, SPDX + "checksum", checksum)
        add(checksum, typ, iri(SPDX + "Checksum"))
        add(checksum, SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", ox.Literal(dumps[name][1],
                                                         datatype=ox.NamedNode(ns.XSD + "hexBinary")))
        add(iri(IANA + media), typ, iri(dct + "MediaType"))
        add(iri(fmt), typ, iri(dct + "MediaTypeOrExtent"))
    if any(name.endswith(".gz") for name in dumps):
        add(iri(IANA + "application/gzip"), typ, iri(dct + "MediaType"))

    # -- The SPARQL endpoint: a distribution through a data service --
    endpoint = iri(m.base + "sparql")
    service = iri(m.dataset + "#sparql")
    results = iri(FORMATS_NS + "SPARQL_Results_JSON")  # the endpoint's default answer to a SELECT
    add(d, dcat + "distribution", service)
    add(service, typ, iri(dcat + "Distribution"))
    add(service, dct + "title", en("SPARQL 1.1 endpoint (hkgov-graph serve)"))
    add(service, dct + "description", en(
        "The whole dataset through the SPARQL 1.1 Protocol, read-only: the default graph is the union of the "
        "named graphs, GRAPH reaches each source. Answers as SPARQL JSON (the default), XML, CSV or TSV."))
    add(service, dcat + "accessURL", endpoint)
    add(service, dcat + "accessService", endpoint)
    add(service, dct + "format", results)
    add(service, dct + "license", iri(LICENSE))
    add(service, DCATAP + "availability", iri(EXPERIMENTAL))
    add(results, typ, iri(dct + "MediaTypeOrExtent"))
    add(endpoint, typ, iri(dcat + "DataService"))
    add(endpoint, typ, iri(SD + "Service"))
    add(endpoint, dct + "title", en("hkgov-graph SPARQL endpoint"))
    add(endpoint, dcat + "endpointURL", endpoint)
    # Its SPARQL 1.1 Service Description (sd:endpoint, sd:supportedLanguage) is in this very file.
    add(endpoint, dcat + "endpointDescription", iri(m.base + "dataset.ttl"))
    add(endpoint, SD + "endpoint", endpoint)
    add(endpoint, dcat + "servesDataset", d)
    add(endpoint, dct + "conformsTo", iri(SPARQL_PROTOCOL))
    add(endpoint, SD + "supportedLanguage", iri(SD + "SPARQL11Query"))
    add(endpoint, dct + "publisher", agent)
    add(endpoint, dcat + "contactPoint", contact)
    add(endpoint, dcat + "theme", iri(THEME))
    add(endpoint, dct + "license", iri(LICENSE))
    for keyword in (*KEYWORDS, "SPARQL"):
        add(endpoint, dcat + "keyword", en(keyword))
    add(iri(SPARQL_PROTOCOL), typ, iri(dct + "Standard"))
    add(iri(EXPERIMENTAL), typ, iri(ns.SKOS + "Concept"))
    add(iri(EXPERIMENTAL), ns.SKOS + "prefLabel", en("experimental"))
    add(iri(EXPERIMENTAL), ns.SKOS + "inScheme", iri(AVAILABILITY))

    # -- The catalogue that holds them --
    catalog = iri(m.dataset + "#catalog")
    add(catalog, typ, iri(dcat + "Catalog"))
    add(catalog, dct + "title", en("hkgov-graph catalogue"))
    add(catalog, dct + "description", en(
        "What the hkgov-graph project publishes: the knowledge graph of the HKSAR Government's offices in Mainland "
        "China, as files and through a SPARQL endpoint."))
    add(catalog, dct + "publisher", agent)
    add(catalog, dct + "license", iri(LICENSE))
    add(catalog, ns.FOAF + "homepage", iri(m.base))
    add(catalog, dcat + "dataset", d)
    add(d, dct + "isPartOf", catalog)  # so that the dataset leads to its catalogue (and its page shows it)
    add(catalog, dcat + "service", endpoint)
    add(catalog, dcat + "themeTaxonomy", iri(DATA_THEMES))
    for language in LANGUAGES:
        add(catalog, dct + "language", iri(language))
    for region in regions_in(m.store, documents):
        add(catalog, dct + "spatial", iri(region))
    return sorted(set(out) | set(m.description(m.dataset)), key=triple_key)


# Every statement of the dataset: the default graph and every named graph (the union the VoID counts are of).
_ALL = "{ { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
_ENTITY = "FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?prefix))"


def union_counts(store: ox.Store, prefix: str) -> dict[str, int]:
    """The VoID counts of the union of the graphs: triples, entities (subjects under ``prefix``), classes,
    properties, distinct subjects and objects.

    Counted by the store (a million triples would not fit in Python sets in the memory publish may use).
    """
    import pyoxigraph as ox

    def count(query: str) -> int:
        if "?prefix" not in query:
            return int(next(iter(store.query(query)))[0].value)
        # pyoxigraph substitutes only projected variables: project ?prefix, grouped (no row when nothing matches)
        query = query.replace(" WHERE", " ?prefix WHERE", 1) + " GROUP BY ?prefix"
        row = next(iter(store.query(query, substitutions={ox.Variable("prefix"): ox.Literal(prefix)})), None)
        return int(row[0].value) if row is not None else 0

    return {
        "triples": count(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {_ALL} }}"),
        "entities": count(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_ALL} {_ENTITY} }}"),
        "classes": count(f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ {_ALL} FILTER(?p = <{ns.RDF}type>) }}"),
        "properties": count(f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {_ALL}"),
        "distinctSubjects": count(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {_ALL}"),
        "distinctObjects": count(f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {_ALL}"),
    }


def first_entities(store: ox.Store, prefix: str, n: int = 3, under: Sequence[str] | None = None) -> list[str]:
    """The first ``n`` entities (subjects under ``prefix``) in code-point order.

    ``under``, every IRI under ``prefix`` that is a subject or an object, sorted
    (as :meth:`SiteModel.resources_under` gives them), is walked from its start
    to the first ``n`` subjects, instead of sorting every entity in a query (a
    minute at a hundred thousand triples).
    """
    import pyoxigraph as ox

    if under is not None:
        found = []
        for iri in under:
            if iri.startswith(prefix) and any(True for _ in store.quads_for_pattern(ox.NamedNode(iri), None, None)):
                found.append(iri)
                if len(found) == n:
                    break
        return found
    rows = store.query(f"SELECT DISTINCT ?s ?prefix WHERE {{ {_ALL} {_ENTITY} }} ORDER BY STR(?s) LIMIT {int(n)}",
                       substitutions={ox.Variable("prefix"): ox.Literal(prefix)})
    return [row[0].value for row in rows]


def source_dataset(model: SiteModel, graph: str, editorial: bool = False) -> list[ox.Triple]:
    """A source's graph as a ``dcat:Dataset``: title and description as the data gives them, the theme,
    and the regions and span of time it states. A seed document's publisher is an agent named as in the
    data; an editorial graph's publisher and contact point are the project's, whose editors wrote it."""
    import pyoxigraph as ox

    m = model
    g = ox.NamedNode(graph)
    typ = ox.NamedNode(ns.RDF + "type")
    out = [ox.Triple(g, typ, ox.NamedNode(ns.DCAT + "Dataset")),
           ox.Triple(g, ox.NamedNode(ns.DCAT + "theme"), ox.NamedNode(THEME))]
    for predicate in ("title", "description"):
        out += [ox.Triple(g, ox.NamedNode(ns.DCTERMS + predicate), o)
                for o in m.objects(graph, ns.DCTERMS + predicate) if isinstance(o, ox.Literal)]
    names = sorted((o for o in m.objects(graph, ns.DCTERMS + "publisher") if isinstance(o, ox.Literal)),
                   key=lambda o: (o.value, o.language or ""))
    if names:  # the data names the publisher ("Chinese Wikipedia"); DCAT-AP wants one agent with that name
        key = "\n".join(f"{o.value}@{o.language or ''}" for o in names)
        agent = ox.NamedNode(m.dataset + "#publisher-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8])
        out += [ox.Triple(g, ox.NamedNode(ns.DCTERMS + "publisher"), agent),
                ox.Triple(agent, typ, ox.NamedNode(ns.FOAF + "Agent"))]
        out += [ox.Triple(agent, ox.NamedNode(ns.FOAF + "name"), o) for o in names]
    if editorial:
        out += [ox.Triple(g, ox.NamedNode(ns.DCTERMS + "publisher"), ox.NamedNode(agent_iri(m.base))),
                ox.Triple(g, ox.NamedNode(ns.DCAT + "contactPoint"), ox.NamedNode(contact_iri(m.base)))]
    out += [ox.Triple(g, ox.NamedNode(ns.DCTERMS + "spatial"), ox.NamedNode(r)) for r in regions_in(m.store, [graph])]
    out += _document_triples(m, g)
    name = graph.rsplit("/", 1)[-1]
    out += [ox.Triple(s, p, o) for s, p, o in period_triples(m.store, [graph], graph, m.dataset + "#temporal-" + name)]
    return out


def _document_triples(model: SiteModel, g: ox.NamedNode) -> list[ox.Triple]:
    """Which document a source's graph holds, as the data gives it: its web address (``dct:source`` there; DCAT-AP
    wants a ``dct:source`` to be a dataset, so here it is the page documenting the graph, ``foaf:page``), its
    identifiers, and when it was issued (where the data says, and says once). Not its
    ``dct:bibliographicCitation``: in the data those are the works the document cites, not how to cite it."""
    import pyoxigraph as ox

    typ = ox.NamedNode(ns.RDF + "type")
    out = []
    addresses = sorted(o.value for o in model.objects(g.value, ns.DCTERMS + "source") if isinstance(o, ox.NamedNode))
    for address in addresses:
        out += [ox.Triple(g, ox.NamedNode(ns.FOAF + "page"), ox.NamedNode(address)),
                ox.Triple(ox.NamedNode(address), typ, ox.NamedNode(ns.FOAF + "Document"))]
    out += [ox.Triple(g, ox.NamedNode(ns.DCTERMS + "identifier"), o)
            for o in model.objects(g.value, ns.DCTERMS + "identifier") if isinstance(o, ox.Literal)]
    issued = {o for o in model.objects(g.value, ns.DCTERMS + "issued") if isinstance(o, ox.Literal)}
    if len(issued) == 1:
        out.append(ox.Triple(g, ox.NamedNode(ns.DCTERMS + "issued"), issued.pop()))
    return out

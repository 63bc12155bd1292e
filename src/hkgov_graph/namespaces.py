"""IRIs of the project: the base, the ontology, the named graphs and the
namespaces it reuses. Strings only, so importing this module is cheap."""

from __future__ import annotations

DEFAULT_BASE = "https://w3id.org/hkgov-graph/"

HKG = DEFAULT_BASE + "ontology#"
ONTOLOGY = DEFAULT_BASE + "ontology"
GRAPH = DEFAULT_BASE + "graph/"
ID = DEFAULT_BASE + "id/"
GENID = DEFAULT_BASE + ".well-known/genid/"

ONTOLOGY_GRAPH = ONTOLOGY
INFERRED_GRAPH = GRAPH + "inferred"
DATASET = DEFAULT_BASE + "dataset"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"

PREFIXES: dict[str, str] = {
    "hkg": HKG,
    "graph": GRAPH,
    "gov": ID + "government/",
    "bureau": ID + "bureau/",
    "dept": ID + "department/",
    "office": ID + "office/",
    "unit": ID + "liaison-unit/",
    "division": ID + "division/",
    "body": ID + "body/",
    "post": ID + "post/",
    "rank": ID + "rank/",
    "person": ID + "person/",
    "membership": ID + "membership/",
    "region": ID + "region/",
    "city": ID + "city/",
    "site": ID + "site/",
    "mechanism": ID + "mechanism/",
    "tier": ID + "tier/",
    "event": ID + "event/",
    "change": ID + "change/",
    "relation": ID + "relation/",
    "statistic": ID + "statistic/",
    "programme": ID + "programme/",
    "fund": ID + "fund/",
    "grant": ID + "grant/",
    "agreement": ID + "agreement/",
    "plan": ID + "plan/",
    "zone": ID + "zone/",
    "reading": ID + "reading/",
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "org": ORG,
    "prov": PROV,
    "time": TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "foaf": FOAF,
    "vcard": VCARD,
}


def sparql_prefixes() -> str:
    """The project's prefixes as a SPARQL prologue."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

"""The ontology is OWL Lite, fully labelled in English and Traditional Chinese,
and every local term specialises a standard one."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from hkgov_graph.resources import ontology_dir

HKG = "https://w3id.org/hkgov-graph/ontology#"
ONTOLOGY = rdflib.URIRef("https://w3id.org/hkgov-graph/ontology")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")

# Constructs outside OWL Lite (OWL 1 Reference, section 8.3).
NOT_LITE = [OWL.unionOf, OWL.complementOf, OWL.oneOf, OWL.hasValue, OWL.disjointWith, OWL.DataRange,
            OWL.intersectionOf]
TERM_TYPES = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual]


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "hkgov.ttl", format="turtle")


@pytest.fixture(scope="module")
def everything() -> rdflib.Graph:
    g = rdflib.Graph()
    for name in ("hkgov.ttl", "imports.ttl"):
        g.parse(ontology_dir() / name, format="turtle")
    return g


def local_terms(g: rdflib.Graph) -> list[rdflib.URIRef]:
    return sorted({s for t in TERM_TYPES for s in g.subjects(RDF.type, t)
                   if isinstance(s, rdflib.URIRef) and str(s).startswith(HKG)})


def test_only_owl_lite_constructs(everything: rdflib.Graph) -> None:
    """No unions, complements, enumerations, value restrictions, disjointness or cardinalities above 1."""
    for construct in NOT_LITE:
        assert not list(everything.triples((None, construct, None))), construct
        assert not list(everything.triples((None, RDF.type, construct))), construct
    for prop in (OWL.cardinality, OWL.minCardinality, OWL.maxCardinality):
        for value in everything.objects(None, prop):
            assert int(value) in (0, 1), (prop, value)


def test_header(ontology: rdflib.Graph) -> None:
    """One owl:Ontology header with the fields STYLE.md asks for."""
    assert list(ontology.subjects(RDF.type, OWL.Ontology)) == [ONTOLOGY]
    for prop in (OWL.versionIRI, OWL.versionInfo, DCTERMS.title, DCTERMS.description, DCTERMS.license,
                 DCTERMS.created, VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert ontology.value(ONTOLOGY, prop) is not None, prop


def test_every_term_labelled_and_commented_in_both_languages(ontology: rdflib.Graph) -> None:
    """rdfs:label and rdfs:comment in en and zh-Hant, and rdfs:isDefinedBy the ontology IRI."""
    terms = local_terms(ontology)
    assert len(terms) > 50
    for term in terms:
        for prop in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, prop) if isinstance(o, rdflib.Literal)}
            assert {"en", "zh-Hant"} <= langs, (term, prop, langs)
        assert ontology.value(term, RDFS.isDefinedBy) == ONTOLOGY, term


def test_every_local_class_specialises_a_standard_class(everything: rdflib.Graph) -> None:
    """Following rdfs:subClassOf from any hkg: class reaches a class outside the hkg: namespace."""
    for cls in everything.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(HKG):
            continue
        supers = set(everything.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert any(not str(s).startswith(HKG) for s in supers), cls


def test_every_local_property_specialises_a_standard_one_or_says_why(everything: rdflib.Graph) -> None:
    """Each hkg: property has a standard super-property, or its comment says there is none."""
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in everything.subjects(RDF.type, kind):
            if not str(prop).startswith(HKG):
                continue
            supers = set(everything.transitive_objects(prop, RDFS.subPropertyOf)) - {prop}
            if any(not str(s).startswith(HKG) for s in supers):
                continue
            comment = " ".join(str(c) for c in everything.objects(prop, RDFS.comment))
            assert "No standard counterpart" in comment, prop


def test_every_referenced_term_is_declared(everything: rdflib.Graph) -> None:
    """Super-classes, super-properties, domains and ranges all resolve to declared terms (ORG's typo lesson)."""
    declared = {s for t in (*TERM_TYPES, RDF.Property, RDFS.Class) for s in everything.subjects(RDF.type, t)}
    builtin = ("http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2001/XMLSchema#",
               "http://www.w3.org/2002/07/owl#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf):
        for term in everything.objects(None, prop):
            if str(term).startswith(builtin):
                continue
            assert term in declared, (prop, term)

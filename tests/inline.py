"""Helpers for tests that validate small inline Turtle datasets."""

from __future__ import annotations

from pathlib import Path

from hkgov_graph.graph.load import LoadedDataset, load_dataset
from hkgov_graph.graph.validate import ValidationReport, validate

PREFIXES = """\
@prefix hkg:     <https://w3id.org/hkgov-graph/ontology#> .
@prefix graph:   <https://w3id.org/hkgov-graph/graph/> .
@prefix gov:     <https://w3id.org/hkgov-graph/id/government/> .
@prefix bureau:  <https://w3id.org/hkgov-graph/id/bureau/> .
@prefix office:  <https://w3id.org/hkgov-graph/id/office/> .
@prefix unit:    <https://w3id.org/hkgov-graph/id/liaison-unit/> .
@prefix division: <https://w3id.org/hkgov-graph/id/division/> .
@prefix post:    <https://w3id.org/hkgov-graph/id/post/> .
@prefix rank:    <https://w3id.org/hkgov-graph/id/rank/> .
@prefix person:  <https://w3id.org/hkgov-graph/id/person/> .
@prefix membership: <https://w3id.org/hkgov-graph/id/membership/> .
@prefix region:  <https://w3id.org/hkgov-graph/id/region/> .
@prefix city:    <https://w3id.org/hkgov-graph/id/city/> .
@prefix site:    <https://w3id.org/hkgov-graph/id/site/> .
@prefix mechanism: <https://w3id.org/hkgov-graph/id/mechanism/> .
@prefix tier:    <https://w3id.org/hkgov-graph/id/tier/> .
@prefix event:   <https://w3id.org/hkgov-graph/id/event/> .
@prefix change:  <https://w3id.org/hkgov-graph/id/change/> .
@prefix relation: <https://w3id.org/hkgov-graph/id/relation/> .
@prefix statistic: <https://w3id.org/hkgov-graph/id/statistic/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema:  <https://schema.org/> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix vcard:   <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

SOURCE = """
graph:test-source a hkg:SourceDocument ;
    dcterms:title "測試文件"@zh-Hant ;
    hkg:seedFile "999_0123456789abcdef.txt" .
"""

# A valid minimal context the broken examples can point at.
CONTEXT = """
gov:hksar a hkg:Government ; skos:prefLabel "香港特別行政區政府"@zh-Hant .
bureau:cmab a hkg:PolicyBureau ; skos:prefLabel "政制及內地事務局"@zh-Hant ; org:unitOf gov:hksar .
region:beijing a hkg:Municipality ; skos:notation "CN-BJ" ;
    skos:prefLabel "北京市"@zh-Hant , "北京市"@zh-Hans , "Beijing"@en .
office:bjo a hkg:BeijingOffice ; skos:prefLabel "香港特別行政區政府駐北京辦事處"@zh-Hant ;
    hkg:administeredBy bureau:cmab ; schema:location region:beijing .
"""


def write_data(folder: Path, body: str, *, with_context: bool = True, with_source: bool = True,
               name: str = "test.ttl") -> Path:
    """Write one inline data file (prefixes, source description, context, body) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    text = PREFIXES + (SOURCE if with_source else "") + (CONTEXT if with_context else "") + body
    path.write_text(text, encoding="utf-8")
    return path


def load_inline(folder: Path, body: str, **kwargs: bool) -> LoadedDataset:
    write_data(folder, body, **kwargs)
    return load_dataset(folder)


def validate_inline(folder: Path, body: str, **kwargs: bool) -> ValidationReport:
    """Validate the real ontology and shapes against one small inline dataset."""
    return validate(load_inline(folder, body, **kwargs))

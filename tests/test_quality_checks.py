"""Each quality check (queries/*-violation.rq) catches a small broken example."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph.graph.validate import validate, violation_query_files
from hkgov_graph.query.queryfile import read_query_file
from inline import load_inline

# check file -> (broken inline Turtle, focus IRI the check must report)
BROKEN: dict[str, tuple[str, str]] = {
    "unit-of-cycle-violation.rq": (
        'division:a a hkg:Division ; skos:prefLabel "甲組"@zh-Hant ; org:unitOf division:b .\n'
        'division:b a hkg:Division ; skos:prefLabel "乙組"@zh-Hant ; org:unitOf division:a .',
        "https://w3id.org/hkgov-graph/id/division/a"),
    "missing-traditional-chinese-label-violation.rq": (
        'bureau:x a hkg:PolicyBureau ; skos:prefLabel "Some Bureau"@en .',
        "https://w3id.org/hkgov-graph/id/bureau/x"),
    "interval-ends-before-it-begins-violation.rq": (
        'person:p a foaf:Person ; skos:prefLabel "某人"@zh-Hant .\n'
        'post:d a hkg:Post ; skos:prefLabel "主任"@zh-Hant ; org:postIn office:bjo .\n'
        "membership:m a org:Membership ; org:member person:p ; org:organization office:bjo ; org:role post:d ;\n"
        "  org:memberDuring [ a time:Interval ;\n"
        '    time:hasBeginning [ a time:Instant ; time:inXSDgYear "2012"^^xsd:gYear ] ;\n'
        '                    time:hasEnd [ a time:Instant ; time:inXSDDate "2010-05-01"^^xsd:date ] ] .',
        "https://w3id.org/hkgov-graph/id/membership/m"),
    "undeclared-term-violation.rq": (
        "office:bjo hkg:headquarteredIn region:beijing .",
        "https://w3id.org/hkgov-graph/id/office/bjo"),
    "proposed-stated-as-fact-violation.rq": (
        'bureau:p a hkg:PolicyBureau ; skos:prefLabel "工商及產業局"@zh-Hant ; hkg:status hkg:Proposed ;\n'
        '  schema:foundingDate "2012"^^xsd:gYear .',
        "https://w3id.org/hkgov-graph/id/bureau/p"),
    "language-tag-violation.rq": (
        'bureau:cmab skos:altLabel "CMAB"@fr .',
        "https://w3id.org/hkgov-graph/id/bureau/cmab"),
    # a reading of a triple its file does not assert (the office is under CMAB, not the government)
    "reading-without-its-fact-violation.rq": (
        '<https://w3id.org/hkgov-graph/id/reading/x> a rdf:Statement ; rdf:subject office:bjo ;'
        ' rdf:predicate org:unitOf ; rdf:object gov:hksar ; hkg:basis hkg:Inferred ;'
        ' skos:note "Read from the lead."@en .',
        "https://w3id.org/hkgov-graph/id/reading/x"),
}


def test_every_check_has_a_broken_example() -> None:
    """A new *-violation.rq must come with a broken example here (fact-outside-source-graph is tested below)."""
    names = {p.name for p in violation_query_files()}
    assert names == set(BROKEN) | {"fact-outside-source-graph-violation.rq"}


def test_every_check_has_a_header() -> None:
    """Checks carry a title, a question and a message, like every packaged query."""
    for path in violation_query_files():
        query = read_query_file(path)
        assert query.first("question") and query.first("message"), path


@pytest.mark.parametrize("check", sorted(BROKEN))
def test_check_catches_broken_example(check: str, tmp_path: Path) -> None:
    """The check reports the broken resource, with the data file and line it is written on."""
    body, focus = BROKEN[check]
    report = validate(load_inline(tmp_path, body))
    hits = [r for r in report.violations if r.check == check and r.focus == focus]
    assert hits, report.to_text()
    assert hits[0].file == tmp_path / "test.ttl"
    assert hits[0].line is not None and hits[0].line > 0


def test_undeclared_class_is_caught(tmp_path: Path) -> None:
    """A typo in a class name (an unknown class) is reported as an undeclared term."""
    report = validate(load_inline(tmp_path, 'bureau:y a hkg:PolicyBureu ; skos:prefLabel "局"@zh-Hant .'))
    values = {r.value for r in report.violations if r.check == "undeclared-term-violation.rq"}
    assert "https://w3id.org/hkgov-graph/ontology#PolicyBureu" in values


def test_basis_outside_a_reading_is_caught(tmp_path: Path) -> None:
    """hkg:basis set straight on a resource (not on a reading of one of its triples) is reported."""
    report = validate(load_inline(tmp_path, "office:bjo hkg:basis hkg:Inferred ."))
    hits = [r for r in report.violations if r.check == "reading-without-its-fact-violation.rq"]
    assert [(h.focus, h.path) for h in hits] == [
        ("https://w3id.org/hkgov-graph/id/office/bjo", "https://w3id.org/hkgov-graph/ontology#basis")]


def test_a_reading_of_a_triple_in_its_file_passes(tmp_path: Path) -> None:
    """A well-formed reading of a triple its own file asserts is not reported."""
    report = validate(load_inline(tmp_path, (
        '<https://w3id.org/hkgov-graph/id/reading/x> a rdf:Statement ; rdf:subject office:bjo ;'
        ' rdf:predicate hkg:administeredBy ; rdf:object bureau:cmab ; hkg:basis hkg:Inferred ;'
        ' skos:note "Read from the lead."@en .')))
    assert report.conforms, report.to_text()


def test_fact_outside_source_graph_is_caught(tmp_path: Path) -> None:
    """A triple in a named graph that no source or editorial description covers is a violation."""
    dataset = load_inline(tmp_path, "")
    stray = ox.NamedNode("https://w3id.org/hkgov-graph/graph/undescribed")
    office = ox.NamedNode("https://w3id.org/hkgov-graph/id/office/bjo")
    dataset.store.add(ox.Quad(office, ox.NamedNode("https://schema.org/foundingDate"),
                              ox.Literal("1999", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")),
                              stray))
    report = validate(dataset)
    hits = [r for r in report.violations if r.check == "fact-outside-source-graph-violation.rq"]
    assert [h.focus for h in hits] == [office.value]


def test_interval_precision_is_respected(tmp_path: Path) -> None:
    """An end of 2005 after a beginning of 2005-09-26 is not reported: they overlap at year precision."""
    body = (
        'person:p a foaf:Person ; skos:prefLabel "某人"@zh-Hant .\n'
        'post:d a hkg:Post ; skos:prefLabel "主任"@zh-Hant ; org:postIn office:bjo .\n'
        "membership:m a org:Membership ; org:member person:p ; org:organization office:bjo ; org:role post:d ;\n"
        "  org:memberDuring [ a time:Interval ;\n"
        '    time:hasBeginning [ a time:Instant ; time:inXSDDate "2005-09-26"^^xsd:date ] ;\n'
        '                    time:hasEnd [ a time:Instant ; time:inXSDgYear "2005"^^xsd:gYear ] ] .')
    report = validate(load_inline(tmp_path, body))
    assert not [r for r in report.results if r.check == "interval-ends-before-it-begins-violation.rq"]

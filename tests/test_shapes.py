"""Each SHACL shape catches a small broken example, and the real data conforms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hkgov_graph.graph.load import LoadedDataset
from hkgov_graph.graph.validate import validate
from hkgov_graph.resources import ontology_dir
from inline import validate_inline

HKG = "https://w3id.org/hkgov-graph/ontology#"

# shape -> (broken inline Turtle, the property path the violation must name)
BROKEN: dict[str, tuple[str, str]] = {
    "OrganisationShape": (
        'bureau:x a hkg:PolicyBureau ; skos:prefLabel "甲"@zh-Hant , "乙"@zh-Hant .',
        "http://www.w3.org/2004/02/skos/core#prefLabel"),
    "MainlandOfficeShape": (
        'office:x a hkg:EconomicAndTradeOffice ; skos:prefLabel "辦事處"@zh-Hant .',
        "https://schema.org/location"),
    "LiaisonUnitShape": (
        'unit:x a hkg:LiaisonUnit ; skos:prefLabel "聯絡處"@zh-Hant ; schema:location region:beijing .',
        "http://www.w3.org/ns/org#unitOf"),
    "DivisionShape": (
        'division:x a hkg:Division ; skos:prefLabel "組"@zh-Hant .',
        "http://www.w3.org/ns/org#unitOf"),
    "OfficeGroupShape": (
        "office:group a hkg:OfficeGroup .",
        "http://www.w3.org/2004/02/skos/core#prefLabel"),
    "ProvincialBeijingOfficeShape": (
        'office:p a hkg:ProvincialBeijingOffice ; skos:prefLabel "驻京办"@zh-Hans , "駐京辦"@zh-Hant ; '
        "hkg:dispatchedBy bureau:cmab .",
        HKG + "dispatchedBy"),
    "ReportingRelationShape": (
        "relation:x a hkg:AdministrativeReporting ; hkg:superior bureau:cmab .",
        HKG + "subordinate"),
    "IntervalShape": (
        "relation:x a hkg:AdministrativeReporting ; hkg:subordinate office:bjo ; hkg:superior bureau:cmab ;"
        ' hkg:during [ a time:Interval ; time:hasEnd [ a time:Instant ; time:inXSDgYear "2007"^^xsd:gYear ] ,'
        ' [ a time:Instant ; time:inXSDgYear "2008"^^xsd:gYear ] ] .',
        "http://www.w3.org/2006/time#hasEnd"),
    "InstantShape": (
        'relation:x a hkg:AdministrativeReporting ; hkg:subordinate office:bjo ; hkg:superior bureau:cmab ;'
        ' hkg:during [ a time:Interval ; time:hasEnd [ a time:Instant ; time:inXSDDate "2007"^^xsd:gYear ] ] .',
        "http://www.w3.org/2006/time#inXSDDate"),
    "MembershipShape": (
        "membership:x a org:Membership ; org:organization office:bjo .",
        "http://www.w3.org/ns/org#member"),
    "PersonShape": (
        "person:x a foaf:Person .",
        "http://www.w3.org/2004/02/skos/core#prefLabel"),
    "PostShape": (
        'post:x a hkg:Post ; skos:prefLabel "主任"@zh-Hant .',
        "http://www.w3.org/ns/org#postIn"),
    "RankShape": (
        'rank:x a hkg:Rank ; skos:prefLabel "D8"@zh-Hant .',
        "http://www.w3.org/2004/02/skos/core#notation"),
    "ProvincialLevelRegionShape": (
        'region:x a hkg:Province ; skos:notation "Guangdong" ;'
        ' skos:prefLabel "廣東省"@zh-Hant , "广东省"@zh-Hans , "Guangdong"@en .',
        "http://www.w3.org/2004/02/skos/core#notation"),
    "CityShape": (
        'city:x a hkg:City ; skos:prefLabel "某市"@zh-Hant .',
        "https://schema.org/containedInPlace"),
    "SiteShape": (
        "site:x a org:Site .",
        "http://www.w3.org/ns/org#siteAddress"),
    "CooperationMechanismShape": (
        'mechanism:x a hkg:CooperationMechanism ; skos:prefLabel "機制"@zh-Hant ;'
        ' schema:foundingDate "1998"^^xsd:gYear , "2003"^^xsd:gYear .',
        "https://schema.org/foundingDate"),
    "MechanismTierShape": (
        'tier:x a hkg:MechanismTier ; skos:prefLabel "高層會議"@zh-Hant ; hkg:tierLevel hkg:HighLevelMeeting .',
        HKG + "tierOf"),
    "ExpertGroupShape": (
        'mechanism:m a hkg:CooperationMechanism ; skos:prefLabel "機制"@zh-Hant .\n'
        'tier:g a hkg:ExpertGroup ; skos:prefLabel "專責小組"@zh-Hant ; hkg:tierOf mechanism:m ;'
        ' hkg:groupCount "twenty-five" .',
        HKG + "groupCount"),
    "PromotionEventShape": (
        'event:x a hkg:PromotionEvent ; skos:prefLabel "香港周"@zh-Hant ; schema:organizer office:bjo ;'
        " schema:location region:beijing .",
        "https://schema.org/startDate"),
    "ChangeEventShape": (
        'change:x a org:ChangeEvent ; dcterms:description "改名"@zh-Hant .',
        HKG + "changeKind"),
    "CountStatementShape": (
        'statistic:x a hkg:CountStatement ; schema:value "fifty-two" ; dcterms:description "52家"@zh-Hans .',
        "https://schema.org/value"),
    "FundShape": (
        "<https://w3id.org/hkgov-graph/id/fund/x> a hkg:Fund .",
        "http://www.w3.org/2004/02/skos/core#prefLabel"),
    "MonetaryGrantShape": (
        "<https://w3id.org/hkgov-graph/id/grant/x> a schema:MonetaryGrant ; schema:funder gov:hksar ;"
        ' schema:amount [ a schema:MonetaryAmount ; schema:value 9000000000 ; schema:currency "HKD" ] .',
        "https://schema.org/fundedItem"),
    "MonetaryAmountShape": (
        'site:x a org:Site ; org:siteAddress [ a vcard:Address ; vcard:locality "北京"@zh-Hant ] ;'
        ' hkg:cost [ a schema:MonetaryAmount ; schema:value 90000000 ; schema:currency "港元" ] .',
        "https://schema.org/currency"),
    "AgreementShape": (
        '<https://w3id.org/hkgov-graph/id/agreement/x> a hkg:Agreement ; skos:prefLabel "意向書"@zh-Hant ;'
        ' schema:legislationDate "2011年8月" .',
        "https://schema.org/legislationDate"),
    "PlanShape": (
        '<https://w3id.org/hkgov-graph/id/plan/x> a hkg:Plan ; dcterms:issued "2011-03"^^xsd:gYearMonth .',
        "http://www.w3.org/2004/02/skos/core#prefLabel"),
    "ReadingShape": (
        'office:bjo org:unitOf bureau:cmab .\n'
        '<https://w3id.org/hkgov-graph/id/reading/x> a rdf:Statement ; rdf:subject office:bjo ;'
        ' rdf:predicate org:unitOf ; rdf:object bureau:cmab ; hkg:basis hkg:Inferred .',
        "http://www.w3.org/2004/02/skos/core#note"),
    "SourceDocumentShape": (
        'graph:other a hkg:SourceDocument ; dcterms:title "另一文件"@zh-Hant ; hkg:seedFile "notes.txt" .',
        HKG + "seedFile"),
    "TimeExtentShape": (
        'office:x hkg:timeExtent [ a hkg:TimeExtent ; prov:wasDerivedFrom graph:test-source ;'
        ' hkg:startEarliest "2001-01-01"^^xsd:date ; hkg:startLatest "2000-12-31"^^xsd:date ] .',
        HKG + "startEarliest"),
    "EditorialSourceShape": (
        'graph:ed a hkg:EditorialSource ; dcterms:title "Editorial"@en .',
        "http://purl.org/dc/terms/description"),
}


def test_every_node_shape_has_a_broken_example() -> None:
    """A new shape in shapes.ttl must come with a broken example here."""
    text = (ontology_dir() / "shapes.ttl").read_text(encoding="utf-8")
    declared = set(re.findall(r"hkg:(\w+Shape) a sh:NodeShape", text))
    assert declared == set(BROKEN)


def test_real_data_conforms(dataset: LoadedDataset) -> None:
    """The project's own data passes every shape and every quality check."""
    report = validate(dataset)
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("shape", sorted(BROKEN))
def test_shape_catches_broken_example(shape: str, tmp_path: Path) -> None:
    """The named shape reports a violation on the expected path for its broken example."""
    body, path = BROKEN[shape]
    # the two source shapes describe the file's own graph instead of the usual test source
    own_graph = shape in ("SourceDocumentShape", "EditorialSourceShape")
    report = validate_inline(tmp_path, body, with_source=not own_graph)
    hits = [r for r in report.violations if r.check.startswith(f"hkg:{shape}") and r.path == path]
    assert hits, report.to_text()
    assert hits[0].file == tmp_path / "test.ttl"
    assert hits[0].message and not hits[0].message.startswith("does not conform")


def test_context_alone_conforms(tmp_path: Path) -> None:
    """The valid context used by the broken examples conforms on its own (so each failure is the example's)."""
    assert validate_inline(tmp_path, "").conforms

"""Name lookup: what a person types becomes the IRI of a resource, in either Chinese script."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph.errors import UsageError
from hkgov_graph.query.names import Resolver, expand, normalise, pick_label, shorten
from hkgov_graph.query.stores import EmbeddedStore

ID = "https://w3id.org/hkgov-graph/id/"
BJO = ID + "office/bjo"
GDETO = ID + "office/gdeto"
CMAB = ID + "bureau/cmab"
GUANGDONG = ID + "region/guangdong"
ORG = "http://www.w3.org/ns/org#Organization"
AREA = "https://schema.org/AdministrativeArea"


@pytest.fixture(scope="module", params=["name file", "labels read from the store"])
def resolver(nquads: Path, request: pytest.FixtureRequest) -> Resolver:
    """Every test twice: with the build's name file (query/name_file.py) and with the names read from the store."""
    from hkgov_graph.query.name_file import FileNameIndex

    store = EmbeddedStore.from_nquads(nquads, use_store=request.param == "name file")
    resolver = Resolver(store)
    assert isinstance(resolver.index, FileNameIndex) == (request.param == "name file")
    return resolver


@pytest.mark.parametrize(("text", "iri"), [
    (BJO, BJO),
    (f"<{BJO}>", BJO),
    ("office:bjo", BJO),
    ("bjo", BJO),
    ("BJO", BJO),
    ("GDETO", GDETO),
    ("gdeto", GDETO),
    ("CMAB", CMAB),
    ("Beijing Office", BJO),
    ("  beijing   OFFICE ", BJO),
    ("駐京辦", BJO),
    ("驻京办", BJO),
    ("香港特別行政區政府駐北京辦事處", BJO),
    ("香港特别行政区政府驻北京办事处", BJO),
    ("政制及內地事務局", CMAB),
    ("政制及内地事务局", CMAB),
    ("粵", GUANGDONG),
    ("粤", GUANGDONG),
    ("CN-GD", GUANGDONG),
    ("ＧＤＥＴＯ", GDETO),
])
def test_names_resolve(resolver: Resolver, text: str, iri: str) -> None:
    """IRIs, prefixed and local names, abbreviations, English and Chinese names in both scripts resolve."""
    assert resolver.resolve(text).iri == iri


def test_shared_name_goes_to_the_hksar_resource_and_says_so(resolver: Resolver) -> None:
    """駐京辦 also names the mainland governments' Beijing offices as a group; the HK office wins, with a note."""
    resolution = resolver.resolve("駐京辦")
    assert resolution.iri == BJO
    assert ID + "body/beijing-offices" in resolution.others
    assert "office:bjo" in (resolution.note() or "") and "body:beijing-offices" in (resolution.note() or "")


def test_unique_name_has_no_note(resolver: Resolver) -> None:
    """A name only one resource carries resolves without a note."""
    assert resolver.resolve("GDETO").note() is None


@pytest.mark.parametrize("text", ["入境事務組", "入境事务组"])
def test_ambiguous_name_lists_the_candidates(resolver: Resolver, text: str) -> None:
    """Four offices have an 入境事務組: the error names each, in either script."""
    with pytest.raises(UsageError, match="ambiguous") as error:
        resolver.resolve(text)
    message = str(error.value)
    for office in ("bjo", "gdeto", "sheto", "cdeto"):
        assert f"division:{office}-immigration" in message
    assert "\n" not in message


def test_class_restriction_settles_an_ambiguity(resolver: Resolver) -> None:
    """`guangdong` is a region and a government; asking for a region or an organisation picks one."""
    with pytest.raises(UsageError, match="ambiguous"):
        resolver.resolve("guangdong")
    assert resolver.resolve("guangdong", AREA).iri == GUANGDONG
    assert resolver.resolve("guangdong", ORG).iri == ID + "government/guangdong"


def test_class_restriction_rejects_other_resources(resolver: Resolver) -> None:
    """A region is not an organisation, whether named by label or by IRI."""
    with pytest.raises(UsageError, match="no resource of class org:Organization is named '粵'"):
        resolver.resolve("粵", ORG)
    with pytest.raises(UsageError, match="is not a resource of class org:Organization"):
        resolver.resolve("region:guangdong", ORG)


def test_unknown_name_suggests_close_matches(resolver: Resolver) -> None:
    """A misspelt name is a usage error with the close names and what they name."""
    with pytest.raises(UsageError, match=r"did you mean office:bjo \(") as error:
        resolver.resolve("Beijng Ofice")
    assert "\n" not in str(error.value)


def test_misspelt_words_suggest_the_office_they_name(resolver: Resolver) -> None:
    """'Shanghia offce' suggests the Shanghai ETO first (its English name has both words), not the Beijing Office."""
    with pytest.raises(UsageError, match=r"did you mean office:sheto \(Hong Kong Economic and Trade Office in "
                                         r"Shanghai\)"):
        resolver.resolve("Shanghia offce", MAINLAND_OFFICE)


def test_unknown_chinese_name_suggests_in_simplified_form(resolver: Resolver) -> None:
    """Close matches work for Chinese too (compared in Simplified script)."""
    with pytest.raises(UsageError, match=r"did you mean .*驻京办"):
        resolver.resolve("駐京辦公室")


@pytest.mark.parametrize("text", ["office:no-such-office", f"{ID}office/no-such-office", "<urn:x:nothing>"])
def test_unknown_iri_is_refused(resolver: Resolver, text: str) -> None:
    """An IRI that nothing in the graph mentions is a usage error, not an empty answer."""
    with pytest.raises(UsageError, match="no resource"):
        resolver.resolve(text)


@pytest.mark.parametrize("text", ["http://example.org/a b", "<http://example.org/a>b>", "http://x/{y}", "   "])
def test_malformed_iri_is_refused(resolver: Resolver, text: str) -> None:
    with pytest.raises(UsageError):
        resolver.resolve(text)


def test_normal_form() -> None:
    """Traditional and Simplified, full- and half-width, case and spacing compare equal."""
    assert normalise("駐京辦") == normalise("驻京办") == "驻京办"
    assert normalise(" Ｂeijing\t Office ") == "beijing office"


def test_prefixes_and_shortening() -> None:
    assert expand("office:bjo") == BJO
    assert expand("nope:bjo") is None
    assert expand("http://example.org/x") is None
    assert shorten(BJO) == "office:bjo"
    assert shorten("http://example.org/x") == "<http://example.org/x>"


def test_label_fallback_order() -> None:
    """Requested language, then the other Chinese script (for Chinese), English, Traditional, Simplified, any."""
    hant = ox.Literal("駐京辦", language="zh-Hant")
    hans = ox.Literal("驻京办", language="zh-Hans")
    en = ox.Literal("Beijing Office", language="en")
    fr = ox.Literal("Bureau de Pékin", language="fr")
    assert pick_label([hant, hans, en], "zh-Hans") == "驻京办"
    assert pick_label([hant, hans, en], "zh-Hant") == "駐京辦"
    assert pick_label([hant, hans], "en") == "駐京辦"
    assert pick_label([hans, fr], "en") == "驻京办"
    assert pick_label([fr], "zh-Hant") == "Bureau de Pékin"
    assert pick_label([], "en") is None


# -- By words, by a part of the name, by the place a city is in --

HKG = "https://w3id.org/hkgov-graph/ontology#"
SHETO, CDETO, WHETO = ID + "office/sheto", ID + "office/cdeto", ID + "office/wheto"
MAINLAND_OFFICE = HKG + "MainlandOffice"
MECHANISM = HKG + "CooperationMechanism"
REGION = HKG + "ProvincialLevelRegion"


@pytest.mark.parametrize(("text", "of_class", "iri"), [
    # the editorial English names are "Hong Kong Economic and Trade Office in Guangdong", "... in Shanghai"
    ("Guangdong ETO", MAINLAND_OFFICE, GDETO),
    ("Guangdong ETO", None, GDETO),
    ("guangdong eto", ORG, GDETO),
    ("Shanghai office", MAINLAND_OFFICE, SHETO),
    ("Shanghai office", ORG, SHETO),
    ("Economic and Trade Office in Wuhan", None, WHETO),
    # seed 001: 香港特別行政區政府駐成都/上海/武漢經濟貿易辦事處
    ("成都", MAINLAND_OFFICE, CDETO),
    ("駐上海經貿辦", None, SHETO),
    ("駐京辦事", None, BJO),  # seed 000: 駐北京辦事處 (the HKSAR's own office before the provinces' ones)
    ("駐上海經貿辦", MAINLAND_OFFICE, SHETO),
    ("駐武漢經貿辦", None, WHETO),
    ("驻武汉经贸办", MAINLAND_OFFICE, WHETO),
    # seed 002 line 96: 粵港合作 / 粵港聯席會議
    ("粤港", MECHANISM, ID + "mechanism/guangdong-hong-kong"),
    ("粵港", MECHANISM, ID + "mechanism/guangdong-hong-kong"),
    # editorial-regions: Guangzhou is in Guangdong (schema:containedInPlace)
    ("廣州", REGION, GUANGDONG),
    ("广州", REGION, GUANGDONG),
    ("Guangzhou", REGION, GUANGDONG),
])
def test_names_by_words_parts_and_places(resolver: Resolver, text: str, of_class: str | None, iri: str) -> None:
    """A name typed by its words, by a part of it (either script) or as a city where a region is asked resolves,
    and says how."""
    resolution = resolver.resolve(text, of_class)
    assert resolution.iri == iri
    assert resolution.note() is not None and f"{text!r} taken as" in resolution.note()  # type: ignore[operator]


def test_city_is_a_city_where_places_are_asked(resolver: Resolver) -> None:
    """Where a question takes any place, 廣州 is the city itself, named exactly (no note)."""
    resolution = resolver.resolve("廣州", AREA)
    assert resolution.iri == ID + "city/guangzhou"
    assert resolution.note() is None


def test_city_note_names_the_city(resolver: Resolver) -> None:
    """Taking a city's region is said: the region contains city:guangzhou."""
    note = resolver.resolve("廣州", REGION).note() or ""
    assert "region:guangdong" in note and "city:guangzhou" in note


@pytest.mark.parametrize("text", ["ETO", "Economic and Trade Office"])
def test_words_every_office_has_are_ambiguous(resolver: Resolver, text: str) -> None:
    """Words the four ETOs' names share alike stay ambiguous: the error lists them."""
    with pytest.raises(UsageError, match="ambiguous") as error:
        resolver.resolve(text, MAINLAND_OFFICE)
    for office in ("gdeto", "sheto", "cdeto", "wheto"):
        assert f"office:{office}" in str(error.value)


def test_words_that_fit_no_name_still_fail(resolver: Resolver) -> None:
    """Words no single name has together are not stitched from several names."""
    with pytest.raises(UsageError, match="no resource of class hkg:MainlandOffice is named"):
        resolver.resolve("Shanghai Wuhan office", MAINLAND_OFFICE)

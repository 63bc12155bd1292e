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


@pytest.fixture(scope="module")
def resolver(nquads: Path) -> Resolver:
    return Resolver(EmbeddedStore.from_nquads(nquads))


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
    with pytest.raises(UsageError, match=r"did you mean 'beijing office' .*office:bjo") as error:
        resolver.resolve("Beijng Ofice")
    assert "\n" not in str(error.value)


def test_unknown_chinese_name_suggests_in_simplified_form(resolver: Resolver) -> None:
    """Close matches work for Chinese too (compared in Simplified script)."""
    with pytest.raises(UsageError, match=r"did you mean .*驻京办"):
        resolver.resolve("駐京辦事")


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
    """Requested language, then English, then Traditional, then Simplified Chinese, then any."""
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

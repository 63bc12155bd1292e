"""The profile of a resource: what it is, names in three forms, sentences with sources, a timeline.

Expected sentences are written by hand from the seeds (000: the Beijing Office article, 002: the LegCo paper)
and the editorial English names; none is produced by the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph import namespaces as ns
from hkgov_graph.publish.model import SiteModel
from hkgov_graph.publish.profile import Profile, Profiler, line_text, pick, to_json

ID = ns.ID


@pytest.fixture(scope="module")
def profiler(nquads: Path) -> Profiler:
    store = ox.Store()
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    return Profiler(SiteModel.from_store(store, ns.DEFAULT_BASE))


def texts(lines: list, lang: str = "en") -> list[str]:
    return [line_text(line, lang) for line in lines]


def section(profile: Profile, key: str) -> list[str]:
    found = profile.section(key)
    assert found is not None, f"no section {key}"
    return texts(found.lines)


def test_a_person_says_post_and_term_first(profiler: Profiler) -> None:
    """朱曼鈴's summary is her post and term (seed 000: 2012年7月18日 – 2014年12月21日), with its source."""
    profile = profiler.profile(ID + "person/chu-man-ling")
    assert profile.title("en") == "朱曼鈴"
    first = profile.summary[0]
    assert line_text(first, "en") == "Director of the Beijing Office, 2012-07-18 – 2014-12-21"
    assert line_text(first, "zh-Hant") == "駐京辦主任，2012-07-18 至 2014-12-21"
    assert [s.name for s in first.sources] == ["graph:wikipedia-beijing-office"]
    assert first.certainty is not None and first.certainty.status == "stated"
    assert first.about is not None and first.about.curie == "membership:bjo-director-3"


def test_heads_in_order_with_terms(profiler: Profiler) -> None:
    """The Beijing Office's five directors in order, each with the term seed 000 gives (open for the last)."""
    heads = section(profiler.profile(ID + "office/bjo"), "heads")
    assert heads == [
        "梁寶榮, Director of the Beijing Office, 1999 – 2005",
        "曹萬泰, Director of the Beijing Office, 2006-04-30 – 2012-07-18",
        "朱曼鈴, Director of the Beijing Office, 2012-07-18 – 2014-12-21",
        "傅小慧, Director of the Beijing Office, 2015-01-21 – 2019-01-20",
        "梁志仁, Director of the Beijing Office, from 2019-01-21",
    ]


def test_names_in_three_forms(profiler: Profiler) -> None:
    """The Beijing Office has its English, Traditional and Simplified names, and its abbreviation 駐京辦."""
    profile = profiler.profile(ID + "office/bjo")
    assert profile.ref.label == {
        "en": "Office of the Government of the Hong Kong Special Administrative Region in Beijing",
        "zh-Hant": "香港特別行政區政府駐北京辦事處",
        "zh-Hans": "香港特别行政区政府驻北京办事处",
    }
    assert ("駐京辦", "zh-Hant", "alt") in {(n.text, n.lang, n.role) for n in profile.names}


def test_structure_now_and_over_time(profiler: Profiler) -> None:
    """Under CMAB now; under CAB until 2007-07-01 (seed 000), each reporting line a sentence."""
    profile = profiler.profile(ID + "office/bjo")
    summary = texts(profile.summary)
    assert any(t.startswith("Administered by Constitutional and Mainland Affairs Bureau") for t in summary)
    history = section(profile, "structure-history")
    assert history[0] == "Administered by Constitutional Affairs Bureau, until 2007-07-01"
    assert "Administered by Constitutional and Mainland Affairs Bureau, from 2007-07-01" in history


def test_a_proposal_says_so(profiler: Profiler) -> None:
    """The 2012 proposal's policy guidance (seed 002 names no bureau) reads as proposed and unnamed."""
    history = section(profiler.profile(ID + "office/gdeto"), "structure-history")
    assert "Policy guidance from (not named by the source) (Proposed)" in history


def test_premises_and_events_are_sentences(profiler: Profiler) -> None:
    """Premises with the years they were used; promotion weeks with place and dates (seed 000)."""
    profile = profiler.profile(ID + "office/bjo")
    assert "恆基中心辦公室1座21層, 1999 – 2005-09-26" in section(profile, "premises")
    assert "吉林·香港節, in Jilin, 2004-01-04 – 2004-01-11" in section(profile, "events")
    timeline = [(line.when, line_text(line, "en")) for line in profile.timeline]
    assert timeline == sorted(timeline, key=lambda x: x[0] or "")
    assert ("2005-09-26", "Relocation: 香港特區駐京辦遷入地安門西大街新辦事處, 2005-09-26") in timeline


def test_an_address_is_a_sentence(profiler: Profiler) -> None:
    """A site's address and cost read as text, not as a nested node."""
    profile = profiler.profile(ID + "site/bjo-di-anmen")
    assert "Address: 西城區地安門西大街71號, 北京" in texts(profile.summary)
    assert any(t.endswith("HKD 90,000,000") for t in section(profile, "facts"))


def test_every_line_of_every_profile_has_sources(profiler: Profiler) -> None:
    """Every resource gets a profile; each line and statement names at least one graph."""
    m = profiler.m
    resources = sorted(i for i in set(m.outgoing) | set(m.incoming) if i.startswith(ID) and m.page_path(i))
    assert len(resources) > 240
    for iri in resources:
        profile = profiler.profile(iri)
        lines = [*profile.summary, *(x for s in profile.sections for x in s.lines), *profile.timeline]
        for line in lines:
            assert line.sources, (iri, line_text(line, "en"))
        for row in profile.statements:
            assert row.sources, (iri, row.property.curie)


def test_labels_fall_back_by_language() -> None:
    """zh-Hans falls back to zh-Hant then en; zh-Hant to zh-Hans then en; en to zh-Hant."""
    assert pick({"en": "Guangdong", "zh-Hant": "廣東"}, "zh-Hans") == "廣東"
    assert pick({"en": "Guangdong", "zh-Hans": "广东"}, "zh-Hant") == "广东"
    assert pick({"en": "Guangdong"}, "zh-Hans") == "Guangdong"
    assert pick({"zh-Hans": "广东", "zh-Hant": "廣東"}, "en") == "廣東"


def test_json_has_sentences_in_three_languages(profiler: Profiler) -> None:
    """The JSON form carries each line's text in en, zh-Hant and zh-Hans, its sources and its certainty."""
    data = to_json(profiler.profile(ID + "person/chu-man-ling"))
    line = data["summary"][0]
    assert set(line["text"]) == {"en", "zh-Hant", "zh-Hans"}
    assert line["period"] == {"start": "2012-07-18", "end": "2014-12-21"}
    assert line["sources"][0]["graph"] == "graph:wikipedia-beijing-office"
    assert line["certainty"]["status"] == "stated"


def test_a_reading_carries_its_basis(profiler: Profiler) -> None:
    """A reading the seed does not state outright shows its basis and the graph whose reading it is: the
    overrun 約400萬 is approximate (seed 000); the Shenzhen unit under the Guangdong ETO is inferred in seed 003's
    graph, while seeds 001 and 002 state it."""
    site = profiler.profile(ID + "site/bjo-di-anmen")
    overrun = next(x for x in site.section("facts").lines if line_text(x, "en").startswith("cost overrun"))
    assert overrun.certainty is not None
    assert ("hkg:Approximate", "graph:wikipedia-beijing-office") in {
        (b.kind.curie, b.source.name if b.source else None) for b in overrun.certainty.basis}
    unit = profiler.profile(ID + "liaison-unit/shenzhen")
    part_of = next(x for x in unit.summary if x.message == "unit-of")
    assert part_of.certainty is not None and part_of.certainty.status == "stated"
    assert [(b.kind.curie, b.source.name if b.source else None) for b in part_of.certainty.basis] == [
        ("hkg:Inferred", "graph:wikipedia-guangdong-eto")]
    assert to_json(unit)["summary"][0]["certainty"]["basis"][0]["note"]["en"]


def test_lines_carry_the_temporal_models_answer() -> None:
    """Where the build writes the temporal model (docs/time-model.md: hkg:timeExtent, hkg:referenceDate), a term
    and a structure statement show its answer on the reference date: ended, in force, possibly (last attested)."""
    store = ox.Store()
    h, org, b = ns.HKG, ns.ORG, ns.DEFAULT_BASE
    store.load(f"""
    @prefix hkg: <{h}> . @prefix org: <{org}> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix rdf: <{ns.RDF}> .
    <{b}graph/doc> {{
        <{b}graph/doc> a hkg:SourceDocument .
        <{b}id/membership/m1> a org:Membership ; org:member <{b}id/person/p> ; org:role <{b}id/post/director> ;
            org:organization <{b}id/office/o> .
        <{b}id/membership/m2> a org:Membership ; org:member <{b}id/person/p> ; org:role <{b}id/post/deputy> ;
            org:organization <{b}id/office/o> .
        <{b}id/office/o> hkg:administeredBy <{b}id/bureau/x> .
    }}
    <{b}graph/inferred> {{
        <{b}dataset> hkg:referenceDate "2019-01-21"^^xsd:date .
        <{b}id/membership/m1> hkg:timeExtent <{b}.well-known/genid/e1> .
        <{b}.well-known/genid/e1> hkg:startEarliest "1999-01-01"^^xsd:date ; hkg:startLatest "1999-12-31"^^xsd:date ;
            hkg:endEarliest "2005-01-01"^^xsd:date ; hkg:endLatest "2005-12-31"^^xsd:date .
        <{b}id/membership/m2> hkg:timeExtent <{b}.well-known/genid/e2> .
        <{b}.well-known/genid/e2> hkg:startEarliest "2019-01-21"^^xsd:date ;
            hkg:startLatest "2019-01-21"^^xsd:date ; hkg:endEarliest "2019-01-21"^^xsd:date ;
            hkg:lastAttested "2019-01-21"^^xsd:date .
        <{b}.well-known/genid/s1> a rdf:Statement ; rdf:subject <{b}id/office/o> ;
            rdf:predicate hkg:administeredBy ; rdf:object <{b}id/bureau/x> ; hkg:timeExtent <{b}.well-known/genid/e3> .
        <{b}.well-known/genid/e3> hkg:startEarliest "2012-05-01"^^xsd:date ; hkg:startLatest "2012-05-31"^^xsd:date ;
            hkg:lastAttested "2012-05"^^xsd:gYearMonth .
    }}""".encode(), format=ox.RdfFormat.TRIG)
    profiler = Profiler(SiteModel.from_store(store, ns.DEFAULT_BASE))
    terms = profiler.profile(ID + "person/p").section("terms")
    assert terms is not None
    answers = {line.about.curie: line.certainty.temporal for line in terms.lines}  # type: ignore[union-attr]
    assert answers["membership:m1"].status == "not" and answers["membership:m1"].key() == "ended"
    assert answers["membership:m2"].status == "in-force"
    office = profiler.profile(ID + "office/o")
    line = next(x for x in office.summary if x.message == "administered-by")
    assert line.certainty is not None and line.certainty.temporal is not None
    assert line.certainty.temporal.status == "possibly" and line.certainty.temporal.key() == "last-attested"
    from hkgov_graph.publish.profile import temporal_text

    assert temporal_text(line.certainty.temporal, "en") == "possibly in force on 2019-01-21 (last attested 2012-05)"
    assert temporal_text(answers["membership:m2"], "zh-Hant") == "2019-01-21時運作中"


def test_real_lines_show_the_answer_for_now(profiler: Profiler) -> None:
    """With the build's temporal model: 梁志仁 (2019年1月21日－, seed 000) is in force on the reference date,
    朱曼鈴's term has ended, and CEDB's policy guidance of the Guangdong ETO is possibly in force, last attested in
    May 2012 (seed 002, the only source that states it)."""
    from hkgov_graph.publish.profile import temporal_text

    heads = profiler.profile(ID + "office/bjo").section("heads")
    assert heads is not None
    now = {line.slots["person"].curie: line.certainty.temporal for line in heads.lines}  # type: ignore[union-attr]
    assert now["person:leung-chi-yan"] is not None and now["person:leung-chi-yan"].status == "in-force"
    assert now["person:chu-man-ling"] is not None and now["person:chu-man-ling"].key() == "ended"
    gdeto = profiler.profile(ID + "office/gdeto")
    cedb = next(x for x in gdeto.summary if x.message == "policy-guidance-from"
                and x.slots["org"].curie == "bureau:cedb")
    assert cedb.certainty is not None and cedb.certainty.temporal is not None
    assert temporal_text(cedb.certainty.temporal, "en") == "possibly in force on 2019-01-21 (last attested 2012-05)"


def test_an_agreement_is_not_said_to_have_ended(profiler: Profiler) -> None:
    """CEPA's time is the year it was signed, not a term: its page gives no "now" status ("ended"), while an event
    that happened has ended."""
    # 002: 《內地與香港關於建立更緊密經貿關係的安排》（"CEPA"）自 2003 年簽署以來，內地與香港已先後簽訂了八份補充協議
    assert profiler.profile(ID + "agreement/cepa").temporal is None
    # 000: 「吉林·香港節」（2004年1月4日─1月11日）
    festival = profiler.profile(ID + "event/2004-jilin-hong-kong-festival")
    assert festival.temporal is not None and festival.temporal.key() == "ended"

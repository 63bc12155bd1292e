"""Golden tests of the questions for each kind of fact the seeds state: posts and ranks, premises,
events, funds, agreements and plans, the provincial offices in Beijing, counts, functions,
programmes, and the readings (facts a seed does not state outright) with their basis.

Every expected value is read by hand from the seed documents in ../shared/seeds/, cited by seed
and line (000 = the Beijing Office article, 001 = the Mainland ETOs article, 002 = LegCo paper
CB(2)2193/11-12(01) of May 2012, 003 = the Guangdong ETO article, 004 = the 驻京办 article), or
from the editorial region data; none was produced by running the queries. The queries run
through the runner and again with their parameters in a VALUES block, as a remote endpoint gets
them (``run_query``); the example tests of test_remote_store.py run them on an Oxigraph server.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from test_competency_queries import column, project, run_query


@pytest.fixture(scope="module")
def store(nquads: Path) -> ox.Store:
    """The built dump, every named graph, in an in-memory store."""
    s = ox.Store()
    s.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    return s


# -- readings --

# Every fact a seed does not state outright: (what it is about, property, basis, graph).
READINGS = {
    # 000 lines 10, 12: the lead describes the two units, never saying they are under the office
    ("unit:liaoning", "org:unitOf", "inferred", "graph:wikipedia-beijing-office"),
    ("unit:tianjin", "org:unitOf", "inferred", "graph:wikipedia-beijing-office"),
    # 000 line 12: 駐天津聯絡處於2017年2月17日開始運作 (the day it began operating, not a founding)
    ("unit:tianjin", "schema:foundingDate", "inferred", "graph:wikipedia-beijing-office"),
    # 000 lines 49, 51: only the new office's opening is dated (2005年9月26日落成啟用)
    ("site:bjo-henderson-centre", "http://www.w3.org/2006/time#hasEnd", "inferred", "graph:wikipedia-beijing-office"),
    # 000 line 53: 較預算超支約400萬元 (a round figure, in 元 after 耗資9000萬港元)
    ("site:bjo-di-anmen", "schema:value", "approximate", "graph:wikipedia-beijing-office"),
    ("site:bjo-di-anmen", "schema:currency", "inferred", "graph:wikipedia-beijing-office"),
    # 003 line 5: 而駐深圳聯絡處向在深圳的港商及港人提供協助 (no "under")
    ("unit:shenzhen", "org:unitOf", "inferred", "graph:wikipedia-guangdong-eto"),
    # 002 line 35: 政制事務局於 2007 年正式改名 (nothing on to whom it answered, nor on an end)
    ("relation:cab-hksar", "hkg:superior", "inferred", "graph:legco-cb2-2193-11-12-01"),
    ("relation:cab-hksar", "http://www.w3.org/2006/time#hasEnd", "inferred", "graph:legco-cb2-2193-11-12-01"),
    # 002 lines 397-398: 據在內地的香港商會估計…可達 30 萬
    ("statistic:hong-kong-people-in-the-mainland-2012", "schema:maxValue", "approximate",
     "graph:legco-cb2-2193-11-12-01"),
    # 002 line 346: 我們亦將於年中推出一項 10 億元的「專項基金」 (no currency; "we")
    ("grant:2012-special-fund", "schema:currency", "inferred", "graph:legco-cb2-2193-11-12-01"),
    ("grant:2012-special-fund", "schema:funder", "inferred", "graph:legco-cb2-2193-11-12-01"),
    # 002 line 281: 宣布了三十多項…具體政策措施 (thirty-odd: a round figure)
    ("statistic:2011-central-government-support-measures", "schema:minValue", "approximate",
     "graph:legco-cb2-2193-11-12-01"),
    # 002 lines 73-75: 繼 2008 年5 月發生四川汶川特大地震後 (a month; the earthquake's end is read as that month)
    ("event:2008-wenchuan-earthquake", "schema:endDate", "inferred", "graph:legco-cb2-2193-11-12-01"),
    # 002 line 279: 於 2011 年 8 月訪港 (a month; the visit's end is read as that month too)
    ("event:2011-li-keqiang-hong-kong-visit", "schema:endDate", "inferred", "graph:legco-cb2-2193-11-12-01"),
    # 002 lines 256-262: the bureau signed for the Government and co-ordinates Nansha, not said to co-ordinate the group
    ("mechanism:guangzhou-hong-kong", "hkg:coordinatedBy", "inferred", "graph:legco-cb2-2193-11-12-01"),
    # 004 line 46: 据不完全统计…驻京办有52家，市级单位驻京办520家，县级单位驻京办5000余家
    ("statistic:beijing-offices-vice-provincial-and-above-before-2010", "schema:value", "approximate",
     "graph:wikipedia-beijing-offices"),
    ("statistic:beijing-offices-city-level-before-2010", "schema:value", "approximate",
     "graph:wikipedia-beijing-offices"),
    ("statistic:beijing-offices-county-level-before-2010", "schema:minValue", "approximate",
     "graph:wikipedia-beijing-offices"),
}


def test_every_reading_with_its_basis_and_note(store: ox.Store) -> None:
    """The readings question lists each fact no seed states outright, what it is about, its basis and a note."""
    rows = run_query(store, "readings")
    assert project(rows, "resource", "predicate", "basis", "graph") == READINGS
    assert all(r["note"] for r in rows)


def test_readings_about_the_beijing_office_are_its_two_units(store: ox.Store) -> None:
    """Readings 'about' a resource include those whose value it is: the two units read as under it."""
    rows = run_query(store, "readings", about="office:bjo")
    assert project(rows, "subject", "predicate", "object") == {
        ("unit:liaoning", "org:unitOf", "office:bjo"), ("unit:tianjin", "org:unitOf", "office:bjo")}


def test_reading_notes_follow_the_label_language(store: ox.Store) -> None:
    """Notes come in the language asked for: the overrun's, in Chinese, says it is a round figure (約數)."""
    rows = run_query(store, "readings", about="site:bjo-di-anmen", lang="zh-Hant")
    note = next(r["note"] for r in rows if r["predicate"] == "schema:value")
    assert "約400萬元" in note and "概數" in note


def test_coordinator_of_the_guangzhou_task_force_is_a_reading(store: ox.Store) -> None:
    """002 §7 never says CMAB co-ordinates the 穗港合作專責小組: statement-provenance gives basis inferred."""
    # 002 lines 256-262: 特區政府（由政制及內地事務局代表）和廣州市政府於2011年8月簽定意向書，成立《穗港合作專責小組》…
    # 就前海和南沙發展，政制及內地事務局負責整體統籌和協調
    rows = run_query(store, "statement-provenance", subject="mechanism:guangzhou-hong-kong",
                     predicate="hkg:coordinatedBy", object="bureau:cmab")
    assert project(rows, "graph", "basis") == {("graph:legco-cb2-2193-11-12-01", "inferred")}


def test_tianjin_unit_founding_is_read_from_its_first_day_of_operation(store: ox.Store) -> None:
    """000 gives the day the Tianjin unit began operating, not a founding: its founding date is a reading."""
    # 000 line 12: 香港特別行政區政府駐天津聯絡處於2017年2月17日開始運作
    rows = run_query(store, "readings", about="unit:tianjin", lang="zh-Hant")
    founding = [r for r in rows if r["predicate"] == "schema:foundingDate"]
    assert [(r["object"], r["basis"], r["graph"]) for r in founding] == [
        ("2017-02-17", "推論", "graph:wikipedia-beijing-office")]
    assert "開始運作" in founding[0]["note"]


def test_statement_provenance_shows_the_basis(store: ox.Store) -> None:
    """Seeds 001 and 002 state the Shenzhen unit is under the Guangdong ETO; seed 003's copy is a reading."""
    rows = run_query(store, "statement-provenance", subject="unit:shenzhen", predicate="org:unitOf",
                     object="office:gdeto")
    assert project(rows, "graph", "basis") == {
        ("graph:wikipedia-mainland-etos", "stated"),  # 001 lines 13-15
        ("graph:legco-cb2-2193-11-12-01", "stated"),  # 002 lines 367-369: 屬駐廣東經貿辦編制內的駐深圳聯絡處
        ("graph:wikipedia-guangdong-eto", "inferred"),  # 003 line 5
    }


def test_liaison_units_say_which_parent_is_only_read(store: ox.Store) -> None:
    """Of the eleven units, only the Beijing Office's two are under their office by a reading alone."""
    rows = run_query(store, "liaison-units")
    assert {r["unit"]: r["unit_of_basis"] for r in rows if r["unit_of_basis"] != "stated"} == {
        "unit:liaoning": "inferred", "unit:tianjin": "inferred"}  # 000 lines 10, 12; 001 lists neither
    # 001 line 9: 自2014年12月以來先後…開設, dated by no opening of its own; and the four planned in the same
    # text of 2014-12 or later (在2017年中前將增設共四個聯絡處，分別位於天津、浙江杭州、廣西南寧及陝西西安), not
    # founded before it
    assert {r["unit"]: r["founded_not_before"] for r in rows if r["founded_not_before"]} == {
        "unit:liaoning": "2014-12", "unit:shandong": "2014-12", "unit:hunan": "2014-12", "unit:henan": "2014-12",
        "unit:tianjin": "2014-12", "unit:zhejiang": "2014-12", "unit:guangxi": "2014-12", "unit:shaanxi": "2014-12"}


# -- the 2014-12 openings: no false disagreement --

def test_liaoning_unit_has_one_dated_establishment(store: ox.Store) -> None:
    """The Liaoning unit's timeline has seed 000's 2015-04-27 and, from seed 001, only a bound: not before 2014-12."""
    rows = run_query(store, "network-timeline", org="unit:liaoning")
    assert project(rows, "date", "kind", "status", "graph") == {
        ("2015-04-27", "establishment", "certain", "graph:wikipedia-beijing-office"),  # 000 line 10
        ("2014-12", "founding", "not before", "graph:wikipedia-mainland-etos"),  # 001 line 9: 自2014年12月以來先後
    }
    assert run_query(store, "value-disagreements") == []


# -- posts --

def test_posts_of_the_beijing_office_with_ranks_and_holders(store: ox.Store) -> None:
    """000 line 26 (主任一名，D8級，下轄 D4 副主任一名) and lines 30-34 (歷任首長)."""
    rows = run_query(store, "posts", org="office:bjo", lang="zh-Hant")
    assert [(r["post"], r["rank"], r["holder_label"], r["ordinal"], r["term_begins"], r["term_ends"])
            for r in rows] == [
        ("post:bjo-deputy-director", "D4", None, None, None, None),  # no holder named
        ("post:bjo-director", "D8", "梁寶榮", "1", "1999", "2005"),
        ("post:bjo-director", "D8", "曹萬泰", "2", "2006-04-30", "2012-07-18"),
        ("post:bjo-director", "D8", "朱曼鈴", "3", "2012-07-18", "2014-12-21"),
        ("post:bjo-director", "D8", "傅小慧", "4", "2015-01-21", "2019-01-20"),
        ("post:bjo-director", "D8", "梁志仁", "5", "2019-01-21", None),
    ]
    assert column(rows, "organisation") == {"office:bjo"}


def test_posts_of_the_government_include_the_proposed_one(store: ox.Store) -> None:
    """002's table and §14-17: four HKSAR posts, the Deputy Financial Secretary's role only proposed."""
    rows = run_query(store, "posts", org="gov:hksar")
    assert {r["post"]: r["status"] for r in rows} == {
        "post:chief-executive": None,  # 002 line 98: 行政長官
        "post:chief-secretary": None,  # 002 line 105: 政務司司長
        "post:financial-secretary": None,  # 002 §6: 財政司司長
        "post:deputy-financial-secretary": "proposed",  # 002 lines 427-452: 改組後…財政司副司長
    }
    assert column(rows, "rank") == {None} and column(rows, "holder") == {None}


def test_vice_premier_named_as_of_his_visit(store: ox.Store) -> None:
    """002 §8 names 李克強 as 國務院副總理 at his visit of August 2011: the post, its holder, in force then."""
    # 002 line 279: 國務院副總理李克強於 2011 年 8 月訪港時
    rows = run_query(store, "posts", org="gov:state-council", lang="zh-Hant")
    assert [(r["post_label"], r["holder_label"], r["term_begins"], r["graph"]) for r in rows] == [
        ("國務院副總理", "李克強", None, "graph:legco-cb2-2193-11-12-01")]
    rows = run_query(store, "post-holder-on-date", post="post:state-council-vice-premier", as_of="2011-08")
    assert [(r["person"], r["status"]) for r in rows] == [("person:li-keqiang", "in force")]


# -- premises --

def test_premises_of_the_beijing_office_over_time(store: ox.Store) -> None:
    """000 lines 49-53: the Henderson Centre from 1999, the new office from 2005-09-26, its size and cost."""
    rows = run_query(store, "premises", org="office:bjo")
    first, second = rows
    assert (first["site"], first["used_from"], first["used_until"], first["used_until_basis"]) == (
        "site:bjo-henderson-centre", "1999", "2005-09-26", "inferred")  # 剛成立時; the end is read
    assert first["street"] == "建國門內大街18號恆基中心辦公室1座21層"
    assert (second["site"], second["used_from"], second["used_until"], second["used_until_basis"]) == (
        "site:bjo-di-anmen", "2005-09-26", None, None)  # 2005年9月26日落成啟用
    # 三層高, 面積2200平方米
    assert (second["storeys"], second["floor_area"], second["area_unit"]) == ("3", "2200", "平方米")
    assert (second["cost"], second["cost_currency"]) == ("90000000", "HKD")  # 耗資9000萬港元
    assert (second["cost_overrun"], second["overrun_currency"], second["overrun_basis"]) == (
        "4000000", "HKD", "approximate")  # 較預算超支約400萬元
    assert second["reported_in"] == "《明報》2005年9月27日報導"
    # the Immigration Department's office shared both premises (line 49: 另一邊是…入境事務處的辦事處)
    shared = run_query(store, "premises", org="dept:immd")
    assert column(shared, "site") == {"site:bjo-henderson-centre", "site:bjo-di-anmen"}



def test_premises_in_use_on_a_date(store: ox.Store) -> None:
    """000 line 51: the new office opened on 2005-09-26; the day before, the office was still in the Henderson
    Centre (its end there is read from that opening: used_until_basis "inferred")."""
    def on(date: str | None) -> set[tuple[str, str, str]]:
        rows = run_query(store, "premises", org="office:bjo", **({"as_of": date} if date else {}))
        return {(r["site"], r["status"], r["reason"]) for r in rows}
    assert on("2005-09-25") == {("site:bjo-henderson-centre", "in force", ""),
                                ("site:bjo-di-anmen", "not in force", "not yet begun")}
    assert on("2005-09-26") == {("site:bjo-henderson-centre", "not in force", "ended"),
                                ("site:bjo-di-anmen", "in force", "")}
    # line 49: 剛成立時 (when the office was new, in 1999): in June 1999 it may not yet have been there
    assert on("1999-06") == {("site:bjo-henderson-centre", "possibly", "beginning uncertain"),
                             ("site:bjo-di-anmen", "not in force", "not yet begun")}
    # now: the graph's reference date, 2019-01-21, the date of article 000, which speaks of the new office
    now = run_query(store, "premises", org="office:bjo")
    assert {(r["site"], r["status"], r["last_attested"], r["date"]) for r in now} == {
        ("site:bjo-henderson-centre", "not in force", None, "2019-01-21"),
        ("site:bjo-di-anmen", "in force", "2019-01-21", "2019-01-21")}

# -- events --

def test_events_with_their_start_and_end(store: ox.Store) -> None:
    """000 lines 40-43: four Hong Kong weeks and festivals; 002 line 73-75: the earthquake of May 2008."""
    rows = run_query(store, "events")
    assert [(r["event"], r["kind"], r["place"], r["starts"], r["ends"]) for r in rows] == [
        ("event:2004-jilin-hong-kong-festival", "promotion event", "region:jilin", "2004-01-04", "2004-01-11"),
        ("event:2004-chongqing-hong-kong-week", "promotion event", "region:chongqing", "2004-05-26", "2004-06-01"),
        ("event:2004-tianjin-hong-kong-week", "promotion event", "region:tianjin", "2004-10-27", "2004-11-03"),
        ("event:2005-hebei-hong-kong-week", "promotion event", "region:hebei", "2005-06-22", "2005-06-28"),
        # 002 line 73-75: 2008 年5 月發生四川汶川特大地震 (occurred that month: the end is read as the same month)
        ("event:2008-wenchuan-earthquake", "event", "region:sichuan", "2008-05", "2008-05"),
        # 002 lines 279, 293: 國務院副總理李克強於 2011 年 8 月訪港時 (the end read as the same month)
        ("event:2011-li-keqiang-hong-kong-visit", "event", "region:hong-kong", "2011-08", "2011-08"),
    ]
    assert {r["organiser"] for r in rows if r["kind"] == "promotion event"} == {"office:bjo"}  # line 38


def test_events_in_one_region(store: ox.Store) -> None:
    """A region given by its Chinese name: the one Hong Kong week in Tianjin (000 line 42)."""
    rows = run_query(store, "events", region="天津", lang="zh-Hant")
    assert project(rows, "label", "starts", "ends") == {("2004天津·香港周", "2004-10-27", "2004-11-03")}



def test_earthquake_of_may_2008_is_over_after_that_month(store: ox.Store) -> None:
    """002 §5 dates the earthquake to May 2008: by June 2010 it has ended, it is not 'possibly' going on."""
    # 002 lines 73-75: 繼 2008 年5 月發生四川汶川特大地震後
    rows = run_query(store, "events", as_of="2010-06")
    quake = next(r for r in rows if r["event"] == "event:2008-wenchuan-earthquake")
    assert (quake["status"], quake["reason"]) == ("not in force", "ended")


def test_vice_premiers_visit_of_august_2011_is_an_event(store: ox.Store) -> None:
    """002 §8: the Vice-Premier's visit to Hong Kong in August 2011 is an event held in Hong Kong."""
    # 002 line 279: 國務院副總理李克強於 2011 年 8 月訪港時，宣布了三十多項…具體政策措施
    rows = run_query(store, "events", region="香港", lang="zh-Hant")
    assert project(rows, "label", "starts", "graph") == {
        ("國務院副總理李克強訪港", "2011-08", "graph:legco-cb2-2193-11-12-01")}
    rows = run_query(store, "events", as_of="2011-08-15")
    visit = next(r for r in rows if r["event"] == "event:2011-li-keqiang-hong-kong-visit")
    assert visit["status"] == "possibly"  # some day of August 2011, which is not said


def test_events_going_on_at_a_date(store: ox.Store) -> None:
    """000 line 42: the Tianjin Hong Kong week ran from 2004-10-27 to 11-03; 002 line 75 dates the earthquake
    to 2008年5月 only, so on 2008-05-12 it is "possibly" begun."""
    rows = run_query(store, "events", as_of="2004-10-30")
    assert {r["event"]: (r["status"], r["reason"]) for r in rows} == {
        "event:2004-jilin-hong-kong-festival": ("not in force", "ended"),
        "event:2004-chongqing-hong-kong-week": ("not in force", "ended"),
        "event:2004-tianjin-hong-kong-week": ("in force", ""),
        "event:2005-hebei-hong-kong-week": ("not in force", "not yet begun"),
        "event:2008-wenchuan-earthquake": ("not in force", "not yet begun"),
        "event:2011-li-keqiang-hong-kong-visit": ("not in force", "not yet begun"),
    }
    rows = run_query(store, "events", as_of="2008-05-12", lang="zh-Hant")
    quake = next(r for r in rows if r["event"] == "event:2008-wenchuan-earthquake")
    assert (quake["status"], quake["date"]) == ("可能運作中", "2008-05-12")

# -- funds --

def test_funds_and_amounts(store: ox.Store) -> None:
    """002 §5 (lines 73-78): HK$9bn injected after May 2008; §10 (line 346): HK$1bn special fund, planned."""
    rows = run_query(store, "funds")
    assert {r["fund"]: (r["funder"], r["amount"], r["currency"], r["not_before"], r["status"])
            for r in rows} == {
        "fund:sichuan-reconstruction-trust-fund": ("gov:hksar", "9000000000", "HKD", "2008-05", None),
        "fund:2012-special-fund": ("gov:hksar", "1000000000", "HKD", None, "planned"),
    }
    # 特區政府…注資90億港元 states all three; 我們亦將於年中推出一項 10 億元 names neither funder nor currency
    assert {r["fund"]: (r["funder_basis"], r["amount_basis"], r["currency_basis"]) for r in rows} == {
        "fund:sichuan-reconstruction-trust-fund": ("stated", "stated", "stated"),
        "fund:2012-special-fund": ("inferred", "stated", "inferred"),
    }
    planned = next(r for r in rows if r["fund"] == "fund:2012-special-fund")
    assert planned["timing"] == "將於年中推出"


# -- agreements and plans --

def test_agreements_and_the_letter_of_intent(store: ox.Store) -> None:
    """002 §9 (CEPA, 2003), §7 (the Framework Agreement's zones; the letter of intent of 2011-08)."""
    rows = run_query(store, "agreements", lang="zh-Hant")
    by = {r["agreement"]: r for r in rows}
    assert set(by) == {"agreement:cepa", "agreement:guangdong-hong-kong-framework",
                       "agreement:2011-guangzhou-hong-kong-letter-of-intent"}
    assert (by["agreement:cepa"]["signed"], by["agreement:cepa"]["kind"]) == ("2003", "安排")  # 自 2003 年簽署
    framework = by["agreement:guangdong-hong-kong-framework"]
    assert framework["signed"] is None and set(framework["zones"].split("; ")) == {"前海", "南沙"}
    letter = by["agreement:2011-guangzhou-hong-kong-letter-of-intent"]
    assert (letter["signed"], letter["kind"], letter["related"]) == ("2011-08", "意向書", "穗港合作專責小組")
    assert set(letter["parties"].split("; ")) == {"香港特別行政區政府", "廣州市政府"}  # 特區政府…和廣州市政府


def test_plans_and_what_is_planned_or_proposed(store: ox.Store) -> None:
    """002 §8: the outline (2011-03) and the measures (2011-08); 001 line 9 and 002: what is only planned."""
    rows = run_query(store, "plans")
    assert {r["item"]: (r["kind"], r["status"], r["date"], r["timing"]) for r in rows} == {
        "plan:12th-five-year-plan-outline": ("plan", "published", "2011-03", None),  # 2011 年 3 月公布
        "plan:2011-central-government-support-measures": ("plan", "published", "2011-08", None),  # 2011 年 8 月
        "change:2017-liaison-units-planned": ("change", "planned", None, "2017年中前"),  # 001 line 9 (undated)
        "fund:2012-special-fund": ("fund", "planned", "2012-05", "將於年中推出"),  # 002 line 346; of 2012年5月
        "grant:2012-special-fund": ("grant", "planned", "2012-05", "將於年中推出"),
        "change:2012-proposed-reorganisation": ("change", "proposed", "2012-05", None),  # 002 §14-18
        "bureau:commerce-industry": ("bureau", "proposed", "2012-05", None),  # 工商及產業局
        "post:deputy-financial-secretary": ("post", "proposed", "2012-05", None),
    }
    in_chinese = run_query(store, "plans", lang="zh-Hant")
    outline = next(r for r in in_chinese if r["item"] == "plan:12th-five-year-plan-outline")
    assert (outline["label"], outline["parts"]) == ("國家「十二五」規劃綱要", "支持港澳發展的政策措施（單獨成章）")


# -- the provincial offices in Beijing (seed 004) --

# 004 lines 13-42, in the article's order, by the region that sent each office
LISTED = ["tianjin", "chongqing", "shanghai", "heilongjiang", "jilin", "liaoning", "hebei", "henan", "shandong",
          "shaanxi", "gansu", "qinghai", "sichuan", "hubei", "hunan", "guizhou", "jiangsu", "zhejiang", "anhui",
          "fujian", "yunnan", "guangdong", "hainan", "guangxi", "ningxia", "xinjiang", "tibet", "inner-mongolia",
          "hong-kong", "macao"]


def test_provincial_offices_in_beijing(store: ox.Store) -> None:
    """The thirty offices 004 lists, each with the region that sent it, among them the two SARs'."""
    rows = run_query(store, "provincial-beijing-offices", lang="zh-Hans")
    assert len(rows) == 30
    assert column(rows, "region") == {f"region:{r}" for r in LISTED}
    hk = next(r for r in rows if r["region"] == "region:hong-kong")
    assert (hk["office"], hk["label"]) == ("office:bjo", "香港特别行政区政府驻北京办事处")  # 004 line 41
    assert column(rows, "graph") == {"graph:wikipedia-beijing-offices"}


def test_regions_the_list_lacks(store: ox.Store) -> None:
    """Of the 34 regions, 004's list lacks Beijing, Shanxi, Jiangxi and Taiwan; Taiwan is not of the Mainland."""
    rows = run_query(store, "regions-without-a-beijing-office")
    assert {r["region"]: r["mainland"] for r in rows} == {
        "region:beijing": "true", "region:shanxi": "true", "region:jiangxi": "true", "region:taiwan": "false"}


# -- counts --

def test_counts_and_estimates(store: ox.Store) -> None:
    """004 line 46, 002 §9, §8, §14 and the table's expert groups, with bounds, dates and basis."""
    rows = run_query(store, "statistics")
    assert {(r["about"], r["value"], r["at_least"], r["at_most"], r["date"], r["basis"]) for r in rows} == {
        # 004 line 46: 据不完全统计…副省级以上单位的驻京办有52家，市级单位驻京办520家，县级单位驻京办5000余家:
        # incomplete statistics (and a round "over 5000"), so none of the three is an exact count
        ("body:beijing-offices", "52", None, None, None, "approximate"),
        ("body:beijing-offices", "520", None, None, None, "approximate"),
        ("body:beijing-offices", None, "5000", None, None, "approximate"),
        # 002 lines 291-293: 已先後簽訂了八份補充協議 (as of the paper, 2012年5月)
        ("agreement:cepa", "8", None, None, "2012-05", "stated"),
        # 002 line 281: 宣布了三十多項…具體政策措施 (2011年8月)
        ("plan:2011-central-government-support-measures", None, "30", None, "2011-08", "approximate"),
        # 002 lines 397-398: 可達 30 萬, an estimate
        (None, None, None, "300000", "2012-05", "approximate"),
        # 002's table: 粵港聯席下 25 個專責小組; 深港合作會議下 5 個專責/工作小組
        ("tier:guangdong-hong-kong-liaison", "25", None, None, None, "stated"),
        ("tier:shenzhen-hong-kong-groups", "5", None, None, None, "stated"),
    }
    estimate = next(r for r in rows if r["at_most"] == "300000")
    assert estimate["estimated_by"] == "body:hong-kong-chambers-of-commerce-in-the-mainland"  # 在內地的香港商會


def test_counts_from_incomplete_statistics_are_not_exact(store: ox.Store) -> None:
    """004's three counts of Beijing offices before 2010 come from incomplete statistics: basis approximate."""
    # 004 line 46: 据不完全统计，在2010年国务院整治驻京办问题之前，副省级以上单位的驻京办有52家，
    # 市级单位驻京办520家，县级单位驻京办5000余家
    rows = run_query(store, "statistics")
    counts = {(r["value"], r["at_least"], r["basis"]) for r in rows
              if r["graph"] == "graph:wikipedia-beijing-offices"}
    assert counts == {("52", None, "approximate"), ("520", None, "approximate"), (None, "5000", "approximate")}


def test_thirty_odd_measures_are_a_round_figure(store: ox.Store) -> None:
    """002's 'thirty-odd' measures of August 2011 are at least 30, basis approximate, not a count."""
    # 002 lines 279-281: 國務院副總理李克強於 2011 年 8 月訪港時，宣布了三十多項中央政府…具體政策措施
    rows = run_query(store, "statistics")
    measures = [(r["value"], r["at_least"], r["date"], r["basis"]) for r in rows
                if r["about"] == "plan:2011-central-government-support-measures"]
    assert measures == [(None, "30", "2011-08", "approximate")]


# -- functions and programmes --

def test_functions_and_partners_of_the_beijing_office(store: ox.Store) -> None:
    """000 lines 16-22: five functions; liaison with the CPG and the Beijing offices of the nine other regions."""
    rows = run_query(store, "functions", org="office:bjo")
    purposes_000 = [r["text"] for r in rows
                    if r["kind"] == "purpose" and r["graph"] == "graph:wikipedia-beijing-office"]
    assert len(purposes_000) == 5 and any(p.startswith("於內地推廣香港") for p in purposes_000)
    assert {r["partner"] for r in rows if r["kind"] == "liaises with"} == {"gov:central-peoples-government"} | {
        f"body:{r}-beijing-office" for r in ("tianjin", "hebei", "liaoning", "jilin", "heilongjiang",
                                              "inner-mongolia", "xinjiang", "gansu", "ningxia")}


def test_who_coordinates_the_beijing_offices_of_local_governments(store: ox.Store) -> None:
    """004 line 3: 国家机关事务管理局驻京办事处与综合管理司负责管理和协调各级人民政府驻京办事处的工作."""
    rows = run_query(store, "functions", org="body:beijing-offices")
    assert project([r for r in rows if r["kind"] == "coordinated by"], "partner") == {
        ("body:ngoa-beijing-offices-department",)}


def test_programme_the_beijing_office_produces(store: ox.Store) -> None:
    """000 line 45: 駐京辦亦負責與中央人民廣播電台華夏之聲合作製作《京港直通車》節目."""
    rows = run_query(store, "programmes", org="office:bjo", lang="zh-Hant")
    assert project(rows, "label", "producer") == {("京港直通車", "office:bjo"),
                                                   ("京港直通車", "body:cnr-voice-of-huaxia")}

"""Answers over time that the time model gives and the seeds fix: the timelines, and the 2007 transfer.

Expected values are read by hand from the seeds (000 to 004: see the list at
the top of test_competency_queries.py) and the reading rules of
docs/time-model.md; none was produced by running the queries. The other
hand-written cases of the issue (a date inside an imprecise term end, a
date between two holders, the network in May 2012 and now, policy guidance
last attested in May 2012) are in test_competency_queries.py and
test_temporal_model.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from test_competency_queries import QUERIES, project, run_query


@pytest.fixture(scope="module")
def store(nquads: Path) -> ox.Store:
    """The built dump, every named graph, in an in-memory store."""
    s = ox.Store()
    s.bulk_load(path=nquads, format=ox.RdfFormat.N_QUADS)
    return s


# -- network-timeline: the days each date can mean, and how sure --

def test_timeline_from_december_2014_keeps_the_series_and_the_plan_apart(store: ox.Store) -> None:
    """自2014年12月以來先後 is four foundings not before 2014-12, no event; 將增設 is a plan, not a founding."""
    rows = run_query(store, "network-timeline", **{"from": "2014-12", "to": "2015"})
    series = "graph:wikipedia-mainland-etos"
    assert project(rows, "date", "kind", "about", "status", "earliest", "latest", "graph") == {
        # 001 line 9: 自2014年12月以來先後…開設共四個聯絡處，分別位於遼寧瀋陽、山東濟南、湖南長沙以及河南鄭州
        *{("2014-12", "founding", f"unit:{u}", "not before", "2014-12-01", None, series)
          for u in ("liaoning", "shandong", "hunan", "henan")},
        # 001 line 9: 在2017年中前將增設共四個聯絡處，分別位於天津、浙江杭州、廣西南寧及陝西西安, in a revision
        # of 2014-12 or later (the date of the plan, not of a founding: not founded before it)
        *{("2014-12", "establishment", f"unit:{u}", "planned", "2014-12-01", None, series)
          for u in ("tianjin", "zhejiang", "guangxi", "shaanxi")},
        # 000 lines 32-33: 朱曼鈴 until 2014年12月21日, 傅小慧 from 2015年1月21日
        ("2014-12-21", "term ends", "post:bjo-director", "certain", "2014-12-21", "2014-12-21",
         "graph:wikipedia-beijing-office"),
        ("2015-01-21", "term begins", "post:bjo-director", "certain", "2015-01-21", "2015-01-21",
         "graph:wikipedia-beijing-office"),
        # 000 line 10: 駐遼寧聯絡處…2015年4月27日成立: agrees with 001's "not before 2014-12"
        ("2015-04-27", "establishment", "unit:liaoning", "certain", "2015-04-27", "2015-04-27",
         "graph:wikipedia-beijing-office"),
    }


def test_timeline_gives_a_year_as_the_days_it_can_mean(store: ox.Store) -> None:
    """梁寶榮（1999年─2005年）: his term began some day in 1999 and ended some day in 2005."""
    rows = run_query(store, "network-timeline", org="office:bjo", to="2005")
    terms = [r for r in rows if r["item"] == "membership:bjo-director-1"]
    # 000 line 30
    assert project(terms, "date", "kind", "status", "earliest", "latest") == {
        ("1999", "term begins", "within", "1999-01-01", "1999-12-31"),
        ("2005", "term ends", "within", "2005-01-01", "2005-12-31")}
    # 000 line 6: 成立於1999年
    assert project([r for r in rows if r["kind"] == "establishment"], "date", "status", "earliest", "latest") == {
        ("1999", "within", "1999-01-01", "1999-12-31")}
    # 000 line 40: 2004年1月4日 吉林·香港節
    assert project([r for r in rows if r["item"] == "event:2004-jilin-hong-kong-festival"], "status", "earliest") == {
        ("certain", "2004-01-04")}


def test_timeline_bounds_a_founding_by_the_document_that_states_it(store: ox.Store) -> None:
    """川港溝通協調機制: set up after the quake of May 2008, and in place in the paper of May 2012."""
    rows = run_query(store, "network-timeline", org="mechanism:sichuan-hong-kong")
    # 002 lines 73-81 (繼2008年5月…四川汶川特大地震後…設立了三層的溝通協調機制), the paper dated 2012年5月 (line 470)
    assert project(rows, "date", "kind", "status", "earliest", "latest", "graph") == {
        ("2008-05", "founding", "within", "2008-05-01", "2012-05-31", "graph:legco-cb2-2193-11-12-01")}


def test_timeline_keeps_a_proposal_undated_by_the_model(store: ox.Store) -> None:
    """The reorganisation the paper proposes has its date (May 2012) but no days: it never happened."""
    rows = run_query(store, "network-timeline", **{"from": "2012-05", "to": "2012-05"})
    # 002 lines 391-464, dated 2012年5月 (line 470)
    assert project(rows, "item", "status", "earliest", "latest") == {
        ("change:2012-proposed-reorganisation", "proposed", None, None)}


# -- post-timeline: each term's status on a date --

@pytest.mark.parametrize(("as_of", "expected"), [
    # now (2019-01-21): 000 line 34, 梁志仁（2019年1月21日－）; the four before him had ended
    (None, [("not in force", "ended")] * 4 + [("in force", "")]),
    # 000 line 30: 1999年─2005年, so on 2005-12-01 he may already have left; the others had not begun
    ("2005-12-01", [("possibly", "end uncertain")] + [("not in force", "not yet begun")] * 4),
    # between 梁寶榮 (left in 2005) and 曹萬泰 (from 2006-04-30, 000 line 31): no term holds
    ("2006-01-15", [("not in force", "ended")] + [("not in force", "not yet begun")] * 4),
    # 000 lines 31-32: 曹萬泰 until and 朱曼鈴 from 2012年7月18日: both on that day
    ("2012-07-18", [("not in force", "ended"), ("in force", ""), ("in force", "")]
     + [("not in force", "not yet begun")] * 2),
    # after the article of 2019: 梁志仁's term is open, last stated on 2019-01-21
    ("2030", [("not in force", "ended")] * 4 + [("possibly", "after last attestation")]),
])
def test_post_timeline_gives_each_term_its_status(store: ox.Store, as_of: str | None,
                                                  expected: list[tuple[str, str]]) -> None:
    """The five directors of the Beijing Office, in order, each with its status on the date."""
    params = {"post": "post:bjo-director"} | ({"as_of": as_of} if as_of else {})
    rows = run_query(store, "post-timeline", **params)
    assert [r["ordinal"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert [(r["status"], r["reason"] or "") for r in rows] == expected
    assert {r["date"] for r in rows} == {as_of or "2019-01-21"}


# -- the 2007 transfer, on both sides of 2007-07-01 --

def test_reporting_line_the_day_before_the_transfer(store: ox.Store) -> None:
    """On 2007-06-30 the Beijing Office answers to CAB, certainly; CMAB did not yet exist."""
    rows = run_query(store, "reporting-line", unit="office:bjo", as_of="2007-06-30")
    admin = [r for r in rows if r["line"] == "administrative"]
    # 000 line 8: 原隸屬政制事務局，2007年7月1日決策局重組後劃入新成立的政制及內地事務局
    assert project(admin, "level", "subordinate", "org", "status", "reason") == {
        ("1", "office:bjo", "bureau:cab", "in force", ""),
        # 002 §3 (政制事務局於 2007 年正式改名): CAB's own line to the Government, read as ending with the
        # renaming, ended some day in 2007: on 2007-06-30 it may already have
        ("2", "bureau:cab", "gov:hksar", "possibly", "end uncertain")}
    # the line to CAB is read from 原隸屬 as holding since the office's founding (1999): an inference, said so
    assert "inferred" in next(r for r in admin if r["level"] == "1")["basis"].split()


def test_reporting_line_on_the_day_of_the_transfer(store: ox.Store) -> None:
    """On 2007-07-01 CAB's line has ended and CMAB's begun: exactly one administrative superior."""
    rows = run_query(store, "reporting-line", unit="office:bjo", as_of="2007-07-01")
    # 000 line 8: 2007年7月1日…劃入新成立的政制及內地事務局
    assert project([r for r in rows if r["line"] == "administrative" and r["level"] == "1"], "org", "status") == {
        ("bureau:cmab", "in force")}


def test_reporting_line_of_a_unit_in_the_month_of_the_paper_that_states_it(store: ox.Store) -> None:
    """In May 2012 the Shenzhen unit's line up through the Guangdong ETO's policy guidance is in force, as the
    LegCo paper of that month states the unit and the guidance together (not "possibly, a step below is less
    sure": the step below is in force too)."""
    rows = run_query(store, "reporting-line", unit="unit:shenzhen", as_of="2012-05")
    # 002 §13: 屬駐廣東經貿辦編制內的駐深圳聯絡處…由政制及內地事務局負責統籌管理，並提供策略性的政策指導…
    # 至於商貿及其他政策範疇的事宜，由商務及經濟發展局及相關的政策局提供政策指導; signed 2012 年 5 月
    assert project([r for r in rows if r["line"] == "policy guidance"], "level", "subordinate", "org", "status",
                   "reason") == {("2", "office:gdeto", "bureau:cedb", "in force", ""),
                                 ("2", "office:gdeto", "bureau:cmab", "in force", "")}


def test_reporting_line_gives_a_steps_own_reason_where_the_chain_is_as_sure(store: ox.Store) -> None:
    """In 2016 the Liaoning unit's line through the Beijing Office's policy guidance is "possibly" because the
    guidance is last attested in May 2012, and says so, not "beginning uncertain" (the unit began 2015-04-27)."""
    rows = run_query(store, "reporting-line", unit="unit:liaoning", as_of="2016")
    # 000 line 10: 香港特區政府於2015年4月27日成立駐遼寧聯絡處; 002 §13 (signed 2012 年 5 月): 至於商貿及其他政策
    # 範疇的事宜，由商務及經濟發展局及相關的政策局提供政策指導 (and CMAB 提供策略性的政策指導)
    assert project([r for r in rows if r["line"] == "policy guidance"], "level", "org", "status", "reason",
                   "last_attested") == {("2", "bureau:cedb", "possibly", "after last attestation", "2012-05"),
                                        ("2", "bureau:cmab", "possibly", "after last attestation", "2012-05")}


@pytest.mark.parametrize(("as_of", "bureau"), [("2007-06-30", "bureau:cab"), ("2007-07-01", "bureau:cmab")])
def test_network_on_both_sides_of_the_transfer(store: ox.Store, as_of: str, bureau: str) -> None:
    """The Beijing Office and the Guangdong ETO answer to CAB on 2007-06-30 and to CMAB on 2007-07-01."""
    rows = run_query(store, "network-as-of", as_of=as_of)
    # 000 line 8 (the Beijing Office); 001 line 5 (the Mainland ETOs, the Guangdong ETO among them since 2002-07)
    assert project([r for r in rows if r["org"] in ("office:bjo", "office:gdeto")], "org", "status", "bureau",
                   "bureau_status") == {("office:bjo", "in force", bureau, "in force"),
                                        ("office:gdeto", "in force", bureau, "in force")}


# -- every as-of question reads the model --

AS_OF_QUESTIONS = sorted(p for p in QUERIES.glob("*.rq") if "# param: as_of " in p.read_text(encoding="utf-8"))


def test_there_are_as_of_questions() -> None:
    """The questions below are the ones the issue names, at least."""
    assert {p.stem for p in AS_OF_QUESTIONS} >= {
        "reporting-line", "network-as-of", "post-holder-on-date", "units-under", "offices-serving-region",
        "liaison-units", "mainland-offices", "post-timeline"}


@pytest.mark.parametrize("path", AS_OF_QUESTIONS, ids=lambda p: p.stem)
def test_an_as_of_question_reads_the_model(path: Path) -> None:
    """Its status comes from the model's bounds, and it walks structure by the model's paths, not a block per level."""
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    assert re.search(r"hkg:(timeExtent|pathFrom|pathStep)\b", text)
    assert "hkg:startEarliest" in text or "hkg:pathFrom" in text
    # no level spelt out: a fixed level, a chain of the same property, or a date's precision re-derived
    assert not re.search(r"hkg:pathLevel\s+[2-9]|BIND\(\s*[2-9]\s+AS\s+\?level", text)
    assert not re.search(r"(org:unitOf|hkg:administeredBy|hkg:superior)\s*/\s*\1", text)
    assert "DATATYPE(" not in text

"""The structural report: span of control, depth of the reporting tree, regions per office.

Expected numbers are counted by hand from the seeds: the Constitutional and
Mainland Affairs Bureau administers the Beijing Office and the four ETOs
(seeds 000, 001, 002); the Beijing Office has three divisions and two liaison
units (seed 000); the Guangdong ETO an immigration division and three liaison
units (seeds 001, 003); the Wuhan ETO two liaison units and no immigration
division (seed 001).
"""

from __future__ import annotations

import json

import pytest

from hkgov_graph.cli import main
from hkgov_graph.export.stats import compute, display_width, table, to_text

ID = "https://w3id.org/hkgov-graph/id/"


@pytest.fixture(scope="module")
def report(nquads):
    return compute(nquads)


def span(report, iri):
    return next(s for s in report.span_of_control if s.id == ID + iri)


def test_span_of_control(report):
    """CMAB 5 offices; Beijing Office 5 units; Guangdong ETO 4; Shanghai and Chengdu 3; Wuhan 2."""
    assert span(report, "bureau/cmab").subordinates == 5
    assert span(report, "bureau/cmab").by_kind == {"BeijingOffice": 1, "EconomicAndTradeOffice": 4}
    assert span(report, "office/bjo").by_kind == {"Division": 3, "LiaisonUnit": 2}
    assert span(report, "office/gdeto").by_kind == {"Division": 1, "LiaisonUnit": 3}
    assert span(report, "office/sheto").subordinates == 3
    assert span(report, "office/cdeto").subordinates == 3
    assert span(report, "office/wheto").by_kind == {"LiaisonUnit": 2}


def test_policy_guidance_counted_apart(report):
    """CEDB's policy guidance to four offices is reported beside its span of control, not in it."""
    cedb = span(report, "bureau/cedb")
    assert cedb.policy_guidance_to == 4
    assert "BeijingOffice" not in cedb.by_kind


def test_depth(report):
    """Government → bureau → office → liaison unit or division: three levels below the top."""
    assert report.depth == 3
    assert report.deepest_chain[0] == ID + "government/hksar"
    assert report.deepest_chain[1] == ID + "bureau/cmab"


def test_regions_per_office(report):
    """The Beijing Office covers 10 regions, the Guangdong ETO 5, the others 3 each (seat and two units)."""
    regions = {c.id: c for c in report.regions_per_office}
    assert regions[ID + "office/bjo"].regions == 10
    assert regions[ID + "office/bjo"].direct == 10
    assert regions[ID + "office/gdeto"].regions == 5
    for office in ("sheto", "cdeto", "wheto"):
        assert (regions[ID + f"office/{office}"].regions, regions[ID + f"office/{office}"].liaison_unit) == (3, 2)
    assert regions[ID + "office/sheto"].region_codes == ["CN-SD", "CN-SH", "CN-ZJ"]


def test_as_of_2010(nquads):
    """In 2010 the Beijing Office had only its three divisions under it (its units came in 2015 and 2017)."""
    report = compute(nquads, "2010")
    assert span(report, "office/bjo").by_kind == {"Division": 3}
    assert report.as_of == "2010"


def test_as_of_2005_the_etos_are_under_cab_through_their_group(nquads):
    """In 2005 CAB had the Beijing Office and the four ETOs under it, as units-under says; three only possibly."""
    report = compute(nquads, "2005")
    cab = span(report, "bureau/cab")
    # 000: 駐北京辦事處原隸屬政制事務局; 001: 香港經濟貿易辦事處原隸屬政制事務局，2007年7月1日…劃入新成立的
    # 政制及內地事務局 (the ETOs as a group)
    assert cab.by_kind == {"BeijingOffice": 1, "EconomicAndTradeOffice": 4}
    # 003: 該部門成立於2002年7月，是四個駐中國大陸經貿辦中最早成立的一個: the Guangdong ETO certain in 2005, the
    # Shanghai, Chengdu and Wuhan ETOs founded later, on no date the sources give
    assert cab.uncertain == 3


def test_text_table_lines_up_chinese():
    """Columns line up when cells hold Chinese (two columns wide in a terminal)."""
    assert display_width("駐京辦") == 6
    lines = table(["a", "b"], [["駐京辦", "x"], ["abc", "y"]]).splitlines()
    assert display_width(lines[2].split("x")[0]) == display_width(lines[3].split("y")[0])


def test_text_report(report):
    """The text report names the sections and the offices."""
    text = to_text(report)
    assert "Span of control" in text and "Depth of the reporting tree: 3" in text
    assert "office:bjo" in text and "CN-NX" in text


def test_cli_stats_text(nquads, capsys):
    """`hkgov-graph stats` prints the table."""
    assert main(["stats", "--nquads", str(nquads)]) == 0
    assert "Regions per office" in capsys.readouterr().out


def test_cli_stats_json(nquads, capsys):
    """`hkgov-graph stats --format json` prints JSON with the same numbers."""
    assert main(["stats", "--format", "json", "--nquads", str(nquads), "--as-of", "now"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["depth"] == 3
    assert {c["id"]: c["regions"] for c in data["regions_per_office"]}[ID + "office/bjo"] == 10


def test_cli_stats_bad_date(capsys):
    """A malformed date is a usage error."""
    assert main(["stats", "--as-of", "2010-00"]) == 2
    assert "malformed date" in capsys.readouterr().err

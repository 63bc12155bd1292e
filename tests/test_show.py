"""``hkgov-graph show NAME``: the profile in the terminal and as JSON, the name resolved as queries resolve it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from hkgov_graph.cli import main


def test_show_a_person_by_chinese_name(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`show 朱曼鈴` names her post and term first, with the graph that states it and the temporal model's answer
    for now (her term ended on 2014-12-21)."""
    assert main(["show", "朱曼鈴", "--nquads", str(nquads)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "朱曼鈴"
    brief = out.split("In brief\n", 1)[1]
    assert brief.splitlines()[0] == ("  Director of the Beijing Office, 2012-07-18 – 2014-12-21  "
                                     "[graph:wikipedia-beijing-office; ended]")


def test_show_in_simplified_chinese_by_simplified_abbreviation(nquads: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """`show 驻京办 --lang zh-Hans` finds the Beijing Office and titles it in Simplified script."""
    assert main(["show", "驻京办", "--lang", "zh-Hans", "--nquads", str(nquads)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("香港特别行政区政府驻北京办事处\n")
    assert "梁志仁，驻京办主任，2019-01-21 起" in out  # the post in Simplified (generated twin of 駐京辦主任)


@pytest.mark.parametrize(("name", "title"), [
    # 002 §9: 《內地與香港關於建立更緊密經貿關係的安排》（“CEPA”）自 2003 年簽署
    ("agreement:cepa", "Mainland and Hong Kong Closer Economic Partnership Arrangement"),
    # 002 §10: 我們亦將於年中推出一項 10 億元的「專項基金」
    ("fund:2012-special-fund",
     "Special fund for Hong Kong enterprises' branding, upgrading and domestic sales (planned, 2012)"),
])
def test_show_by_the_prefixed_names_the_data_files_use(nquads: Path, capsys: pytest.CaptureFixture[str],
                                                       name: str, title: str) -> None:
    """agreement:, fund: (and grant:, plan:, zone:, reading:) are prefixes, as the data files and the answers
    write them: agreement:cepa is the agreement, not a fuzzy match (it was the statistic of CEPA's
    supplementary agreements), fund:2012-special-fund the fund, not "ambiguous" with its grant."""
    assert main(["show", name, "--nquads", str(nquads)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0] == title
    assert captured.out.splitlines()[2].startswith(f"{name}  (")
    assert "taken as" not in captured.err


@pytest.mark.parametrize(("name", "founded"), [
    # 000: 香港特區政府於2015年4月27日成立駐遼寧聯絡處; 香港特別行政區政府駐天津聯絡處於2017年2月17日開始運作
    ("駐遼寧聯絡處", "2015-04-27"), ("駐天津聯絡處", "2017-02-17")])
def test_a_units_line_on_its_page_agrees_with_the_questions(nquads: Path, capsys: pytest.CaptureFixture[str],
                                                           name: str, founded: str) -> None:
    """The unit's line to the Beijing Office is in force now on its page, as units-under answers: the line is
    read as beginning with the unit (the step's bounds), not left open as the statement alone would leave it."""
    assert main(["show", name, "--nquads", str(nquads)]) == 0
    brief = capsys.readouterr().out.split("In brief\n", 1)[1].splitlines()
    part_of = next(line for line in brief if line.lstrip().startswith("Part of"))
    assert part_of.endswith("in force on 2019-01-21]")
    assert f"Founded {founded}" in "\n".join(brief)
    assert main(["query", "units-under", "--org", "駐京辦", "--format", "csv", "--columns", "unit,status",
                 "--nquads", str(nquads)]) == 0
    unit = "liaoning" if founded.startswith("2015") else "tianjin"
    assert f"/id/liaison-unit/{unit},in force" in capsys.readouterr().out


def test_show_json(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json is the profile: resource, names, summary lines with sources, sections, statements."""
    assert main(["show", "GDETO", "--format", "json", "--nquads", str(nquads)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["resource"]["name"] == "office:gdeto"
    assert data["resource"]["label"]["en"] == "Hong Kong Economic and Trade Office in Guangdong"
    assert any(n["text"] == "GDETO" and n["role"] == "alt" for n in data["names"])
    founded = [x for x in data["summary"] if x["message"] == "founded"]
    assert founded and founded[0]["text"]["en"] == "Founded 2002-07"
    assert all(line["sources"] for section in data["sections"] for line in section["lines"])
    assert len(data["statements"]) > 20


def test_show_statements(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--statements adds every statement, each with its graphs."""
    assert main(["show", "person:chu-man-ling", "--statements", "--nquads", str(nquads)]) == 0
    out = capsys.readouterr().out
    assert "All statements" in out
    assert "name: 朱曼鈴 @zh-Hant  [graph:wikipedia-beijing-office]" in out


def test_unknown_name_is_a_usage_error(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name nothing carries is one line on stderr and exit 2."""
    assert main(["show", "No Such Office", "--nquads", str(nquads)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hkgov-graph: error: no resource is named 'No Such Office'")
    assert len(err.strip().splitlines()) == 1


def test_console_script(nquads: Path) -> None:
    """The installed console script shows a profile."""
    script = shutil.which("hkgov-graph")
    if script is None:
        pytest.skip("the console script is not on PATH")
    done = subprocess.run([script, "show", "bjo", "--nquads", str(nquads)], capture_output=True, text=True,
                          check=True)
    assert done.stdout.startswith("Office of the Government of the Hong Kong Special Administrative Region in Beijing")

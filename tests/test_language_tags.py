"""BCP 47 language tags with a region (zh-TW, zh-CN, as browsers and users send them) wherever a label language is
taken: the one helper (i18n.language), the CLI's --lang of query, sparql, show and reconcile, the Python API and
the reconciliation service's /reconcile/<lang> path. They become zh-Hant or zh-Hans; bare zh is still refused."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hkgov_graph import Graph, i18n
from hkgov_graph.cli import main
from hkgov_graph.errors import UsageError
from hkgov_graph.serve.app import make_app
from hkgov_graph.serve.config import ServerConfig
from hkgov_graph.serve.pages import SiteFolder
from hkgov_graph.serve.reconcile import Reconciler

# seed 000 line 6: **香港特別行政區政府駐北京辦事處**（簡稱**香港特區駐京辦**、**香港駐京辦**或**駐京辦**
BJO_HANT = "香港特別行政區政府駐北京辦事處"
BJO_HANS = "香港特别行政区政府驻北京办事处"  # its generated Simplified twin


@pytest.mark.parametrize(("tag", "canonical"), [
    ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-MO", "zh-Hant"), ("zh-tw", "zh-Hant"), ("zh_HK", "zh-Hant"),
    ("zh-CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("ZH-cn", "zh-Hans"), ("zh_sg", "zh-Hans"),
])
def test_chinese_with_a_region_takes_the_script_written_there(tag: str, canonical: str) -> None:
    """zh-TW, zh-HK, zh-MO are Traditional, zh-CN and zh-SG Simplified (CLDR likely subtags), in any case, - or _."""
    assert i18n.language(tag) == canonical


@pytest.mark.parametrize(("tag", "canonical"), [
    ("zh-Hant-TW", "zh-Hant"), ("zh-Hant-HK", "zh-Hant"), ("zh-Hans-CN", "zh-Hans"), ("zh-hans-sg", "zh-Hans"),
    ("zh-Hant-CN", "zh-Hant"), ("en-GB", "en"), ("en-US", "en"), ("en-HK", "en"),
])
def test_longer_tags_are_looked_up_by_dropping_subtags(tag: str, canonical: str) -> None:
    """RFC 4647 lookup: zh-Hant-TW is zh-Hant, en-GB is en; a script given outright wins over the region."""
    assert i18n.language(tag) == canonical


@pytest.mark.parametrize("tag", ["zh", "ZH", "zh-US", "zh-Latn", "fr-TW", "", "zh-TW,zh;q=0.9", "zh--TW", "zh-TW-"])
def test_tags_without_a_script_to_infer_are_refused(tag: str) -> None:
    """Bare zh (which script?), Chinese of a region with no one script, other languages and malformed tags."""
    with pytest.raises(ValueError, match=r"use one of en, zh-Hant, zh-Hans \(or a tag with a region"):
        i18n.language(tag)


def test_query_lang_zh_tw_gives_traditional_labels(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`query mainland-offices --lang zh-TW` names the Beijing Office as seed 000 writes it."""
    assert main(["query", "mainland-offices", "--lang", "zh-TW", "--columns", "office,label", "--format", "csv",
                 "--nquads", str(nquads)]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {"office": "https://w3id.org/hkgov-graph/id/office/bjo", "label": BJO_HANT} in rows


def test_query_lang_zh_cn_gives_simplified_words(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang zh-CN` heads the table and says the status in Simplified Chinese."""
    assert main(["query", "mainland-offices", "--lang", "zh-CN", "--columns", "label,status", "--format", "csv",
                 "--nquads", str(nquads)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "label,status"
    assert f"{BJO_HANS},运作中" in lines  # "in force" in zh-Hans


def test_sparql_takes_a_regional_lang(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`sparql --lang zh-HK` is taken (its value words would be in zh-Hant)."""
    assert main(["sparql", "ASK { office:bjo ?p ?o }", "--lang", "zh-HK", "--nquads", str(nquads)]) == 0


def test_show_lang_zh_hk_titles_in_traditional(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`show 駐京辦 --lang zh-HK` titles the profile in the source's Traditional script."""
    assert main(["show", "駐京辦", "--lang", "zh-HK", "--nquads", str(nquads)]) == 0
    assert capsys.readouterr().out.startswith(BJO_HANT + "\n")


def test_show_lang_zh_sg_titles_in_simplified(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`show bjo --lang zh_SG` titles the profile in Simplified script."""
    assert main(["show", "office:bjo", "--lang", "zh_SG", "--nquads", str(nquads)]) == 0
    assert capsys.readouterr().out.startswith(BJO_HANS + "\n")


@pytest.mark.parametrize("command", [["query", "mainland-offices"], ["show", "駐京辦"], ["sparql", "ASK {}"]])
def test_bare_zh_is_a_usage_error(nquads: Path, capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    """--lang zh is one line naming the tags taken, exit 2."""
    assert main([*command, "--lang", "zh", "--nquads", str(nquads)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown language 'zh': use one of en, zh-Hant, zh-Hans" in err


def test_reconcile_lang_zh_mo_labels_in_traditional(nquads: Path, tmp_path: Path) -> None:
    """`reconcile --lang zh-MO` writes the matched label in Traditional script."""
    table, out = tmp_path / "names.csv", tmp_path / "out.csv"
    table.write_text("organisation\n駐京辦\n", encoding="utf-8")
    assert main(["reconcile", str(table), "--column", "organisation", "--lang", "zh-MO", "-o", str(out),
                 "--nquads", str(nquads)]) == 0
    with out.open(encoding="utf-8") as f:
        assert next(csv.DictReader(f))["label"] == BJO_HANT


def test_help_says_what_regional_tags_become(capsys: pytest.CaptureFixture[str]) -> None:
    """`show --help` says zh-TW is taken as zh-Hant and labels stay tagged zh-Hant or zh-Hans."""
    assert main(["show", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "zh-TW, zh-HK, zh-MO as zh-Hant, zh-CN, zh-SG as zh-Hans" in help_text
    assert "labels stay tagged zh-Hant or zh-Hans" in help_text


def test_api_query_takes_a_regional_lang(nquads: Path) -> None:
    """Graph.query(..., lang="zh-HK") answers in zh-Hant, and says so."""
    result = Graph.load(nquads).query("mainland-offices", lang="zh-HK")
    assert result.lang == "zh-Hant"
    labels = {row["label"].value for row in result.rows}
    assert BJO_HANT in labels


def test_api_query_refuses_bare_zh(nquads: Path) -> None:
    """Graph.query(..., lang="zh") is a UsageError, not a guess at a script."""
    with pytest.raises(UsageError, match="unknown language 'zh'"):
        Graph.load(nquads).query("mainland-offices", lang="zh")


@pytest.fixture(scope="module")
def client(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The server's app with the reconciliation service only."""
    site = tmp_path_factory.mktemp("language-tags")
    reconciler = Reconciler.of_dump(nquads, None, max_request_bytes=4096, request_timeout=5.0)
    app = make_app(ServerConfig(site=site), SiteFolder(site), None, None, reconciler)
    with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def test_reconcile_service_under_zh_tw_is_the_traditional_one(client: TestClient) -> None:
    """/reconcile/zh-TW/suggest/entity names the Beijing Office in Traditional script, as /reconcile/zh-Hant does."""
    response = client.get("/reconcile/zh-TW/suggest/entity", params={"prefix": "驻京办"})
    assert response.status_code == 200
    assert response.json()["result"][0]["name"] == BJO_HANT
    assert response.json() == client.get("/reconcile/zh-Hant/suggest/entity", params={"prefix": "驻京办"}).json()


def test_sparql_json_tags_labels_zh_hant_whatever_tag_was_asked(nquads: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang zh-TW --format sparql-json`: the label is tagged zh-Hant (as the endpoint writes it), not zh-TW or
    pyoxigraph's zh-hant."""
    assert main(["query", "mainland-offices", "--lang", "zh-TW", "--columns", "label", "--format", "sparql-json",
                 "--nquads", str(nquads)]) == 0
    bindings = json.loads(capsys.readouterr().out)["results"]["bindings"]
    assert {"type": "literal", "value": BJO_HANT, "xml:lang": "zh-Hant"} in [b["label"] for b in bindings]

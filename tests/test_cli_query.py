"""`hkgov-graph query` and `hkgov-graph sparql`, called in-process through main([...])."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers_servers import OxigraphServer, free_port, slow_server, start_oxigraph, write_inline_queries
from hkgov_graph.cli import main
from hkgov_graph.query.runner import discover
from hkgov_graph.query.tables import cell_width, render_table, wrap

OFFICE = "https://w3id.org/hkgov-graph/id/office/"


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_inline_queries(tmp_path_factory.mktemp("cli-queries"))


@pytest.fixture
def run(nquads: Path, inline: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `hkgov-graph ARGS` on the built dump; returns (exit code, stdout, stderr)."""

    def runner(*args: str, store: bool = True, queries: bool = True) -> tuple[int, str, str]:
        argv = list(args)
        if store and "--endpoint" not in argv:
            argv += ["--nquads", str(nquads)]
        if queries and argv[0] == "query":
            argv += ["--queries", str(inline)]
        code = main(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return runner


def one_line_error(code: int, err: str) -> str:
    """The error's text; fails unless the CLI exited 2 with exactly one line on stderr."""
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("hkgov-graph: error: ")
    return lines[0]


# -- Listing and running --

def test_query_lists_questions(run) -> None:  # type: ignore[no-untyped-def]
    """Without NAME, every question is listed with its parameters and question; checks are not."""
    code, out, _ = run("query", store=False)
    assert code == 0
    for name in ("units-of", "echo", "count-units", "named"):
        assert name in out
    assert "Which units does this organisation have?" in out
    assert "some-violation" not in out and "construct-rule" not in out


def test_query_lists_packaged_questions(capsys: pytest.CaptureFixture[str]) -> None:
    """The packaged list (no --queries) names every packaged question found by glob."""
    assert main(["query", "--format", "json"]) == 0
    listed = {q["name"] for q in json.loads(capsys.readouterr().out)}
    assert listed == {q.name for q in discover()}


def test_query_runs_with_dash_or_underscore(run) -> None:  # type: ignore[no-untyped-def]
    """`--as-of` and `--as_of` (here --org) are the same option; names in Chinese are resolved."""
    code, out, err = run("query", "units-of", "--org", "駐京辦", "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "https://w3id.org/hkgov-graph/id/liaison-unit/liaoning" in {r["unit"] for r in rows}
    assert "taken as office:bjo" in err  # the note on the shared name


def test_params_accept_underscore_and_equals(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("query", "echo", "--when=2012-05", "--text", "hi", "--format", "json")
    assert code == 0, err
    assert json.loads(out) == [{"text": "hi", "when": "2012-05", "n": 7}]


def test_options_before_the_name_are_kept(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("query", "--format", "json", "echo", "--n", "3")
    assert code == 0 and json.loads(out)[0]["n"] == 3


def test_lang_option_chooses_labels(run) -> None:  # type: ignore[no-untyped-def]
    """--lang feeds the query's lang parameter."""
    _, en, _ = run("query", "units-of", "--org", "bjo", "--format", "json")
    _, hant, _ = run("query", "units-of", "--org", "bjo", "--lang", "zh-Hant", "--format", "json")
    assert "Liaoning Liaison Unit" in {r["label"] for r in json.loads(en)}
    assert "駐遼寧聯絡處" in {r["label"] for r in json.loads(hant)}


def test_sparql_json_format(run) -> None:  # type: ignore[no-untyped-def]
    """--format sparql-json writes the W3C results format."""
    code, out, _ = run("query", "named", "--name", "GDETO", "--format", "sparql-json")
    assert code == 0
    data = json.loads(out)
    assert data["head"]["vars"] == ["x", "name"]
    assert data["results"]["bindings"][0]["x"] == {"type": "uri", "value": OFFICE + "gdeto"}


def test_table_output(run) -> None:  # type: ignore[no-untyped-def]
    """The table shows prefixed names and Chinese labels, columns aligned, headings and row count in Chinese."""
    code, out, _ = run("query", "units-of", "--org", "bjo", "--lang", "zh-Hant", "--max-width", "0")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split(" | ")[0].strip() == "單位"
    assert any("unit:liaoning" in line and "駐遼寧聯絡處" in line for line in lines)
    bar = lines[1].index("+") - 1  # "-+-" between columns
    assert all(cell_width(line[:line.index(" | ")]) == bar for line in lines[2:-1])
    assert lines[-1] == f"（共 {len(lines) - 3} 行）"
    code, out, _ = run("query", "units-of", "--org", "bjo", "--max-width", "0")
    assert out.splitlines()[0].split(" | ")[0].strip() == "unit"
    assert out.splitlines()[-1] == f"({len(out.splitlines()) - 3} rows)"


def test_query_help_lists_parameters(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("query", "units-of", "--help", store=False)
    assert code == 0
    assert "--org (iri of org:Organization, required)" in out
    assert "example: hkgov-graph query units-of --org bjo" in out


def test_every_packaged_example_runs(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each packaged question runs from the CLI with each of its examples' parameters."""
    for q in discover():
        for example in q.examples() or [{}]:
            args = [w for k, v in example.items() for w in (f"--{k.replace('_', '-')}", v)]
            code = main(["query", q.name, *args, "--nquads", str(nquads), "--format", "json"])
            out, err = capsys.readouterr()
            assert code == 0, f"{q.name} {example}: {err}"
            assert isinstance(json.loads(out), list)


# -- Usage errors: exit 2, one line --

def test_unknown_query(run) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(*run("query", "unit-of")[::2])
    assert "no question query named 'unit-of'" in line and "units-of" in line


def test_unknown_parameter(run) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(*run("query", "units-of", "--org", "bjo", "--colour", "red")[::2])
    assert "unknown parameter --colour" in line and "--org" in line


def test_abbreviated_parameter_is_not_guessed(run) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(*run("query", "units-of", "--or", "bjo")[::2])
    assert "unknown parameter --or" in line


def test_missing_parameter(run) -> None:  # type: ignore[no-untyped-def]
    assert "needs --org" in one_line_error(*run("query", "units-of")[::2])


@pytest.mark.parametrize("value", ["2015-13-40", "2015-02-30", "yesterday", "2012-5"])
def test_malformed_date(run, value: str) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(*run("query", "echo", "--when", value)[::2])
    assert "--when" in line and value in line


def test_unknown_and_ambiguous_names(run) -> None:  # type: ignore[no-untyped-def]
    assert "did you mean" in one_line_error(*run("query", "units-of", "--org", "Beijng Ofice")[::2])
    assert "ambiguous" in one_line_error(*run("query", "units-of", "--org", "入境事務組")[::2])


def test_unreachable_endpoint(run) -> None:  # type: ignore[no-untyped-def]
    """A closed port on 127.0.0.1 is exit 2 with one line."""
    url = f"http://127.0.0.1:{free_port()}/query"
    line = one_line_error(*run("query", "units-of", "--org", "bjo", "--endpoint", url, "--timeout", "5")[::2])
    assert "cannot reach the endpoint" in line and url in line


@pytest.mark.server
def test_slow_endpoint(run) -> None:  # type: ignore[no-untyped-def]
    """An endpoint slower than --timeout is exit 2 with one line."""
    with slow_server(delay=3) as url:
        line = one_line_error(*run("sparql", "SELECT ?x WHERE { }", "--endpoint", url, "--timeout", "0.5")[::2])
    assert "0.5 s" in line


def test_endpoint_and_nquads_together(run, nquads: Path) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(*run("sparql", "ASK {}", "--endpoint", "http://127.0.0.1:1/q", "--nquads",
                               str(nquads), store=False)[::2])
    assert "either --endpoint or --nquads" in line


# -- hkgov-graph sparql --

def test_sparql_text_select(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("sparql", "SELECT ?x WHERE { ?x <http://www.w3.org/2004/02/skos/core#altLabel> 'GDETO'@en }",
                       "--format", "json")
    assert code == 0
    assert json.loads(out) == [{"x": OFFICE + "gdeto"}]


def test_sparql_knows_the_project_prefixes(run) -> None:  # type: ignore[no-untyped-def]
    """hkg:, office:, skos: … need not be declared in an ad-hoc query; a declared prefix is left alone."""
    code, out, err = run("sparql", "SELECT DISTINCT ?o WHERE { ?o a hkg:BeijingOffice }", "--format", "json")
    assert code == 0, err
    assert json.loads(out) == [{"o": OFFICE + "bjo"}]
    code, out, _ = run("sparql", "PREFIX office: <urn:x:> ASK { office:bjo ?p ?o }")
    assert (code, out) == (0, "false\n")


def test_sparql_file_and_stdin(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "q.rq"
    path.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert run("sparql", str(path))[:2] == (0, "true\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("ASK { <urn:x:no> ?p ?o }"))
    assert run("sparql", "-")[:2] == (0, "false\n")


def test_sparql_construct_as_ntriples(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("sparql", f"CONSTRUCT {{ <{OFFICE}bjo> ?p ?o }} WHERE {{ <{OFFICE}bjo> ?p ?o }} LIMIT 3",
                       "--format", "ntriples")
    assert code == 0
    assert len(out.splitlines()) == 3
    assert all(line.startswith(f"<{OFFICE}bjo> ") and line.endswith(" .") for line in out.splitlines())


@pytest.mark.parametrize(("text", "message"), [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "not SPARQL updates"),
    ("SELECT ?x WHERE { ?x ", "malformed SPARQL"),
    ("hello", "not a SPARQL query"),
    ("missing.rq", "no such file"),
])
def test_sparql_usage_errors(run, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    assert message in one_line_error(*run("sparql", text)[::2])


@pytest.mark.server
def test_sparql_on_a_real_endpoint(run, nquads: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--endpoint runs the same query on a server and prints the same answer."""
    server: OxigraphServer = start_oxigraph(nquads, tmp_path / "store")
    try:
        args = ("query", "units-of", "--org", "驻京办", "--format", "csv")
        remote = run(*args, "--endpoint", server.query_url)
        local = run(*args)
    finally:
        server.stop()
    assert remote[0] == local[0] == 0
    assert sorted(remote[1].splitlines()) == sorted(local[1].splitlines())


# -- Tables --

def test_cell_width_counts_wide_characters_twice() -> None:
    assert cell_width("駐京辦") == 6
    assert cell_width("ＧＤ") == 4
    assert cell_width("bjo") == 3
    assert cell_width("e\u0301") == 1  # a combining accent takes no column


def test_wrap_by_columns() -> None:
    """Wrapping counts terminal columns: three Chinese characters fill six; nothing is dropped or cut with …."""
    assert wrap("駐京辦駐京辦", 7) == ["駐京辦", "駐京辦"]
    assert wrap("line\nbreak", 0) == ["line break"]
    assert wrap("Guangdong ETO", 9) == ["Guangdong", "ETO"]


def test_wrap_keeps_each_graph_name_on_its_own_line() -> None:
    """A list of graph names wraps one name a line, so the end of one is never read with the next."""
    assert wrap("graph:wikipedia-beijing-office graph:wikipedia-beijing-offices", 40) == [
        "graph:wikipedia-beijing-office", "graph:wikipedia-beijing-offices"]


def test_render_table_aligns_mixed_scripts() -> None:
    """Every row's separators fall in the same terminal columns, Chinese or not."""
    table = render_table(["name", "label"], [["bjo", "駐京辦"], ["gdeto", "Guangdong ETO"], ["x", ""]])
    lines = table.splitlines()
    columns = {cell_width(line.split("|")[0]) for line in lines if "|" in line}
    assert len(columns) == 1


# -- The installed console script --

@pytest.fixture
def console_script() -> Iterator[str]:
    path = shutil.which("hkgov-graph")
    if path is None:
        pytest.skip("the hkgov-graph console script is not installed")
    yield path


def test_console_script_end_to_end(console_script: str, nquads: Path) -> None:
    """The installed `hkgov-graph query` runs a question and exits 0; a bad date exits 2."""
    ok = subprocess.run([console_script, "query", "--format", "json"], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and isinstance(json.loads(ok.stdout), list)
    bad = subprocess.run([console_script, "sparql", "ASK {}", "--nquads", str(nquads), "--endpoint", "nope"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


# -- Tables for people: fitted to the terminal, graph names, chosen columns, value words in Chinese --

def widths(out: str) -> list[int]:
    return [cell_width(line) for line in out.splitlines()]


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_tables_fit_the_terminal(run, monkeypatch: pytest.MonkeyPatch, columns: str) -> None:  # type: ignore[no-untyped-def]
    """With COLUMNS set, every line of every packaged question's table fits it, wide Chinese counted twice."""
    monkeypatch.setenv("COLUMNS", columns)
    for q in discover():
        for example in q.examples() or [{}]:
            args = [w for k, v in example.items() for w in (f"--{k.replace('_', '-')}", v)]
            for lang in ("en", "zh-Hant"):
                code, out, err = run("query", q.name, *args, "--lang", lang, queries=False)
                assert code == 0, err
                assert max(widths(out)) <= int(columns), f"{q.name} {lang}:\n{out}"


def test_mechanism_tiers_fit_80_columns_and_keep_every_word(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """mechanism-tiers (nine columns) fits 80 columns, as records, with its names whole (seed 002's 粵港 row)."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run("query", "mechanism-tiers", "--mechanism", "粵港合作聯席會議", "--lang", "zh-Hant",
                       queries=False)
    assert code == 0
    assert max(widths(out)) <= 80
    assert "粵港聯席會議" in out and "行政長官" in out and "廣東省省長" in out  # 002 lines 95-115
    assert "香港方主持" in out and "內地方主持" in out  # the roles, in Chinese


def test_max_width_zero_is_one_line_a_row(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """--max-width 0 wraps nothing, whatever COLUMNS says: a header, a rule, a line a row, the count."""
    monkeypatch.setenv("COLUMNS", "40")
    code, out, _ = run("query", "liaison-units", "--max-width", "0", queries=False)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 11 + 3  # seeds 000 and 001: eleven liaison units
    assert max(widths(out)) > 40


def test_sources_columns_show_graph_names_never_cut(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Sources cells list graph:… names in full (wikipedia-beijing-offices is not wikipedia-beijing-office)."""
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run("query", "offices-serving-region", "--region", "廣東", queries=False)
    assert code == 0
    assert "https://w3id.org/hkgov-graph/graph/" not in out and "…" not in out
    # 003 line 11 (the Guangdong ETO serves Guangdong); 001 and 002 name its Shenzhen unit
    assert "graph:wikipedia-guangdong-eto" in out and "graph:legco-cb2-2193-11-12-01" in out
    code, out, _ = run("query", "offices-serving-region", "--region", "廣東", "--format", "csv", queries=False)
    assert "https://w3id.org/hkgov-graph/graph/wikipedia-guangdong-eto" in out  # CSV keeps IRIs in full


def test_columns_picks_columns_in_every_format(run) -> None:  # type: ignore[no-untyped-def]
    """--columns keeps the columns named, in that order, in tables, CSV and JSON."""
    code, out, _ = run("query", "liaison-units", "--office", "bjo", "--columns", "label,unit", "--format", "json",
                       queries=False)
    assert code == 0
    # seed 000 lines 10-12: the Liaoning and Tianjin units
    assert [list(r) for r in json.loads(out)] == [["label", "unit"]] * 2
    code, out, _ = run("query", "liaison-units", "--office", "bjo", "--columns", "unit", "--format", "csv",
                       queries=False)
    assert out.splitlines() == ["unit", "https://w3id.org/hkgov-graph/id/liaison-unit/liaoning",
                                "https://w3id.org/hkgov-graph/id/liaison-unit/tianjin"]
    code, out, _ = run("query", "liaison-units", "--office", "bjo", "--lang", "zh-Hant", "--columns", "名稱",
                       queries=False)
    assert out.splitlines()[0] == "名稱" and "駐遼寧聯絡處" in out  # a heading in the language asked for


def test_unknown_column_lists_the_columns(run) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(*run("query", "liaison-units", "--columns", "colour", queries=False)[::2])
    assert "no column 'colour'" in line and "unit, label, office" in line


def test_question_list_respects_max_width_and_columns(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The list of questions fits COLUMNS, and with --max-width 0 keeps each question on one line."""
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["query"]) == 0
    assert max(widths(capsys.readouterr().out)) <= 60
    assert main(["query", "--max-width", "0"]) == 0
    out = capsys.readouterr().out
    assert any(line.rstrip().endswith("such as a renaming against a transfer to a new bureau?")
               and line.startswith("change-disagreements") for line in out.splitlines())


def test_question_list_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    """--lang zh-Hans heads the list and its footer in Simplified Chinese."""
    assert main(["query", "--lang", "zh-Hans", "--max-width", "0"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split(" | ")[0].strip() == "名称"
    assert "列出其参数" in out


@pytest.mark.parametrize(("lang", "words"), [
    ("zh-Hant", {"服務範圍", "所在地", "聯絡處"}),
    ("zh-Hans", {"服务范围", "所在地", "联络处"}),
    ("en", {"area served", "seat", "liaison unit"}),
])
def test_value_words_in_the_language_asked_for(run, lang: str, words: set[str]) -> None:  # type: ignore[no-untyped-def]
    """How an office serves Guangdong (as its area, its seat, through the Shenzhen unit) is said in --lang."""
    code, out, _ = run("query", "offices-serving-region", "--region", "粵", "--lang", lang, "--format", "json",
                       queries=False)
    assert code == 0
    # 003 line 11 (area), 001 and 003 (seat in Guangzhou), 001 (the Shenzhen unit)
    assert {r["how"] for r in json.loads(out)} == words


def test_no_english_value_words_under_chinese(run) -> None:  # type: ignore[no-untyped-def]
    """Under zh-Hant and zh-Hans no packaged question answers with an English value word the catalogue knows
    of, and every lower-case English word it answers with is in the catalogue."""
    import re

    from hkgov_graph import i18n

    for q in discover():
        for example in q.examples() or [{}]:
            args = [w for k, v in example.items() for w in (f"--{k.replace('_', '-')}", v)]
            for lang in ("zh-Hant", "zh-Hans"):
                code, out, _ = run("query", q.name, *args, "--lang", lang, "--format", "json", queries=False)
                assert code == 0
                for row in json.loads(out):
                    for column, value in row.items():
                        if isinstance(value, str) and re.fullmatch(r"[A-Za-z][a-z]*(?: [A-Za-z]?[a-z]+)*", value):
                            assert not i18n.has_word(value) and column in ("publisher",), (q.name, column, value)


def test_as_of_now_is_the_reference_date_as_in_stats_and_export(run) -> None:  # type: ignore[no-untyped-def]
    """--as-of now answers for the graph's reference date, as stats and export --as-of now do (and as leaving
    --as-of out does): 2019-01-21, 000: 梁志仁（2019年1月21日－）."""
    code, now, _ = run("query", "network-as-of", "--as-of", "now", "--format", "json", queries=False)
    assert code == 0
    code, left_out, _ = run("query", "network-as-of", "--format", "json", queries=False)
    assert now == left_out
    assert {r["date"] for r in json.loads(now)} == {"2019-01-21"}


def test_a_date_range_back_to_front_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    """network-timeline --from 2015 --to 2014 is refused in one line (exit 2), not answered with nothing; a
    range within one period (--from 2014-12 --to 2014) is not back to front."""
    code, _, err = run("query", "network-timeline", "--from", "2015", "--to", "2014", queries=False)
    assert one_line_error(code, err) == ("hkgov-graph: error: --from 2015 is after --to 2014: "
                                         "give the earlier date first")
    code, out, _ = run("query", "network-timeline", "--from", "2014-12", "--to", "2014", "--format", "json",
                       queries=False)
    # 000: 朱曼鈴（2012年7月18日－2014年12月21日）: her term ends in December 2014
    assert code == 0
    assert "https://w3id.org/hkgov-graph/id/membership/bjo-director-3" in {r["item"] for r in json.loads(out)}


def test_yes_and_no_in_a_chinese_table(run) -> None:  # type: ignore[no-untyped-def]
    """Under --lang zh-Hant a table says 是 / 否, not true / false; CSV keeps true / false for programs."""
    code, out, _ = run("query", "mainland-offices", "--lang", "zh-Hant", queries=False)
    assert code == 0
    cells = {line.split("|")[0].strip(): line.split("|")[8].strip() for line in out.splitlines()
             if line.startswith("office:")}
    # 001: 除駐武漢辦事處，其他各辦事處也設立了入境事務組
    assert cells == {"office:bjo": "是", "office:gdeto": "是", "office:sheto": "是", "office:cdeto": "是",
                     "office:wheto": "否"}
    code, out, _ = run("query", "mainland-offices", "--lang", "zh-Hant", "--format", "csv", queries=False)
    assert {row["immigration_division"] for row in csv.DictReader(io.StringIO(out))} == {"true", "false"}


# -- Empty answers say why --

def test_empty_answer_says_what_the_name_was_and_why(run) -> None:  # type: ignore[no-untyped-def]
    """山西 is recognised; no office serves it (no seed names it); 陝西 (Shaanxi), a different province, has an
    answer: the Chengdu ETO's liaison unit in Xi'an (seed 001 line 22)."""
    code, out, _ = run("query", "offices-serving-region", "--region", "山西", queries=False)
    assert code == 0
    lines = out.splitlines()
    assert "(0 rows)" in lines
    after = lines[lines.index("(0 rows)") + 1:]
    assert after[0] == "--region 山西 is region:shanxi (Shanxi)."
    assert after[1].startswith("No Mainland office serves Shanxi")
    assert after[2].startswith("Close names that do have answers: region:shaanxi (Shaanxi): 1 row")


def test_empty_answer_in_chinese_and_in_data_formats(run) -> None:  # type: ignore[no-untyped-def]
    """Under zh-Hant the explanation is in Chinese; with --format json it goes to stderr, stdout stays JSON."""
    code, out, _ = run("query", "offices-serving-region", "--region", "山西", "--lang", "zh-Hant", queries=False)
    assert code == 0
    assert "沒有駐內地辦事處服務山西省" in out and "region:shaanxi (陝西省)：1 行" in out
    code, out, err = run("query", "offices-serving-region", "--region", "山西", "--format", "json", queries=False)
    assert code == 0 and json.loads(out) == []
    assert "hkgov-graph: note: --region 山西 is region:shanxi (Shanxi)." in err


def test_empty_answer_on_a_date_says_the_date_and_how_many_rows_now(run) -> None:  # type: ignore[no-untyped-def]
    """Nothing is under CMAB in 2005, but things are under it in the graph: the explanation says "as of 2005"
    and how many rows the question has now (000: 2007年7月1日決策局重組後劃入新成立的政制及內地事務局;
    "now" is 2019-01-21, 000: 梁志仁（2019年1月21日－）)."""
    code, out, _ = run("query", "units-under", "--org", "政制及内地事务局", "--as-of", "2005", queries=False)
    assert code == 0
    lines = out.splitlines()
    after = lines[lines.index("(0 rows)") + 1:]
    assert "Nothing in the graph is under Constitutional and Mainland Affairs Bureau as of 2005." in after
    assert after[-1].startswith('On the graph\'s reference date ("now", 2019-01-21) the question has ')


def test_empty_answer_without_as_of_names_the_reference_date(run) -> None:  # type: ignore[no-untyped-def]
    """--as-of left out, the explanation gives the date answered for (the reference date, 2019-01-21), not
    "any": the HKSAR Government reports to nothing in the graph."""
    code, out, _ = run("query", "reporting-line", "--unit", "gov:hksar", queries=False)
    assert code == 0
    assert out.splitlines()[-1] == ("The graph has no reporting line for Government of the Hong Kong Special "
                                    "Administrative Region as of 2019-01-21.")


def test_empty_answer_with_an_optional_name_left_out_reads_as_a_sentence(run) -> None:  # type: ignore[no-untyped-def]
    """liaison-units in 1998 without --office: no unit yet (the earliest, Shenzhen and Chongqing, are under
    ETOs founded after 2002-07, 003: 該部門成立於2002年7月，是四個駐中國大陸經貿辦中最早成立的一個), said
    of all offices, in Chinese too, not "under any"."""
    code, out, _ = run("query", "liaison-units", "--as-of", "1998", queries=False)
    assert code == 0 and "The graph has no liaison unit as of 1998." in out.splitlines()
    code, out, _ = run("query", "liaison-units", "--as-of", "1998", "--lang", "zh-Hans", queries=False)
    assert code == 0 and "图谱中没有于1998存在的联络处。" in out.splitlines() and "任何" not in out


def test_empty_answer_from_python_names_keyword_arguments(nquads: Path) -> None:
    """Graph.query gives the explanation too, naming region= rather than --region."""
    from hkgov_graph import Graph

    with Graph.load(nquads) as graph:
        result = graph.query("offices-serving-region", region="山西")
    assert result.rows == []
    assert result.explanation[0] == "region='山西' is region:shanxi (Shanxi)."


# -- Names people type --

def test_a_city_where_a_question_takes_regions(run) -> None:  # type: ignore[no-untyped-def]
    """mechanisms-by-region --region 廣州: Guangzhou is in Guangdong (editorial-regions), so Guangdong's
    mechanisms, and stderr says so (seed 002: 粵港合作 line 96, 深港合作 line 116, 穗港合作專責小組 line 258)."""
    code, out, err = run("query", "mechanisms-by-region", "--region", "廣州", "--format", "json", queries=False)
    assert code == 0, err
    assert {r["mechanism"].rsplit("/", 1)[1] for r in json.loads(out)} == {
        "guangdong-hong-kong", "shenzhen-hong-kong", "guangzhou-hong-kong"}
    assert "--region: '廣州' taken as region:guangdong" in err and "city:guangzhou" in err


@pytest.mark.parametrize(("name", "regions"), [
    # seed 001 lines 23-25: the Wuhan ETO in Wuhan (Hubei), its units in Changsha and Zhengzhou
    ("駐武漢經貿辦", {"region:hubei", "region:hunan", "region:henan"}),
    # seed 001 lines 20-22: the Chengdu ETO (Sichuan), its units in Chongqing and in Xi'an
    ("成都", {"region:sichuan", "region:chongqing", "region:shaanxi"}),
    # seed 003 line 11: 福建、江西、廣東、廣西及海南五省區
    ("Guangdong ETO", {"region:fujian", "region:jiangxi", "region:guangdong", "region:guangxi", "region:hainan"}),
])
def test_offices_named_as_people_name_them(run, name: str, regions: set[str]) -> None:  # type: ignore[no-untyped-def]
    """An office named by a short form, a city or English words answers for that office, with a note."""
    code, out, err = run("query", "regions-served-by-office", "--office", name, "--columns", "region",
                         "--max-width", "0", queries=False)
    assert code == 0, err
    assert {line.strip() for line in out.splitlines()[2:-1]} == regions
    assert f"--office: '{name}' taken as office:" in err


def test_python_api_names_keyword_arguments_in_errors(nquads: Path) -> None:
    """From Python, an unknown name is reported against office=, not --office."""
    from hkgov_graph import Graph
    from hkgov_graph.errors import UsageError

    with Graph.load(nquads) as graph, pytest.raises(UsageError) as error:
        graph.query("regions-served-by-office", office="Shanghai offce")
    assert str(error.value).startswith("office='Shanghai offce': no resource of class hkg:MainlandOffice")
    assert "--office" not in str(error.value)

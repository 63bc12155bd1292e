"""The query page without a browser: readable syntax errors at the user's lines (CLI, endpoint), the examples
bound from the questions' example lines, the files the site gets, and the vendored editor's checksums."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from hkgov_graph import namespaces as ns
from hkgov_graph.cli import main
from hkgov_graph.query.syntax import declare, declared_prefixes, explain
from hkgov_graph.serve.execute import QueryJob, execute, load_endpoint_store
from hkgov_graph.serve.querypage import ASSETS, VENDOR_FILES, site_files
from hkgov_graph.serve.querypage.examples import examples

VENDOR = Path(__file__).resolve().parents[1] / "src" / "hkgov_graph" / "serve" / "querypage" / "vendor"


def parser_error(text: str, **options: object) -> str:
    """pyoxigraph's own message for ``text`` (which must not parse)."""
    with pytest.raises(SyntaxError) as caught:
        ox.Store().query(text, **options)  # type: ignore[arg-type]
    return str(caught.value)


@pytest.fixture(scope="module")
def store(nquads: Path) -> ox.Store:
    """The store as the endpoint's workers hold it (the union of the graphs as the default graph)."""
    return load_endpoint_store(nquads)


# -- Messages --

def test_missing_prefix_names_it_and_where_it_starts() -> None:
    """An undeclared prefix is named, at the column its name starts, with the project's prefixes mentioned."""
    text = "SELECT ?o WHERE {\n  ?o a wd:Q5 .\n}"
    message = explain(parser_error(text), text, 0, ns.PREFIXES)
    assert message is not None
    assert message.startswith("line 2, column 8: the prefix wd: is not declared; add PREFIX wd: <")
    assert "The project's prefixes (hkg: " in message and "are declared for you" in message
    assert "\\u{" not in message and "['" not in message  # no character classes


def test_misspelt_prefix_gets_a_suggestion() -> None:
    """hgk: is taken for a misspelling of hkg:."""
    text = "SELECT * WHERE { ?o a hgk:Office }"
    assert "(or did you mean hkg:?)" in explain(parser_error(text), text, 0, ns.PREFIXES)  # type: ignore[operator]


def test_other_errors_name_line_column_and_what_is_there() -> None:
    """An unclosed group is the end of the query, with the punctuation that could come; a bad IRI says so."""
    text = "SELECT * WHERE {\n  ?s ?p ?o"
    assert explain(parser_error(text), text) == (
        'line 2, column 11: unexpected end of the query (expected ",", ".", ";", "{", "}")')
    text = "SELECT * WHERE { ?s <http://a b> ?o }"
    assert "this IRI is not valid" in explain(parser_error(text), text)  # type: ignore[operator]
    text = "SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p"
    assert "the SELECT names a variable" in explain(parser_error(text), text)  # type: ignore[operator]


def test_declared_lines_are_taken_off_again() -> None:
    """Prefix lines put before the query do not move the error: it stays on the user's line 3."""
    text = "SELECT ?o WHERE {\n  ?o a hkg:MainlandOffice .\n  ?o wd:P31 ?x .\n}"
    declared = declare(text, ns.PREFIXES)
    assert declared.added_lines == len(ns.PREFIXES)
    message = declared.relocate("malformed SPARQL: " + parser_error(declared.text).split("\n")[0], ns.PREFIXES)
    assert message.startswith("malformed SPARQL: line 3, column 6: the prefix wd: is not declared")
    # another endpoint's "line N" is moved the same way
    assert declared.relocate(f"Lexical error at line {3 + len(ns.PREFIXES)}, column 9") == \
        "Lexical error at line 3, column 9"


def test_declared_prefixes_are_read_by_the_lexer() -> None:
    """Declarations count; the same words in a comment or a string do not."""
    text = 'PREFIX a: <urn:a:> prefix b:<urn:b:>\n# PREFIX c: <urn:c:>\nSELECT ("PREFIX d: " AS ?x) {}'
    assert declared_prefixes(text) == {"a", "b"}
    declared = declare(text, {"a": "urn:x:", "c": "urn:c:"})
    assert declared.text == "PREFIX c: <urn:c:>\n" + text and declared.added_lines == 1


def test_cli_reports_the_users_line(nquads: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`hkgov-graph sparql` puts the project's prefixes first, yet reports line 3 of what was typed (issue 13)."""
    code = main(["sparql", "SELECT ?o WHERE {\n  ?o a hkg:MainlandOffice .\n  ?o wd:P31 ?x .\n}",
                 "--nquads", str(nquads)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert err.startswith("hkgov-graph: error: malformed SPARQL: line 3, column 6: the prefix wd: is not declared")
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?o WHERE {\n  ?o a hkg:MainlandOffice\n  ?o ?p ?x .\n}\n", encoding="utf-8")
    assert main(["sparql", str(path), "--nquads", str(nquads)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"hkgov-graph: error: {path}: malformed SPARQL: line 3, column ")


# -- The endpoint --

def test_endpoint_declares_the_project_prefixes(store: ox.Store) -> None:
    """The endpoint runs hkg: and office: without PREFIX lines, and a query's own declaration wins."""
    reply = execute(store, QueryJob("ASK { office:bjo a hkg:BeijingOffice }", "application/sparql-results+json"),
                    1 << 20, ns.PREFIXES)
    assert reply.status == 200 and b"true" in reply.body
    reply = execute(store, QueryJob("PREFIX office: <urn:x:>\nASK { office:bjo ?p ?o }",
                                    "application/sparql-results+json"), 1 << 20, ns.PREFIXES)
    assert reply.status == 200 and b"false" in reply.body


def test_endpoint_syntax_error_is_one_line_at_the_users_position(store: ox.Store) -> None:
    """A 400 of one line naming the line and column of the query as sent, and the prefix that is missing."""
    reply = execute(store, QueryJob("SELECT * WHERE {\n  ?s a foo:Bar .\n}"), 1 << 20, ns.PREFIXES)
    text = reply.body.decode()
    assert reply.status == 400 and text.count("\n") == 1
    assert text.startswith("malformed query: line 2, column 8: the prefix foo: is not declared")
    reply = execute(store, QueryJob("SELECT * WHERE {\n  ?s ?p ?o\n"), 1 << 20, ns.PREFIXES)
    assert reply.body.decode().startswith("malformed query: line 3, column 1: unexpected end of the query")


# -- Examples --

def test_every_question_is_an_example_with_its_example_values_bound(nquads: Path) -> None:
    """Each packaged question is offered; the example line's values are bound in a VALUES block, as terms."""
    from hkgov_graph.query.runner import discover

    s = ox.Store()
    s.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    found = {e["name"]: e for e in examples(s, ns.DEFAULT_BASE)}
    assert set(found) == {q.name for q in discover()}
    line = found["reporting-line"]  # example: --unit unit:fujian --as-of 2012-05
    assert line["bound"] == ["as_of", "unit"]
    values = re.search(r"VALUES \(([^)]*)\) \{ \(([^)]*)\) \}", line["query"])
    assert values is not None
    assert dict(zip(values[1].split(), values[2].split(), strict=True)) == {
        "?as_of": '"2012-05"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>',
        "?unit": "<https://w3id.org/hkgov-graph/id/liaison-unit/fujian>"}
    sources = next(q for q in discover() if q.name == "sources-list")  # no parameters: the text as packaged
    assert found["sources-list"]["bound"] == []
    # the editor's text: the packaged one from its parameters on (title, question, returns are on the page)
    assert found["sources-list"]["query"].startswith("# param: lang (lang, optional; default: en)")
    assert found["sources-list"]["query"].splitlines() == [  # its header lines are one line each
        line for line in sources.text.splitlines() if not line.startswith(("# title:", "# question:", "# returns:",
                                                                            "# example:"))]
    for entry in found.values():
        assert not re.search(r"^# (title|question|returns|example):", entry["query"], re.M), entry["name"]
    # the bound text still runs, and gives what the seeds say: Fujian reports through the Guangdong ETO
    rows = list(s.query(found["reporting-line"]["query"], use_default_graph_as_union=True))
    assert {(r["level"].value, r["org"].value) for r in rows} >= {
        ("1", ns.PREFIXES["office"] + "gdeto"), ("2", ns.PREFIXES["bureau"] + "cmab")}


def test_editor_text_leaves_out_the_header_lines_the_page_shows() -> None:
    """Title, question (with its continuation line), returns and example go; params, notes and query stay."""
    from hkgov_graph.serve.querypage.examples import without_shown_header

    text = ("# title: Units\n# question: Which units\n#   are there?\n# param: office (iri, optional) the office\n"
            "# returns: unit\n# example: hkgov-graph query units\n#\n# A note.\nSELECT ?unit WHERE {\n"
            "  # title: not a header\n  ?unit a ?t }\n")
    assert without_shown_header(text) == ("# param: office (iri, optional) the office\n#\n# A note.\n"
                                          "SELECT ?unit WHERE {\n  # title: not a header\n  ?unit a ?t }\n")
    assert without_shown_header("# title: All\n#\n# A note.\nASK {}\n") == "# A note.\nASK {}\n"


def test_chinese_pages_examples_bind_the_page_language(nquads: Path) -> None:
    """On the Simplified Chinese page, liaison-units binds lang "zh-Hans" besides its example's office, and says
    so in its command; its answer then names the Guangdong ETO's units in Simplified Chinese (labels generated
    from seed 001's 駐福建聯絡處, 駐深圳聯絡處, 駐廣西聯絡處)."""
    s = ox.Store()
    s.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    found = {e["name"]: e for e in examples(s, ns.DEFAULT_BASE, "zh-Hans")}
    units = found["liaison-units"]
    assert units["title"] == "联络处"
    assert units["question"].startswith("各驻内地办事处在某日有哪些联络处")
    assert units["bound"] == ["lang", "office"]
    assert units["command"] == "hkgov-graph query liaison-units --office office:gdeto --lang zh-Hans"
    rows = list(s.query(units["query"], use_default_graph_as_union=True))
    assert sorted(r["label"].value for r in rows) == ["驻广西联络处", "驻深圳联络处", "驻福建联络处"]
    english = {e["name"]: e for e in examples(s, ns.DEFAULT_BASE)}["liaison-units"]
    assert english["bound"] == ["office"] and "--lang" not in english["command"]


def test_catalogue_questions_are_the_packaged_ones_in_english() -> None:
    """Every packaged question has its title and question in the catalogue in three languages, the English
    word for word the header's, so a changed header fails here until its translations follow."""
    from hkgov_graph import i18n
    from hkgov_graph.query.runner import discover

    for question in discover():
        for key, english in (("title", question.title), ("question", question.question)):
            name = f"question.{question.name}.{key}"
            assert i18n.has_text(name), name
            assert i18n.text(name, "en") == english, name
            assert i18n.text(name, "zh-Hant") != english and i18n.text(name, "zh-Hans") != english, name


def test_examples_follow_the_base(nquads: Path) -> None:
    """Under another base the bound IRIs move with it."""
    from hkgov_graph.publish.site import load_published_store

    s = load_published_store("https://example.org/hk/", nquads)
    found = {e["name"]: e for e in examples(s, "https://example.org/hk/")}
    assert "<https://example.org/hk/id/office/gdeto>" in found["liaison-units"]["query"]
    assert "PREFIX hkg: <https://example.org/hk/ontology#>" in found["liaison-units"]["query"]
    assert ns.DEFAULT_BASE not in "".join(e["query"] for e in found.values())


# -- The site's files --

def test_site_gets_the_page_in_three_languages_and_the_editor(nquads: Path) -> None:
    """sparql.html in each language, the vendored files unchanged, the data the script reads."""
    from hkgov_graph.publish.model import SiteModel
    from hkgov_graph.publish.pages import Site

    s = ox.Store()
    s.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    model = SiteModel.from_store(s, ns.DEFAULT_BASE)
    files = site_files(Site(model, ["id/office/bjo"]))
    assert {"sparql.html", "sparql.zh-Hant.html", "sparql.zh-Hans.html"} <= set(files)
    for name in VENDOR_FILES:
        assert files[f"{ASSETS}/{name}"] == (VENDOR / name).read_bytes()
    page = files["sparql.zh-Hant.html"].decode()
    assert "查詢圖譜" in page and 'data-lang="zh-Hant"' in page and "<script>" not in page  # no inline script
    data = files[f"{ASSETS}/data.js"].decode()
    assert data.startswith("window.HKGOV_QUERY={") and '"pages":["id/office/bjo"]' in data
    assert f'src="{ASSETS}/data.zh-Hant.js"' in page and f"{ASSETS}/data.zh-Hans.js" in files


def test_page_credits_the_editor_as_vendored(nquads: Path) -> None:
    """Each language's page names the editor with the version and licence VENDORED.md records, and links the
    licence texts published next to it."""
    from hkgov_graph.publish.model import SiteModel
    from hkgov_graph.publish.pages import Site

    text = (VENDOR / "VENDORED.md").read_text(encoding="utf-8")
    assert "- Version: 4.6.2" in text and "- Licence: MIT" in text and "`@zazuko/yasqe`" in text
    s = ox.Store()
    s.load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    files = site_files(Site(SiteModel.from_store(s, ns.DEFAULT_BASE), []))
    for page, words in (("sparql.html", "The editor is "), ("sparql.zh-Hant.html", "編輯器為 "),
                        ("sparql.zh-Hans.html", "编辑器为 ")):
        html = files[page].decode()
        line = re.search(r'<p class="query-credit">(.*?)</p>', html)
        assert line is not None and line[1].startswith(words), page
        assert ">YASQE 4.6.2</a> (<code>@zazuko/yasqe</code>)" in line[1]
        assert f'<a href="{ASSETS}/LICENSE.txt">MIT</a>' in line[1]
        assert f'href="{ASSETS}/THIRD-PARTY-LICENSES.txt"' in line[1]
    assert files[f"{ASSETS}/LICENSE.txt"].startswith(b"The MIT License (MIT)")


def test_vendored_files_match_their_recorded_checksums() -> None:
    """VENDORED.md records the sha256 of the editor's files; the files are those."""
    text = (VENDOR / "VENDORED.md").read_text(encoding="utf-8")
    for name in ("yasqe.min.js", "yasqe.min.css"):
        recorded = re.search(rf"sha256 of `{re.escape(name)}`: `([0-9a-f]{{64}})`", text)
        assert recorded is not None, name
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == recorded[1]

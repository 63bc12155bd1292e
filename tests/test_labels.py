"""Both Chinese scripts everywhere: every label in three forms, the generated files current, the fallback.

Expected names are written by hand from the seeds (seed 000 names the
Liaoning unit 駐遼寧聯絡處; seed 004 names the Beijing offices in Simplified
script only).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import opencc
import pyoxigraph as ox
import pytest

from hkgov_graph.graph.build import BuildResult
from hkgov_graph.query.runner import find_question, question_files, run_question
from hkgov_graph.query.stores import EmbeddedStore
from hkgov_graph.resources import data_dir, ontology_dir

REPO = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/hkgov-graph/id/"
PREFIXES = """
PREFIX hkg: <https://w3id.org/hkgov-graph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


RUN = "out of date: run python scripts/make_simplified_labels.py"


def _script(name: str):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "scripts"))  # the scripts are not part of the package
    try:
        return __import__(name)
    finally:
        sys.path.pop(0)


@pytest.fixture(scope="module")
def store(built: BuildResult) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(built.output_dir / "hkgov-graph.nq"), format=ox.RdfFormat.N_QUADS)
    return s


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(row[i].value if row[i] is not None else "" for i in range(len(row)))
                  for row in store.query(PREFIXES + query, use_default_graph_as_union=True))


# -- The generated files are current --

def test_simplified_label_file_is_up_to_date() -> None:
    """data/editorial-simplified-labels.ttl is what scripts/make_simplified_labels.py writes now."""
    script = _script("make_simplified_labels")
    assert (data_dir() / script.OUTPUT_NAME).read_text(encoding="utf-8") == script.render(), RUN


def test_ontology_simplified_labels_are_up_to_date() -> None:
    """ontology/labels-zh-hans.ttl is what scripts/make_simplified_labels.py writes now."""
    script = _script("make_simplified_labels")
    assert (ontology_dir() / script.ONTOLOGY_OUTPUT_NAME).read_text(encoding="utf-8") == script.render_ontology(), RUN


def test_catalogue_simplified_side_is_up_to_date() -> None:
    """The zh-Hans side of the message catalogue is the OpenCC conversion of its zh-Hant side."""
    script = _script("make_simplified_labels")
    assert script.CATALOGUE.read_text(encoding="utf-8") == script.render_catalogue(), RUN


def test_generated_labels_are_marked_editorial(store: ox.Store) -> None:
    """Every resource given a Simplified label by the generator carries an hkg:editorial note in that graph."""
    rows = select(store, """
        SELECT DISTINCT ?s WHERE { GRAPH <https://w3id.org/hkgov-graph/graph/editorial-simplified-labels> {
          ?s skos:prefLabel|skos:altLabel|dcterms:title ?l
          FILTER(?s != <https://w3id.org/hkgov-graph/graph/editorial-simplified-labels>)
          FILTER NOT EXISTS { ?s hkg:editorial ?note } } }""")
    assert rows == []


# -- Every label in three forms --

def test_every_label_has_both_chinese_forms(store: ox.Store) -> None:
    """Every resource with a Chinese label, title or ontology label has it in zh-Hant and zh-Hans."""
    rows = select(store, """
        SELECT DISTINCT ?s ?p ?missing WHERE {
          VALUES ?p { skos:prefLabel rdfs:label dcterms:title }
          VALUES (?have ?missing) { ("zh-hant" "zh-Hans") ("zh-hans" "zh-Hant") }
          ?s ?p ?l . FILTER(LCASE(LANG(?l)) = ?have)
          FILTER NOT EXISTS { ?s ?p ?other . FILTER(LANGMATCHES(LANG(?other), ?missing)) } }""")
    assert rows == []


def test_every_alternative_chinese_name_has_its_twin(store: ox.Store) -> None:
    """Every zh-Hant skos:altLabel has its Simplified form among the resource's zh-Hans names (OpenCC t2s)."""
    t2s = opencc.OpenCC("t2s")
    labels: dict[str, set[str]] = {}
    alternatives: list[tuple[str, str]] = []
    for s, p, value, lang in select(store, """
            SELECT ?s ?p ?l (LCASE(LANG(?l)) AS ?lang) WHERE {
              VALUES ?p { skos:prefLabel skos:altLabel } ?s ?p ?l FILTER(STRSTARTS(LCASE(LANG(?l)), "zh")) }"""):
        if lang == "zh-hans":
            labels.setdefault(s, set()).add(value)
        elif p.endswith("altLabel"):
            alternatives.append((s, value))
    assert alternatives
    missing = [(s, v) for s, v in alternatives if t2s.convert(v) not in labels.get(s, set())]
    assert missing == []


def test_named_things_have_english_where_editorial_names_give_it(store: ox.Store) -> None:
    """Organisations, regions, cities, mechanisms, their tiers and posts have an English label (editorial names)."""
    rows = select(store, """
        SELECT DISTINCT ?s WHERE {
          VALUES ?class { org:Organization schema:AdministrativeArea hkg:CooperationMechanism
                          hkg:MechanismTier org:Post }
          ?s a ?class .
          FILTER NOT EXISTS { ?s skos:prefLabel ?l . FILTER(LANGMATCHES(LANG(?l), "en")) } }""")
    assert rows == []


def test_every_ontology_term_is_labelled_in_three_forms(store: ox.Store) -> None:
    """Every class and property the ontology declares (its own and the standard ones) has en, zh-Hant and zh-Hans."""
    rows = select(store, """
        SELECT DISTINCT ?term ?lang WHERE {
          GRAPH <https://w3id.org/hkgov-graph/ontology> {
            VALUES ?type { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:NamedIndividual }
            ?term a ?type }
          VALUES ?lang { "en" "zh-Hant" "zh-Hans" }
          FILTER NOT EXISTS { ?term rdfs:label ?l . FILTER(LANGMATCHES(LANG(?l), ?lang)) } }""")
    assert rows == [], "add a zh-Hant label in ontology/imports-zh-hant.ttl and run scripts/make_simplified_labels.py"


@pytest.mark.parametrize(("resource", "hans"), [
    ("liaison-unit/liaoning", "驻辽宁联络处"),  # seed 000: 駐遼寧聯絡處
    ("office/gdeto", "香港特别行政区政府驻粤经济贸易办事处"),  # seed 003's title
    ("office/cdeto", "香港特别行政区政府驻成都经济贸易办事处"),  # seed 001
    ("person/chu-man-ling", "朱曼铃"),  # seed 000: 朱曼鈴
])
def test_simplified_labels_of_traditional_names(store: ox.Store, resource: str, hans: str) -> None:
    """Names the sources give in Traditional script have their Simplified form."""
    rows = select(store, f"""SELECT ?l WHERE {{ <{ID}{resource}> skos:prefLabel ?l
                              FILTER(LANGMATCHES(LANG(?l), "zh-Hans")) }}""")
    assert rows == [(hans,)]


def test_sources_simplified_labels_are_kept(store: ox.Store) -> None:
    """A name the source writes in Simplified script stays the source's (seed 004: 驻京办 is not regenerated)."""
    rows = select(store, """SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/hkgov-graph/id/body/beijing-offices>
                              skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), "zh-Hans")) } }""")
    assert rows == [("https://w3id.org/hkgov-graph/graph/wikipedia-beijing-offices",)]


# -- The label fallback in the queries --

_LABEL_CHOICE = re.compile(r"BIND\(COALESCE\(IF\(LANGMATCHES\(LANG\(\?(\w+)_en\), \?lang_\).*?\) AS \?\w+\)", re.S)


def test_every_label_choice_has_the_chinese_step() -> None:
    """Each label choice in the questions tries the other Chinese script before English (queries/README.md)."""
    checked = 0
    for path in question_files():
        for match in _LABEL_CHOICE.finditer(path.read_text(encoding="utf-8")):
            v = match[1]
            step = f'IF(LANGMATCHES(?lang_, "zh"), COALESCE(?{v}_hant, ?{v}_hans), ?no_label)'
            assert step in match[0], f"{path.name}: the label choice of ?{v}_* lacks the Chinese step"
            checked += 1
    assert checked >= 20


LABELS = """
@prefix hkg: <https://w3id.org/hkgov-graph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix m: <https://w3id.org/hkgov-graph/id/mechanism/> .
m:hant-only a hkg:CooperationMechanism ; skos:prefLabel "Hant only"@en , "甲機制"@zh-Hant .
m:hans-only a hkg:CooperationMechanism ; skos:prefLabel "Hans only"@en , "乙机制"@zh-Hans .
m:both a hkg:CooperationMechanism ; skos:prefLabel "Both"@en , "丙機制"@zh-Hant , "丙机制"@zh-Hans .
m:english a hkg:CooperationMechanism ; skos:prefLabel "English only"@en .
m:chinese a hkg:CooperationMechanism ; skos:prefLabel "丁機制"@zh-Hant .
"""


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh-Hans", {"hant-only": "甲機制", "hans-only": "乙机制", "both": "丙机制", "english": "English only",
                 "chinese": "丁機制"}),
    ("zh-Hant", {"hant-only": "甲機制", "hans-only": "乙机制", "both": "丙機制", "english": "English only",
                 "chinese": "丁機制"}),
    ("en", {"hant-only": "Hant only", "hans-only": "Hans only", "both": "Both", "english": "English only",
            "chinese": "丁機制"}),
])
def test_label_fallback_prefers_the_other_chinese_script(lang: str, expected: dict[str, str]) -> None:
    """zh-Hans falls back to zh-Hant, zh-Hant to zh-Hans, both before English; en falls back to Chinese."""
    raw = ox.Store()
    raw.load(LABELS.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://example.org/g"))
    result = run_question(EmbeddedStore(raw), find_question("mechanisms-by-founding-year"), {"lang": lang})
    got = {row["mechanism"].value.rsplit("/", 1)[1]: row["label"].value for row in result.rows}
    assert got == expected

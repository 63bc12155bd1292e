"""The build's rules (queries/construct-*.rq): run so that each constructs only what no graph states yet,
with the same inferred graph as the general way (a staging graph, then what other graphs state dropped)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from hkgov_graph import namespaces as ns
from hkgov_graph.graph import infer
from hkgov_graph.graph.load import load_dataset
from hkgov_graph.temporal.materialise import materialise as materialise_time


def inferred_graph(monkeypatch: pytest.MonkeyPatch, general: bool) -> set[ox.Quad]:
    dataset = load_dataset()
    infer.describe_inferred_graph(dataset.store, dataset.data_graphs)
    materialise_time(dataset.store)
    with monkeypatch.context() as patch:
        if general:
            patch.setattr(infer, "only_new_triples", lambda rule: None)
        added = infer.materialise(dataset.store)
    assert added > 0
    quads = set(dataset.store.quads_for_pattern(None, None, None, ox.NamedNode(ns.INFERRED_GRAPH)))
    assert not any(True for _ in dataset.store.quads_for_pattern(None, None, None, ox.NamedNode(infer.STAGING_GRAPH)))
    return quads


def test_only_new_triples_gives_the_general_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """On the real data, both ways of running the rules leave the same inferred graph."""
    assert inferred_graph(monkeypatch, general=False) == inferred_graph(monkeypatch, general=True)


def test_the_project_rules_take_the_short_way() -> None:
    """Every rule of the project has a one-triple template, so none needs the staging graph."""
    rules = infer.rule_files()
    assert rules and all(infer.only_new_triples(path.read_text(encoding="utf-8")) for path in rules)


@pytest.mark.parametrize("rule", [
    "CONSTRUCT { ?a <http://x/p> ?b . ?b a ?c } WHERE { ?a ?q ?b }",  # two triples
    "CONSTRUCT { ?a <http://x/p> _:b } WHERE { ?a ?q ?b }",  # a blank node: a fresh one per solution
    "CONSTRUCT { ?a <http://x/p> ?b } WHERE { ?a ?q ?b } LIMIT 3",  # a modifier after the pattern
    "CONSTRUCT WHERE { ?a <http://x/p> ?b }",  # the short form
])
def test_other_rules_take_the_general_way(rule: str) -> None:
    assert infer.only_new_triples(rule) is None


def test_a_filter_for_what_is_stated() -> None:
    rule = "PREFIX x: <http://x/>\n# CONSTRUCT { in a comment }\nCONSTRUCT { ?a x:p ?b . } WHERE { ?a x:q ?b }\n"
    assert infer.only_new_triples(rule) == ("PREFIX x: <http://x/>\nCONSTRUCT { ?a x:p ?b . } WHERE { ?a x:q ?b "
                                            "\n  FILTER NOT EXISTS { ?a x:p ?b }\n}")

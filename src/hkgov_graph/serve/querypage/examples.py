"""The query page's examples: the packaged questions, with the parameters of their header's example line bound.

A question (``queries/*.rq`` that is neither a check nor a rule) declares its
parameters as unbound variables and gives an example command line
(``# example: hkgov-graph query reporting-line --unit unit:fujian --as-of 2012-05``).
The example's values are turned into RDF terms by the runner's own checks
(:func:`hkgov_graph.query.runner.bind`) and bound the way the remote store
binds them: a ``VALUES`` block serialised from the terms, put at the start of
the top-level ``WHERE`` group (:func:`hkgov_graph.query.stores.insert_values`),
never pasted into the text as typed. The project's IRIs in the text move to
the site's base, as the data does. Parameters the example does not give
keep their defaults inside the query (``as_of`` today, ``lang`` English), so
the page does not depend on the day it was published. An example that cannot
be bound is shown as the query text, with a note saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hkgov_graph import namespaces as ns
from hkgov_graph.errors import HkgovError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.query.runner import Question
    from hkgov_graph.query.stores import Term


def examples(store: ox.Store, base: str) -> list[dict[str, Any]]:
    """One example per packaged question, by name: its title, question, example command and query text.

    ``store`` is the published store (under ``base``), for names an example
    gives in words rather than as IRIs.
    """
    from hkgov_graph.query.runner import discover

    resolver: list[Any] = []  # made once, only when an example names a resource in words

    out = []
    for question in discover():
        command = question.file.header.get("example", [""])[0].strip()
        values = question.examples()[0] if question.examples() else {}
        terms = _terms(question, values, store, base, resolver)
        # the packaged text names the project's IRIs under the default base; the site may publish them elsewhere
        text = question.text.replace(ns.DEFAULT_BASE, base)
        entry: dict[str, Any] = {"name": question.name, "title": question.title, "question": question.question,
                                 "command": command, "bound": sorted(terms or {}), "query": text}
        if terms:
            from hkgov_graph.query.stores import insert_values

            entry["query"] = insert_values(text, terms)
        elif terms is None:
            entry["unbound"] = True  # the example's values could not be bound: the text as packaged
        out.append(entry)
    return out


def _terms(question: Question, values: dict[str, str], store: ox.Store, base: str,
           resolver: list[Any]) -> dict[str, Term] | None:
    """The example's values as terms under ``base`` (only those it gives), or None when they do not bind."""
    import pyoxigraph as ox

    from hkgov_graph.publish.model import rebase_iri
    from hkgov_graph.query.runner import bind

    if not values:
        return {}
    try:  # IRIs and prefixed names need no lookup; the project's prefixes name the default base
        bound = bind(question, values, None)
    except HkgovError:
        try:
            if not resolver:
                from hkgov_graph.query.names import Resolver
                from hkgov_graph.query.stores import EmbeddedStore

                resolver.append(Resolver(EmbeddedStore(store)))
            bound = bind(question, values, resolver[0])
        except HkgovError:
            return None
    terms: dict[str, Term] = {}
    for name in bound.given:
        term = bound.terms.get(name)
        if isinstance(term, ox.NamedNode):
            term = ox.NamedNode(rebase_iri(term.value, base))
        if term is not None:
            terms[name] = term
    return terms

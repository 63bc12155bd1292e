"""The Python API: open the graph, ask the packaged questions, run SPARQL.

>>> from hkgov_graph import Graph
>>> graph = Graph.load()                                  # build/hkgov-graph.nq, or the sources built in memory
>>> result = graph.query("reporting-line", unit="駐京辦", as_of="2012-05")  # doctest: +SKIP
>>> result.to_dicts()                                     # doctest: +SKIP

``Graph.load(endpoint="http://host/sparql")`` runs the same queries on a
remote SPARQL endpoint instead (see :mod:`hkgov_graph.query.stores` for how its
default graph is made the union of the named graphs).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph.errors import UsageError
from hkgov_graph.query.names import Resolution, Resolver, as_iri
from hkgov_graph.query.runner import QueryResult, Question, discover, find_question, run_question, with_prefixes
from hkgov_graph.query.stores import DefaultGraphMode, EmbeddedStore, RemoteStore, SparqlStore

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.graph.load import LoadedDataset
    from hkgov_graph.query.stores import Term

__all__ = ["Graph", "QueryResult", "Question"]


def class_iri(text: object) -> str:
    """The IRI of a class named by its IRI (``<...>`` or bare) or a prefixed name of the project's prefixes."""
    import pyoxigraph as ox

    iri = as_iri(text.strip()) if isinstance(text, str) else None
    if iri is None:
        raise UsageError(f"of_class={text!r}: not a class IRI or prefixed name (such as org:Organization)")
    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise UsageError(f"of_class={text!r}: malformed IRI: {error}") from None
    return iri


class Graph:
    """The knowledge graph behind one store (embedded or remote), with the packaged queries."""

    def __init__(self, store: SparqlStore, queries_folder: Path | None = None) -> None:
        from hkgov_graph.resources import queries_dir

        self.store = store
        self.queries_folder = queries_folder or queries_dir()
        self.resolver = Resolver(store)

    @classmethod
    def load(cls, path: Path | str | None = None, endpoint: str | None = None, *,
             dataset: LoadedDataset | None = None, timeout: float = 30.0, user: str | None = None,
             password: str | None = None, default_graph: DefaultGraphMode = "union",
             queries_folder: Path | None = None) -> Graph:
        """Open the graph.

        With ``endpoint``, a remote SPARQL endpoint (``timeout`` in seconds,
        ``user``/``password`` for HTTP basic authentication, ``default_graph``
        "union" or "endpoint"); with ``dataset``, an already loaded dataset;
        otherwise the N-Quads dump at ``path``, by default
        ``build/hkgov-graph.nq``, or the sources built in memory when there is
        no build.
        """
        store: SparqlStore
        if endpoint is not None:
            store = RemoteStore(endpoint, timeout=timeout, user=user, password=password,
                                default_graph=default_graph)
        elif dataset is not None:
            store = EmbeddedStore.from_dataset(dataset)
        else:
            store = EmbeddedStore.open(path)
        return cls(store, queries_folder)

    def queries(self) -> list[Question]:
        """The packaged question queries (name, title, question, params, examples)."""
        return discover(self.queries_folder)

    def query(self, name: str, /, **params: object) -> QueryResult:
        """Run the packaged question query ``name`` with its parameters (``as_of="2012-05"``, ``unit="bjo"``).

        ``lang`` is ``en``, ``zh-Hant`` or ``zh-Hans``, or a BCP 47 tag with a
        region (``zh-TW``, ``zh-HK``, ``zh-MO`` are ``zh-Hant``; ``zh-CN``,
        ``zh-SG`` are ``zh-Hans``); labels stay tagged ``zh-Hant`` or ``zh-Hans``.
        """
        return run_question(self.store, find_question(name, self.queries_folder), params, self.resolver)

    def sparql(self, text: str, /, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run any SELECT, ASK, CONSTRUCT or DESCRIBE query over the union of the graphs.

        ``bindings`` are RDF terms (pyoxigraph) for variables of the query.
        The project's prefixes (``hkg:``, ``office:``, ``org:`` …) need not be
        declared. An ASK gives one row ``answer``; a CONSTRUCT rows
        ``subject, predicate, object``.
        """
        answer = self.store.run(with_prefixes(text), bindings)
        return QueryResult.from_answer(answer, bindings=dict(bindings or {}))

    def resolve(self, name: str, of_class: str | None = None) -> Resolution:
        """What a name (IRI, prefixed name, local name, label in any script) refers to in the graph.

        ``of_class`` keeps to the instances of a class, named by its IRI or prefixed name (``org:Organization``).
        """
        if not isinstance(name, str):
            raise UsageError(f"not an IRI or a name: {name!r}")
        return self.resolver.resolve(name, class_iri(of_class) if of_class is not None else None)

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> list[dict[str, Term | None]]:
        """The rows of a SELECT query as typed terms (the store's own interface)."""
        return self.store.select(text, bindings)

    def triples(self, text: str, bindings: Mapping[str, Term] | None = None) -> list[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query."""
        return self.store.construct(text, bindings)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Graph over {self.store.description}>"

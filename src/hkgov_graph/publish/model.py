"""Indexes over the published store that pages and profiles are read from.

:class:`SiteModel` reads every quad once and keeps, for each triple, the named
graphs that hold it (its sources), and for each IRI the triples it is the
subject or the object of. Pages, profiles and the dataset description read
these dictionaries instead of querying the store again for each resource.

:meth:`SiteModel.lazy` gives the same model without reading anything up
front: the same mappings, each entry read from the store's indexes when first
asked for (and kept in a bounded cache). ``serve --on-demand`` starts with it
at any size, in the time and memory of a few queries, where reading every
quad into Python took minutes and gigabytes at a million triples.
"""

from __future__ import annotations

import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hkgov_graph import namespaces as ns
from hkgov_graph.publish.serialise import conventional_tag, triple_key

if TYPE_CHECKING:
    import pyoxigraph as ox

SPDX = "http://spdx.org/rdf/terms#"
VANN = "http://purl.org/vocab/vann/"
SD = "http://www.w3.org/ns/sparql-service-description#"
LABEL_PREDICATES = (ns.SKOS + "prefLabel", ns.RDFS + "label", ns.DCTERMS + "title", ns.FOAF + "name")
_SEGMENT = re.compile(r"[\w~-][\w.~-]*")
PAGE_PATHS_KEPT = 100_000  # IRIs whose page path a model remembers


def rebase_iri(iri: str, base: str) -> str:
    """``iri`` moved from the default base to ``base`` (other IRIs unchanged)."""
    if base != ns.DEFAULT_BASE and iri.startswith(ns.DEFAULT_BASE):
        return base + iri[len(ns.DEFAULT_BASE):]
    return iri


def prefixes_for(base: str) -> dict[str, str]:
    """The project's prefixes under ``base``, plus the vocabularies of the dataset description."""
    prefixes = {p: rebase_iri(iri, base) for p, iri in ns.PREFIXES.items()}
    prefixes.update({"void": ns.VOID, "dcat": ns.DCAT, "vann": VANN, "spdx": SPDX, "sd": SD})
    return prefixes



@dataclass
class SiteModel:
    """Indexes over the store that the pages are rendered from."""

    store: ox.Store
    base: str
    prefixes: dict[str, str] = field(default_factory=dict)
    sources: Mapping[ox.Triple, list[str]] = field(default_factory=dict)
    outgoing: Mapping[str, list[ox.Triple]] = field(default_factory=dict)
    incoming: Mapping[str, list[ox.Triple]] = field(default_factory=dict)
    graph_sizes: dict[str, int] = field(default_factory=dict)
    # page_path's answers: asked for every link of every page (a million times at 100k triples); bounded
    _page_paths: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_store(cls, store: ox.Store, base: str) -> SiteModel:
        import pyoxigraph as ox

        model = cls(store, base, prefixes_for(base))
        sources: dict[ox.Triple, set[str]] = defaultdict(set)
        sizes: dict[str, int] = defaultdict(int)
        for q in store:
            name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            sources[q.triple].add(name)
            sizes[name] += 1
        outgoing: dict[str, list[ox.Triple]] = defaultdict(list)
        incoming: dict[str, list[ox.Triple]] = defaultdict(list)
        for t in sorted(sources, key=triple_key):
            if isinstance(t.subject, ox.NamedNode):
                outgoing[t.subject.value].append(t)
            if isinstance(t.object, ox.NamedNode):
                incoming[t.object.value].append(t)
        model.sources = {t: sorted(g for g in gs if g) for t, gs in sources.items()}
        model.outgoing = dict(outgoing)
        model.incoming = dict(incoming)
        model.graph_sizes = dict(sizes)
        return model

    def with_default_graph(self, triples: list[ox.Triple]) -> SiteModel:
        """This model with ``triples`` added to the default graph, as ``from_store`` would read the store with them.

        Shares what the triples do not touch instead of copying the store and
        reading it again (the dataset page: the VoID description next to the data).
        """
        import pyoxigraph as ox

        def held(t: ox.Triple, graph: ox.DefaultGraph | None) -> bool:
            return any(True for _ in self.store.quads_for_pattern(t.subject, t.predicate, t.object, graph))

        new = sorted({t for t in triples if not held(t, None)}, key=triple_key)
        in_default = sum(1 for t in set(triples) if not held(t, ox.DefaultGraph()))
        sources = _Overlay({t: [] for t in new}, self.sources)
        outgoing: dict[str, list[ox.Triple]] = defaultdict(list)
        incoming: dict[str, list[ox.Triple]] = defaultdict(list)
        for t in new:
            if isinstance(t.subject, ox.NamedNode):
                outgoing[t.subject.value].append(t)
            if isinstance(t.object, ox.NamedNode):
                incoming[t.object.value].append(t)

        def merged(old: Mapping[str, list[ox.Triple]], added: dict[str, list[ox.Triple]]
                   ) -> Mapping[str, list[ox.Triple]]:
            return _Overlay({k: sorted([*old.get(k, ()), *v], key=triple_key) for k, v in added.items()}, old)

        sizes = dict(self.graph_sizes)
        if in_default:
            sizes[""] = sizes.get("", 0) + in_default
        return SiteModel(self.store, self.base, self.prefixes, sources, merged(self.outgoing, outgoing),
                         merged(self.incoming, incoming), sizes)

    @classmethod
    def lazy(cls, store: ox.Store, base: str) -> SiteModel:
        """The same model, read from the store as it is used (see the module's description)."""
        model = cls(store, base, prefixes_for(base))
        sources = SourcesOf(store)
        model.outgoing = TriplesAbout(store, "subject", sources)
        model.incoming = TriplesAbout(store, "object", sources)
        model.sources = sources
        model.graph_sizes = graph_sizes(store)
        return model

    def resources_under(self, prefix: str) -> list[str]:
        """The IRIs starting with ``prefix`` that are the subject or the object of a statement, sorted."""
        if isinstance(self.outgoing, TriplesAbout):
            # the distinct subjects, then the distinct objects, filtered here: a third of the time of one query
            # filtering the union of both (3 s at 100k triples)
            found: set[str] = set()
            for query in ("SELECT DISTINCT ?x WHERE { ?x ?p ?o FILTER(isIRI(?x)) }",
                          "SELECT DISTINCT ?x WHERE { ?s ?p ?x FILTER(isIRI(?x)) }"):
                found.update(iri for (x,) in self.store.query(query, use_default_graph_as_union=True)
                             if (iri := x.value).startswith(prefix))
            return sorted(found)
        return sorted(iri for iri in set(self.outgoing) | set(self.incoming) if iri.startswith(prefix))

    # namespaces under the base
    @property
    def hkg(self) -> str:
        return self.base + "ontology#"

    @property
    def ontology(self) -> str:
        return self.base + "ontology"

    @property
    def dataset(self) -> str:
        return self.base + "dataset"

    @property
    def inferred(self) -> str:
        return self.base + "graph/inferred"

    @property
    def genid(self) -> str:
        return self.base + ".well-known/genid/"

    def union(self) -> list[ox.Triple]:
        return sorted(self.sources, key=triple_key)

    def graphs(self) -> list[str]:
        return sorted(g for g in self.graph_sizes if g)

    def objects(self, subject: str, predicate: str) -> list[ox.Term]:
        return [t.object for t in self.outgoing.get(subject, ()) if t.predicate.value == predicate]

    def types(self, iri: str) -> set[str]:
        return {o.value for o in self.objects(iri, ns.RDF + "type") if hasattr(o, "value")}

    def curie(self, iri: str) -> str:
        """``prefix:local`` when a known namespace fits, else the IRI."""
        for prefix, namespace in sorted(self.prefixes.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace):]}"
        return iri

    def labels(self, iri: str, predicates: tuple[str, ...] = (ns.SKOS + "prefLabel", ns.RDFS + "label",
                                                              ns.DCTERMS + "title", ns.FOAF + "name")
               ) -> tuple[str | None, tuple[str, str] | None]:
        """An English label and a Chinese one (with its tag), preferring prefLabel, Traditional script."""
        import pyoxigraph as ox

        english: str | None = None
        chinese: tuple[int, str, str] | None = None
        for p in predicates:
            for o in self.objects(iri, p):
                if not isinstance(o, ox.Literal):
                    continue
                lang = (o.language or "").lower()
                if lang == "en" and english is None:
                    english = o.value
                elif lang.startswith("zh"):
                    rank = 0 if lang == "zh-hant" else 1
                    if chinese is None or rank < chinese[0]:
                        chinese = (rank, o.value, conventional_tag(o.language or "zh"))
            if english and chinese and chinese[0] == 0:
                break
        return english, (chinese[1], chinese[2]) if chinese else None

    def label_forms(self, iri: str, predicates: tuple[str, ...] = LABEL_PREDICATES) -> dict[str, str]:
        """The label of ``iri`` in each language it has one in (``en``, ``zh-Hant``, ``zh-Hans``, ...).

        The first predicate that gives a language wins (``skos:prefLabel`` before
        ``rdfs:label``); among several values of one predicate, the smallest, so
        the choice does not depend on the order of the store.
        """
        import pyoxigraph as ox

        forms: dict[str, str] = {}
        for p in predicates:
            found: dict[str, str] = {}
            for o in self.objects(iri, p):
                if isinstance(o, ox.Literal) and o.language:
                    tag = conventional_tag(o.language)
                    if tag not in found or o.value < found[tag]:
                        found[tag] = o.value
            for tag, value in found.items():
                forms.setdefault(tag, value)
        return forms

    # where things live in the site
    def page_path(self, iri: str) -> str | None:
        """The site path (without extension) of the page that describes ``iri``, if it has one."""
        try:
            return self._page_paths[iri]
        except KeyError:
            pass
        if len(self._page_paths) >= PAGE_PATHS_KEPT:
            self._page_paths.clear()
        found = self._page_paths[iri] = self._page_path(iri)
        return found

    def _page_path(self, iri: str) -> str | None:
        document = iri.split("#", 1)[0]
        if document == self.ontology:
            return "ontology"
        if document == self.dataset:
            return "dataset"
        if not document.startswith(self.base):
            return None
        local = document[len(self.base):]
        segments = local.split("/")
        if segments[0] not in ("id", "graph") or len(segments) < 2 or segments[-1] == "index":
            return None
        if not all(_SEGMENT.fullmatch(s) for s in segments):
            return None
        if segments[0] == "graph" and document not in self.graph_sizes:
            return None
        return local

    def is_inline(self, iri: str, owner: str) -> bool:
        """Whether ``iri`` is described inside the page of ``owner`` (skolem IRIs, hash IRIs of it)."""
        return iri.startswith(self.genid) or (iri.startswith(owner + "#") and iri != owner)

    def description(self, iri: str) -> list[ox.Triple]:
        """Triples about ``iri`` and the nodes described inline with it (concise bounded description)."""
        import pyoxigraph as ox

        seen = {iri}
        queue = [iri]
        out: list[ox.Triple] = []
        while queue:
            node = queue.pop(0)
            for t in self.outgoing.get(node, ()):
                out.append(t)
                o = t.object
                if isinstance(o, ox.NamedNode) and o.value not in seen and self.is_inline(o.value, iri):
                    seen.add(o.value)
                    queue.append(o.value)
        return sorted(out, key=triple_key)


# -- The lazy model's mappings --

CACHE_SIZE = 20_000  # IRIs (or triples) whose statements a lazy mapping keeps; pages ask for neighbours again


class _Cached(Mapping[Any, list[Any]]):
    """A read-only mapping computed per key from the store, with a bounded least-recently-used cache."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._cache: OrderedDict[Any, list[Any]] = OrderedDict()

    def _compute(self, key: Any) -> list[Any]:  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def __getitem__(self, key: Any) -> list[Any]:
        found = self._cache.get(key)
        if found is None:
            found = self._compute(key)
            self._cache[key] = found
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        if not found:  # the eager model has no entry for what no statement mentions
            raise KeyError(key)
        return found


class TriplesAbout(_Cached):
    """IRI -> the distinct triples it is the subject (or object) of, sorted as :class:`SiteModel` sorts them."""

    def __init__(self, store: ox.Store, position: str, sources: SourcesOf | None = None) -> None:
        super().__init__(store)
        self.position = position
        self.sources = sources

    def _compute(self, key: str) -> list[ox.Triple]:
        import pyoxigraph as ox

        node = ox.NamedNode(key)
        quads = (self.store.quads_for_pattern(node, None, None, None) if self.position == "subject"
                 else self.store.quads_for_pattern(None, None, node, None))
        graphs: dict[ox.Triple, list[str]] = defaultdict(list)
        for q in quads:
            graphs[q.triple].append("" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value)
        if self.sources is not None:  # the quads read say where each triple is stated: no query per triple later
            for triple, names in graphs.items():
                self.sources.remember(triple, sorted(g for g in names if g))
        return sorted(graphs, key=triple_key)

    def __contains__(self, key: object) -> bool:
        try:
            return bool(self[key])
        except (KeyError, ValueError, TypeError):  # ValueError: not an IRI
            return False

    def __iter__(self) -> Iterator[str]:
        variable = "?s" if self.position == "subject" else "?o"
        rows = self.store.query(f"SELECT DISTINCT {variable} WHERE {{ ?s ?p ?o FILTER(isIRI({variable})) }}",
                                use_default_graph_as_union=True)
        return (row[0].value for row in rows)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class SourcesOf(_Cached):
    """Triple -> the named graphs that hold it, sorted."""

    def _compute(self, key: ox.Triple) -> list[str]:
        import pyoxigraph as ox

        quads = self.store.quads_for_pattern(key.subject, key.predicate, key.object, None)
        return sorted(q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))

    def remember(self, key: ox.Triple, graphs: list[str]) -> None:
        """Keep the graphs of ``key``, read along with other statements."""
        self._cache[key] = graphs
        self._cache.move_to_end(key)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)

    def __getitem__(self, key: ox.Triple) -> list[str]:
        found = self._cache.get(key)
        if found is None:
            found = self._compute(key)
            self._cache[key] = found
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def __iter__(self) -> Iterator[ox.Triple]:
        seen = set()
        for q in self.store:
            if q.triple not in seen:
                seen.add(q.triple)
                yield q.triple

    def __len__(self) -> int:
        return sum(1 for _ in self)


def graph_sizes(store: ox.Store) -> dict[str, int]:
    """How many statements each graph holds ("" for the default graph, when it holds any), counted by the store."""
    sizes = {row[0].value: int(row[1].value) for row in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    default = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)
    if default:
        sizes[""] = default
    return sizes


class _Overlay(Mapping[Any, Any]):
    """``top`` over ``bottom``: a key of ``top`` hides the same key of ``bottom`` (neither is copied)."""

    def __init__(self, top: Mapping[Any, Any], bottom: Mapping[Any, Any]) -> None:
        self.top, self.bottom = top, bottom

    def __getitem__(self, key: Any) -> Any:
        if key in self.top:
            return self.top[key]
        return self.bottom[key]

    def __contains__(self, key: object) -> bool:
        return key in self.top or key in self.bottom

    def __iter__(self) -> Iterator[Any]:
        yield from self.top
        yield from (k for k in self.bottom if k not in self.top)

    def __len__(self) -> int:
        return len(self.top) + sum(1 for k in self.bottom if k not in self.top)

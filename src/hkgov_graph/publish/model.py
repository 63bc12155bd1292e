"""Indexes over the published store that pages and profiles are read from.

:class:`SiteModel` reads every quad once and keeps, for each triple, the named
graphs that hold it (its sources), and for each IRI the triples it is the
subject or the object of. Pages, profiles and the dataset description read
these dictionaries instead of querying the store again for each resource.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns
from hkgov_graph.publish.serialise import conventional_tag, triple_key

if TYPE_CHECKING:
    import pyoxigraph as ox

SPDX = "http://spdx.org/rdf/terms#"
VANN = "http://purl.org/vocab/vann/"
SD = "http://www.w3.org/ns/sparql-service-description#"
LABEL_PREDICATES = (ns.SKOS + "prefLabel", ns.RDFS + "label", ns.DCTERMS + "title", ns.FOAF + "name")
_SEGMENT = re.compile(r"[\w~-][\w.~-]*")


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
    sources: dict[ox.Triple, list[str]] = field(default_factory=dict)
    outgoing: dict[str, list[ox.Triple]] = field(default_factory=dict)
    incoming: dict[str, list[ox.Triple]] = field(default_factory=dict)
    graph_sizes: dict[str, int] = field(default_factory=dict)

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

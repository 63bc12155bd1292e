"""What a source document speaks of: the resources its named graph names, by kind, for the document's page.

A journalist on a document's page wants to see which offices, posts, events,
mechanisms ... the document speaks of. A resource counts when it is the
subject or the object of a statement in the document's graph (a region an
office serves is spoken of even where the document says nothing else about
it), and it is one of the site's resources (an IRI under ``id/``).

A seed's graph names a hundred resources or so, but a document in a large
build can hold hundreds of thousands of statements: the page lists at most
:data:`PER_KIND` of each kind and :data:`LISTED` in all, by kind
(:data:`KIND_ORDER`), then by IRI, so the same graph always gives the same
list; every kind (up to :data:`KINDS_SHOWN`) is named with its count. It
says how many it leaves out and gives the query that lists them all
(:func:`listing_query`), with a link that runs it on the endpoint. The
page's list is what that query returns (found here by two quicker queries,
:func:`named_resources`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hkgov_graph.publish.model import SiteModel
    from hkgov_graph.publish.profile import Profiler, Ref

# The kinds (the path segment after ``id/``) in the order a reader looks for them: who (governments, bureaus,
# offices and their units, posts and people), where, then how they work together and what happened; readings
# of the sources last. A kind not named here comes after these, by name.
KIND_ORDER = ("government", "bureau", "department", "office", "liaison-unit", "division", "body", "post", "rank",
              "person", "membership", "relation", "region", "city", "site", "zone", "mechanism", "tier", "agreement",
              "plan", "programme", "fund", "grant", "event", "change", "statistic", "reading")
PER_KIND = 40  # resources of one kind a document's page lists at most
LISTED = 200  # resources a document's page lists at most, all kinds together
KINDS_SHOWN = 40  # kinds a page names with their counts, listed or not (the project has 27)


@dataclass(frozen=True)
class KindGroup:
    """The resources of one kind (``office``) a document names: how many, and those listed."""

    kind: str
    total: int
    listed: tuple[Ref, ...]

    @property
    def more(self) -> int:
        return self.total - len(self.listed)


@dataclass(frozen=True)
class Contents:
    """What a document's graph names: its statements, its resources by kind, and the query for all of them."""

    statements: int
    resources: int
    groups: tuple[KindGroup, ...]  # the kinds, with the resources listed of each (none past LISTED)
    query: str

    @property
    def more(self) -> int:
        """How many resources the page does not list."""
        return self.resources - sum(len(g.listed) for g in self.groups)


def listing_query(graph: str, base: str) -> str:
    """The SPARQL query that lists every resource ``graph`` names, by IRI (each kind's together).

    ``graph`` and ``base`` are the site's own IRIs (the page's graph, the
    published base), never words a user typed.
    """
    return (f"SELECT DISTINCT ?resource WHERE {{\n"
            f"  {{ GRAPH <{graph}> {{ ?resource ?p ?o }} }} UNION {{ GRAPH <{graph}> {{ ?s ?p ?resource }} }}\n"
            f"  FILTER(isIRI(?resource) && STRSTARTS(STR(?resource), \"{base}id/\"))\n"
            f"}}\nORDER BY ?resource\n")


def document_contents(model: SiteModel, profiler: Profiler, graph: str) -> Contents:
    """What ``graph`` names, listed within :data:`PER_KIND` and :data:`LISTED` (see the module's description)."""
    resources = named_resources(model, graph)
    prefix = len(model.base + "id/")
    by_kind: dict[str, list[str]] = defaultdict(list)
    for iri in resources:
        by_kind[iri[prefix:].split("/", 1)[0]].append(iri)
    groups = []
    room = LISTED
    rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    for kind, iris in sorted(by_kind.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])):
        shown = iris[:min(PER_KIND, room)]
        room -= len(shown)
        if shown or len(groups) < KINDS_SHOWN:  # a kind past the LISTED resources still says how many it has
            groups.append(KindGroup(kind, len(iris), tuple(profiler.ref(iri) for iri in shown)))
    return Contents(model.graph_sizes.get(graph, 0), len(resources), tuple(groups), listing_query(graph, model.base))


def named_resources(model: SiteModel, graph: str) -> list[str]:
    """The resources ``graph`` names, sorted: what :func:`listing_query` returns, found faster.

    The distinct subjects, then the distinct objects, filtered here: one
    query over their union took 42 s on a graph of 2.5 million statements
    (the synthetic million's inferred graph), these two and the sorting 26 s.
    Sorted here, not by the store: the order Python compares IRIs in is the
    same on every store.
    """
    prefix = model.base + "id/"
    found: set[str] = set()
    for query in (f"SELECT DISTINCT ?x WHERE {{ GRAPH <{graph}> {{ ?x ?p ?o }} FILTER(isIRI(?x)) }}",
                  f"SELECT DISTINCT ?x WHERE {{ GRAPH <{graph}> {{ ?s ?p ?x }} FILTER(isIRI(?x)) }}"):
        found.update(iri for (x,) in model.store.query(query) if (iri := x.value).startswith(prefix))
    return sorted(found)

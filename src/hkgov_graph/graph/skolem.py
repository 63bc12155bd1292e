"""Stable IRIs for blank nodes, computed on the N-Triples text of the statements that hold them.

The label of a blank node is a hash of the path from the nearest IRI that
points at it and of its own content (recursively), so it does not depend on
parser-assigned identifiers: the same file always gives the same IRIs. Terms
are compared in their N-Triples form (``<iri>``, ``"text"@lang``), which is
what ``str()`` of a pyoxigraph term gives, so the walk needs no Python object
per term: the loader hands it the lines of the statements with a blank node,
as the store's own serialiser wrote them, and gets lines back.

Both walks are iterative (an explicit stack, no Python recursion), so legal
Turtle of any depth loads: a 500-item RDF list, 3,000 nested ``[ ]``. On
blank nodes that form a cycle the value depends on the order the statements
are visited in: the loader gives them in the parser's order.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from hkgov_graph import namespaces as ns

if TYPE_CHECKING:
    import pyoxigraph as ox

PATH_LIMIT = 1000  # longer paths (deep nesting) are kept as their hash, so memory stays linear

StringTriple = tuple[str, str, str]  # subject, predicate, object in N-Triples form


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Skolemiser:
    """The skolem IRI of every blank node among some statements (given in N-Triples form)."""

    def __init__(self, triples: Iterable[StringTriple]) -> None:
        # outgoing[b]: (predicate, object) of b's statements; incoming[b]: (subject, predicate) pointing at b
        self.outgoing: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self._content: dict[str, str] = {}
        self._path: dict[str, str] = {}
        self._iri: dict[str, str] = {}
        for s, p, o in triples:
            if s[0] == "_":
                self.outgoing[s].append((p, o))
            if o[0] == "_":
                self.incoming[o].append((s, p))

    def iri(self, blank: str) -> str:
        """The skolem IRI (without angle brackets) of the blank node ``blank`` (``_:label``)."""
        found = self._iri.get(blank)
        if found is None:
            digest = _sha(f"{self._walk(blank, True)}\n{self._walk(blank, False)}")[:20]
            found = self._iri[blank] = ns.GENID + digest
        return found

    def _walk(self, root: str, path: bool) -> str:
        """Depth-first, post-order, with an explicit stack: the path (``path``) or content hash of ``root``.

        Content: the hash of the sorted ``predicate value`` lines of a node, a blank value standing for its own
        content. Path: the smallest ``subject-path predicate`` over the statements pointing at it (``root`` if
        none). A neighbour already done is looked up, one on the current stack (a cycle) counts as ``cycle``.
        """
        memo = self._path if path else self._content
        if root in memo:
            return memo[root]
        edges = self.incoming if path else self.outgoing
        stack: list[tuple[str, int, list[str]]] = [(root, 0, [])]
        on_path = {root}
        while stack:
            node, index, lines = stack[-1]
            todo = edges.get(node, ())
            if index == len(todo):
                stack.pop()
                on_path.discard(node)
                if path:
                    best = min(lines) if lines else "root"
                    value = best if len(best) <= PATH_LIMIT else "sha256:" + _sha(best)
                else:
                    value = _sha("\n".join(sorted(lines)))
                memo[node] = value
                if stack:
                    parent, parent_index, parent_lines = stack[-1]
                    _, predicate = _pair(edges[parent][parent_index - 1], path)
                    parent_lines.append(f"{value} {predicate}" if path else f"{predicate} {value}")
                continue
            stack[-1] = (node, index + 1, lines)
            other, predicate = _pair(todo[index], path)
            if other[0] != "_":
                value = other
            elif other in memo:
                value = memo[other]
            elif other in on_path:
                value = "cycle"
            else:
                stack.append((other, 0, []))
                on_path.add(other)
                continue
            lines.append(f"{value} {predicate}" if path else f"{predicate} {value}")
        return memo[root]

    def lines(self, triples: Iterable[StringTriple]) -> Iterable[str]:
        """The statements as N-Triples lines with every blank node replaced by its skolem IRI."""
        for s, p, o in triples:
            if s[0] == "_":
                s = f"<{self.iri(s)}>"
            if o[0] == "_":
                o = f"<{self.iri(o)}>"
            yield f"{s} {p} {o} .\n"


def _pair(edge: tuple[str, str], path: bool) -> tuple[str, str]:
    """(neighbour, predicate) of an edge: incoming edges are (subject, predicate), outgoing (predicate, object)."""
    return edge if path else (edge[1], edge[0])


def parse_lines(ntriples: bytes) -> list[StringTriple]:
    """Split N-Triples lines (as Oxigraph writes them: one statement a line, single spaces) into strings."""
    out = []
    for line in ntriples.decode().splitlines():
        if line:
            s, p, o = line[:-2].split(" ", 2)
            out.append((s, p, o))
    return out


def skolemize(triples: Sequence[ox.Triple]) -> list[ox.Triple]:
    """Replace blank nodes by IRIs derived from where they hang and what they hold (pyoxigraph terms)."""
    import pyoxigraph as ox

    blank = [t for t in triples if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    if not blank:
        return list(triples)
    skolem = Skolemiser((str(t.subject), str(t.predicate), str(t.object)) for t in blank)

    def term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> ox.NamedNode | ox.Literal:
        return ox.NamedNode(skolem.iri(str(t))) if isinstance(t, ox.BlankNode) else t

    return [ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in triples]

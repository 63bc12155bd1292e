"""``hkgov-graph push``: put the graphs into a triple store over the SPARQL 1.1
Graph Store HTTP Protocol, replacing what was there, and leave nothing behind.

The Graph Store Protocol has no transactions, so the upload runs in phases:

0. **Clean.** Staging graphs an earlier push left behind (its store died
   halfway, say) are found by their prefix ``urn:x-hkgov-graph:staging:``
   with one query and deleted.
1. **Stage.** Every graph (one per source document, the editorial graphs,
   the inferred graph, the ontology) is ``PUT`` to a fresh staging graph
   ``urn:x-hkgov-graph:staging:<token>:<n>``. The live graphs are not
   touched; if any upload fails, the staging graphs are deleted (or, if the
   store cannot be reached any more, by the next push) and the store is as it
   was.
2. **Swap.** One SPARQL Update request ``MOVE SILENT GRAPH <staging> TO
   GRAPH <live> ; …`` replaces every live graph at once. Oxigraph (and other
   stores that run an update request in one transaction, such as Fuseki/TDB2
   and GraphDB) applies it atomically: readers see the old graphs or the new
   ones, never a mix. When the request was sent but its answer was lost, the
   push asks the store what it holds (are the staging graphs still there, do
   the live graphs have the new sizes?) and reports that, instead of guessing.

The update endpoint is ``--update-endpoint``, the query endpoint (for
phase 0 and for asking) ``--query-endpoint``; both are guessed from the Graph
Store endpoint by default (``…/store`` → ``…/update``, ``…/query`` on Oxigraph;
``…/data`` → the same on Fuseki). When the store has no update endpoint (404,
405, 501, or refused for the credentials given), the swap falls back to one
``PUT`` per live graph: each graph is replaced atomically, but a failure
halfway leaves some graphs new and some old; the error says which.
``--no-update`` chooses this mode.

Every request has a total deadline (``--timeout``, see
:mod:`hkgov_graph.httpclient`).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from hkgov_graph.errors import EndpointError, UsageError
from hkgov_graph.httpclient import HttpClient, RequestFailed, Response

if TYPE_CHECKING:
    import pyoxigraph as ox

STAGING_PREFIX = "urn:x-hkgov-graph:staging:"
NO_UPDATE_STATUSES = {403, 404, 405, 501}
COUNTS_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass(frozen=True)
class Auth:
    """Credentials for the store: HTTP basic (user, password) or a bearer token."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    def __post_init__(self) -> None:
        if self.token and (self.user or self.password):
            raise UsageError("give either --user/--password or --token, not both")
        if self.password and not self.user:
            raise UsageError("--password needs --user")

    def header(self) -> str | None:
        if self.token:
            return f"Bearer {self.token}"
        if self.user:
            pair = f"{self.user}:{self.password or ''}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return None


@dataclass
class PushResult:
    """What was uploaded, how the live graphs were replaced, and what was noticed on the way."""

    endpoint: str
    graphs: list[tuple[str, int]] = field(default_factory=list)
    strategy: str = ""
    notes: list[str] = field(default_factory=list)


def graph_url(endpoint: str, graph: str) -> str:
    """``ENDPOINT?graph=IRI`` (joined with ``&`` when the endpoint already has a query)."""
    separator = "&" if urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}graph={quote(graph, safe='')}"


def _sibling(endpoint: str, name: str) -> str | None:
    parts = urlsplit(endpoint)
    for tail in ("/store", "/data"):
        if parts.path.endswith(tail):
            return urlunsplit(parts._replace(path=parts.path[: -len(tail)] + "/" + name, query=""))
    return None


def guess_update_endpoint(endpoint: str) -> str | None:
    """The SPARQL Update endpoint next to a Graph Store endpoint, for Oxigraph and Fuseki layouts."""
    return _sibling(endpoint, "update")


def guess_query_endpoint(endpoint: str) -> str | None:
    """The SPARQL query endpoint next to a Graph Store endpoint, for Oxigraph and Fuseki layouts."""
    return _sibling(endpoint, "query")


class Store:
    """The store's three endpoints, spoken to with the credentials and a total deadline per request."""

    def __init__(self, endpoint: str, update: str | None, query: str | None, auth: Auth | None,
                 timeout: float) -> None:
        for url in (endpoint, update, query):
            parts = urlsplit(url or "http://x")
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise UsageError(f"the endpoint must be an http(s) URL, not {url!r}")
        header = (auth or Auth()).header()
        self.client = HttpClient(timeout, headers={"Authorization": header} if header else None)
        self.endpoint, self.update_url, self.query_url = endpoint, update, query

    def send(self, method: str, url: str, body: bytes | None = None, content_type: str | None = None,
             accept: str | None = None) -> Response:
        """One request; an unreachable store or a lost answer raises :class:`RequestFailed` (an EndpointError)."""
        headers = {k: v for k, v in (("Content-Type", content_type), ("Accept", accept)) if v}
        return self.client.request(method, url, content=body, headers=headers)

    def put(self, graph: str, data: bytes) -> None:
        url = graph_url(self.endpoint, graph)
        response = self.send("PUT", url, data, "application/n-triples")
        if not response.ok:
            raise http_error("PUT", url, response)

    def delete(self, graphs: Sequence[str]) -> list[str]:
        """Delete ``graphs``; the ones that could not be deleted (the store is gone, say)."""
        left = []
        for graph in graphs:
            try:
                response = self.send("DELETE", graph_url(self.endpoint, graph))
                if not response.ok and response.status != 404:
                    left.append(graph)
            except EndpointError:
                left.append(graph)
        return left

    def graph_counts(self) -> dict[str, int]:
        """Every named graph the store holds and its size (needs the query endpoint)."""
        if not self.query_url:
            raise EndpointError("no query endpoint to ask the store what it holds (give --query-endpoint)")
        response = self.send("POST", self.query_url, f"query={quote(COUNTS_QUERY)}".encode(),
                             "application/x-www-form-urlencoded", "application/sparql-results+json")
        if not response.ok:
            raise http_error("POST", self.query_url, response)
        try:
            rows = json.loads(response.body)["results"]["bindings"]
            return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
        except (ValueError, KeyError, TypeError):
            raise EndpointError(f"{self.query_url} did not answer with SPARQL JSON results") from None

    def close(self) -> None:
        self.client.close()


def http_error(method: str, url: str, response: Response) -> EndpointError:
    """An HTTP error as one line: method, URL, status and the first line of the body."""
    hint = response.first_line()
    return EndpointError(f"{method} {url} answered {response.status} {response.reason}"
                         + (f": {hint}" if hint else ""))


def graph_payloads(store: ox.Store) -> list[tuple[str, bytes, int]]:
    """Each named graph of ``store`` as sorted N-Triples: (graph IRI, bytes, triple count)."""
    import pyoxigraph as ox

    from hkgov_graph.graph.build import sorted_lines

    out = []
    for graph in sorted(store.named_graphs(), key=str):
        if not isinstance(graph, ox.NamedNode):
            continue
        data = sorted_lines(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph))
        out.append((graph.value, data, data.count(b"\n")))
    return out


def push(store: ox.Store, endpoint: str, update_endpoint: str | None = None, auth: Auth | None = None,
         timeout: float = 60.0, use_update: bool = True, progress: Callable[[str], None] | None = None,
         query_endpoint: str | None = None) -> PushResult:
    """Replace the store's named graphs at ``endpoint`` (a Graph Store Protocol URL) with ``store``'s."""
    say = progress or (lambda _message: None)
    payloads = graph_payloads(store)
    if not payloads:
        raise UsageError("there is nothing to push (no named graphs)")
    target = Store(endpoint, (update_endpoint or guess_update_endpoint(endpoint)) if use_update else None,
                   query_endpoint or guess_query_endpoint(endpoint), auth, timeout)
    result = PushResult(endpoint, [(g, n) for g, _, n in payloads])
    try:
        _clean(target, result, say)
        staged = _stage(target, payloads, say)
        if target.update_url and _swap(target, staged, payloads, result, say):
            return result
        _graph_by_graph(target, staged, payloads, result, say)
        return result
    finally:
        target.close()


def _clean(target: Store, result: PushResult, say: Callable[[str], None]) -> None:
    """Phase 0: delete staging graphs an earlier push left behind."""
    if not target.query_url:
        return
    try:
        leftovers = sorted(g for g in target.graph_counts() if g.startswith(STAGING_PREFIX))
    except RequestFailed:
        raise
    except EndpointError as error:  # a store without a query endpoint: nothing to find this way
        result.notes.append(f"could not look for staging graphs left by an earlier push ({error})")
        return
    if leftovers:
        left = target.delete(leftovers)
        note = f"removed {len(leftovers) - len(left)} staging graphs left by an earlier push"
        result.notes.append(note + (f" ({len(left)} could not be removed)" if left else ""))
        say(note)


def _stage(target: Store, payloads: list[tuple[str, bytes, int]],
           say: Callable[[str], None]) -> list[tuple[str, str]]:
    """Phase 1: every graph to a staging graph; on failure, the staging graphs are deleted again."""
    token = uuid.uuid4().hex
    staged: list[tuple[str, str]] = []  # (staging graph, live graph)
    try:
        for number, (graph, data, count) in enumerate(payloads):
            staging = f"{STAGING_PREFIX}{token}:{number}"
            staged.append((staging, graph))  # before the PUT: a PUT whose answer is lost may have landed
            target.put(staging, data)
            say(f"staged {graph} ({count} triples)")
    except BaseException as error:
        left = target.delete([s for s, _ in staged])
        if left and isinstance(error, EndpointError):
            raise EndpointError(f"{error} (the live graphs are unchanged; {len(left)} staging graphs could not be "
                                "removed now and will be by the next push)") from None
        raise
    return staged


def _swap(target: Store, staged: list[tuple[str, str]], payloads: list[tuple[str, bytes, int]],
          result: PushResult, say: Callable[[str], None]) -> bool:
    """Phase 2: one update request moves every staging graph in. False: the store has no update endpoint."""
    url = target.update_url
    assert url is not None
    request = " ;\n".join(f"MOVE SILENT GRAPH <{s}> TO GRAPH <{g}>" for s, g in staged) + "\n"
    try:
        response = target.send("POST", url, request.encode(), "application/sparql-update")
    except RequestFailed as error:
        if not error.sent:
            left = target.delete([s for s, _ in staged])
            raise EndpointError(f"{error} (the swap was not sent: the live graphs are unchanged"
                                + (f"; {len(left)} staging graphs will be removed by the next push)" if left else ")")
                                ) from None
        _settle_unknown(target, staged, payloads, result, error)
        say(result.strategy)
        return True
    if response.ok:
        result.strategy = f"staged with PUT, swapped atomically with one SPARQL Update request to {url}"
        say(result.strategy)
        return True
    if response.status in NO_UPDATE_STATUSES:
        say(f"{url} answered {response.status}; replacing graph by graph instead")
        return False
    left = target.delete([s for s, _ in staged])
    raise EndpointError(f"{http_error('POST', url, response)} (the live graphs are unchanged"
                        + (f"; {len(left)} staging graphs will be removed by the next push)" if left else ")"))


def _settle_unknown(target: Store, staged: list[tuple[str, str]], payloads: list[tuple[str, bytes, int]],
                    result: PushResult, lost: RequestFailed) -> None:
    """The swap was sent but its answer lost: ask the store what it holds, and say so (or raise)."""
    expected = {graph: count for graph, _, count in payloads}
    try:
        counts = target.graph_counts()
    except EndpointError as error:
        raise EndpointError(f"the swap's answer was lost ({lost.reason}) and the store cannot be asked what it "
                            f"holds ({error}); on a transactional store it holds all the old graphs or all the new "
                            "ones; push again: the next push removes any staging graphs left") from None
    waiting = [s for s, _ in staged if s in counts]
    new = [g for g, n in expected.items() if counts.get(g) == n]
    if not waiting and len(new) == len(expected):
        result.strategy = ("staged with PUT, swapped with one SPARQL Update request whose answer was lost; the store "
                           "was asked and holds every new graph")
        result.notes.append(f"the swap's answer was lost ({lost.reason}); the store holds the new graphs")
        return
    if len(waiting) == len(staged):
        left = target.delete(waiting)
        raise EndpointError(f"the swap's answer was lost ({lost.reason}); the store was asked: the swap was not "
                            "applied, the live graphs are the old ones"
                            + (f" ({len(left)} staging graphs will be removed by the next push)" if left else
                               " (staging graphs removed)"))
    raise EndpointError(f"the swap's answer was lost ({lost.reason}); the store was asked: {len(new)} of "
                        f"{len(expected)} graphs have the new size and {len(waiting)} staging graphs remain; "
                        "push again to replace them all")


def _graph_by_graph(target: Store, staged: list[tuple[str, str]], payloads: list[tuple[str, bytes, int]],
                    result: PushResult, say: Callable[[str], None]) -> None:
    """The fallback: one PUT per live graph, then the staging graphs deleted."""
    done: list[str] = []
    try:
        for graph, data, _ in payloads:
            target.put(graph, data)
            done.append(graph)
    except EndpointError as error:
        target.delete([s for s, _ in staged])
        left = len(payloads) - len(done)
        raise EndpointError(f"{error} (graph-by-graph replacement stopped: {len(done)} graphs replaced, "
                            f"{left} still old)") from None
    left = target.delete([s for s, _ in staged])
    result.strategy = "staged with PUT, then replaced graph by graph with PUT (each graph atomic, not the whole set)"
    if left:
        result.notes.append(f"{len(left)} staging graphs could not be removed; the next push removes them")
    say(result.strategy)

"""``hkgov-graph push``: put the graphs into a triple store over the SPARQL 1.1
Graph Store HTTP Protocol, replacing what was there.

The Graph Store Protocol has no transactions, so the upload runs in two
phases:

1. **Stage.** Every graph (one per source document, the editorial graphs,
   the inferred graph, the ontology) is ``PUT`` to a fresh staging graph
   ``urn:x-hkgov-graph:staging:<token>:<n>``. The live graphs are not
   touched; if any upload fails, the staging graphs are deleted and the store
   is as it was.
2. **Swap.** One SPARQL Update request ``MOVE SILENT GRAPH <staging> TO
   GRAPH <live> ; …`` replaces every live graph at once. Oxigraph (and other
   stores that run an update request in one transaction, such as Fuseki/TDB2
   and GraphDB) applies it atomically: readers see the old graphs or the new
   ones, never a mix. The update endpoint is ``--update-endpoint``, or guessed
   from the Graph Store endpoint (``…/store`` → ``…/update`` on Oxigraph,
   ``…/data`` → ``…/update`` on Fuseki).

When the store has no update endpoint (404, 405, 501, or refused for the
credentials given), the swap falls back to one ``PUT`` per live graph:
each graph is replaced atomically, but a failure halfway leaves some graphs
new and some old; the error says which. ``--no-update`` chooses this mode.
"""

from __future__ import annotations

import base64
import contextlib
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

from hkgov_graph.errors import EndpointError, UsageError

if TYPE_CHECKING:
    import pyoxigraph as ox

STAGING_PREFIX = "urn:x-hkgov-graph:staging:"
NO_UPDATE_STATUSES = {403, 404, 405, 501}


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
    """What was uploaded and how the live graphs were replaced."""

    endpoint: str
    graphs: list[tuple[str, int]] = field(default_factory=list)
    strategy: str = ""


def graph_url(endpoint: str, graph: str) -> str:
    """``ENDPOINT?graph=IRI`` (joined with ``&`` when the endpoint already has a query)."""
    separator = "&" if urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}graph={quote(graph, safe='')}"


def guess_update_endpoint(endpoint: str) -> str | None:
    """The SPARQL Update endpoint next to a Graph Store endpoint, for Oxigraph and Fuseki layouts."""
    parts = urlsplit(endpoint)
    for tail in ("/store", "/data"):
        if parts.path.endswith(tail):
            return urlunsplit(parts._replace(path=parts.path[: -len(tail)] + "/update", query=""))
    return None


class Client:
    """A few HTTP requests with the credentials and one-line errors."""

    def __init__(self, auth: Auth | None = None, timeout: float = 60.0) -> None:
        self.auth = auth or Auth()
        self.timeout = timeout

    def request(self, method: str, url: str, body: bytes | None = None,
                content_type: str | None = None) -> int:
        """Send one request; return the status, raise :class:`urllib.error.HTTPError` or :class:`EndpointError`."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"the endpoint must be an http(s) URL, not {url!r}")
        request = urllib.request.Request(url, data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        header = self.auth.header()
        if header:
            request.add_header("Authorization", header)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError:
            raise
        except urllib.error.URLError as error:
            raise EndpointError(f"cannot reach {url}: {_reason(error.reason)}") from None
        except TimeoutError:
            raise EndpointError(f"{url} did not answer within {self.timeout:g} s") from None
        except OSError as error:
            raise EndpointError(f"cannot reach {url}: {_reason(error)}") from None


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason)


def http_error(method: str, url: str, error: urllib.error.HTTPError) -> EndpointError:
    """An HTTP error as one line: method, URL, status and the first line of the body."""
    try:
        detail = error.read(2000).decode("utf-8", "replace").strip().splitlines()
    except Exception:  # the body is only a hint
        detail = []
    hint = f": {detail[0][:200]}" if detail else ""
    return EndpointError(f"{method} {url} answered {error.code} {error.reason}{hint}")


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
         timeout: float = 60.0, use_update: bool = True,
         progress: Callable[[str], None] | None = None) -> PushResult:
    """Replace the store's named graphs at ``endpoint`` (a Graph Store Protocol URL) with ``store``'s."""
    say = progress or (lambda _message: None)
    client = Client(auth, timeout)
    payloads = graph_payloads(store)
    if not payloads:
        raise UsageError("there is nothing to push (no named graphs)")
    token = uuid.uuid4().hex
    staged: list[tuple[str, str]] = []  # (staging graph, live graph)
    result = PushResult(endpoint, [(g, n) for g, _, n in payloads])

    # 1. stage
    try:
        for number, (graph, data, count) in enumerate(payloads):
            staging = f"{STAGING_PREFIX}{token}:{number}"
            _put(client, endpoint, staging, data)
            staged.append((staging, graph))
            say(f"staged {graph} ({count} triples)")
    except BaseException:
        _delete_quietly(client, endpoint, [s for s, _ in staged])
        raise

    # 2. swap
    update_url = (update_endpoint or guess_update_endpoint(endpoint)) if use_update else None
    if update_url:
        request = " ;\n".join(f"MOVE SILENT GRAPH <{s}> TO GRAPH <{g}>" for s, g in staged) + "\n"
        try:
            client.request("POST", update_url, request.encode(), "application/sparql-update")
            result.strategy = f"staged with PUT, swapped atomically with one SPARQL Update request to {update_url}"
            say(result.strategy)
            return result
        except urllib.error.HTTPError as error:
            if error.code not in NO_UPDATE_STATUSES:
                _delete_quietly(client, endpoint, [s for s, _ in staged])
                raise http_error("POST", update_url, error) from None
            say(f"{update_url} answered {error.code}; replacing graph by graph instead")
        except EndpointError:
            say(f"cannot reach {update_url}; replacing graph by graph instead")

    done: list[str] = []
    try:
        for graph, data, _ in payloads:
            _put(client, endpoint, graph, data)
            done.append(graph)
    except EndpointError as error:
        _delete_quietly(client, endpoint, [s for s, _ in staged])
        left = len(payloads) - len(done)
        raise EndpointError(f"{error} (graph-by-graph replacement stopped: {len(done)} graphs replaced, "
                            f"{left} still old)") from None
    _delete_quietly(client, endpoint, [s for s, _ in staged])
    result.strategy = "staged with PUT, then replaced graph by graph with PUT (each graph atomic, not the whole set)"
    say(result.strategy)
    return result


def _put(client: Client, endpoint: str, graph: str, data: bytes) -> None:
    url = graph_url(endpoint, graph)
    try:
        client.request("PUT", url, data, "application/n-triples")
    except urllib.error.HTTPError as error:
        raise http_error("PUT", url, error) from None


def _delete_quietly(client: Client, endpoint: str, graphs: Sequence[str]) -> None:
    """Remove staging graphs; errors are ignored (the push already failed or succeeded)."""
    for graph in graphs:
        with contextlib.suppress(urllib.error.HTTPError, EndpointError, UsageError):
            client.request("DELETE", graph_url(endpoint, graph))

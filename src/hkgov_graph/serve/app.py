"""The ASGI application (Starlette): routes, and the headers every answer carries.

* ``/sparql``: the SPARQL 1.1 Protocol's query operation (:mod:`.protocol`),
  run by the query pool (:mod:`.pool`); without a query, the site's query
  page (:mod:`.querypage`), or a plain form where the site has none, or for
  an RDF client the endpoint's service description (:mod:`.description`).
* Any other path: a file of the site, a folder's ``index.html``, or a
  resource IRI (``/id/office/bjo``, ``/ontology``, ``/dataset``,
  ``/graph/<name>``, ``/.well-known/void``) answering ``303 See Other`` to the
  representation the ``Accept`` header prefers (W3C "Cool URIs for the
  Semantic Web"), with ``Vary: Accept``; 406 when it accepts none.
* ``/reconcile``: the W3C Reconciliation Service API (:mod:`.reconcile`).
* Every answer allows any origin (CORS) and says ``nosniff``; HTML pages get a
  strict Content-Security-Policy. Only GET, HEAD, POST (``/sparql``) and
  OPTIONS are allowed.

The app holds no store: queries run in the pool's worker processes, so the
server's own memory stays flat whatever is asked.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from hkgov_graph.serve.config import ServerConfig
from hkgov_graph.serve.description import PAGE, description_reply, without_query
from hkgov_graph.serve.execute import QueryJob, Reply, text_reply
from hkgov_graph.serve.form import query_form_page
from hkgov_graph.serve.negotiation import negotiate
from hkgov_graph.serve.pages import RESOURCE_OFFERS, Pages
from hkgov_graph.serve.protocol import ShowForm, query_operation
from hkgov_graph.serve.querypage.route import query_page
from hkgov_graph.serve.reconcile import Reconciler

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

ALLOWED = "GET, HEAD, POST, OPTIONS"
CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
WELL_KNOWN_VOID = "/.well-known/void"


class QueryRunner:
    """What the app needs from the pool (a test may give a stand-in)."""

    timeout: float
    max_bytes: int

    async def run(self, job: QueryJob) -> Reply:  # pragma: no cover - an interface
        raise NotImplementedError


def send_reply(reply: Reply, vary: bool = False) -> Response:
    headers = dict(reply.headers)
    if vary:
        headers["Vary"] = "Accept"
    return Response(reply.body, reply.status, headers, media_type=reply.content_type)


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing to hold more than ``limit`` bytes."""
    parts, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        parts.append(chunk)
    return b"".join(parts)


def closing(status: int, message: str) -> Response:
    """An error after which the connection is closed (the rest of the body is not read)."""
    return send_reply(text_reply(status, message, (("Connection", "close"),)))


def make_app(config: ServerConfig, pages: Pages, runner: QueryRunner | None, base_iri: str | None = None,
             reconciler: Reconciler | None = None) -> ASGIApp:
    """The application for ``pages`` and ``runner`` (None: the endpoint answers 503), with the reconciliation
    service at ``/reconcile`` when a ``reconciler`` is given."""

    async def sparql(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight()
        body = b""
        if request.method == "POST":
            length = request.headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > config.max_request_bytes):
                return closing(413, f"the request is larger than {config.max_request_bytes} bytes")
            try:
                body = await asyncio.wait_for(read_body(request, config.max_request_bytes), config.request_timeout)
            except BodyTooLarge:
                return closing(413, f"the request is larger than {config.max_request_bytes} bytes")
            except TimeoutError:
                return closing(408, f"the request body did not arrive within {config.request_timeout:g} s")
        operation = query_operation(request.method, request.scope.get("query_string", b"").decode("latin-1"),
                                    request.headers.get("content-type"), body, request.headers.get("accept"),
                                    base_iri or f"{request.base_url}sparql")  # the protocol allows either
        if isinstance(operation, Reply):
            return send_reply(operation)
        if isinstance(operation, ShowForm):
            wanted = without_query(request.headers.get("accept"))
            if isinstance(wanted, Reply):
                return send_reply(wanted, vary=True)
            if wanted is not PAGE:  # an RDF client: the SPARQL 1.1 Service Description
                dataset = f"{base_iri}dataset" if base_iri else None
                return send_reply(description_reply(wanted, f"{request.base_url}sparql", dataset,
                                                    config.allow_service), vary=True)
            shown = query_page(pages)  # the published query page; it says so itself when the endpoint is down
            if shown is not None:
                return shown
            if runner is None:
                return send_reply(text_reply(503, "the SPARQL endpoint is not running"))
            page = query_form_page(runner.timeout, runner.max_bytes)
            return Response(page, 200, {"Vary": "Accept"}, media_type="text/html; charset=utf-8")
        if len(operation.query.encode()) > config.max_request_bytes:
            return send_reply(text_reply(413, f"the query is larger than {config.max_request_bytes} bytes"))
        if runner is None:
            return send_reply(text_reply(503, "the SPARQL endpoint is not running"))
        return send_reply(await runner.run(operation), vary=True)

    async def site(request: Request) -> Response:
        if request.method == "OPTIONS":
            return preflight()
        raw_path = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
        if raw_path == WELL_KNOWN_VOID:  # RFC 8615 / VoID: the dataset description
            return see_other(request, "/dataset")
        page = pages.page(raw_path)
        if page is not None:
            if page.path is not None:
                return FileResponse(page.path, media_type=page.media_type)
            return Response(page.body, 200, media_type=page.media_type)
        if pages.is_folder(raw_path):
            return PlainTextResponse("moved\n", 301, {"Location": raw_path + "/"})
        if pages.is_resource(raw_path):
            return see_other(request, raw_path)
        return PlainTextResponse("not found\n", 404)

    def see_other(request: Request, stem: str) -> Response:
        """303 from a resource IRI to the representation the client prefers."""
        choice = negotiate(request.headers.get("accept"), RESOURCE_OFFERS)
        if choice is None:
            available = ", ".join(f"{stem}.{offer.key} ({offer.media_type})" for offer in RESOURCE_OFFERS)
            return send_reply(text_reply(406, f"not acceptable; available: {available}"), vary=True)
        location = f"{stem}.{choice.offer.key}"
        return PlainTextResponse(f"see {location}\n", 303, {
            "Location": location, "Vary": "Accept",
            "Link": f'<{location}>; rel="alternate"; type="{choice.media_type}"'})

    def preflight() -> Response:
        return Response(b"", 204, {"Allow": ALLOWED, "Access-Control-Allow-Methods": ALLOWED,
                                   "Access-Control-Allow-Headers": "Accept, Content-Type",
                                   "Access-Control-Max-Age": "86400"})

    routes = [Route("/sparql", sparql, methods=["GET", "HEAD", "POST", "OPTIONS"])]
    if reconciler is not None:
        routes += [Route(path, reconciler.handle, methods=["GET", "HEAD", "POST", "OPTIONS"])
                   for path in ("/reconcile", "/reconcile/{rest:path}")]
    routes.append(Route("/{path:path}", site, methods=["GET", "HEAD", "OPTIONS"]))
    return common_headers(Starlette(routes=routes))


def common_headers(app: ASGIApp) -> ASGIApp:
    """ASGI middleware: CORS, ``nosniff``, and a Content-Security-Policy on HTML, on every answer."""

    async def wrapped(scope: Scope, receive: Callable[[], Awaitable[Message]],
                      send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"access-control-allow-origin", b"*"))
                headers.append((b"x-content-type-options", b"nosniff"))
                content_type = next((v for k, v in headers if k == b"content-type"), b"")
                has_csp = any(k == b"content-security-policy" for k, _ in headers)  # the preview sets its own
                if content_type.startswith(b"text/html") and not has_csp:
                    headers.append((b"content-security-policy", CSP.encode()))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped

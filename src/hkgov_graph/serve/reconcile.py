"""``/reconcile``: the W3C Reconciliation Service API (v0.2) over HTTP, for OpenRefine and other clients.

The protocol itself is :mod:`hkgov_graph.reconcile.service`; this module
moves requests to it and answers back:

* ``GET`` or ``POST`` (``application/x-www-form-urlencoded``) on
  ``/reconcile``: ``queries=`` (a batch), ``extend=`` (data extension), or
  nothing (the manifest);
* ``GET /reconcile/suggest/entity|property|type?prefix=&cursor=``,
  ``/reconcile/properties?type=&limit=`` (properties to propose),
  ``/reconcile/preview?id=`` (an HTML page for a small frame),
  ``/reconcile/view?id=`` (303 to the entity's page);
* the same under ``/reconcile/en``, ``/reconcile/zh-Hant`` and
  ``/reconcile/zh-Hans`` for names in that language.

Every answer allows any origin (CORS, added by the app's middleware for
every path; ``OPTIONS`` answers preflights). A ``callback`` parameter turns a
JSON answer into JSONP, ``/**/callback(...);`` as
``application/javascript``; the callback must be a JavaScript identifier
(dotted names allowed), anything else is refused, so no request can make
the server write script of its choosing. The preview may be framed by any
site (OpenRefine shows it in an ``<iframe>``); every other page keeps the
app's ``frame-ancestors 'none'``.

The catalogue is read on the first request, in a worker thread, from the
site's dump (about a second) or, with ``serve --on-demand``, from the model
the pages are made from, and kept: matching runs in this process, not in the
query workers, because it runs no SPARQL a client could make expensive: a
batch is at most 100 queries with 500 different property values, a name
longer than 300 characters is only looked up whole, a data extension is at
most 1000 ids by 50 properties, and requests are bounded by the server's
size and time limits.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from hkgov_graph import i18n
from hkgov_graph.reconcile.service import Service, ServiceError, Urls, parse_json

if TYPE_CHECKING:
    from hkgov_graph.publish.model import SiteModel

ALLOWED = "GET, HEAD, POST, OPTIONS"
JSON_TYPE = "application/json; charset=utf-8"
JSONP_TYPE = "application/javascript; charset=utf-8"
_IDENTIFIER = r"[A-Za-z_$][A-Za-z0-9_$]*"
CALLBACK = re.compile(rf"{_IDENTIFIER}(?:\.{_IDENTIFIER})*")
MAX_CALLBACK = 128
PREVIEW_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *"
ENDPOINTS = ("", "suggest/entity", "suggest/property", "suggest/type", "properties", "preview", "preview.css", "view")


class Reconciler:
    """The ``/reconcile`` endpoint over the graph ``load_model`` gives; the model is asked for once, on the first
    request, and its catalogue kept."""

    def __init__(self, load_model: Callable[[], SiteModel], max_request_bytes: int = 1024 * 1024,
                 request_timeout: float = 10.0) -> None:
        self.load_model = load_model
        self.max_request_bytes = max_request_bytes
        self.request_timeout = request_timeout
        self._service: Service | None = None
        self._lock = threading.Lock()

    @classmethod
    def of_dump(cls, dump: Path, base: str | None, max_request_bytes: int = 1024 * 1024,
                request_timeout: float = 10.0) -> Reconciler:
        """The endpoint for a published site's N-Quads dump (its IRIs under ``base``)."""

        def load() -> SiteModel:
            import pyoxigraph as ox

            from hkgov_graph import namespaces as ns
            from hkgov_graph.publish.model import SiteModel

            store = ox.Store()
            store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
            return SiteModel.from_store(store, base or ns.DEFAULT_BASE)

        return cls(load, max_request_bytes, request_timeout)

    def service(self) -> Service:
        """The service, its catalogue read the first time (one thread reads it; the others wait)."""
        with self._lock:
            if self._service is None:
                from hkgov_graph.reconcile.catalogue import Catalogue

                self._service = Service(Catalogue(self.load_model()))
            return self._service

    async def handle(self, request: Request) -> Response:
        """Answer one request under ``/reconcile`` (the route passes the rest of the path, if any)."""
        lang, endpoint = split_path(request.path_params.get("rest", ""))
        if endpoint is None:
            return PlainTextResponse("not found\n", 404)
        if request.method == "OPTIONS":
            return Response(b"", 204, {"Allow": ALLOWED, "Access-Control-Allow-Methods": ALLOWED,
                                       "Access-Control-Allow-Headers": "Accept, Content-Type",
                                       "Access-Control-Max-Age": "86400"})
        if endpoint == "preview.css":
            from hkgov_graph.reconcile.preview import stylesheet

            return Response(stylesheet(), 200, {"Cache-Control": "max-age=3600"}, media_type="text/css; charset=utf-8")
        params = dict(parse_qsl(request.url.query, keep_blank_values=True))
        if request.method == "POST":
            if endpoint != "":
                return PlainTextResponse("POST only on the service itself; the others take GET\n", 405,
                                         {"Allow": "GET, HEAD, OPTIONS"})
            form = await self.read_form(request)
            if isinstance(form, Response):
                return form
            params.update(form)
        callback = params.get("callback")
        if callback is not None and (len(callback) > MAX_CALLBACK or not CALLBACK.fullmatch(callback)):
            return json_response({"error": "callback must be a JavaScript identifier (letters, digits, _ and $, "
                                           "dotted names allowed)"}, 400)
        service_url = str(request.base_url) + "reconcile" + (f"/{lang}" if lang else "")
        urls = Urls(service_url, str(request.base_url))
        try:
            answer = await run_in_threadpool(self.answer, endpoint, params, lang, urls)
        except ServiceError as error:
            return json_response({"error": error.message}, error.status, callback)
        if endpoint == "view":
            return PlainTextResponse(f"see {answer}\n", 303, {"Location": answer})
        if endpoint == "preview":
            return Response(answer, 200, {"Content-Security-Policy": PREVIEW_CSP},
                            media_type="text/html; charset=utf-8")
        return json_response(answer, 200, callback)

    def answer(self, endpoint: str, params: dict[str, str], lang: str | None, urls: Urls) -> Any:
        """The service's answer for ``endpoint`` (run in a worker thread: it may read the catalogue, then match)."""
        service = self.service()
        if endpoint == "":
            if "queries" in params:
                return service.reconcile(parse_json(params["queries"], "queries"), lang)
            if "extend" in params:
                return service.extend(parse_json(params["extend"], "extend"), lang)
            return service.manifest(urls, lang)
        if endpoint.startswith("suggest/"):
            prefix, cursor = params.get("prefix", ""), cursor_of(params.get("cursor"))
            kind = endpoint.split("/", 1)[1]
            if kind == "entity":
                return service.suggest_entity(prefix, cursor, lang, params.get("type") or None)
            return service.suggest_property(prefix, cursor, lang) if kind == "property" \
                else service.suggest_type(prefix, cursor, lang)
        if endpoint == "properties":
            return service.propose_properties(params.get("type"), params.get("limit"), lang)
        if endpoint == "view":
            return service.view(params.get("id"), urls)
        return service.preview(params.get("id"), lang, urls)

    async def read_form(self, request: Request) -> dict[str, str] | Response:
        """The fields of a form-encoded body, within the server's size and time limits."""
        from hkgov_graph.serve.app import BodyTooLarge, read_body

        media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_request_bytes):
            return closing(413, f"the request is larger than {self.max_request_bytes} bytes")
        try:
            body = await asyncio.wait_for(read_body(request, self.max_request_bytes), self.request_timeout)
        except BodyTooLarge:
            return closing(413, f"the request is larger than {self.max_request_bytes} bytes")
        except TimeoutError:
            return closing(408, f"the request body did not arrive within {self.request_timeout:g} s")
        if not body:
            return {}
        if media != "application/x-www-form-urlencoded":
            return json_response({"error": "send the form as application/x-www-form-urlencoded "
                                           "(queries=..., extend=...)"}, 415)
        try:
            return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False))
        except UnicodeDecodeError:
            return json_response({"error": "the form is not UTF-8 text"}, 400)


def split_path(rest: str) -> tuple[str | None, str | None]:
    """``zh-Hant/suggest/entity`` → (``zh-Hant``, ``suggest/entity``); (None, None) when the path is none of ours."""
    parts = [p for p in rest.split("/") if p]
    lang = None
    if parts:
        try:
            lang = i18n.language(parts[0])  # zh-TW as zh-Hant, as everywhere a language is taken
        except ValueError:
            lang = None
        if lang is not None:
            parts = parts[1:]
    endpoint = "/".join(parts)
    return (lang, endpoint) if endpoint in ENDPOINTS else (None, None)


def cursor_of(value: str | None) -> int:
    if value in (None, ""):
        return 0
    if not value.isdigit() or not value.isascii():
        raise ServiceError(400, f"cursor must be a whole number, not {value!r}")
    return int(value)


def json_response(value: Any, status: int = 200, callback: str | None = None) -> Response:
    """JSON, or JSONP when a (validated) callback is given."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if callback is None:
        return Response(text.encode(), status, media_type=JSON_TYPE)
    # U+2028 and U+2029 end a line in older JavaScript: escaped, the JSON stays one valid expression
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Response(f"/**/{callback}({text});".encode(), status, media_type=JSONP_TYPE)


def closing(status: int, message: str) -> Response:
    """An error after which the connection is closed (the rest of the body is not read)."""
    return Response(json.dumps({"error": message}).encode(), status, {"Connection": "close"}, media_type=JSON_TYPE)

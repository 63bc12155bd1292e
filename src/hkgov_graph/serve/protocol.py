"""The SPARQL 1.1 Protocol's query operation: from an HTTP request to a :class:`QueryJob`.

Three ways to send a query (section 2.1): GET with ``query=``, POST
form-encoded, POST ``application/sparql-query`` (UTF-8, the query as the
body). ``default-graph-uri`` and ``named-graph-uri`` may be repeated; when
either is given, the two together are the dataset. Updates, however they are
sent, are refused with 403: the endpoint is read-only. Everything else that
is not one well-formed query operation is a 4xx with a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from hkgov_graph.serve.execute import (
    GRAPH_OFFERS,
    READ_ONLY,
    RESULT_OFFERS,
    QueryJob,
    Reply,
    format_words,
    text_reply,
)
from hkgov_graph.serve.negotiation import format_names, names

FORMAT_PARAMETERS = ("format", "output", "results")
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class ShowForm:
    """No query was given: show the HTML form."""


def parse_params(text: str) -> dict[str, list[str]] | Reply:
    """URL-encoded parameters (a query string or a form body), or a 400 when they are not UTF-8."""
    try:
        return parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        return text_reply(400, "the parameters are not UTF-8 text")


def _media(content_type: str | None) -> tuple[str, str | None]:
    """The essence of a Content-Type and its charset parameter, lower case."""
    if not content_type:
        return "", None
    media, *params = (p.strip() for p in content_type.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.lower(), charset


def requested_formats(params: dict[str, list[str]]) -> tuple[str, ...] | Reply:
    """The non-empty ``format=`` (``output=``, ``results=``) values, or a 400 when one names no format this
    endpoint knows (it would otherwise be ignored in silence, the answer coming in whatever ``Accept`` chose).

    An empty value (a form's blank field) asks for nothing. Whether the format suits the query's kind of
    result (csv for a CONSTRUCT) is known only once the query runs (:mod:`.execute`: 406).
    """
    found = []
    for name in FORMAT_PARAMETERS:
        for value in params.get(name, []):
            asked = format_names(value)
            if not asked:
                continue
            if not any(names(offer, n) for n in asked for offer in (*RESULT_OFFERS, *GRAPH_OFFERS)):
                shown = repr(value if len(value) <= 60 else value[:60] + "…")
                return text_reply(400, f"unknown {name}={shown}: SELECT and ASK results come as "
                                       f"{format_words(RESULT_OFFERS)}; CONSTRUCT and DESCRIBE results as "
                                       f"{format_words(GRAPH_OFFERS)} (or name a media type, e.g. text/turtle)")
            found.append(value)
    return tuple(found)


def query_operation(method: str, query_string: str, content_type: str | None, body: bytes,
                    accept: str | None, base_iri: str | None = None) -> QueryJob | Reply | ShowForm:
    """The query a request asks for, a reply refusing it, or :class:`ShowForm`."""
    params = parse_params(query_string)
    if isinstance(params, Reply):
        return params
    if "update" in params:
        return text_reply(403, READ_ONLY)
    if method == "POST":
        media, charset = _media(content_type)
        if media == UPDATE:
            return text_reply(403, READ_ONLY)
        if charset not in (None, "utf-8", "utf8"):
            return text_reply(415, f"the request must be UTF-8, not {charset}")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return text_reply(400, "the request body is not UTF-8")
        if media == FORM:
            form = parse_params(text)
            if isinstance(form, Reply):
                return form
            if "update" in form:
                return text_reply(403, READ_ONLY)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == QUERY:
            if "query" in params:
                return text_reply(400, "give the query either as the body or as query=, not both")
            params["query"] = [text]
        else:
            return text_reply(415, f"send the query as {QUERY} or {FORM}, not {media or 'without a Content-Type'}")
        if "query" not in params:
            return text_reply(400, "no query given")
    elif "query" not in params:
        return ShowForm()
    queries = params["query"]
    if len(queries) != 1 or not queries[0].strip():
        return text_reply(400, "give exactly one non-empty query")
    formats = requested_formats(params)
    if isinstance(formats, Reply):
        return formats
    default, named = params.get("default-graph-uri"), params.get("named-graph-uri")
    if default is None and named is None:  # no protocol dataset: the union default graph, every named graph
        return QueryJob(queries[0], accept, formats, None, None, base_iri)
    return QueryJob(queries[0], accept, formats, tuple(default or ()), tuple(named or ()), base_iri)

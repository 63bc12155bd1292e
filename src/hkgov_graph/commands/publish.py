"""``hkgov-graph publish``, ``serve`` and ``push``: the graph as linked data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hkgov_graph.commands import arguments


def register(subparsers: argparse._SubParsersAction) -> None:
    publish = subparsers.add_parser(
        "publish", help="write the linked-data site: a page per resource, RDF files, dumps, VoID",
        description="Write a static site: a page per resource at the path of its IRI (with .ttl, .jsonld and .nt "
                    "next to it), an index by kind, the ontology's documentation, dataset dumps (plain and gzip), a "
                    "VoID/DCAT description, robots.txt and sitemap.xml. Two runs give the same bytes; the previous "
                    "site is replaced only once the new one is complete.")
    publish.add_argument("-o", "--output-dir", type=Path, default=Path("site"), help="output folder (default: site)")
    _add_source_args(publish)
    publish.set_defaults(handler=run_publish)

    serve = subparsers.add_parser(
        "serve", help="serve the site with content negotiation and a read-only SPARQL endpoint",
        description="Serve a published site: resource IRIs answer 303 See Other to HTML, Turtle, JSON-LD or "
                    "N-Triples by the Accept header; /sparql is a read-only SPARQL 1.1 endpoint over every named "
                    "graph (default graph: their union). When the site folder does not exist it is published first.")
    serve.add_argument("--site", type=Path, default=Path("site"), help="the published site (default: site)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=arguments.port_or_zero, default=8000,
                       help="port, 1-65535 (default: 8000; 0 picks a free one)")
    serve.add_argument("--timeout", type=arguments.timeout, default=10.0,
                       help="seconds a query may run before it is stopped (default: 10)")
    serve.add_argument("--max-result-bytes", type=arguments.positive_count, default=16 * 1024 * 1024,
                       help="largest serialised query result (default: 16 MiB)")
    serve.add_argument("--workers", type=arguments.positive_count, default=2,
                       help="query worker processes (default: 2)")
    serve.add_argument("--allow-service", action="store_true",
                       help="let queries call SERVICE, which makes the server connect wherever a query says "
                            "(default: refused with 400)")
    serve.add_argument("--request-timeout", type=arguments.timeout, default=10.0, metavar="SECONDS",
                       help="time a client has to send a request, headers and body (default: 10)")
    serve.add_argument("--keep-alive", type=arguments.timeout, default=5.0, metavar="SECONDS",
                       help="close a connection idle this long between requests (default: 5)")
    serve.add_argument("--max-connections", type=arguments.positive_count, default=4096,
                       help="open connections at most; past it, requests get 503 (default: 4096)")
    serve.add_argument("--backlog", type=arguments.positive_count, default=2048,
                       help="connections the kernel queues before they are accepted (default: 2048)")
    serve.add_argument("--quiet", action="store_true", help="do not log each request")
    serve.add_argument("--on-demand", action="store_true",
                       help="serve the build (--input, default build/hkgov-graph.nq) without publishing it: each "
                            "page is rendered when asked, with the bytes publish would write")
    _add_source_args(serve)
    serve.set_defaults(handler=run_serve)

    push = subparsers.add_parser(
        "push", help="upload the named graphs to a triple store (SPARQL 1.1 Graph Store Protocol)",
        description="PUT every named graph (one per source document, editorial, inferred, ontology) to the store, "
                    "replacing what was there: all graphs are first uploaded to staging graphs, then swapped in "
                    "with one SPARQL Update request (atomic on Oxigraph), or graph by graph when the store has no "
                    "update endpoint.")
    push.add_argument("--endpoint", required=True,
                      help="the Graph Store Protocol URL, e.g. http://localhost:7878/store (Oxigraph)")
    push.add_argument("--update-endpoint", default=None,
                      help="the SPARQL Update URL for the atomic swap (default: guessed, …/store → …/update)")
    push.add_argument("--query-endpoint", default=None,
                      help="the SPARQL query URL, to find staging graphs left by an earlier push and to ask the "
                           "store what it holds when an answer is lost (default: guessed, …/store → …/query)")
    push.add_argument("--no-update", action="store_true", help="never use SPARQL Update; replace graph by graph")
    push.add_argument("--user", default=None, help="user name for HTTP basic authentication")
    push.add_argument("--password", default=None, help="password for HTTP basic authentication")
    push.add_argument("--token", default=None, help="bearer token")
    push.add_argument("--timeout", type=arguments.timeout, default=60.0,
                      help="seconds each request may take in all, answer included (default: 60)")
    _add_source_args(push)
    push.set_defaults(handler=run_push)


def _add_source_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base", default=None,
                        help="publish every IRI under this base instead of https://w3id.org/hkgov-graph/")
    parser.add_argument("--input", type=Path, default=None,
                        help="an N-Quads dump written by `hkgov-graph build` (default: build in memory)")
    parser.add_argument("--data", type=Path, default=None, help="folder of data files (default: the packaged data/)")
    parser.add_argument("--ontology", type=Path, default=None,
                        help="folder of ontology and shapes (default: the packaged ontology/)")


def run_publish(args: argparse.Namespace) -> int:
    from hkgov_graph.publish.site import publish

    result = publish(args.output_dir, args.base, args.input, args.data, args.ontology)
    print(f"Published {result.output_dir} under {result.base}: {result.pages} pages, {result.files} files, "
          f"{result.triples} triples.")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from hkgov_graph.serve.config import ServerConfig
    from hkgov_graph.serve.run import serve

    config = ServerConfig(  # checked before anything is published or started
        args.site, host=args.host, port=args.port, timeout=args.timeout, max_result_bytes=args.max_result_bytes,
        workers=args.workers, allow_service=args.allow_service, request_timeout=args.request_timeout,
        keep_alive=args.keep_alive, max_connections=args.max_connections, backlog=args.backlog, quiet=args.quiet)
    if args.on_demand:
        from hkgov_graph import namespaces as ns
        from hkgov_graph.errors import UsageError
        from hkgov_graph.graph.freshness import default_nquads
        from hkgov_graph.publish.site import normalise_base

        dump = args.input or default_nquads()
        if not dump.is_file():
            raise UsageError(f"{dump} not found: run `hkgov-graph build` first, or give --input DUMP")
        if normalise_base(args.base) != ns.DEFAULT_BASE:
            raise UsageError("--on-demand serves the dump's own IRIs; for --base, publish the site first")
        serve(config, on_demand=dump)
        return 0
    if not args.site.exists():
        from hkgov_graph.publish.site import publish

        result = publish(args.site, args.base, args.input, args.data, args.ontology)
        print(f"Published {result.output_dir} under {result.base}.", flush=True)
    serve(config)
    return 0


def run_push(args: argparse.Namespace) -> int:
    from hkgov_graph.publish.push import Auth, push
    from hkgov_graph.publish.site import load_published_store

    auth = Auth(args.user, args.password, args.token)
    store = load_published_store(args.base, args.input, args.data, args.ontology)
    result = push(store, args.endpoint, args.update_endpoint, auth, args.timeout, not args.no_update,
                  query_endpoint=args.query_endpoint)
    for note in result.notes:
        print(f"hkgov-graph: note: {note}", file=sys.stderr)
    total = sum(n for _, n in result.graphs)
    print(f"Pushed {len(result.graphs)} graphs ({total} triples) to {result.endpoint}: {result.strategy}.")
    return 0

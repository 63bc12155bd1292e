"""``hkgov-graph export`` (a view of the graph in a file) and ``hkgov-graph stats``."""

from __future__ import annotations

import argparse

VIEWS_HELP = "reporting, coverage, cooperation or whole"
FORMATS_HELP = "graphml, gexf, json (node-link), cytoscape (Cytoscape.js JSON), dot or html (interactive viewer)"
AS_OF_HELP = ("show what was in force at a date: YYYY, YYYY-MM or YYYY-MM-DD; 'today'; 'now', the graph's reference "
              "date (the default, except for the whole view) or 'all' (every dated element, with its dates)")


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export", help="write a view of the graph as GraphML, GEXF, JSON, Cytoscape.js, DOT or an HTML viewer",
        description="Write one view of the graph to a file (atomically, the same bytes for the same input). "
                    f"Views: {VIEWS_HELP}. Formats: {FORMATS_HELP}.",
        epilog="Example: hkgov-graph export reporting --format html -o reporting.html --as-of 2010")
    export.add_argument("view", metavar="VIEW", help=VIEWS_HELP)
    export.add_argument("-f", "--format", dest="fmt", metavar="FORMAT", default=None,
                        help=f"{FORMATS_HELP}; default: from the output file's suffix")
    export.add_argument("-o", "--output", default=None, metavar="FILE", help="the file to write")
    _add_common(export)
    export.set_defaults(handler=run_export)

    stats = subparsers.add_parser(
        "stats", help="span of control, depth of the reporting tree and regions per office",
        description="A short report on the structure: how many units each body has directly under it, how deep "
                    "the reporting tree is, and how many provincial-level regions each Mainland office covers.")
    stats.add_argument("--format", dest="fmt", default="text", metavar="FORMAT", help="text (default) or json")
    _add_common(stats)
    stats.set_defaults(handler=run_stats)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as-of", default=None, metavar="DATE", help=AS_OF_HELP)
    parser.add_argument("--nquads", default=None, metavar="PATH",
                        help="read a built N-Quads dump (default: load the packaged sources directly)")


def _format_from_suffix(name: str) -> str | None:
    from pathlib import Path

    from hkgov_graph.export.views import FORMAT_SUFFIXES

    suffix = Path(name).suffix.lower()
    aliases = {".xml": "graphml", ".gv": "dot", ".htm": "html", ".nodelink": "json"}
    for fmt, known in FORMAT_SUFFIXES.items():
        if suffix == known:
            return fmt
    return aliases.get(suffix)


def run_export(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from hkgov_graph.errors import UsageError
    from hkgov_graph.export.views import check_format, check_view, export

    check_view(args.view)
    if not args.output:
        raise UsageError("say where to write the view: -o FILE")
    output = Path(args.output)
    fmt = args.fmt or _format_from_suffix(args.output)
    if fmt is None:
        raise UsageError(f"cannot tell the format from {output.name!r}: pass --format")
    check_format(fmt)
    graph = export(Path(args.nquads) if args.nquads else None, args.view, fmt, output, args.as_of)
    print(f"Wrote {output} ({args.view}, {fmt}, as of {graph.graph.get('as_of')}): "
          f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges.", file=sys.stderr)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from hkgov_graph.errors import UsageError
    from hkgov_graph.export.stats import compute, to_json, to_text

    if args.fmt not in ("text", "json"):
        raise UsageError(f"unknown format {args.fmt!r} for stats: choose text or json")
    report = compute(Path(args.nquads) if args.nquads else None, args.as_of)
    sys.stdout.write(to_json(report) if args.fmt == "json" else to_text(report))
    return 0

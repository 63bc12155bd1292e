"""``hkgov-graph query`` (the packaged questions) and ``hkgov-graph sparql`` (any query).

``hkgov-graph query`` lists the questions; ``hkgov-graph query NAME --param
value ...`` runs one, parameters written ``--as-of`` or ``--as_of``. Both
commands run on the built dump by default and on a remote SPARQL endpoint
with ``--endpoint``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from hkgov_graph.commands import arguments

if TYPE_CHECKING:
    from hkgov_graph.query.runner import QueryResult, Question
    from hkgov_graph.query.stores import SparqlStore

FORMATS = ("table", "csv", "json", "sparql-json")
LANGS = ("en", "zh-Hant", "zh-Hans")
PASSWORD_VARIABLE = "HKGOV_GRAPH_PASSWORD"


def register(subparsers: argparse._SubParsersAction) -> None:
    query = subparsers.add_parser(
        "query", help="ask one of the packaged questions (without NAME: list them)",
        description="Without NAME, list the packaged questions. With NAME, run that query: its parameters "
                    "are options (--unit bjo --as-of 2012-05); `hkgov-graph query NAME --help` lists them. "
                    "Resources can be named by IRI, prefixed name (office:bjo), local name (bjo), abbreviation "
                    "(GDETO) or name in English or Chinese in either script (駐京辦, 驻京办).",
        epilog="Exit codes: 0 success, 2 usage error (unknown query or parameter, malformed value, unknown "
               "name, unreachable endpoint).")
    query.add_argument("name", nargs="?", help="the query to run (see the list)")
    query.add_argument("params", nargs=argparse.REMAINDER, help="the query's parameters, e.g. --unit bjo")
    _add_common_args(query)
    query.add_argument("--queries", type=Path, metavar="DIR",
                       help="a folder of question queries to use instead of the packaged queries/")
    query.set_defaults(handler=run_query)

    sparql = subparsers.add_parser(
        "sparql", help="run a SELECT, ASK, CONSTRUCT or DESCRIBE query of your own",
        description="Run a SPARQL query over the union of the graph's named graphs (GRAPH ?g still sees each "
                    "source document's graph). QUERY is the text itself, a file holding it, or - for standard "
                    "input. The project's prefixes (hkg:, office:, org:, skos: ...) need not be declared.")
    sparql.add_argument("query", help="the query text, a .rq file, or - to read standard input")
    _add_common_args(sparql, graph_formats=True)
    sparql.set_defaults(handler=run_sparql)


def _add_common_args(parser: argparse.ArgumentParser, graph_formats: bool = False,
                     default: Any = None) -> None:
    """Options shared by both commands; ``default=SUPPRESS`` for the second pass over a query's own options."""
    formats = (*FORMATS, "ntriples") if graph_formats else FORMATS
    kw = {} if default is None else {"default": default}
    parser.add_argument("--format", choices=formats, help="output format (default: table)"
                        + ("; ntriples for CONSTRUCT" if graph_formats else ""), **kw)
    parser.add_argument("--lang", type=arguments.label_language,
                        help="label language: en (default), zh-Hant or zh-Hans; a Chinese script falls back to the "
                             "other one, then en. " + arguments.LANG_TAGS_HELP, **kw)
    parser.add_argument("--max-width", type=arguments.count, metavar="N",
                        help="fit tables to N columns, wrapping cells (default: $COLUMNS or the terminal's width; "
                             "0: no limit, one line a row)", **kw)
    parser.add_argument("--columns", metavar="A,B,...",
                        help="only these columns, in this order (by name, as in the header), in every format", **kw)
    store = parser.add_argument_group("where to run")
    store.add_argument("--nquads", type=Path, metavar="PATH",
                       help="the N-Quads dump to query (default: build/hkgov-graph.nq, or the sources built in "
                            "memory when it is missing)", **kw)
    store.add_argument("--endpoint", metavar="URL", help="run on this SPARQL 1.1 endpoint instead", **kw)
    store.add_argument("--timeout", type=arguments.timeout, metavar="SECONDS", help="endpoint timeout (default 30)",
                       **kw)
    store.add_argument("--user", help="user name for the endpoint (HTTP basic authentication)", **kw)
    store.add_argument("--password", help=f"password for the endpoint (or set {PASSWORD_VARIABLE})", **kw)
    store.add_argument("--default-graph", choices=("union", "endpoint"),
                       help="union (default): send the endpoint's named graphs as the default graph; endpoint: "
                            "use its default graph as it is (for endpoints serving the union already)", **kw)
    store.add_argument("--allow-service", action="store_true",
                       help="let the query call SERVICE, which connects to the servers it names (default: refused)",
                       **kw)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose mistakes are usage errors (one line, exit 2), not a SystemExit."""

    def error(self, message: str) -> NoReturn:
        from hkgov_graph.errors import UsageError

        raise UsageError(message)


# -- Opening the store --

def open_store(args: argparse.Namespace) -> SparqlStore:
    """The store the options ask for: an endpoint, a dump, or the default dump."""
    from hkgov_graph.graph.freshness import default_nquads
    from hkgov_graph.query.stores import EmbeddedStore, RemoteStore

    if getattr(args, "endpoint", None):
        if getattr(args, "nquads", None):
            from hkgov_graph.errors import UsageError

            raise UsageError("give either --endpoint or --nquads, not both")
        return RemoteStore(args.endpoint, timeout=30.0 if args.timeout is None else args.timeout, user=args.user,
                           password=args.password or os.environ.get(PASSWORD_VARIABLE),
                           default_graph=args.default_graph or "union",
                           allow_service=bool(getattr(args, "allow_service", False)))
    if args.nquads is None and not default_nquads().is_file():
        print(f"hkgov-graph: note: {default_nquads()} not found; building the graph in memory "
              "(run `hkgov-graph build` once to make this faster)", file=sys.stderr)
    elif args.nquads is None:
        from hkgov_graph.graph.freshness import out_of_date

        reason = out_of_date(default_nquads().parent)
        if reason:
            print(f"hkgov-graph: note: {default_nquads().parent} is out of date ({reason}); answers may be "
                  "out of date (run `hkgov-graph build`)", file=sys.stderr)
    store = EmbeddedStore.open(args.nquads)
    store.allow_service = bool(getattr(args, "allow_service", False))
    return store


# -- hkgov-graph query --

def run_query(args: argparse.Namespace) -> int:
    from hkgov_graph.query.runner import discover, find_question, run_question

    _early_options(args)
    if not args.name:
        print_questions(discover(args.queries), args.format or "table", _width(args), _lang(args))
        return 0
    question = find_question(args.name, args.queries)
    if any(word in ("-h", "--help") for word in args.params):
        print(question_help(question))
        return 0
    values = _parse_params(question, args)
    store = open_store(args)
    try:
        result = run_question(store, question, values, naming="cli")
    finally:
        store.close()
    for note in result.notes:
        print(f"hkgov-graph: note: {note}", file=sys.stderr)
    write_result(_columns(result, args), args.format or "table", _width(args))
    return 0


def _early_options(args: argparse.Namespace) -> None:
    """``--queries`` may also follow NAME; it is needed before the query is read."""
    parser = _Parser(add_help=False, allow_abbrev=False)
    parser.add_argument("--queries", type=Path, default=argparse.SUPPRESS)
    known, _ = parser.parse_known_args(args.params)
    if hasattr(known, "queries"):
        args.queries = known.queries


def _parse_params(question: Question, args: argparse.Namespace) -> dict[str, str]:
    """Read the query's own options (and common options given after NAME) from what followed NAME."""
    from hkgov_graph.errors import UsageError

    parser = _Parser(prog=f"hkgov-graph query {question.name}", add_help=False, allow_abbrev=False)
    _add_common_args(parser, default=argparse.SUPPRESS)
    parser.add_argument("--queries", type=Path, default=argparse.SUPPRESS)
    for param in question.params:
        if param.name == "lang":
            continue  # the common --lang
        options = dict.fromkeys([param.option, "--" + param.name])
        parser.add_argument(*options, dest=f"param_{param.name}", default=argparse.SUPPRESS)
    extra, rest = parser.parse_known_args(args.params)
    if rest:
        word = rest[0]
        if word.startswith("-"):
            takes = ", ".join(p.option for p in question.params) or "no parameters"
            raise UsageError(f"unknown parameter {word.split('=', 1)[0]} for the query {question.name} "
                             f"(it takes {takes})")
        raise UsageError(f"unexpected argument {word!r}: parameters are written --name value")
    values: dict[str, str] = {}
    for key, value in vars(extra).items():
        if key.startswith("param_"):
            values[key[len("param_"):]] = value
        else:
            setattr(args, key, value)
    if args.lang is not None:
        values["lang"] = args.lang
    return values


def question_help(question: Question) -> str:
    """What ``hkgov-graph query NAME --help`` prints."""
    lines = [f"usage: hkgov-graph query {question.name} "
             + " ".join(f"{p.option} {p.name.upper()}" if p.required else f"[{p.option} {p.name.upper()}]"
                        for p in question.params), "", question.title, "", question.question, ""]
    if question.params:
        lines.append("parameters:")
        for p in question.params:
            lines.append(f"  {p.option} ({p.summary()})")
            if p.description:
                lines.append(f"      {p.description}")
    if question.returns:
        lines += ["", f"returns: {question.returns}"]
    for example in question.file.header.get("example", []):
        lines.append(f"example: {example}")
    return "\n".join(lines)


def print_questions(questions: list[Question], fmt: str, width: int = 0, lang: str = "en") -> None:
    """The list of packaged questions, in the chosen format; a table fits ``width`` (0: no limit)."""
    import json

    from hkgov_graph import i18n
    from hkgov_graph.query.tables import render_table, wrap

    if fmt in ("json", "sparql-json"):
        print(json.dumps([{
            "name": q.name, "title": q.title, "question": q.question, "returns": q.returns,
            "params": [{"name": p.name, "option": p.option, "type": p.type, "class": p.of_class,
                        "required": p.required, "default": p.default, "description": p.description}
                       for p in q.params],
            "examples": q.file.header.get("example", []),
        } for q in questions], ensure_ascii=False, indent=2))
        return
    rows = [[q.name, " ".join(p.option for p in q.params), q.question] for q in questions]
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "parameters", "question"])
        writer.writerows(rows)
        return
    if not questions:
        print(i18n.text("questions.none", lang))
        return
    headers = [i18n.text(f"questions.{key}", lang) for key in ("name", "parameters", "question")]
    print(render_table(headers, rows, width))
    print("\n" + "\n".join(wrap(i18n.text("questions.footer", lang), width, hyphens=False)))


# -- hkgov-graph sparql --

def _is_file(path: Path) -> bool:
    """Whether the argument names a file; query text too long for a file name is not one."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def run_sparql(args: argparse.Namespace) -> int:
    from hkgov_graph import namespaces as ns
    from hkgov_graph.errors import HkgovError, InputError
    from hkgov_graph.query.runner import QueryResult
    from hkgov_graph.query.stores import query_form
    from hkgov_graph.query.syntax import declare

    if args.query == "-":
        text = sys.stdin.read()
    elif _is_file(Path(args.query)):
        try:
            text = Path(args.query).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read the query: {error}", args.query) from None
    elif args.query.endswith((".rq", ".sparql")) and "\n" not in args.query:
        raise InputError("no such file", args.query)
    else:
        text = args.query
    # The project's prefixes go before the text; errors are moved back onto the user's lines.
    declared = declare(text, ns.PREFIXES)
    text = declared.text
    form = query_form(text)
    fmt = args.format or "table"
    if fmt == "ntriples" and form not in ("CONSTRUCT", "DESCRIBE"):
        from hkgov_graph.errors import UsageError

        article = "an" if form == "ASK" else "a"
        raise UsageError(f"--format ntriples holds triples, from CONSTRUCT or DESCRIBE; this is {article} {form} query "
                         "(use table, csv, json or sparql-json)")
    store = open_store(args)
    try:
        answer = store.run(text)
    except HkgovError as error:
        message = declared.relocate(str(error), ns.PREFIXES)
        if message == str(error):
            raise
        if _is_file(Path(args.query)):
            raise InputError(message, args.query) from None
        raise type(error)(message) from None
    finally:
        store.close()
    if form == "ASK":
        if fmt == "sparql-json":
            import json

            print(json.dumps({"head": {}, "boolean": answer}))
        else:
            print("true" if answer else "false")
        return 0
    if fmt == "ntriples":
        sys.stdout.write("".join(sorted(f"{t} .\n" for t in answer)))
        return 0
    write_result(_columns(QueryResult.from_answer(answer, lang=_lang(args)), args), fmt, _width(args))
    return 0


# -- Output --

def _width(args: argparse.Namespace) -> int:
    """The table width: --max-width, else $COLUMNS or the terminal's, else no limit (0 for other formats)."""
    if (getattr(args, "format", None) or "table") != "table":
        return 0  # (only a table has a width: the table module and its wcwidth are not imported for CSV or JSON)
    from hkgov_graph.query.tables import terminal_width

    width = getattr(args, "max_width", None)  # a whole number, 0 or more (arguments.count)
    return terminal_width() if width is None else width


def _lang(args: argparse.Namespace) -> str:
    from hkgov_graph import i18n
    from hkgov_graph.errors import UsageError

    try:
        return i18n.language(getattr(args, "lang", None))
    except ValueError as error:
        raise UsageError(f"--lang: {error}") from None


def _columns(result: QueryResult, args: argparse.Namespace) -> QueryResult:
    """The result cut to --columns, when given."""
    if not getattr(args, "columns", None):
        return result
    return result.select([c for c in args.columns.split(",") if c.strip()])


def write_result(result: QueryResult, fmt: str, width: int = 0) -> None:
    """The result on stdout; why an empty answer is empty goes under the table, or to stderr for data formats."""
    if fmt == "table":
        sys.stdout.write(result.to_table(width))
        return
    if fmt == "csv":
        sys.stdout.write(result.to_csv())
    elif fmt == "json":
        print(result.to_json())
    elif fmt == "sparql-json":
        print(result.to_sparql_json())
    for line in result.explanation:
        print(f"hkgov-graph: note: {line}", file=sys.stderr)

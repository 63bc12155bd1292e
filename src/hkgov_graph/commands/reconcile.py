"""``hkgov-graph reconcile FILE --column NAME``: link the names in a table to the graph's IRIs.

For people without OpenRefine: the same matcher and scores as the
reconciliation service of ``hkgov-graph serve`` (:mod:`hkgov_graph.reconcile`),
over a CSV or XLSX file. The table is written again with ``iri``, ``label``,
``kind``, ``score`` and ``match`` columns (:mod:`hkgov_graph.reconcile.tables`),
beside the input by default (``names.csv`` → ``names.reconciled.csv``), never
over it unless ``--in-place`` says so; how many rows matched, were ambiguous
or were not found is printed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from hkgov_graph.commands import arguments


def register(subparsers: argparse._SubParsersAction) -> None:
    reconcile = subparsers.add_parser(
        "reconcile", help="link the names in a CSV or XLSX column to the graph's resources (IRI, label, score)",
        description="Reconcile the names in one column of a CSV or XLSX table with the graph's resources: each name "
                    "may be an English or Chinese name in either script, a short form, an abbreviation (GDETO, "
                    "駐粵辦, 广东经贸办, Guangdong ETO). The table is written again with the columns iri, label, "
                    "kind, score (100 an exact name, 90 after script conversion, 80 without the HKSAR Government "
                    "prefix, 40-60 by words, below 20 by spelling) and match (true only where the name is "
                    "unambiguous). The same matcher and scores as the /reconcile service of `hkgov-graph serve`.",
        epilog="Exit codes: 0 success (whatever matched), 2 usage or input error (missing column, unreadable file, "
               "unknown type).")
    reconcile.add_argument("file", type=Path, help="the table: .csv, .tsv, .xlsx or .xlsm (its first row the header)")
    reconcile.add_argument("--column", required=True, metavar="NAME", help="the header of the column of names")
    reconcile.add_argument("-o", "--output", type=Path, default=None, metavar="PATH",
                           help="where to write the table (.csv, .tsv or .xlsx, by suffix; default: FILE's name with "
                                ".reconciled before its suffix, beside it)")
    reconcile.add_argument("--in-place", action="store_true", help="write the result over FILE itself")
    reconcile.add_argument("--type", default=None, metavar="TYPE",
                           help="only resources of this class: hkg:MainlandOffice, Liaison unit, 決策局, ...")
    reconcile.add_argument("--lang", type=arguments.label_language, default="en", metavar="LANG",
                           help="language of the label and kind columns and of the summary: en (default), zh-Hant "
                                "or zh-Hans. " + arguments.LANG_TAGS_HELP)
    reconcile.add_argument("--sheet", default=None, help="the XLSX sheet (default: the active one)")
    reconcile.add_argument("--nquads", type=Path, metavar="PATH",
                           help="the N-Quads dump (default: build/hkgov-graph.nq, or the sources built in memory)")
    reconcile.set_defaults(handler=run_reconcile)


def default_output(path: Path) -> Path:
    return path.with_name(f"{path.stem}.reconciled{path.suffix}")


def same_file(a: Path, b: Path) -> bool:
    try:
        return b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def run_reconcile(args: argparse.Namespace) -> int:
    from hkgov_graph import i18n
    from hkgov_graph.errors import UsageError
    from hkgov_graph.reconcile.catalogue import Catalogue
    from hkgov_graph.reconcile.matcher import Matcher
    from hkgov_graph.reconcile.tables import (
        check_target,
        counts,
        read_table,
        reconcile_rows,
        table_format,
        write_table,
    )

    if args.in_place and args.output is not None:
        raise UsageError("give either --in-place or -o, not both")
    target = args.file if args.in_place else (args.output or default_output(args.file))
    table_format(target, "output")
    if not args.in_place and same_file(args.file, target):
        raise UsageError(f"{target} is the input file; give another -o, or --in-place to write over it")
    table = read_table(args.file, args.sheet)
    check_target(table, target)
    column = table.column(args.column)
    catalogue = Catalogue.from_dump(args.nquads)
    types = []
    if args.type:
        info = catalogue.type_of(args.type)
        if info is None:
            known = ", ".join(t.curie for t in catalogue.default_types())
            raise UsageError(f"unknown type {args.type!r}: give a class such as {known}")
        types = [info.iri]
    outcomes = reconcile_rows(table, column, Matcher(catalogue), types, args.lang)
    write_table(table, outcomes, target)
    n = counts(outcomes)
    print(i18n.text("reconcile.wrote", args.lang, path=target), i18n.text(
        "reconcile.summary", args.lang, rows=len(outcomes), matched=n["matched"], ambiguous=n["ambiguous"],
        missing=n["missing"], empty=n["empty"]))
    sys.stdout.flush()
    return 0

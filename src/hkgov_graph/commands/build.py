"""``hkgov-graph build`` and ``hkgov-graph validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hkgov_graph.errors import EXIT_NOT_CONFORMING, EXIT_OK


def register(subparsers: argparse._SubParsersAction) -> None:
    build = subparsers.add_parser(
        "build", help="load, validate, infer and write the dumps (the main job)",
        description="Load the Turtle sources, validate them, materialise the standard terms and write "
                    "build/hkgov-graph.nq and build/hkgov-graph.nt. On any error the previous build/ is left as it "
                    "was.")
    build.add_argument("-o", "--output-dir", type=Path, default=Path("build"), help="output folder (default: build)")
    _add_input_args(build)
    build.add_argument("--no-pictures", action="store_true", help="skip rendering the pictures")
    build.set_defaults(handler=run_build)

    check = subparsers.add_parser(
        "validate", help="check the data against the SHACL shapes and the quality checks",
        description="Print a readable report (focus node, path, message, severity, data file and line); "
                    "exit 1 when the data does not conform.")
    _add_input_args(check)
    check.add_argument("--pyshacl", action="store_true",
                       help="validate with pySHACL (the reference, slower) instead of one SPARQL query per "
                            "constraint; the report is the same")
    check.set_defaults(handler=run_validate)


def _add_input_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="folder of data files (default: the packaged data/)")
    parser.add_argument("--ontology", type=Path, default=None,
                        help="folder of ontology and shapes (default: the packaged ontology/)")


def run_build(args: argparse.Namespace) -> int:
    from hkgov_graph.graph.build import build

    result = build(args.output_dir, args.data, args.ontology, with_extras=not args.no_pictures)
    print(f"Built {result.output_dir}: {result.quad_count} quads "
          f"({result.inferred_count} inferred), {len(result.report.results)} validation notes.")
    for path in result.files:
        print(f"  {path.relative_to(result.output_dir.parent)}")
    for note in result.notes:
        print(f"hkgov-graph: note: {note}", file=sys.stderr)
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    from hkgov_graph.graph.load import load_dataset
    from hkgov_graph.graph.validate import validate
    from hkgov_graph.graph.validate_fast import validate_by_shape

    dataset = load_dataset(args.data, args.ontology)
    report = (validate if args.pyshacl else validate_by_shape)(dataset, args.ontology)
    print(report.to_text(), file=sys.stdout)
    return EXIT_OK if report.conforms else EXIT_NOT_CONFORMING

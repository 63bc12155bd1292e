"""Run the command-line interface: ``python -m hkgov_graph``."""

from hkgov_graph.cli import main

raise SystemExit(main())

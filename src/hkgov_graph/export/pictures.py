"""Pictures the build draws: the reporting structure and the coverage table.

``hkgov-graph build`` calls :func:`write_build_pictures`, which writes into
``build/pictures/``:

- ``reporting.{dot,svg,png}``: the reporting structure in force, drawn left to
  right, coloured by kind, with administrative, unit-of, policy-guidance and
  group lines told apart;
- ``coverage.{dot,svg,png}``: a table of the provincial-level regions (rows)
  and the Mainland offices (columns), marking how each office covers each
  region.

Both come from the views of :mod:`hkgov_graph.export.views`, written as DOT
in Noto Sans CJK. Two Graphviz programs can draw them (:func:`find_engine`):

- the system's Graphviz ``dot`` when it is on PATH: it measures text with the
  real fonts (Pango), so boxes fit the Chinese names; it draws the PNG too
  when a Chinese font is installed (Debian: ``fonts-noto-cjk``);
- otherwise ``graphviz-pure``, a static Rust port of Graphviz 16.1 that pip
  installs with the package (the main job needs nothing but pip). It has no
  access to system fonts: it estimates text widths (Chinese runs a little
  past some boxes) and its PNG would show Chinese as empty boxes, so with it
  the build writes the SVG and DOT only and says in one line how to get the
  PNG.

The ``.dot`` sources are kept beside the pictures: they are the
renderer-independent record of what was drawn (``docs/images/`` holds a copy,
see ``scripts/update_docs_images.py``).
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hkgov_graph.errors import InputError
from hkgov_graph.export.formats import dot_quote
from hkgov_graph.export.viewer import EDGE_STYLES, kind_colours
from hkgov_graph.export.views import build_view, kind_labels, prefixed_name, read_facts, write_atomic

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

FONT = "Noto Sans CJK TC"
PICTURES = ("reporting", "coverage")
DPI = "110"
HKSAR_PREFIX = "香港特別行政區政府"  # dropped from office names in the table's header


@dataclass(frozen=True)
class Engine:
    """A Graphviz program that can draw the pictures, and whether its PNG shows Chinese."""

    name: str
    path: str
    png: bool


def _has_chinese_font() -> bool:
    """Whether fontconfig knows a font for Traditional Chinese (what system ``dot`` draws PNG text with)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        done = subprocess.run([fc_list, ":lang=zh-tw", "family"], capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and bool(done.stdout.strip())


def find_pure() -> str | None:
    """The ``graphviz-pure`` program pip installed beside this Python, or on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "graphviz-pure"
    for candidate in (beside, beside.with_suffix(".exe")):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("graphviz-pure")


def find_engine() -> Engine:
    """System Graphviz ``dot`` if installed (exact text widths), else the pip-installed ``graphviz-pure``."""
    dot = shutil.which("dot")
    if dot is not None:
        return Engine("Graphviz dot", dot, png=_has_chinese_font())
    pure = find_pure()
    if pure is not None:
        return Engine("graphviz-pure", pure, png=False)
    raise InputError("no Graphviz program was found to draw the pictures: reinstall hkgov-graph "
                     "(pip installs graphviz-pure with it) or install Graphviz, "
                     "or run `hkgov-graph build --no-pictures`")


def render_dot(source: bytes, fmt: str, engine: Engine | None = None) -> bytes:
    """Render DOT source with Graphviz to ``svg`` or ``png`` bytes."""
    engine = engine or find_engine()
    args = [engine.path, f"-T{fmt}"] + ([f"-Gdpi={DPI}"] if fmt == "png" else [])
    try:
        done = subprocess.run(args, input=source, capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError) as error:
        raise InputError(f"cannot run {engine.name} ({engine.path}): {error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"{engine.name} failed: {message[-1] if message else 'no message'}")
    return done.stdout


def _h(text: object) -> str:
    """Text for a Graphviz HTML-like label (it is XML: escape &, <, > and quotes)."""
    return html.escape(str(text), quote=True)


def _name_lines(attrs: dict[str, Any], iri: str) -> tuple[str, str]:
    """A node's Chinese name and, under it, its English name or its prefixed IRI."""
    zh = str(attrs.get("label_zh_hant") or attrs.get("label_zh_hans") or attrs.get("label") or iri)
    en = str(attrs.get("label_en") or prefixed_name(iri))
    return zh, en


def _legend_rows(rows: list[str], title: str) -> str:
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">'
            f'<TR><TD ALIGN="LEFT" COLSPAN="2"><B>{_h(title)}</B></TD></TR>{"".join(rows)}</TABLE>')


def reporting_dot(graph: nx.MultiDiGraph, labels: dict[str, tuple[str, str, str]]) -> bytes:
    """DOT for the reporting structure: left to right, coloured by kind, one line style per kind of edge."""
    colours = kind_colours([str(a["kind"]) for _, a in graph.nodes(data=True)])
    lines = [
        "digraph reporting {",
        f"  graph [charset=\"UTF-8\", rankdir=LR, ranksep=0.5, nodesep=0.12, fontname={dot_quote(FONT)}, "
        "bgcolor=\"white\", pad=0.2];",
        f"  node [shape=box, style=\"rounded,filled\", fontname={dot_quote(FONT)}, fontsize=11, "
        "margin=\"0.10,0.04\", penwidth=1.2];",
        f"  edge [fontname={dot_quote(FONT)}, fontsize=9, arrowsize=0.6];",
    ]
    for n, attrs in graph.nodes(data=True):
        zh, en = _name_lines(attrs, n)
        colour = colours[str(attrs["kind"])]
        label = f'<<B>{_h(zh)}</B><BR/><FONT POINT-SIZE="8" COLOR="#444444">{_h(en)}</FONT>>'
        lines.append(f"  {dot_quote(n)} [label={label}, fillcolor={dot_quote(colour + '33')}, "
                     f"color={dot_quote(colour)}];")
    for u, v, key in graph.edges(keys=True):
        style, colour = EDGE_STYLES.get(str(key), ("solid", "#777777"))
        constraint = "true" if key in ("unit-of", "administrative") else "false"
        lines.append(f"  {dot_quote(u)} -> {dot_quote(v)} [style={style}, color={dot_quote(colour)}, "
                     f"constraint={constraint}];")
    kinds = sorted({str(a["kind"]) for _, a in graph.nodes(data=True)})
    kind_rows = [f'<TR><TD BGCOLOR="{_h(colours[k])}" WIDTH="14"> </TD>'
                 f'<TD ALIGN="LEFT">{_h(labels.get(k, (k, ""))[1] or k)} {_h(labels.get(k, (k, ""))[0])}</TD></TR>'
                 for k in kinds]
    edge_names = {}
    for _, _, key, attrs in graph.edges(keys=True, data=True):
        edge_names.setdefault(str(key), (str(attrs.get("label_zh_hant", "")), str(attrs.get("label_en", ""))))
    edge_rows = []
    for key in sorted(edge_names):
        style, colour = EDGE_STYLES.get(key, ("solid", "#777777"))
        mark = {"solid": "━━", "dashed": "╍╍", "dotted": "┈┈"}.get(style, "━━")
        zh, en = edge_names[key]
        edge_rows.append(f'<TR><TD><FONT COLOR="{_h(colour)}">{mark}</FONT></TD>'
                         f'<TD ALIGN="LEFT">{_h(zh)} {_h(en)}</TD></TR>')
    legend = (f'<<TABLE BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="4"><TR>'
              f'<TD VALIGN="TOP">{_legend_rows(kind_rows, "類別 Kinds")}</TD>'
              f'<TD VALIGN="TOP">{_legend_rows(edge_rows, "關係 Lines")}</TD></TR></TABLE>>')
    lines.append(f"  legend [shape=plaintext, style=\"\", label={legend}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _short_office_name(name: str) -> str:
    return name[len(HKSAR_PREFIX):] if name.startswith(HKSAR_PREFIX) and len(name) > len(HKSAR_PREFIX) else name


def coverage_dot(graph: nx.MultiGraph) -> bytes:
    """DOT for the coverage table: regions down, offices across, a mark for each way an office covers a region."""
    offices = [n for n, a in graph.nodes(data=True) if a.get("bipartite") == 0]
    order = {n: (str(graph.nodes[n].get("founding_date") or graph.nodes[n].get("founded_not_before") or "9999"),
                 graph.nodes[n].get("founding_status") != "known", n) for n in offices}
    offices.sort(key=lambda n: order[n])
    regions = [n for n, a in graph.nodes(data=True) if a.get("bipartite") == 1]

    marks: dict[tuple[str, str], list[str]] = {}
    for u, v, attrs in graph.edges(data=True):
        office, region = (u, v) if u in order else (v, u)
        kind = str(attrs["kind"])
        if kind == "liaison-unit":
            unit = str(attrs.get("via") or "")
            text = "○ " + _short_office_name(str(attrs.get("unit_label") or prefixed_name(unit).split(":", 1)[-1]))
        else:
            text = {"direct": "●", "seat": "◆"}.get(kind, kind)
        marks.setdefault((office, region), []).append(text)

    def first_office(region: str) -> int:
        covering = [i for i, o in enumerate(offices) if (o, region) in marks]
        return covering[0] if covering else len(offices)

    regions.sort(key=lambda r: (first_office(r), str(graph.nodes[r].get("notation") or r)))
    header = ['<TD BGCOLOR="#eeeeee"><B>地區 Region</B></TD>', '<TD BGCOLOR="#eeeeee"><B>ISO</B></TD>']
    for o in offices:
        zh, en = _name_lines(graph.nodes[o], o)
        header.append(f'<TD BGCOLOR="#fde9d9"><B>{_h(_short_office_name(zh))}</B><BR/>'
                      f'<FONT POINT-SIZE="8">{_h(en)}</FONT></TD>')
    rows = ["<TR>" + "".join(header) + "</TR>"]
    for r in regions:
        attrs = graph.nodes[r]
        zh, en = _name_lines(attrs, r)
        covered = first_office(r) < len(offices)
        shade = "" if covered else ' BGCOLOR="#f4f4f4"'
        cells = [f'<TD ALIGN="LEFT"{shade}>{_h(zh)} <FONT POINT-SIZE="9" COLOR="#555555">{_h(en)}</FONT></TD>',
                 f'<TD{shade}><FONT POINT-SIZE="9">{_h(attrs.get("notation", ""))}</FONT></TD>']
        for o in offices:
            found = marks.get((o, r))
            text = " ".join(_h(m) for m in sorted(found, key=_mark_order)) if found else ""
            fill = ' BGCOLOR="#e5f5e0"' if found else shade
            cells.append(f'<TD{fill}>{text}</TD>')
        rows.append("<TR>" + "".join(cells) + "</TR>")
    totals = ['<TD ALIGN="LEFT" COLSPAN="2"><B>地區數目 Regions</B></TD>']
    for o in offices:
        totals.append(f"<TD><B>{len({r for (oo, r) in marks if oo == o})}</B></TD>")
    rows.append("<TR>" + "".join(totals) + "</TR>")
    span = len(offices) + 2
    rows.append(f'<TR><TD COLSPAN="{span}" ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="9">'
                "● 服務地區 area served (schema:areaServed)　◆ 所在地 seat of the office　"
                "○ 聯絡處所在地 a liaison unit sits there</FONT></TD></TR>")
    table = ('<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" COLOR="#999999">'
             + "".join(rows) + "</TABLE>>")
    lines = [
        "graph coverage {",
        f"  graph [charset=\"UTF-8\", fontname={dot_quote(FONT)}, bgcolor=\"white\", pad=0.2];",
        f"  node [shape=plaintext, fontname={dot_quote(FONT)}, fontsize=11];",
        f"  table [label={table}];",
        "}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _mark_order(mark: str) -> tuple[int, str]:
    return ({"●": 0, "◆": 1}.get(mark[:1], 2), mark)


def picture_sources(store: ox.Store) -> dict[str, bytes]:
    """The DOT source of each picture, from the views in force now."""
    facts = read_facts(store)
    reporting = build_view(store, "reporting", None, facts=facts)
    coverage = build_view(store, "coverage", None, facts=facts)
    unit_labels = {iri: facts.node(iri) for iri in {str(a.get("via")) for _, _, a in coverage.edges(data=True)
                                                    if a.get("via")}}
    for _, _, attrs in coverage.edges(data=True):
        unit = unit_labels.get(str(attrs.get("via")))
        if unit:
            attrs["unit_label"] = unit["label_zh_hant"] or unit["label"]
    labels = kind_labels(facts, (a["kind"] for _, a in reporting.nodes(data=True)))
    return {"reporting": reporting_dot(reporting, labels), "coverage": coverage_dot(coverage)}


PNG_HINT = ("pictures: SVG drawn with graphviz-pure; for the PNG copies install Graphviz and a Chinese font "
            "(Debian/Ubuntu: apt-get install graphviz fonts-noto-cjk; macOS: brew install graphviz) and build again")
NO_FONT_HINT = ("pictures: no Chinese font found, so no PNG was drawn; install one (Debian/Ubuntu: "
                "apt-get install fonts-noto-cjk) and build again")


def write_build_pictures(store: ox.Store, out_dir: Path) -> list[str]:
    """Draw the pictures into ``out_dir/pictures/`` (called by ``hkgov-graph build``); returns notes for the user.

    DOT and SVG always; PNG when the engine can draw Chinese into it (see the module docstring).
    """
    engine = find_engine()
    folder = Path(out_dir) / "pictures"
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in picture_sources(store).items():
        write_atomic(folder / f"{name}.dot", source)
        write_atomic(folder / f"{name}.svg", render_dot(source, "svg", engine))
        if engine.png:
            write_atomic(folder / f"{name}.png", render_dot(source, "png", engine))
    if engine.png:
        return []
    return [PNG_HINT if engine.name == "graphviz-pure" else NO_FONT_HINT]

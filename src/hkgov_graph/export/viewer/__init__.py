"""The interactive viewer: one self-contained HTML file per view.

The file carries everything it needs (the vendored Cytoscape.js, the
viewer's own script and style, and the graph as JSON), so it works offline
from a file or any static server. The graph embedded is the all-times view
with its dates; the page filters it by date in the browser with the time
model's rule (:mod:`hkgov_graph.temporal.status`, the bounds each element
carries) and starts at the date the export was made for. What is only
possibly in force, or of unknown date, is drawn faded, with a dashed or a
dotted outline, and the legend says so.

Data never becomes markup: the JSON sits in a ``<script type="application/json">``
block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the script
writes every label into the page with ``textContent``.
"""

from __future__ import annotations

import html
import json
import re
from importlib.resources import files
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

_RESOURCES = files("hkgov_graph.export.viewer")
_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)

# Colours by kind (colour-blind-friendly where possible); other kinds get one of FALLBACK.
KIND_COLOURS = {
    "Government": "#4c4c4c",
    "PolicyBureau": "#0072b2",
    "GovernmentDepartment": "#56b4e9",
    "BeijingOffice": "#d55e00",
    "EconomicAndTradeOffice": "#e69f00",
    "MainlandOffice": "#e69f00",
    "OfficeGroup": "#cc79a7",
    "LiaisonUnit": "#009e73",
    "Division": "#8fbf6a",
    "CooperationMechanism": "#7b3294",
    "MechanismTier": "#c2a5cf",
    "ExpertGroup": "#b8a9d9",
    "OrganizationalCollaboration": "#d9c8e6",
    "Post": "#f0e442",
    "Province": "#a6cee3",
    "Municipality": "#6baed6",
    "AutonomousRegion": "#9ecae1",
    "SpecialAdministrativeRegion": "#c6dbef",
    "City": "#bdd7e7",
    "MainlandAuthority": "#969696",
    "PublicBody": "#bdbdbd",
    "ProvincialBeijingOffice": "#fdae6b",
}
FALLBACK = ("#8c6d31", "#bd9e39", "#e7ba52", "#ad494a", "#d6616b", "#7b4173", "#a55194", "#ce6dbd",
            "#637939", "#8ca252", "#b5cf6b", "#843c39", "#393b79", "#5254a3", "#6b6ecf", "#9c9ede")

# How edge kinds are drawn: line style and colour.
EDGE_STYLES = {
    "unit-of": ("solid", "#555555"),
    "administrative": ("solid", "#d55e00"),
    "policy-guidance": ("dashed", "#0072b2"),
    "in-group": ("dotted", "#cc79a7"),
    "direct": ("solid", "#009e73"),
    "seat": ("dashed", "#d55e00"),
    "liaison-unit": ("dotted", "#0072b2"),
    "tier": ("solid", "#7b3294"),
    "part": ("dotted", "#7b3294"),
    "hong-kong-chair": ("solid", "#d55e00"),
    "mainland-chair": ("solid", "#0072b2"),
    "chair": ("solid", "#555555"),
    "supported-by": ("dashed", "#e69f00"),
    "participant": ("dashed", "#009e73"),
    "member": ("dotted", "#555555"),
    "mainland-counterpart": ("dashed", "#0072b2"),
    "coordinated-by": ("dotted", "#cc79a7"),
    "led-by": ("dashed", "#555555"),
    "post-in": ("dotted", "#999999"),
}

VIEW_TITLES = {
    "reporting": ("Reporting structure", "從屬架構"),
    "coverage": ("Regions covered by the Mainland offices", "駐內地辦事處負責地區"),
    "cooperation": ("Co-operation mechanisms", "合作機制"),
    "whole": ("The whole graph", "整個圖"),
}


def kind_colours(kinds: list[str]) -> dict[str, str]:
    """A colour for each kind: the fixed ones, others from a fallback palette in sorted order."""
    colours = {}
    spare = 0
    for kind in sorted(set(kinds)):
        if kind in KIND_COLOURS:
            colours[kind] = KIND_COLOURS[kind]
        else:
            colours[kind] = FALLBACK[spare % len(FALLBACK)]
            spare += 1
    return colours


def escape_json_for_script(data: Any) -> str:
    """JSON that can sit inside ``<script>``: no ``<``, ``>``, ``&``, U+2028 or U+2029 left raw."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _inline_script(code: str) -> str:
    """Script text made safe to inline: a ``</script`` inside it would end the element early."""
    return _SCRIPT_END.sub(r"<\\/\1", code)


def _read(name: str) -> str:
    return (_RESOURCES / name).read_text(encoding="utf-8")


def payload(all_times: nx.Graph, shown: nx.Graph, documents: dict[str, dict[str, str]],
            kind_labels: dict[str, tuple[str, str]] | None = None) -> dict[str, Any]:
    """What the page needs, as plain JSON: every node and edge with its attributes, and how to draw them."""
    view = str(all_times.graph.get("view", ""))
    nodes = [{"id": str(n), **{k: v for k, v in attrs.items() if k != "id"}} for n, attrs in all_times.nodes(data=True)]
    if all_times.is_multigraph():
        items = list(all_times.edges(keys=True, data=True))
    else:
        items = [(u, v, "", a) for u, v, a in all_times.edges(data=True)]
    edges = [{"id": f"{u} {k} {v}", "source": u, "target": v, "key": k, **attrs} for u, v, k, attrs in items]
    kinds = sorted({str(a.get("kind", "")) for _, a in all_times.nodes(data=True)})
    colours = kind_colours(kinds)
    labels = kind_labels or {}
    edge_kinds: dict[str, dict[str, str]] = {}
    for e in edges:
        kind = str(e.get("kind", ""))
        style, colour = EDGE_STYLES.get(kind, ("solid", "#777777"))
        edge_kinds.setdefault(kind, {"label_en": str(e.get("label_en", "")),
                                     "label_zh_hant": str(e.get("label_zh_hant", "")),
                                     "style": style, "colour": colour})
    title_en, title_zh = VIEW_TITLES.get(view, (view, view))
    return {
        "view": view,
        "title_en": title_en,
        "title_zh_hant": title_zh,
        "directed": all_times.is_directed(),
        "default_as_of": "all" if view == "whole" else "now",
        # "now": the graph's reference date (docs/time-model.md)
        "reference_date": str(all_times.graph.get("reference_date", "")),
        "initial_as_of": str(shown.graph.get("as_of", "now")),
        "initial_counts": {"nodes": shown.number_of_nodes(), "edges": shown.number_of_edges()},
        "nodes": nodes,
        "edges": edges,
        "kinds": {k: {"colour": colours[k], "label_en": labels.get(k, (k, ""))[0] or k,
                      "label_zh_hant": labels.get(k, (k, ""))[1]} for k in kinds},
        "edge_kinds": {k: edge_kinds[k] for k in sorted(edge_kinds)},
        "documents": documents,
    }


def render_html(all_times: nx.Graph, shown: nx.Graph, documents: dict[str, dict[str, str]],
                kind_labels: dict[str, tuple[str, str]] | None = None) -> bytes:
    """The viewer page for a view: ``all_times`` is embedded, ``shown`` says where the page starts."""
    data = payload(all_times, shown, documents, kind_labels)
    page = _read("template.html")
    replacements = {
        "{{TITLE}}": html.escape(f"hkgov-graph: {data['title_en']} · {data['title_zh_hant']}"),
        "{{STYLE}}": _read("app.css"),
        "{{VENDOR_SCRIPT}}": _inline_script(_read("vendor/cytoscape.min.js")),
        "{{APP_SCRIPT}}": _inline_script(_read("app.js")),
        "{{DATA}}": escape_json_for_script(data),
    }
    pattern = re.compile("|".join(re.escape(k) for k in replacements))
    return pattern.sub(lambda m: replacements[m[0]], page).encode("utf-8")

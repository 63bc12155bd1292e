"""The interactive viewer: one self-contained HTML file per view.

The file carries everything it needs (the vendored Cytoscape.js with the
dagre and fCoSE layouts, see ``vendor/VENDORED.md``, the viewer's own script
and style, its words in three languages from the message catalogue, and the
graph as JSON), so it works offline from a file or any static server, and the
same graph gives the same bytes. The graph embedded is the all-times view
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

# The pictures' colours by kind (colour-blind-friendly where possible); other kinds get one of
# FALLBACK. The viewer colours by family instead (FAMILIES below).
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

# The viewer colours a node by its family and shapes it by its kind within the family, so
# that the whole view's fifty-odd kinds read as about ten colours a person can tell apart
# (the Okabe-Ito palette and greys), each with a few shapes. The family's place in this
# list and the kind's place in its family also rank labels: where two would overlap, the
# earlier one is drawn.
FAMILIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("government", "#0072b2", ("Government", "PolicyBureau", "GovernmentDepartment", "PublicBody")),
    ("office", "#d55e00", ("BeijingOffice", "EconomicAndTradeOffice", "MainlandOffice", "OfficeGroup", "LiaisonUnit",
                           "Division", "OrganizationalUnit")),
    ("cooperation", "#cc79a7", ("CooperationMechanism", "MechanismTier", "ExpertGroup", "OrganizationalCollaboration",
                                "CooperationZone", "Agreement", "Plan", "Fund", "MonetaryGrant", "TierLevel")),
    ("mainland", "#8c6d31", ("MainlandAuthority", "ProvincialBeijingOffice", "Organization")),
    ("place", "#56b4e9", ("Municipality", "Province", "AutonomousRegion", "SpecialAdministrativeRegion",
                          "ProvincialLevelRegion", "City", "Site", "Address")),
    ("people", "#f0e442", ("Person", "Post", "Membership", "Rank")),
    ("event", "#009e73", ("Event", "ChangeEvent", "PromotionEvent", "ChangeKind")),
    ("record", "#e69f00", ("SourceDocument", "EditorialSource", "Chapter", "Programme", "Statement", "CountStatement",
                           "Basis", "Resource")),
    ("relation", "#555555", ("AdministrativeReporting", "PolicyGuidance", "Status")),
    ("time", "#c8c8c8", ("Interval", "Instant", "MonetaryAmount", "QuantitativeValue")),
    ("term", "#ffffff", ("ObjectProperty", "DatatypeProperty", "FunctionalProperty", "Class")),
)
OTHER_FAMILY = ("other", "#8a8a8a")
# The family whose names a view draws first where names would overlap (else the order above).
FIRST_FAMILY = {"cooperation": "cooperation", "coverage": "office"}
# Cytoscape.js node shapes, in the order a family hands them to its kinds.
SHAPES = ("ellipse", "round-rectangle", "diamond", "round-triangle", "hexagon", "star", "round-pentagon", "octagon",
          "vee", "rhomboid", "tag", "barrel")
LANGS = (("en", "en"), ("zh-hant", "zh-Hant"), ("zh-hans", "zh-Hans"))  # the viewer's key, the catalogue's tag
UI_PREFIX = "viewer."


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


def kind_styles(kinds: list[str]) -> dict[str, dict[str, Any]]:
    """Family, colour, shape and label rank of each kind (kinds of no family: "other", shapes in sorted order)."""
    known = {kind: (family, colour, SHAPES[i % len(SHAPES)], rank * 100 + i)
             for rank, (family, colour, members) in enumerate(FAMILIES) for i, kind in enumerate(members)}
    out: dict[str, dict[str, Any]] = {}
    spare = 0
    for kind in sorted(set(kinds)):
        if kind in known:
            family, colour, shape, rank = known[kind]
        else:
            family, colour = OTHER_FAMILY
            shape, rank = SHAPES[spare % len(SHAPES)], len(FAMILIES) * 100 + spare
            spare += 1
        out[kind] = {"family": family, "colour": colour, "shape": shape, "rank": rank}
    return out


# Value words the details panel shows (a node's ``status``), from the catalogue's ``values``, as ``value.<word>``.
VALUE_WORDS = ("planned", "proposed")


def ui_words() -> dict[str, dict[str, str]]:
    """The viewer's interface words (catalogue keys ``viewer.*``, without the prefix, and the value words
    of :data:`VALUE_WORDS` as ``value.<word>``) in its three languages."""
    from hkgov_graph.i18n import catalogue

    out = {}
    for key, tag in LANGS:
        words = catalogue(tag)
        out[key] = {k[len(UI_PREFIX):]: v for k, v in sorted(words["ui"].items()) if k.startswith(UI_PREFIX)}
        out[key].update({f"value.{w}": words["values"][w] for w in VALUE_WORDS})
    return out


def _words(key: str) -> dict[str, str]:
    """One catalogue entry as ``{"label_en": ..., "label_zh_hant": ..., "label_zh_hans": ...}``."""
    from hkgov_graph.i18n import text

    return {f"label_{k.replace('-', '_')}": text(key, tag) for k, tag in LANGS}


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
            kind_labels: dict[str, tuple[str, str, str]] | None = None,
            names: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """What the page needs, as plain JSON: every node and edge with its attributes, and how to draw them.

    ``names`` are readable names (by language tag) for nodes that have no label of their own; they
    become the node's ``name_en``, ``name_zh_hant`` and ``name_zh_hans``.
    """
    from hkgov_graph.i18n import has_text

    view = str(all_times.graph.get("view", ""))
    names = names or {}
    nodes = []
    for n, attrs in all_times.nodes(data=True):
        node = {"id": str(n), **{k: v for k, v in attrs.items() if k != "id"}}
        for key, tag in LANGS:
            if str(n) in names and names[str(n)].get(tag):
                node[f"name_{key.replace('-', '_')}"] = names[str(n)][tag]
        nodes.append(node)
    if all_times.is_multigraph():
        items = list(all_times.edges(keys=True, data=True))
    else:
        items = [(u, v, "", a) for u, v, a in all_times.edges(data=True)]
    edges = [{"id": f"{u} {k} {v}", "source": u, "target": v, "key": k, **attrs} for u, v, k, attrs in items]
    kinds = sorted({str(a.get("kind", "")) for _, a in all_times.nodes(data=True)})
    styles = kind_styles(kinds)
    labels = kind_labels or {}
    kind_entries = {}
    for k in kinds:
        en, hant, hans = (*labels.get(k, ()), "", "", "")[:3]
        if has_text(f"{UI_PREFIX}kind.{k}"):  # a kind the ontology does not name in every script
            own = _words(f"{UI_PREFIX}kind.{k}")
            en = en if en and en != k else own["label_en"]
            hant, hans = hant or own["label_zh_hant"], hans or own["label_zh_hans"]
        kind_entries[k] = {**styles[k], "label_en": en or k, "label_zh_hant": hant, "label_zh_hans": hans}
    used_families = {v["family"] for v in styles.values()}
    families = {family: {"colour": colour, **_words(f"{UI_PREFIX}family.{family}")}
                for family, colour, _ in (*FAMILIES, (*OTHER_FAMILY, ())) if family in used_families}
    edge_kinds: dict[str, dict[str, str]] = {}
    for e in edges:
        kind = str(e.get("kind", ""))
        style, colour = EDGE_STYLES.get(kind, ("solid", "#777777"))
        edge_kinds.setdefault(kind, {"label_en": str(e.get("label_en", "")),
                                     "label_zh_hant": str(e.get("label_zh_hant", "")),
                                     "label_zh_hans": str(e.get("label_zh_hans", "")),
                                     "style": style, "colour": colour})
    return {
        "view": view,
        "title": _words(f"{UI_PREFIX}title.{view}") if has_text(f"{UI_PREFIX}title.{view}") else
        {"label_en": view, "label_zh_hant": view, "label_zh_hans": view},
        "directed": all_times.is_directed(),
        "default_as_of": "all" if view == "whole" else "now",
        # "now": the graph's reference date (docs/time-model.md)
        "reference_date": str(all_times.graph.get("reference_date", "")),
        "initial_as_of": str(shown.graph.get("as_of", "now")),
        "initial_counts": {"nodes": shown.number_of_nodes(), "edges": shown.number_of_edges()},
        "nodes": nodes,
        "edges": edges,
        "kinds": kind_entries,
        "families": families,
        "first_family": FIRST_FAMILY.get(view, ""),
        "edge_kinds": {k: edge_kinds[k] for k in sorted(edge_kinds)},
        "ui": ui_words(),
        "documents": documents,
    }


# The libraries, in the order they are loaded (see vendor/VENDORED.md): each in a <script> of its own.
VENDOR_SCRIPTS = ("cytoscape.min.js", "dagre.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js")


def render_html(all_times: nx.Graph, shown: nx.Graph, documents: dict[str, dict[str, str]],
                kind_labels: dict[str, tuple[str, str, str]] | None = None,
                names: dict[str, dict[str, str]] | None = None) -> bytes:
    """The viewer page for a view: ``all_times`` is embedded, ``shown`` says where the page starts."""
    data = payload(all_times, shown, documents, kind_labels, names)
    page = _read("template.html")
    vendor = "\n".join(f"<script>\n{_inline_script(_read('vendor/' + name))}\n</script>" for name in VENDOR_SCRIPTS)
    replacements = {
        "{{TITLE}}": html.escape(f"hkgov-graph: {data['title']['label_en']} · {data['title']['label_zh_hant']}"),
        "{{STYLE}}": _read("app.css"),
        "{{VENDOR_SCRIPTS}}": vendor,
        "{{APP_SCRIPT}}": _inline_script(_read("app.js")),
        "{{DATA}}": escape_json_for_script(data),
    }
    pattern = re.compile("|".join(re.escape(k) for k in replacements))
    return pattern.sub(lambda m: replacements[m[0]], page).encode("utf-8")

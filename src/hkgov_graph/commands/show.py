"""``hkgov-graph show NAME``: the profile of one resource in the terminal or as JSON.

The same profile the resource's page shows (:mod:`hkgov_graph.publish.profile`):
what it is, its names in the three forms, a summary, its sections and a
timeline, every line with the graphs that state it and how certain it is.
``NAME`` is anything the query parameters accept: an IRI, a prefixed or local
name, an abbreviation, an English or Chinese name in either script.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from hkgov_graph.commands import arguments

if TYPE_CHECKING:
    from hkgov_graph.publish.profile import Line, Profile


def register(subparsers: argparse._SubParsersAction) -> None:
    show = subparsers.add_parser(
        "show", help="the profile of one resource: what it is, its names, posts and terms, structure, timeline",
        description="Show what the graph says about one resource: what it is, its names in English, Traditional "
                    "and Simplified Chinese, where it sits and how that changed, heads and terms, premises, regions, "
                    "mechanisms, events and a timeline. Every line names the source documents (graph:…) that state "
                    "it. NAME is an IRI, a prefixed name (office:bjo), a local name, an abbreviation (GDETO) or a "
                    "name in English or Chinese in either script (駐京辦, 驻京办).",
        epilog="Exit codes: 0 success, 2 usage error (unknown or ambiguous name, unreadable dump).")
    show.add_argument("name", help="the resource: IRI, prefixed name, abbreviation or name")
    show.add_argument("--lang", type=arguments.label_language, default="en", metavar="LANG",
                      help="language of labels and words: en (default), zh-Hant or zh-Hans (falls back zh-Hans → "
                           "zh-Hant → en, zh-Hant → zh-Hans → en, en → zh-Hant → zh-Hans). "
                           + arguments.LANG_TAGS_HELP)
    show.add_argument("--format", choices=("text", "json"), default="text",
                      help="text (default) or json (the whole profile, sentences in all three languages)")
    show.add_argument("--statements", action="store_true", help="also list every statement (text format)")
    show.add_argument("--nquads", type=Path, metavar="PATH",
                      help="the N-Quads dump (default: build/hkgov-graph.nq, or the sources built in memory)")
    show.set_defaults(handler=run_show)


def load_profile(name: str, nquads: Path | None = None) -> tuple[Profile, str | None]:
    """The profile of the resource ``name`` resolves to, and the resolver's note when it chose among several."""
    from hkgov_graph import namespaces as ns
    from hkgov_graph.publish.model import SiteModel
    from hkgov_graph.publish.profile import Profiler
    from hkgov_graph.query.names import Resolver
    from hkgov_graph.query.stores import EmbeddedStore

    store = EmbeddedStore.open(nquads)
    resolution = Resolver(store).resolve(name)
    model = SiteModel.from_store(store.store, ns.DEFAULT_BASE)
    return Profiler(model).profile(resolution.iri), resolution.note()


def run_show(args: argparse.Namespace) -> int:
    from hkgov_graph.publish.profile import to_json

    profile, note = load_profile(args.name, args.nquads)
    if note:
        print(f"hkgov-graph: note: {note}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(to_json(profile), ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    else:
        sys.stdout.write(render_text(profile, args.lang, args.statements))
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def line_with_sources(line: Line, lang: str) -> str:
    """A line's sentence, then its sources (``graph:`` names) and, when not plainly stated, its certainty."""
    from hkgov_graph.publish.profile import line_text, temporal_text
    from hkgov_graph.publish.words import word

    text = line_text(line, lang)
    notes = [s.name for s in line.sources]
    certainty = line.certainty
    if certainty and certainty.status != "stated":
        notes.append(word(certainty.status, lang))
    if certainty and certainty.basis:
        notes.extend(f"{word('basis', lang)}{word('colon', lang)}{b.kind.text(lang)}"
                     + (f" ({b.source.name})" if b.source else "")
                     for b in certainty.basis)
    if certainty and certainty.temporal:
        notes.append(temporal_text(certainty.temporal, lang))
    return f"{text}  [{'; '.join(notes)}]" if notes else text


def render_text(profile: Profile, lang: str = "en", statements: bool = False) -> str:
    """The profile for a terminal: title, names, summary, sections, timeline (and the statements)."""
    from hkgov_graph.publish.profile import Lit, Ref, line_text, temporal_text
    from hkgov_graph.publish.words import kind_name, word

    out: list[str] = []
    title = profile.title(lang)
    out.append(title)
    out.append("=" * min(_width(title), 78))
    kinds = " · ".join(t.text(lang) for t in profile.types)
    out.append(f"{profile.ref.curie}  ({kinds})" if kinds else profile.ref.curie)
    if profile.temporal:
        out.append(temporal_text(profile.temporal, lang))
    out.append(profile.ref.iri)
    if profile.names:
        out.append("")
        out.append(word("names", lang))
        for name in profile.names:
            role = {"pref": "", "alt": word("also-known-as", lang) + " ", "notation": word("notation", lang) + " "}
            tag = f" ({name.lang})" if name.lang else ""
            out.append(f"  {role[name.role]}{name.text}{tag}  [{'; '.join(s.name for s in name.sources)}]")
    if profile.summary:
        out.append("")
        out.append(word("summary", lang))
        out.extend("  " + line_with_sources(line, lang) for line in profile.summary)
    for section in profile.sections:
        out.append("")
        title = word(section.key, lang)
        out.append(title)
        for line in section.lines:
            out.append("  • " + line_with_sources(line, lang))
    if profile.timeline:
        out.append("")
        out.append(word("timeline", lang))
        for line in profile.timeline:
            out.append(f"  {line.when:<10}  {line_text(line, lang)}")
    if statements:
        out.append("")
        out.append(word("statements", lang))
        for row in profile.statements:
            value = row.value
            if isinstance(value, Ref):
                shown = f"{value.text(lang)} <{value.curie}>" if value.label else value.curie
            elif isinstance(value, Lit):
                shown = value.value + (f" @{value.lang}" if value.lang else "")
            else:
                shown = line_text(value, lang)
            sources = "; ".join(s.name for s in row.sources)
            out.append(f"  {row.property.text(lang)}{word('colon', lang)}{shown}  [{sources}]")
    if profile.ref.kind and profile.ref.kind != "graph":
        out.append("")
        out.append(f"({word('kind', lang)}{word('colon', lang)}{kind_name(profile.ref.kind, lang)})")
    return "\n".join(out) + "\n"

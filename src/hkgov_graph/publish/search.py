"""Site search: an index of every resource's names, searched in the browser by ``static/search.js``.

The index holds what the project's own name matcher (:mod:`hkgov_graph.query.names`)
reads: preferred and alternative labels, notations and local names, in every
language, so a resource is found by any of its names in English, in either
Chinese script, or by an abbreviation. Names are stored in the matcher's normal
form (Unicode NFKC, Simplified script, lower case, single spaces); the browser
brings the query to the same form with a character table (Traditional →
Simplified, from OpenCC ``t2s``) covering every character of the names and the
Traditional forms of their Simplified characters, so 駐粵經貿辦 and 驻粤经贸办 both
find the Guangdong ETO. The conversion is per character on both sides, so the
index and the query always agree.

It works offline, on any static server and from ``file://`` (the index is a
script, not fetched JSON), and in ``hkgov-graph serve``. Pagefind, the other
candidate, indexes page text rather than names, does not fold the two scripts
into one, needs its binary at publish time and fetches its index at run time
(so not from ``file://``); this index is some 90 kB for the 245 resources and is built in the same pass.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from hkgov_graph.publish.words import LANGS, kind_name, word

if TYPE_CHECKING:
    from hkgov_graph.publish.pages import Site

INDEX_FILE = "search/index.js"
SCRIPT_FILE = "search/search.js"


@lru_cache(maxsize=2)
def _opencc(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


def char_table(texts: list[str]) -> dict[str, str]:
    """Traditional → Simplified for every character of ``texts`` and the Traditional forms of their Simplified ones.

    Only characters that change are listed. A character OpenCC turns into more
    than one character is left out (none occurs in names).
    """
    t2s, s2t = _opencc("t2s"), _opencc("s2t")
    chars = {c for text in texts for c in unicodedata.normalize("NFKC", text)}
    chars |= {s2t.convert(c) for c in chars}
    table = {}
    for c in sorted(chars):
        simplified = t2s.convert(c)
        if len(c) == 1 and len(simplified) == 1 and simplified != c:
            table[c] = simplified
    return table


def normalise(text: str, table: dict[str, str]) -> str:
    """The form names are compared in; ``search.js`` computes the same from a query."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(table.get(c, c) for c in text)
    return re.sub(r"\s+", " ", text.lower()).strip()


def search_index(site: Site, resources: list[str]) -> dict[str, object]:
    """The index: resources (labels, kind, page path) and their normalised names with how each matched."""
    from hkgov_graph.query.names import _LABEL_RANK, BY_NAME, HOME_QUERY, LABELS_QUERY, local_name
    from hkgov_graph.query.stores import EmbeddedStore

    m = site.m
    store = EmbeddedStore(m.store)
    wanted = set(resources)
    raw: dict[str, set[tuple[str, int]]] = {iri: {(local_name(iri), BY_NAME)} for iri in resources}
    for row in store.select(LABELS_QUERY):
        iri = row["s"].value
        if iri in wanted:
            raw[iri].add((row["label"].value, _LABEL_RANK[row["p"].value]))
    home = {row["s"].value for row in store.select(HOME_QUERY)}
    refs = [site.profiler.ref(iri) for iri in resources]
    # the labels shown include some made by the pages (a reading is called by the triple it reads)
    table = char_table([text for names in raw.values() for text, _ in names]
                       + [text for ref in refs for text in ref.label.values()])
    items = []
    names: list[list[object]] = []
    for number, (iri, ref) in enumerate(zip(resources, refs, strict=True)):
        kind = ref.kind or ""
        items.append([m.page_path(iri), ref.curie, kind, int(iri in home),
                      {lang: ref.label[lang] for lang in LANGS if lang in ref.label}])
        best: dict[str, tuple[int, str]] = {}
        for text, rank in sorted(raw[iri]):
            key = normalise(text, table)
            if key and (key not in best or rank < best[key][0]):
                best[key] = (rank, text)
        # a match on the local name (gdeto) shows nothing more than the result's own compact IRI does
        names.extend([key, number, rank, "" if text == local_name(iri) else text]
                     for key, (rank, text) in sorted(best.items()))
    kinds = {k: {lang: kind_name(k, lang) for lang in LANGS} for k in sorted({i[2] for i in items})}
    words = {lang: {k: word(k, lang) for k in ("search-none", "search")} for lang in LANGS}
    return {"table": table, "items": items, "names": names, "kinds": kinds, "words": words}


def search_files(site: Site, resources: list[str]) -> dict[str, bytes]:
    """``search/index.js`` (the index as a script that sets ``window.HKGOV_SEARCH``) and ``search/search.js``."""
    from importlib.resources import files

    index = json.dumps(search_index(site, resources), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    script = (files("hkgov_graph.publish") / "static" / "search.js").read_bytes()
    return {INDEX_FILE: f"window.HKGOV_SEARCH={index};\n".encode(), SCRIPT_FILE: script}

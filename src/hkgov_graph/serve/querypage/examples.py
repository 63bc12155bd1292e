"""The query page's examples: the packaged questions, with the parameters of their header's example line bound.

A question (``queries/*.rq`` that is neither a check nor a rule) declares its
parameters as unbound variables and gives an example command line
(``# example: hkgov-graph query reporting-line --unit unit:fujian --as-of 2012-05``).
The example's values are turned into RDF terms by the runner's own checks
(:func:`hkgov_graph.query.runner.bind`) and bound the way the remote store
binds them: a ``VALUES`` block serialised from the terms, put at the start of
the top-level ``WHERE`` group (:func:`hkgov_graph.query.stores.insert_values`),
never pasted into the text as typed. The project's IRIs in the text move to
the site's base, as the data does. The header lines the page shows around
the editor (title in the list, question and example command in the note,
returned columns as the table's headings) are left out of the editor's text,
so that the query itself comes into view; the parameters' lines and the notes
stay. Parameters the example does not give
keep their defaults inside the query (``as_of`` today, ``lang`` English), so
the page does not depend on the day it was published. An example that cannot
be bound is shown as the query text, with a note saying so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from hkgov_graph import namespaces as ns
from hkgov_graph.errors import HkgovError

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hkgov_graph.query.runner import Question
    from hkgov_graph.query.stores import Term


def examples(store: ox.Store, base: str, lang: str = "en") -> list[dict[str, Any]]:
    """One example per packaged question, by name: its title, question, example command and query text.

    ``store`` is the published store (under ``base``), for names an example
    gives in words rather than as IRIs. On a page in another language than
    English, a question that takes ``lang`` gets the page's language bound
    too (and its command says ``--lang``), so that its labels come in the
    page's language, and its title and question are the catalogue's.
    """
    from hkgov_graph.query.runner import discover

    resolver: list[Any] = []  # made once, only when an example names a resource in words

    out = []
    for question in discover():
        command = question.file.header.get("example", [""])[0].strip()
        values = question.examples()[0] if question.examples() else {}
        if lang != "en" and question.param("lang") is not None and "lang" not in values:
            values = {**values, "lang": lang}
            command = f"{command} --lang {lang}"
        terms = _terms(question, values, store, base, resolver)
        # the packaged text names the project's IRIs under the default base; the site may publish them elsewhere
        text = without_shown_header(question.text.replace(ns.DEFAULT_BASE, base))
        entry: dict[str, Any] = {"name": question.name, "title": asked(question, "title", lang),
                                 "question": asked(question, "question", lang), "command": command,
                                 "bound": sorted(terms or {}), "query": text}
        if terms:
            from hkgov_graph.query.stores import insert_values

            entry["query"] = insert_values(text, terms)
        elif terms is None:
            entry["unbound"] = True  # the example's values could not be bound: the text as packaged
        out.append(entry)
    return out


def asked(question: Question, key: str, lang: str) -> str:
    """The question's ``title`` or ``question`` in ``lang``: the catalogue's ``question.NAME.KEY`` (whose English is
    the header's, a test keeps them equal), or the header's English for a question the catalogue lacks."""
    from hkgov_graph import i18n

    catalogue_key = f"question.{question.name}.{key}"
    if lang != "en" and i18n.has_text(catalogue_key):
        return i18n.text(catalogue_key, lang)
    return question.title if key == "title" else question.question


SHOWN_KEYS = frozenset({"title", "question", "returns", "example"})  # the page shows these around the editor
_KEY_LINE = re.compile(r"\s*#\s*([A-Za-z_-]+)\s*:")


def without_shown_header(text: str) -> str:
    """``text`` without the header lines of :data:`SHOWN_KEYS` (and their continuation lines).

    The header is read as :func:`hkgov_graph.query.queryfile.parse_header`
    reads it: ``# key: value`` lines, continued by comment lines, up to a bare
    ``#`` or the first line that is not a comment.
    """
    lines = text.splitlines(keepends=True)
    kept: list[str] = []
    dropping = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return "".join(kept + lines[i:])  # the header is over
        if stripped and not stripped.strip("#").strip():  # a bare "#" closes the header; notes follow
            return "".join(kept + lines[i if kept else i + 1:])  # nothing of the header left: nor its "#"
        key = _KEY_LINE.match(line)
        if key:
            dropping = key[1].lower() in SHOWN_KEYS
        if not dropping:
            kept.append(line)
    return "".join(kept)


def _terms(question: Question, values: dict[str, str], store: ox.Store, base: str,
           resolver: list[Any]) -> dict[str, Term] | None:
    """The example's values as terms under ``base`` (only those it gives), or None when they do not bind."""
    import pyoxigraph as ox

    from hkgov_graph.publish.model import rebase_iri
    from hkgov_graph.query.runner import bind

    if not values:
        return {}
    try:  # IRIs and prefixed names need no lookup; the project's prefixes name the default base
        bound = bind(question, values, None)
    except HkgovError:
        try:
            if not resolver:
                from hkgov_graph.query.names import Resolver
                from hkgov_graph.query.stores import EmbeddedStore

                resolver.append(Resolver(EmbeddedStore(store)))
            bound = bind(question, values, resolver[0])
        except HkgovError:
            return None
    terms: dict[str, Term] = {}
    for name in bound.given:
        term = bound.terms.get(name)
        if isinstance(term, ox.NamedNode):
            term = ox.NamedNode(rebase_iri(term.value, base))
        if term is not None:
            terms[name] = term
    return terms

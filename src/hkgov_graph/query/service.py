"""Does a SPARQL query call ``SERVICE``? Found by parsing, so that the word in
a string, an IRI, a comment or a prefixed name does not count and an escaped
keyword (``SERVIC\\u0045``) does.

A ``SERVICE`` clause makes the engine open a connection to whatever address
the query names (pyoxigraph does it, and so would most endpoints the remote
store talks to). The project opens no connection the user did not name, so
every store and the server refuse such queries unless told otherwise
(``--allow-service``).

Most queries never contain the letters "service", so the check costs a
substring search; only the rest are parsed, with rdflib's SPARQL 1.1 grammar
(pyoxigraph does not expose its parse tree), and the answer is cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hkgov_graph.errors import UsageError

# SPARQL 1.1 section 19.2: \uXXXX and \UXXXXXXXX are replaced before the text is parsed.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_WORD = re.compile(r"service", re.IGNORECASE)

REFUSAL = ("the query calls SERVICE, which would make this program connect to another server; "
           "it is refused unless you allow it (--allow-service)")


def unescape_codepoints(text: str) -> str:
    """The text with SPARQL's codepoint escapes replaced by the characters they stand for."""
    def replace(m: re.Match[str]) -> str:
        try:
            return chr(int(m[1] or m[2], 16))
        except (ValueError, OverflowError):
            return m[0]

    return _CODEPOINT.sub(replace, text)


@lru_cache(maxsize=512)
def uses_service(query: str) -> bool:
    """Whether ``query`` holds a ``SERVICE`` clause anywhere (sub-queries, EXISTS and OPTIONAL included).

    A text rdflib cannot parse is judged by the project's SPARQL lexer
    (strings, IRIs and comments skipped): a ``SERVICE`` keyword there counts.
    That errs towards refusing; the engine would reject most such texts anyway.
    """
    text = unescape_codepoints(query)
    if not _WORD.search(text):
        return False
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        tree = parseQuery(text)
    except Exception:  # any failure of the second parser (syntax, recursion depth): fall back to the lexer
        from hkgov_graph.query.stores import tokens

        return any(t.kind == "word" and t.text.upper() == "SERVICE" for t in tokens(text))
    return _has_service(tree)


def _has_service(node: object) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_has_service(v) for v in node.values())
    if isinstance(node, dict):
        return any(_has_service(v) for v in node.values())
    if isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        return any(_has_service(v) for v in node)  # type: ignore[union-attr]
    return False


def refuse_service(query: str, allow: bool = False) -> None:
    """Raise :class:`UsageError` when ``query`` calls ``SERVICE`` and that is not allowed."""
    if not allow and uses_service(query):
        raise UsageError(REFUSAL)

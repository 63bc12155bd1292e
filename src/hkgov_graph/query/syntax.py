"""Readable SPARQL syntax errors, at the line and column of the text the user wrote.

Oxigraph's parser (rust-peg) reports where it stopped and every token it
could have taken there, character classes included, so a query that uses an
undeclared prefix gets a page of Unicode ranges (``expected one of Prefix not
found, ['%'], ['-' | '0' ..= '9' | '\\u{00B7}' ...``). :func:`explain` turns
that into one line a person can act on::

    line 3, column 12: the prefix wd: is not declared; add PREFIX wd: <…> before the query
    line 5, column 2: the query cannot be read from "}" on (expected OPTIONAL, FILTER, "}" …)

Where the project's prefixes are declared for the user, by putting
declarations before the query text (:func:`declare`, as ``hkgov-graph sparql``
does for any store), the lines those declarations take are subtracted again,
so the line is the user's own (:meth:`Declared.relocate`). Stores that can be
given prefixes outright (pyoxigraph's ``prefixes=``, used by ``serve``) need
no text in front and no arithmetic.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

# pyoxigraph's message: "error at LINE:COLUMN: expected [one of] ITEMS" (line and column from 1, in characters)
_PARSER_POSITION = re.compile(r"error at (\d+):(\d+): (?:expected (?:one of )?)?(.*)", re.DOTALL)
# A position in another engine's message (Jena, RDF4J, Virtuoso all say "line N"), or in ours.
_LINE_WORD = re.compile(r"\b(line) (\d+)")
# Items of the parser's "expected" list: quoted tokens, keywords, its own phrases; never character classes.
_ITEM = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^,\[\]"]+')

_SPARQL_12 = {'"{|"', '"|}"', '"~"', '"<<"', '">>"', '"<<("', '")>>"'}
# The parser's own words for what went wrong, in plain ones.
_PHRASES = {
    "IRI parsing failed": "this IRI is not valid (an IRI has no spaces, and none of <>\"{}|^`\\)",
    "The SELECT contains a variable that is unbound":
        "the SELECT names a variable that the query does not bind, or does not GROUP BY",
}


@dataclass(frozen=True)
class Declared:
    """A query with declarations put before it: the text to run, and how many lines were added."""

    text: str
    added_lines: int
    user_text: str

    def relocate(self, message: str, predeclared: Mapping[str, str] | None = None) -> str:
        """``message`` (an error about :attr:`text`) with positions in the user's text, explained when it is the
        embedded parser's."""
        explained = explain(message, self.user_text, self.added_lines, predeclared)
        if explained is not None:
            return _PARSER_POSITION.sub(lambda _m: explained, message, count=1)
        if not self.added_lines:
            return message

        def shift(m: re.Match[str]) -> str:
            line = int(m[2])
            return f"{m[1]} {line - self.added_lines}" if line > self.added_lines else m[0]

        return _LINE_WORD.sub(shift, message)


def declared_prefixes(text: str) -> set[str]:
    """The prefixes ``text`` declares (``PREFIX name:``, read by the project's lexer, so not in comments, strings
    or IRIs)."""
    from hkgov_graph.query.stores import tokens

    found: set[str] = set()
    after_keyword = False
    for token in tokens(text):
        if after_keyword and token.text.endswith(":"):
            found.add(token.text[:-1])
        after_keyword = token.kind == "word" and token.text.upper() == "PREFIX"
    return found


def declare(text: str, prefixes: Mapping[str, str]) -> Declared:
    """``text`` with a ``PREFIX`` line before it for each of ``prefixes`` it does not declare itself.

    A prefix the query declares keeps the query's IRI. The lines added are
    counted, so that errors can be moved back onto the user's lines.
    """
    own = declared_prefixes(text)
    lines = [f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items() if name not in own]
    return Declared("".join(lines) + text, len(lines), text)


def explain(message: str, text: str, line_offset: int = 0, predeclared: Mapping[str, str] | None = None
            ) -> str | None:
    """One readable line for pyoxigraph's syntax error ``message`` about ``text`` (the user's query), or None when
    the message carries no parser position.

    ``line_offset`` lines were put before ``text`` when it was run (see
    :func:`declare`); ``predeclared`` are the prefixes the user need not
    declare, named in the advice on a missing prefix.
    """
    m = _PARSER_POSITION.search(message)
    if m is None:
        return None
    line, column = int(m[1]) - line_offset, int(m[2])
    items = _items(m[3])
    lines = text.split("\n")
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    where = f"line {line}, column {column}"
    phrases = [_PHRASES[item] for item in items if item in _PHRASES]
    if phrases:
        return f"{where}: {phrases[0]}"
    undeclared = first_undeclared(text, predeclared or {})
    if undeclared is not None:  # always an error, and the parser does not always say so ("Prefix not found")
        name, at_line, at_column = undeclared
        return f"line {at_line}, column {at_column}: {missing_prefix(name, predeclared)}"
    tokens = [item for item in items if _is_token(item)]
    expected = ""
    if tokens:
        expected = " (expected " + ", ".join(tokens[:8]) + (" …" if len(tokens) > 8 else "") + ")"
    token = _token_at(source_line, column)
    if token:
        return f'{where}: unexpected "{token}"{expected}'
    if any(later.strip() for later in lines[line:]):
        return f"{where}: unexpected end of the line{expected}"
    return f"{where}: unexpected end of the query{expected}"


def malformed(message: str, text: str, predeclared: Mapping[str, str] | None = None) -> str:
    """The endpoint's answer to a query that does not parse: ``malformed query: line 3, column 12: …``."""
    explained = explain(message, text, 0, predeclared)
    return "malformed query: " + (explained or message.split("\n", 1)[0])


def missing_prefix(name: str, predeclared: Mapping[str, str] | None = None) -> str:
    """What to say about the undeclared prefix ``name``: how to declare it, and what is declared already."""
    advice = f"the prefix {name}: is not declared; add PREFIX {name}: <namespace IRI> before the query"
    if not predeclared:
        return advice
    close = difflib.get_close_matches(name, list(predeclared), n=1, cutoff=0.6)
    if close:
        advice += f" (or did you mean {close[0]}:?)"
    shown = " ".join(f"{p}:" for p in list(predeclared)[:6])
    return advice + f". The project's prefixes ({shown} … {len(predeclared)} in all) are declared for you"


def _items(expected: str) -> list[str]:
    """The items of the parser's ``expected`` list, stripped (character classes kept as ``[...]``)."""
    return [item.strip() for item in _ITEM.findall(expected.replace("\n", " ")) if item.strip()]


def _is_token(item: str) -> bool:
    """Whether an expected item is worth showing: a quoted token, not a keyword or a character class."""
    # Keywords are left out: the parser lists those of the furthest rule it tried, which mislead more often than
    # not ("expected OPTIONAL" where a "." is missing); punctuation is what a person can act on.
    return item.startswith('"') and item not in _SPARQL_12


def first_undeclared(text: str, predeclared: Mapping[str, str]) -> tuple[str, int, int] | None:
    """The first prefixed name in ``text`` whose prefix neither ``text`` nor ``predeclared`` declares: its prefix,
    line and column (from 1)."""
    from hkgov_graph.query.stores import tokens

    known = declared_prefixes(text) | set(predeclared)
    after_keyword = False
    for token in tokens(text):
        in_broken_iri = token.start > 0 and text[token.start - 1] == "<"  # <http://a b>: the lexer sees no IRI
        if token.kind == "word" and ":" in token.text and not after_keyword and not in_broken_iri:
            name = token.text.split(":", 1)[0]
            if name not in known and name != "_":  # _:b is a blank node
                line = text.count("\n", 0, token.start) + 1
                return name, line, token.start - (text.rfind("\n", 0, token.start) + 1) + 1
        after_keyword = token.kind == "word" and token.text.upper() == "PREFIX"
    return None


def _token_at(line: str, column: int) -> str:
    """The word or sign at ``column`` (from 1) of ``line``, from its start: what the parser could not take."""
    at = column - 1
    if at < 0 or at >= len(line) or line[at].isspace():
        rest = line[at:].lstrip() if 0 <= at < len(line) else ""
        return _token_at(rest, 1) if rest else ""
    if re.match(r"[\w?$:]", line[at]):
        start = at
        while start > 0 and re.match(r"[\w?$:.-]", line[start - 1]):
            start -= 1
        m = re.match(r"[\w?$:.-]+", line[start:])
        word = m[0].rstrip(".") if m else line[at]
        return word[:40] + ("…" if len(word) > 40 else "")
    return line[at]

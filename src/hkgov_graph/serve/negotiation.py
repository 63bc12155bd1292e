"""Content negotiation (RFC 9110 section 12.5.1) over offers that may have aliases.

The ``Accept`` header is parsed by werkzeug's :class:`MIMEAccept`, which
implements the RFC's precedence: the quality of a media type is that of the
most specific range matching it, so ``text/html;q=0, */*`` refuses HTML and
``q=0`` anywhere means "not acceptable". (Compared with python-mimeparse, also
RFC-correct, werkzeug is more widely used and maintained, and tells a
specific range from a wildcard, which the tie-break below needs.)

An :class:`Offer` is one representation with several names, e.g. SPARQL JSON
results as ``application/sparql-results+json`` or ``application/json``. It is
negotiated as one offer, not one per name: if the client names any of its
types explicitly, the best of those explicit qualities is the offer's
(``application/sparql-results+json;q=0, */*`` refuses it, although ``*/*``
would match ``application/json``); otherwise wildcards match only its main
type, so ``text/*`` does not select SPARQL XML through its ``text/xml`` alias.
The answer carries the type the client named, or the main type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Offer:
    """A representation: a key, its main media type, the other media types it answers to, and the words
    ``?format=`` may name it by."""

    key: str
    media_type: str
    aliases: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


@dataclass(frozen=True)
class Choice:
    """The negotiated offer and the media type to answer with."""

    offer: Offer
    media_type: str
    quality: float


def parse_accept(header: str | None):  # type: ignore[no-untyped-def]  # werkzeug's MIMEAccept
    """The header parsed by werkzeug (sorted by specificity, then quality)."""
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    return parse_accept_header(header, MIMEAccept)


def _essence(media_range: str) -> str:
    return media_range.split(";", 1)[0].strip().lower()


def negotiate(header: str | None, offers: Sequence[Offer]) -> Choice | None:
    """The offer the ``Accept`` header prefers, or None when it accepts none of them.

    A missing or empty header accepts anything (the first offer). At equal
    quality an explicitly named type beats a wildcard (``*/*, text/turtle``
    gives Turtle), then the type range beats ``*/*``, then the server's order.
    """
    if not offers:
        return None
    if header is None or not header.strip():
        return Choice(offers[0], offers[0].media_type, 1.0)
    accept = parse_accept(header)
    if not accept:  # nothing parseable: treat as no preference, like a missing header
        return Choice(offers[0], offers[0].media_type, 1.0)
    best: tuple[float, int, int] | None = None
    chosen: Choice | None = None
    for position, offer in enumerate(offers):
        explicit = [(q, name) for value, q in accept for name in offer.names if _essence(value) == name]
        if explicit:
            quality, media_type = max(explicit, key=lambda pair: (pair[0], pair[1] == offer.media_type))
            specificity = 2
        else:
            quality, media_type = accept.quality(offer.media_type), offer.media_type
            main = offer.media_type.split("/", 1)[0]
            specificity = 1 if any(_essence(v) == f"{main}/*" for v, _ in accept) else 0
        if quality <= 0:
            continue
        rank = (quality, specificity, -position)
        if best is None or rank > best:
            best, chosen = rank, Choice(offer, media_type, quality)
    return chosen


def format_names(value: str) -> list[str]:
    """The names in one ``?format=`` value, lower case, media type parameters dropped: one word or media type,
    or a comma-separated list of media types (SPARQLWrapper sends ``application/ld+json,application/x-json+ld``)."""
    names = (part.split(";", 1)[0].strip().lower() for part in value.split(","))
    return [name for name in names if name]


def names(offer: Offer, name: str) -> bool:
    """Whether ``name`` (from :func:`format_names`) is ``offer``'s key, one of its words or media types."""
    return name == offer.key or name in offer.words or name in offer.names


def choose(header: str | None, offers: Sequence[Offer], requested: Sequence[str] = ()) -> Choice | None:
    """The offer named by the first ``?format=`` value that names one (its key, a short name or a media type),
    or, with no ``?format=``, by ``Accept``. None when neither names one of ``offers``: a format that was asked
    for by name is not traded for another one in silence."""
    if requested:
        found = (offer for value in requested for name in format_names(value) for offer in offers if names(offer, name))
        offer = next(found, None)
        return Choice(offer, offer.media_type, 1.0) if offer else None
    return negotiate(header, offers)

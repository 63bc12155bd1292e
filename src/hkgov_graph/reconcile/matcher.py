"""Candidates for a name, with scores that say how the name matched.

A name is compared with every entity's names in tiers, best first; an
entity's score comes from the best tier it reaches:

=========  =====  ==========================================================
tier       score  the name typed is
=========  =====  ==========================================================
id         100    the entity's id (``office/bjo``), IRI or compact IRI
exact      100    one of its names or notations exactly as written
normalised  90    one of its names after Unicode NFKC, Traditional to
                  Simplified Chinese (OpenCC ``t2s``) and case folding
                  (``驻京办`` for ``駐京辦``, ``gdeto``)
prefix      80    one of its names once "(of the) HKSAR Government" is taken
                  off the front of either (``香港特別行政區政府駐福建聯絡處``,
                  ``HKSAR Government Beijing Office``); when the typed name
                  had that prefix, only the HKSAR Government's own
                  resources count; a generic noun (a kind's name,
                  ``經濟貿易辦事處``, or the end of several names, ``經貿辦``)
                  is not taken for a name without its prefix
contains    65    (with a type only) a place inside an entity of that type:
                  ``廣州`` for Guangdong as a region
words     40–60   every word of it in one of its names (``Guangdong ETO``,
                  ``駐上海經貿辦``, :mod:`hkgov_graph.query.fuzzy`); 40 plus
                  20 × the share of the name covered
initials  25–40   the same, where a word matched only as initials (``ETO``)
                  or Chinese characters only in order; 25 plus 15 × share
similar   12–20   (only when nothing above matched) close in spelling: a
                  misspelt word read as the nearest word of a name, or the
                  whole name near one (``Shanghia offce``, ``駐粵經貿辨``)
=========  =====  ==========================================================

Two points come off for a resource that is not the HKSAR Government's own
(the graph is about them: ``駐京辦`` lists the Beijing Office before the
mainland governments' Beijing offices), one for a name that is only an
alternative one. A type narrows the candidates to instances of it (or, with
``type_strict="should"``, takes 10 points from the others, never below 0);
property conditions narrow them to those whose values fit.

``match`` is true only for the first candidate, only when it matched by a
name (tiers id to prefix) and no other candidate left matched in the same
tier or a better one: a name two resources share stays ambiguous
(``入境事務組`` names four divisions; with ``parent`` GDETO it names one).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hkgov_graph.query import fuzzy
from hkgov_graph.query.names import BY_ALT_LABEL, normalise
from hkgov_graph.reconcile.catalogue import exact_form, without_prefix

if TYPE_CHECKING:
    from hkgov_graph.reconcile.catalogue import Catalogue, Entity

ID, EXACT, NORMALISED, PREFIX, CONTAINS, WORDS, SIMILAR, PROPERTIES = range(8)
TIER_NAMES = ("id", "exact", "normalised", "prefix", "contains", "words", "similar", "properties")
NAME_TIERS = (ID, EXACT, NORMALISED, PREFIX)
BASE_SCORE = {ID: 100.0, EXACT: 100.0, NORMALISED: 90.0, PREFIX: 80.0, CONTAINS: 65.0, PROPERTIES: 50.0}
NOT_HOME, ALTERNATIVE, OTHER_TYPE = 2.0, 1.0, 10.0
MAX_FUZZY = 300  # characters: longer text is no name; it is looked up whole but not compared word by word
TYPE_STRICT = ("any", "all", "should")


@dataclass(frozen=True)
class Hit:
    """How one entity matched a name: its tier, and what placed it there."""

    tier: int
    score: float
    rank: int | None = None  # the name's rank (notation, preferred, alternative) in the name tiers
    quality: int = 0  # words: fuzzy.GOOD or fuzzy.FAIR
    coverage: float = 0.0
    similarity: float = 0.0

    def better(self, other: Hit | None) -> bool:
        return other is None or (self.tier, -self.score) < (other.tier, -other.score)


@dataclass(frozen=True)
class Candidate:
    """An entity proposed for a name: its score, tier and matching features, and whether it is the match."""

    entity: Entity
    hit: Hit
    score: float
    match: bool = False
    type_match: bool | None = None  # None: no type was asked for

    @property
    def tier(self) -> str:
        return TIER_NAMES[self.hit.tier]

    def features(self) -> list[dict[str, object]]:
        """The matching features (Reconciliation API ``features``) the score is made of."""
        h = self.hit
        out: list[dict[str, object]] = [
            {"id": "tier", "value": h.tier},
            {"id": "name_exact", "value": h.tier in (ID, EXACT)},
            {"id": "name_normalised", "value": h.tier == NORMALISED},
            {"id": "name_without_prefix", "value": h.tier == PREFIX},
            {"id": "place_contained", "value": h.tier == CONTAINS},
            {"id": "words_quality", "value": h.quality},
            {"id": "words_coverage", "value": round(h.coverage, 3)},
            {"id": "similarity", "value": round(h.similarity, 3)},
            {"id": "alternative_name", "value": h.rank == BY_ALT_LABEL},
            {"id": "hksar_government", "value": self.entity.home},
        ]
        if self.type_match is not None:
            out.append({"id": "type_match", "value": self.type_match})
        return out


Condition = Callable[["Entity"], bool]


class Matcher:
    """Finds and scores candidates for names in one :class:`~hkgov_graph.reconcile.catalogue.Catalogue`."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._vocabulary: list[str] | None = None
        self._normal_names: list[str] | None = None

    # -- the tiers --
    def hits(self, text: str, types: frozenset[str] = frozenset()) -> dict[str, Hit]:
        """Every entity ``text`` matches, with its best tier (no type or property narrowing yet)."""
        c = self.catalogue
        found: dict[str, Hit] = {}

        def add(iri: str, hit: Hit) -> None:
            if hit.better(found.get(iri)):
                found[iri] = hit

        text = text.strip()
        if not text:
            return found
        entity = c.entity_of(text) if len(text) <= MAX_FUZZY else None
        if entity is not None:
            add(entity.iri, Hit(ID, BASE_SCORE[ID]))
        normal = normalise(text)
        for tier, index, key in ((EXACT, c.exact, exact_form(text)), (NORMALISED, c.normal, normal)):
            for iri, rank in index.get(key, {}).items():
                add(iri, Hit(tier, self._penalised(tier, iri, rank), rank))
        stripped = without_prefix(normal)
        if stripped:  # the typed name says "of the HKSAR Government": its own resources only
            for index in (c.normal, c.stripped):
                for iri, rank in index.get(stripped, {}).items():
                    if c.entities[iri].home:
                        add(iri, Hit(PREFIX, self._penalised(PREFIX, iri, rank), rank))
        # a generic noun is no short form: 經濟貿易辦事處 is any ETO, not 香港經濟貿易辦事處 (the Mainland ETOs, 001)
        # without its 香港, and the prefix tier may make a match that OpenRefine would take without asking
        if normal not in c.generic_names:
            for iri, rank in c.stripped.get(normal, {}).items():
                add(iri, Hit(PREFIX, self._penalised(PREFIX, iri, rank), rank))
        if types:
            for iri in self._containing(normal, types):
                add(iri, Hit(CONTAINS, self._penalised(CONTAINS, iri)))
        if len(text) > MAX_FUZZY:
            return found
        for query in {q for q in (fuzzy.Query.of(normal), fuzzy.Query.of(stripped) if stripped else None) if q}:
            for iri, hit in self._words(query, WORDS).items():
                add(iri, hit)
        if not found:
            for iri, hit in self._similar(normal).items():
                add(iri, hit)
        return found

    def _penalised(self, tier: int, iri: str, rank: int | None = None) -> float:
        score = BASE_SCORE[tier]
        if not self.catalogue.entities[iri].home:
            score -= NOT_HOME
        if rank == BY_ALT_LABEL:
            score -= ALTERNATIVE
        return score

    def _containing(self, normal: str, types: frozenset[str]) -> set[str]:
        """Entities of ``types`` that contain a place named ``normal`` (``schema:containedInPlace``)."""
        c = self.catalogue
        out = set()
        for place in c.normal.get(normal, {}):
            for container in c.containers(place):
                entity = c.entities.get(container)
                if entity is not None and entity.types & types:
                    out.add(container)
        return out

    def _words(self, query: fuzzy.Query, tier: int) -> dict[str, Hit]:
        """Entities with a name that has every token of ``query``, scored by quality and the share covered."""
        best: dict[str, tuple[int, float]] = {}
        for iri, entity in self.catalogue.entities.items():
            for name in entity.names:
                found = fuzzy.match(query, name.form)
                if found is not None and (iri not in best or found > best[iri]):
                    best[iri] = found
        out = {}
        for iri, (quality, coverage) in best.items():
            if tier == WORDS:
                score = 40 + 20 * coverage if quality == fuzzy.GOOD else 25 + 15 * coverage
            else:  # SIMILAR, after reading misspelt words as the nearest real ones
                score = 15 + 5 * coverage if quality == fuzzy.GOOD else 10 + 5 * coverage
            if not self.catalogue.entities[iri].home:
                score -= NOT_HOME
            out[iri] = Hit(tier, round(score, 1), quality=quality, coverage=coverage)
        return out

    def _similar(self, normal: str) -> dict[str, Hit]:
        """Entities whose names are close in spelling to ``normal``: misspelt words read as the nearest words of a
        name, then whole names near it (difflib's ratio at least 0.6)."""
        c = self.catalogue
        out: dict[str, Hit] = {}
        query = fuzzy.Query.of(normal)
        if query is not None and query.words:
            if self._vocabulary is None:
                self._vocabulary = sorted({w for e in c.entities.values() for n in e.names for w in n.form.words})
            words = tuple((difflib.get_close_matches(w, self._vocabulary, n=1, cutoff=0.75) or [w])[0]
                          for w in query.words)
            if words != query.words:
                pairs = zip(words, query.words, strict=True)
                ratio = min(difflib.SequenceMatcher(None, a, b).ratio() for a, b in pairs)
                for iri, hit in self._words(fuzzy.Query(words, query.runs), SIMILAR).items():
                    out[iri] = Hit(SIMILAR, hit.score, quality=hit.quality, coverage=hit.coverage, similarity=ratio)
        if self._normal_names is None:
            self._normal_names = sorted(c.normal)
        for name in difflib.get_close_matches(normal, self._normal_names, n=10, cutoff=0.6):
            ratio = difflib.SequenceMatcher(None, normal, name).ratio()
            for iri in c.normal[name]:
                score = round(20 * ratio - (0 if c.entities[iri].home else NOT_HOME), 1)
                hit = Hit(SIMILAR, score, similarity=ratio)
                if hit.better(out.get(iri)):
                    out[iri] = hit
        return out

    # -- candidates --
    def candidates(self, text: str | None, types: Iterable[str] = (), type_strict: str = "any",
                   conditions: Sequence[Condition] = (), limit: int | None = None) -> list[Candidate]:
        """The candidates for ``text`` (None: by the conditions alone), best first, at most ``limit``.

        ``types`` are class IRIs. ``type_strict`` ``any`` keeps instances of
        any of them, ``all`` of all of them, ``should`` keeps every candidate
        but takes points from the others. Each condition must hold.
        """
        c = self.catalogue
        wanted = frozenset(types)
        if text is not None and text.strip():
            hits = self.hits(text, wanted)
        else:  # no name: everything that meets the conditions, all alike
            hits = {iri: Hit(PROPERTIES, self._penalised(PROPERTIES, iri)) for iri in c.entities} if conditions else {}
        out = []
        for iri, hit in hits.items():
            entity = c.entities[iri]
            type_match = None
            score = hit.score
            if wanted:
                type_match = (wanted <= entity.types) if type_strict == "all" else bool(wanted & entity.types)
                if not type_match:
                    if type_strict != "should":
                        continue
                    score = max(0.0, score - OTHER_TYPE)  # a score stays 0-100: a misspelling may score under 10
            if not all(condition(entity) for condition in conditions):
                continue
            out.append(Candidate(entity, hit, round(score, 1), type_match=type_match))
        out.sort(key=lambda x: (-x.score, x.hit.tier, x.entity.iri))
        if out and out[0].hit.tier in NAME_TIERS and not any(x.hit.tier <= out[0].hit.tier for x in out[1:]):
            out[0] = Candidate(out[0].entity, out[0].hit, out[0].score, True, out[0].type_match)
        return out[:limit] if limit is not None else out

"""The W3C Reconciliation Service API, version 0.2, over one catalogue: JSON in, JSON out, no HTTP.

Specified by the W3C Entity Reconciliation Community Group
(https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/);
OpenRefine is its main client. :class:`Service` answers each operation of
the API with the JSON the specification's schemas describe; the HTTP side
(:mod:`hkgov_graph.serve.reconcile`) only moves parameters in and answers
out, with CORS and JSONP. A request the service cannot answer is a
:class:`ServiceError` carrying the HTTP status and a message naming the
query and what is wrong.

* **Identifiers.** An entity's id is its IRI after ``<base>id/``
  (``office/bjo``), so ``identifierSpace`` is ``<base>id/``; types are
  compact IRIs (``hkg:MainlandOffice``); properties are the seven of
  :mod:`.properties`. Full IRIs and compact IRIs are accepted wherever an id
  is.
* **Language.** A service at ``/reconcile/en``, ``/reconcile/zh-Hant`` or
  ``/reconcile/zh-Hans`` names everything in that language; plain
  ``/reconcile`` names each candidate in the script of the name it was
  asked for (English for Latin letters) and everything else in English.
* **Scores** are the matcher's (:mod:`.matcher`), the same as
  ``hkgov-graph reconcile``'s; ``features`` say what each is made of.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from hkgov_graph import __version__, i18n
from hkgov_graph import namespaces as ns
from hkgov_graph.query.names import normalise
from hkgov_graph.reconcile.matcher import TYPE_STRICT, Candidate, Matcher
from hkgov_graph.reconcile.properties import PROPERTIES, Properties, PropertyError, Value

if TYPE_CHECKING:
    from hkgov_graph.reconcile.catalogue import Catalogue, Entity

VERSIONS = ["0.2"]
MAX_BATCH = 100  # queries in one batch (the manifest's batchSize); more is 413
# different property values in one batch; more is 413. Each is matched as a name (up to some 20 ms for 300 letters
# that match nothing), so this bounds a batch's work to seconds; 100 rows of 5 property columns still fit
MAX_VALUES = 500
MAX_IDS = 1000  # entities in one data extension request
MAX_COLUMNS = 50  # properties in one data extension request: 50 000 values at most, a few seconds' work
DEFAULT_LIMIT, MAX_LIMIT = 10, 100
SUGGEST_PAGE = 10
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 220
LASTING = frozenset({ns.ORG + "Organization", ns.ORG + "Post"})  # what a description may say has ended
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class ServiceError(Exception):
    """A request the service refuses: the HTTP status and a message naming what is wrong."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@lru_cache(maxsize=2)
def _opencc(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


def script_of(text: str) -> str:
    """The language a name is written in: ``en`` without Chinese characters, else ``zh-Hant`` or ``zh-Hans`` by
    which conversion changes it (a name the same in both scripts, 成都, is taken as Traditional, the sources')."""
    if not _CJK.search(text):
        return "en"
    if _opencc("t2s").convert(text) != text:
        return "zh-Hant"
    return "zh-Hans" if _opencc("s2t").convert(text) != text else "zh-Hant"


def parse_json(text: str | None, what: str) -> Any:
    """The JSON value of the ``what`` parameter; 400 when it does not parse."""
    if text is None:
        raise ServiceError(400, f"no {what} given")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ServiceError(400, f"{what} is not JSON: {error}") from None


def blank(value: Any) -> bool:
    """Whether a property value gives nothing: null, a string of spaces, or a list of only those."""
    if isinstance(value, list):
        return all(blank(v) for v in value)
    return value is None or (isinstance(value, str) and not value.strip())


def distinct_values(batch: dict[Any, Any]) -> int:
    """How many different values the property conditions of a query batch give (malformed parts are left to the
    query that has them)."""
    seen = set()
    for query in batch.values():
        conditions = query.get("properties") if isinstance(query, dict) else None
        for condition in conditions if isinstance(conditions, list) else ():
            given = condition.get("v") if isinstance(condition, dict) else None
            for value in given if isinstance(given, list) else [given]:
                seen.add(json.dumps(value, sort_keys=True, ensure_ascii=False))
    return len(seen)


@dataclass(frozen=True)
class Urls:
    """Where the service is reached (``http://host/reconcile`` or ``.../reconcile/zh-Hant``) and where the site's
    pages are (``http://host/``)."""

    service: str
    site: str


class Service:
    """The operations of the API over one catalogue; ``lang`` None names candidates in the script of the query."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.matcher = Matcher(catalogue)
        self.properties = Properties(catalogue)

    # -- the manifest --
    def manifest(self, urls: Urls, lang: str | None) -> dict[str, Any]:
        c, shown = self.catalogue, lang or "en"
        suggest = {kind: {"service_url": urls.service, "service_path": f"/suggest/{kind}"}
                   for kind in ("entity", "property", "type")}
        return {
            "versions": VERSIONS,
            "name": i18n.text("reconcile.service", shown),
            "identifierSpace": c.space,
            "schemaSpace": c.model.hkg,
            "documentation": c.base,
            "serviceVersion": __version__,
            "defaultTypes": [self.type_json(t.iri, shown) for t in c.default_types()],
            # not "<site>id/{{id}}": clients percent-encode the id's slash, and the site's paths refuse %2F
            "view": {"url": urls.service + "/view?id={{id}}"},
            "preview": {"url": urls.service + "/preview?id={{id}}", "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
            "suggest": suggest,
            "extend": {
                "propose_properties": {"service_url": urls.service, "service_path": "/properties"},
                "property_settings": self.settings(shown),
            },
            "batchSize": MAX_BATCH,
        }

    def settings(self, lang: str) -> list[dict[str, Any]]:
        return [
            {"name": "as_of", "label": i18n.text("reconcile.setting.as_of", lang), "type": "text", "default": "",
             "help_text": i18n.text("reconcile.setting.as_of.about", lang)},
            {"name": "lang", "label": i18n.text("reconcile.setting.lang", lang), "type": "select", "default": lang,
             "help_text": i18n.text("reconcile.setting.lang.about", lang),
             "choices": [{"value": tag, "name": i18n.text(f"reconcile.lang.{tag}", lang)} for tag in i18n.LANGUAGES]},
        ]

    def type_json(self, cls: str, lang: str, depth: int = 0) -> dict[str, Any]:
        """A type with its labelled broader types (two levels up at most: enough to place it)."""
        info = self.catalogue.types[cls]
        out: dict[str, Any] = {"id": info.curie, "name": info.label(lang)}
        broader = [b for b in info.broader if b in self.catalogue.types]
        if broader and depth < 2:
            out["broader"] = [self.type_json(b, lang, depth + 1) for b in broader]
        return out

    # -- reconciliation queries --
    def reconcile(self, batch: Any, lang: str | None) -> dict[str, Any]:
        """A reconciliation result batch for a query batch (already parsed from JSON)."""
        if not isinstance(batch, dict):
            raise ServiceError(400, "queries must be a JSON object of queries by key")
        if len(batch) > MAX_BATCH:
            raise ServiceError(413, f"{len(batch)} queries in one batch; send at most {MAX_BATCH}")
        values = distinct_values(batch)
        if values > MAX_VALUES:
            raise ServiceError(413, f"{values} different property values in one batch; send at most {MAX_VALUES} "
                                    "(fewer queries, or fewer values each)")
        return {key: {"result": self.query(key, query, lang)} for key, query in batch.items()}

    def query(self, key: str, query: Any, lang: str | None) -> list[dict[str, Any]]:
        where = f"query {key!r}"
        if not isinstance(query, dict):
            raise ServiceError(400, f"{where} is not a JSON object")
        unknown = sorted(set(query) - {"query", "type", "limit", "properties", "type_strict"})
        if unknown:
            raise ServiceError(400, f"{where}: unknown field {unknown[0]!r} (fields: query, type, limit, properties, "
                                    "type_strict)")
        text = query.get("query")
        if text is not None and not isinstance(text, str):
            raise ServiceError(400, f"{where}: 'query' must be a string")
        conditions = query.get("properties") or []
        if not isinstance(conditions, list):
            raise ServiceError(400, f"{where}: 'properties' must be a list of {{\"pid\": ..., \"v\": ...}}")
        if text is None and not conditions:
            raise ServiceError(400, f"{where}: give a 'query' or some 'properties'")
        types = self.types_of(query.get("type"), where)
        strict = query.get("type_strict", "any")
        if strict not in TYPE_STRICT:
            raise ServiceError(400, f"{where}: type_strict must be one of {', '.join(TYPE_STRICT)}")
        limit = self.limit(query.get("limit"), where)
        if not conditions and not (text or "").strip():
            return []  # a blank cell names nothing (OpenRefine sends one of spaces); the rest of the batch is answered
        tests = []
        for condition in conditions:
            if not isinstance(condition, dict) or "pid" not in condition or "v" not in condition:
                raise ServiceError(400, f"{where}: each property must be {{\"pid\": ..., \"v\": ...}}")
            try:
                if blank(condition["v"]):  # a blank cell of the property's column says nothing: no condition
                    self.properties.get(condition["pid"])  # (still a property the service knows)
                    continue
                tests.append(self.properties.condition(condition["pid"], condition["v"], self.matcher))
            except PropertyError as error:
                raise ServiceError(400, f"{where}: {error}") from None
        found = self.matcher.candidates(text, types, strict, tests, limit)
        shown = lang or (script_of(text) if text else "en")
        return [self.candidate_json(c, shown) for c in found]

    def types_of(self, given: Any, where: str) -> list[str]:
        if given is None or given == []:
            return []
        names = [given] if isinstance(given, str) else given
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ServiceError(400, f"{where}: 'type' must be a type id or a list of them")
        out = []
        for name in names:
            info = self.catalogue.type_of(name)
            if info is None:
                raise ServiceError(400, f"{where}: unknown type {name!r} (see the manifest's defaultTypes, or "
                                        "suggest/type)")
            out.append(info.iri)
        return out

    @staticmethod
    def limit(given: Any, where: str) -> int:
        if given is None:
            return DEFAULT_LIMIT
        if isinstance(given, bool) or not isinstance(given, int | float) or not math.isfinite(given) \
                or given < 1 or int(given) != given:
            raise ServiceError(400, f"{where}: limit must be a whole number from 1, not {given!r}")
        return min(int(given), MAX_LIMIT)

    def candidate_json(self, candidate: Candidate, lang: str) -> dict[str, Any]:
        entity = candidate.entity
        out: dict[str, Any] = {"id": entity.id, "name": entity.label(lang)}
        description = self.description(entity, lang)
        if description:
            out["description"] = description
        out.update({"type": [self.catalogue.type_ref(k, lang) for k in entity.kinds], "score": candidate.score,
                    "features": candidate.features(), "match": candidate.match})
        return out

    def description(self, entity: Entity, lang: str) -> str:
        """What tells namesakes apart: its kind, what it is part of ("Division, under the ... in Guangdong"), and
        whether it was only proposed or planned, or has ended ("Policy bureau (ended in 2007)")."""
        kind = ("、" if lang.startswith("zh") else ", ").join(self.catalogue.type_ref(k, lang)["name"]
                                                              for k in entity.kinds)
        parents = self.properties.values(self.properties.get("parent"), entity)
        parent = next((self.name_of(v.iri, lang) for v in parents if v.iri), None)
        text = i18n.text("reconcile.description", lang, kind=kind, parent=parent) if kind and parent \
            else kind or parent or ""
        when = self.when(entity, lang)
        return i18n.text("reconcile.description.when", lang, description=text, when=when) if text and when \
            else text or when

    @cached_property
    def profiler(self) -> Any:
        from hkgov_graph.publish.profile import Profiler

        return Profiler(self.catalogue.model)

    def when(self, entity: Entity, lang: str) -> str:
        """What the description says of time, as the entity's page does (docs/time-model.md), where a client would
        otherwise take it for a body that exists: proposed or planned (``hkg:status``), ended (in the years its end
        lies in), or not yet begun on the graph's reference date. Nothing for the rest, in force or possibly (the
        preview says which). Ends are told of organisations and posts only: an event's or an agreement's time is
        when it happened or was signed (CEPA, 2003, 002), and "ended" would say it no longer holds."""
        from hkgov_graph.publish.profile import temporal_text

        p = self.profiler
        status = p.first_iri(entity.iri, p.hkg + "status")
        if status in (p.hkg + "Proposed", p.hkg + "Planned"):
            return i18n.text("reconcile.when." + status[len(p.hkg):].lower(), lang)
        if not entity.types & LASTING:
            return ""
        temporal = p.temporal(entity.iri)
        key = temporal.key() if temporal else None
        if temporal is None or key not in ("ended", "not-begun"):
            return ""
        first, last = (bound[:4] if bound else None for bound in temporal.bounds[2:])
        if key == "ended" and first and last:  # the end as precise as the sources give it: 2007, not 2007-07-01
            return i18n.text("reconcile.when.ended-in", lang, year=first) if first == last \
                else i18n.text("reconcile.when.ended-between", lang, first=first, last=last)
        return temporal_text(temporal, lang)

    def name_of(self, iri: str, lang: str) -> str:
        entity = self.catalogue.entities.get(iri)
        return entity.label(lang) if entity else self.catalogue.model.curie(iri)

    # -- suggest --
    def suggest_entity(self, prefix: str, cursor: int, lang: str | None, type_: str | None = None) -> dict[str, Any]:
        """Entities whose id or a name begins with ``prefix`` (then those whose names have its words)."""
        c = self.catalogue
        shown = lang or script_of(prefix)
        types = self.types_of(type_, "suggest") if type_ else []
        wanted = normalise(prefix)
        ranked: dict[str, tuple[Any, ...]] = {}
        exact = c.entity_of(prefix)
        if exact is not None:
            ranked[exact.iri] = (0,)
        if wanted:
            for iri, entity in c.entities.items():
                lengths = [len(n.normal) for n in entity.names if n.normal.startswith(wanted)]
                if lengths and iri not in ranked:
                    ranked[iri] = (1, min(lengths) != len(wanted), not entity.home, min(lengths), iri)
            for candidate in self.matcher.candidates(prefix, types):
                ranked.setdefault(candidate.entity.iri, (2, -candidate.score, candidate.entity.iri))
        order = [iri for iri in sorted(ranked, key=lambda i: ranked[i])
                 if not types or c.entities[iri].types & set(types)]
        page = order[cursor:cursor + SUGGEST_PAGE]
        result = []
        for iri in page:
            entity = c.entities[iri]
            item: dict[str, Any] = {"id": entity.id, "name": entity.label(shown)}
            description = self.description(entity, shown)
            if description:
                item["description"] = description
            item["notable"] = [c.type_ref(k, shown) for k in entity.kinds]
            result.append(item)
        return {"result": result}

    def suggest_property(self, prefix: str, cursor: int, lang: str | None) -> dict[str, Any]:
        shown = lang or script_of(prefix)
        wanted = normalise(prefix)
        found = []
        for prop in PROPERTIES:
            names = {normalise(prop.id), *(normalise(prop.name(tag)) for tag in i18n.LANGUAGES)}
            if not wanted or any(n.startswith(wanted) or wanted in n for n in names):
                found.append({"id": prop.id, "name": prop.name(shown), "description": prop.description(shown)})
        return {"result": found[cursor:cursor + SUGGEST_PAGE]}

    def suggest_type(self, prefix: str, cursor: int, lang: str | None) -> dict[str, Any]:
        shown = lang or script_of(prefix)
        wanted = normalise(prefix)
        ranked = []
        for info in self.catalogue.types.values():
            names = [normalise(info.curie), normalise(info.curie.split(":", 1)[-1]),
                     *(normalise(v) for v in info.labels.values())]
            if not wanted or any(wanted in n for n in names):
                begins = any(n.startswith(wanted) for n in names)
                ranked.append(((not begins, not info.iri.startswith(self.catalogue.model.hkg), -info.count,
                                info.curie), info.iri))
        ranked.sort()
        return {"result": [self.type_json(iri, shown) for _, iri in ranked[cursor:cursor + SUGGEST_PAGE]]}

    # -- data extension --
    def propose_properties(self, type_: str | None, limit: Any, lang: str | None) -> dict[str, Any]:
        if not type_:
            raise ServiceError(400, "give the type to propose properties for: ?type=hkg:MainlandOffice")
        info = self.catalogue.type_of(type_)
        if info is None:
            raise ServiceError(400, f"unknown type {type_!r}")
        shown = lang or "en"
        proposed = self.properties.proposed(info.iri)
        out: dict[str, Any] = {"type": type_}
        if limit not in (None, ""):
            try:
                count = int(str(limit))
            except ValueError:
                raise ServiceError(400, f"limit must be a whole number, not {limit!r}") from None
            if count < 1:
                raise ServiceError(400, f"limit must be 1 or more, not {count}")
            proposed, out["limit"] = proposed[:count], count
        out["properties"] = [{"id": p.id, "name": p.name(shown), "description": p.description(shown)}
                             for p in proposed]
        return out

    def extend(self, request: Any, lang: str | None) -> dict[str, Any]:
        """A data extension response: for each id and property, its values."""
        if not isinstance(request, dict) or not isinstance(request.get("ids"), list) \
                or not isinstance(request.get("properties"), list):
            raise ServiceError(400, 'extend must be {"ids": [...], "properties": [{"id": ...}, ...]}')
        ids, wanted = request["ids"], request["properties"]
        if len(ids) > MAX_IDS:
            raise ServiceError(413, f"{len(ids)} ids in one request; send at most {MAX_IDS}")
        if not all(isinstance(i, str) for i in ids):
            raise ServiceError(400, "extend: every id must be a string")
        if len(wanted) > MAX_COLUMNS:
            raise ServiceError(413, f"{len(wanted)} properties in one request; send at most {MAX_COLUMNS}")
        columns = []
        for item in wanted:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise ServiceError(400, 'extend: each property must be {"id": ..., "settings": {...}}')
            settings = item.get("settings") or {}
            if not isinstance(settings, dict):
                raise ServiceError(400, f"extend: the settings of {item['id']!r} must be an object")
            try:
                prop = self.properties.get(item["id"])
                shown = self.properties.lang(settings, lang or "en")
                as_of = self.properties.as_of(settings) if prop.id == "head" else None
            except PropertyError as error:
                raise ServiceError(400, f"extend: {error}") from None
            columns.append((item["id"], prop, shown, as_of))
        meta = []
        for given, prop, shown, _ in columns:
            column: dict[str, Any] = {"id": given, "name": prop.name(shown)}
            value_type = self.properties.term(prop.value_type) if prop.value_type else None
            if value_type in self.catalogue.types:
                column["type"] = self.catalogue.type_ref(value_type, shown)
            meta.append(column)
        rows: dict[str, Any] = {}
        for given_id in dict.fromkeys(ids):  # an id given twice is one row, worked out once
            entity = self.catalogue.entity_of(given_id)
            rows[given_id] = {
                given: [self.value_json(v, shown) for v in self.properties.values(prop, entity, as_of, shown)]
                if entity is not None else []
                for given, prop, shown, as_of in columns}
        return {"meta": meta, "rows": rows}

    def value_json(self, value: Value, lang: str) -> dict[str, Any]:
        if value.iri is None:
            return {"str": value.text or ""}
        entity = self.catalogue.entities.get(value.iri)
        if entity is not None:
            out = {"id": entity.id, "name": entity.label(lang)}
            if value.when is not None:  # a head not certainly in office on the date: how sure, and why
                from hkgov_graph.publish.profile import temporal_text

                out["description"] = temporal_text(value.when, lang)
            return out
        space = self.catalogue.space
        if value.iri.startswith(space):
            return {"id": value.iri[len(space):], "name": self.catalogue.model.curie(value.iri)}
        return {"str": value.iri}

    def view(self, id_: str | None, urls: Urls) -> str:
        """Where the page of the entity ``id_`` is (the view URL redirects there); 404 when there is none."""
        entity = self.catalogue.entity_of(id_ or "")
        if entity is None:
            raise ServiceError(404, f"no entity {id_!r}" if id_ else "give the entity: ?id=office/bjo")
        return urls.site + "id/" + quote(entity.id, safe="/")

    # -- preview --
    @cached_property
    def previews(self) -> Any:
        from hkgov_graph.reconcile.preview import Previews

        return Previews(self.catalogue)

    def preview(self, id_: str | None, lang: str | None, urls: Urls) -> bytes:
        """The preview page (HTML) of the entity ``id_``; 404 when there is none."""
        entity = self.catalogue.entity_of(id_ or "")
        if entity is None:
            raise ServiceError(404, f"no entity {id_!r}" if id_ else "give the entity: ?id=office/bjo")
        return self.previews.render(entity, lang or "en", urls)

"""The message catalogue and its small API (hkgov_graph.i18n)."""

from __future__ import annotations

import json
import string
from importlib.resources import files

import pyoxigraph as ox
import pytest

from hkgov_graph import i18n


def _entries() -> list[tuple[str, str, dict[str, str]]]:
    raw = json.loads(files("hkgov_graph.i18n").joinpath("messages.json").read_text(encoding="utf-8"))
    return [(group, key, entry) for group, entries in raw.items() for key, entry in entries.items()]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogue_has_its_three_groups_and_every_entry_three_languages() -> None:
    """Each entry of the ui, values and columns groups has en, zh-Hant and zh-Hans, none empty."""
    entries = _entries()
    assert {group for group, _, _ in entries} == set(i18n.GROUPS)
    for group, key, entry in entries:
        assert set(entry) == set(i18n.LANGUAGES), (group, key)
        assert all(entry.values()), (group, key)


def test_translations_keep_the_fields_of_the_english() -> None:
    """A {field} in the English text is in both Chinese texts, and no other."""
    for group, key, entry in _entries():
        assert _fields(entry["zh-Hant"]) == _fields(entry["en"]) == _fields(entry["zh-Hans"]), (group, key)


def test_value_words_and_columns_are_keyed_by_their_english() -> None:
    """Value words and column names are looked up by the English text the queries produce."""
    for group, key, entry in _entries():
        if group in ("values", "columns"):
            assert entry["en"] == key


@pytest.mark.parametrize(("tag", "canonical"), [
    ("en", "en"), ("EN", "en"), ("zh-hant", "zh-Hant"), ("zh_Hant", "zh-Hant"), ("ZH-HANS", "zh-Hans"), (None, "en"),
])
def test_language_tags_in_any_case(tag: str | None, canonical: str) -> None:
    """Tags are accepted in any case, with - or _, and Oxigraph's lower-case ones."""
    assert i18n.language(tag) == canonical


def test_unknown_language_names_the_three() -> None:
    """An unknown language is a ValueError naming the three accepted."""
    with pytest.raises(ValueError, match="en, zh-Hant, zh-Hans"):
        i18n.language("fr")


@pytest.mark.parametrize(("lang", "order"), [
    ("en", ("en", "zh-Hant", "zh-Hans")),
    ("zh-Hant", ("zh-Hant", "zh-Hans", "en")),
    ("zh-Hans", ("zh-Hans", "zh-Hant", "en")),
])
def test_fallback_tries_the_other_chinese_script_before_english(lang: str, order: tuple[str, ...]) -> None:
    """zh-Hans → zh-Hant → en, zh-Hant → zh-Hans → en, en → zh-Hant → zh-Hans."""
    assert i18n.fallback(lang) == order


def test_pick_follows_the_fallback_on_literals() -> None:
    """pick chooses among pyoxigraph literals (Oxigraph's lower-case tags) by the fallback, then any."""
    labels = [ox.Literal("Liaoning Liaison Unit", language="en"), ox.Literal("駐遼寧聯絡處", language="zh-hant")]
    assert i18n.pick(labels, "zh-Hans") == "駐遼寧聯絡處"
    assert i18n.pick(labels, "en") == "Liaoning Liaison Unit"
    assert i18n.pick([ox.Literal("x", language="fr")], "en") == "x"
    assert i18n.pick([], "en") is None
    assert i18n.pick([("驻辽宁联络处", "zh-Hans"), ("駐遼寧聯絡處", "zh-Hant")], "zh-Hans") == "驻辽宁联络处"


def test_text_fills_fields_and_picks_the_singular() -> None:
    """text() fills {fields}; with n=1 the .one twin is used."""
    assert i18n.text("rows", "en", n=3) == "(3 rows)"
    assert i18n.text("rows", "en", n=1) == "(1 row)"
    assert i18n.text("rows", "zh-Hant", n=3) == "（共 3 行）"
    assert i18n.text("rows", "zh-Hans", n=0) == "（共 0 行）"


def test_unknown_interface_key_is_a_key_error() -> None:
    """A missing interface string is a bug, not a silent English fallback."""
    with pytest.raises(KeyError):
        i18n.text("no-such-key", "en")


def test_words_and_columns() -> None:
    """Value words translate; other text is left as it is; unknown columns keep their name."""
    assert i18n.word("area served", "zh-Hant") == "服務範圍"
    assert i18n.word("area served", "zh-Hans") == "服务范围"
    assert i18n.word("Hong Kong chair", "zh-Hans") == "香港方主持"
    assert i18n.word("in force", "en") == "in force"
    assert i18n.word("CN-GD", "zh-Hant") == "CN-GD"
    assert i18n.column("office", "zh-Hant") == "辦事處"
    assert i18n.column("no_such_column", "zh-Hant") == "no_such_column"


def test_translator_binds_a_language() -> None:
    """Translator("zh-hans") is the catalogue in zh-Hans, callable like text()."""
    t = i18n.Translator("zh-hans")
    assert t.lang == "zh-Hans"
    assert t("rows", n=2) == "（共 2 行）"
    assert t.word("seat") == "所在地"
    assert t.column("founded") == "成立"
    assert t.words()["values"]["in force"] == "运作中"


def test_catalogue_for_templates_is_one_language() -> None:
    """catalogue(lang) gives plain strings by group, for templates and the viewer."""
    words = i18n.catalogue("zh-Hant")
    assert set(words) == set(i18n.GROUPS)
    assert words["values"]["liaison unit"] == "聯絡處"


def test_value_words_agree_with_the_ontology() -> None:
    """A value word that is also an ontology term's English label has that term's Traditional label."""
    import rdflib

    from hkgov_graph.graph.load import ontology_files
    from hkgov_graph.resources import ontology_dir

    graph = rdflib.Graph()
    for path in ontology_files(ontology_dir()):
        graph.parse(path, format="turtle")
    chinese: dict[str, set[str]] = {}
    for term, english in graph.subject_objects(rdflib.RDFS.label):
        if getattr(english, "language", None) == "en":
            chinese.setdefault(str(english).casefold(), set()).update(
                str(zh) for zh in graph.objects(term, rdflib.RDFS.label) if zh.language == "zh-Hant")
    # words that mean something else in the answers than the ontology term of that name
    homonyms = {"support": "a tier's supporter (hkg:supportedBy), not the time model's evidence (hkg:support)"}
    compared = 0
    for group, key, entry in _entries():
        if group == "values" and key.casefold() in chinese and key not in homonyms:
            assert entry["zh-Hant"] in chinese[key.casefold()], key
            compared += 1
    assert compared >= 10


def test_question_reasons_name_questions_and_their_parameters() -> None:
    """Each ``empty.QUESTION`` (or ``empty.QUESTION.all``) string belongs to a packaged question and fills only
    that question's parameters."""
    from hkgov_graph.query.runner import discover

    questions = {q.name: {p.name for p in q.params} for q in discover()}
    generic = {"empty.generic", "empty.generic.none", "empty.resource", "empty.close", "empty.close.item",
               "empty.close.item.one", "empty.any", "empty.on-reference-date", "empty.on-reference-date.one"}
    reasons = [(key, entry) for group, key, entry in _entries()
               if group == "ui" and key.startswith("empty.") and key not in generic]
    assert len(reasons) >= 10
    for key, entry in reasons:
        name = key.removeprefix("empty.").removesuffix(".all")
        assert name in questions, key
        assert _fields(entry["en"]) <= questions[name], key

"""A label and its value are joined by the full-width colon "：" in Chinese (依據：推論), by ": " in English, on the
pages, in `hkgov-graph show` and on the query page: one catalogue word, page.colon."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hkgov_graph import i18n
from hkgov_graph.cli import main
from hkgov_graph.publish.site import publish

# seed 000 (導言): 香港特區政府於2015年4月27日成立駐遼寧聯絡處 — the page says the unit is under the Beijing
# Office, which the seed does not state outright, so that line carries its basis: inferred.
BASIS = {"en": "basis: Inferred", "zh-Hant": "依據：推論", "zh-Hans": "依据：推论"}
FORMATS = {"en": "This description as: <a", "zh-Hant": "此描述的格式：<a", "zh-Hans": "此描述的格式：<a"}


@pytest.fixture(scope="module")
def site(nquads: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish(tmp_path_factory.mktemp("colon") / "site", nquads=nquads).output_dir


def page(site: Path, lang: str) -> str:
    suffix = "" if lang == "en" else f".{lang}"
    return (site / "id" / "office" / f"bjo{suffix}.html").read_text(encoding="utf-8")


def test_the_catalogue_has_one_colon_per_language() -> None:
    """page.colon is ": " in English and the full-width "：" (no space: it has its own) in both Chinese scripts."""
    assert [i18n.text("page.colon", lang) for lang in i18n.LANGUAGES] == [": ", "：", "："]


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_basis_on_the_page_uses_the_colon_of_its_language(site: Path, lang: str) -> None:
    """The Liaoning unit's line on the Beijing Office page says its basis with the page language's colon."""
    basis = re.findall(r'<span class="cert cert-basis"[^>]*>([^<(]*)', page(site, lang))
    assert basis and {b.strip() for b in basis} == {BASIS[lang]}


@pytest.mark.parametrize("lang", ["en", "zh-Hant", "zh-Hans"])
def test_formats_line_uses_the_colon_of_its_language(site: Path, lang: str) -> None:
    """"此描述的格式：Turtle …", not "此描述的格式: Turtle …"."""
    assert FORMATS[lang] in page(site, lang)


def test_no_ascii_colon_after_chinese_on_a_chinese_page(site: Path) -> None:
    """No Chinese word on the Traditional page is followed by an ASCII colon in the text shown."""
    text = re.sub(r"<[^>]+>", "", page(site, "zh-Hant"))
    assert not re.findall(r"[\u4e00-\u9fff]: ", text)


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_query_page_answers_with_the_colon_of_its_language(site: Path, lang: str) -> None:
    """The query page's script gets the colon among its words (it writes 答案：是 for an ASK)."""
    html = (site / f"sparql.{lang}.html").read_text(encoding="utf-8")
    words = json.loads(re.search(r'<script type="application/json" id="query-words">(.*?)</script>', html, re.S)[1])
    assert words["colon"] == "："


def test_show_uses_the_full_width_colon_in_chinese(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`show 駐京辦 --lang zh-Hant`: 依據：推論 on the Liaoning unit's line, (類別：辦事處) at the end."""
    assert main(["show", "駐京辦", "--lang", "zh-Hant", "--nquads", str(nquads)]) == 0
    out = capsys.readouterr().out
    liaoning = next(line for line in out.splitlines() if "駐遼寧聯絡處" in line and "2015-04-27" in line)
    assert "依據：推論" in liaoning
    assert out.rstrip().splitlines()[-1] == "(類別：辦事處)"
    assert not re.findall(r"[\u4e00-\u9fff]: ", out)


def test_show_keeps_the_ascii_colon_in_english(nquads: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`show 駐京辦` in English: "basis: Inferred", "(Kind: Offices)"."""
    assert main(["show", "駐京辦", "--nquads", str(nquads)]) == 0
    out = capsys.readouterr().out
    assert "basis: Inferred" in out and out.rstrip().endswith("(Kind: Offices)")

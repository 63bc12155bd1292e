"""The page ``GET /sparql`` shows without a query: a form to type one in."""

from __future__ import annotations

import html

QUERY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL endpoint – hkgov-graph</title>
<link rel="stylesheet" href="style.css">
<link rel="icon" type="image/svg+xml" href="favicon.svg">
</head>
<body>
<header><nav><a href="index.html">hkgov-graph</a><a href="dataset.html">Dataset <span lang="zh-Hant">數據集</span></a>
<a href="ontology.html">Ontology <span lang="zh-Hant">本體</span></a></nav></header>
<main>
<h1>SPARQL endpoint<span class="zh" lang="zh-Hant">SPARQL 查詢端點</span></h1>
<p>Read-only SPARQL 1.1 queries over every named graph (the default graph is their union).
Queries are stopped after {timeout} s; results larger than {max_bytes} bytes are refused.
唯讀查詢；預設圖為所有具名圖的聯集。</p>
<form method="get" action="sparql">
<p><label for="query">Query 查詢</label></p>
<textarea id="query" name="query" rows="14" cols="100">{example}</textarea>
<p><label for="format">Results 結果格式</label>
<select id="format" name="format">
<option value="json">SPARQL JSON</option><option value="xml">SPARQL XML</option>
<option value="csv">CSV</option><option value="tsv">TSV</option>
<option value="turtle">Turtle (CONSTRUCT, DESCRIBE)</option>
<option value="json-ld">JSON-LD (CONSTRUCT, DESCRIBE)</option>
</select>
<button type="submit">Run 執行</button></p>
</form>
</main>
</body>
</html>
"""

EXAMPLE_QUERY = """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?unit ?label ?parent WHERE {
  ?unit org:unitOf ?parent ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "zh-hant")
}
ORDER BY ?parent ?unit
LIMIT 50"""


def query_form_page(timeout: float, max_bytes: int) -> bytes:
    """The form, with the endpoint's limits stated."""
    return QUERY_PAGE.format(timeout=f"{timeout:g}", max_bytes=max_bytes, example=html.escape(EXAMPLE_QUERY)).encode()

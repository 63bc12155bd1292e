"""``GET /sparql`` without a query: the published query page, when the site has one.

A site published before the page existed has none; the app then shows its
plain form (:mod:`hkgov_graph.serve.form`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hkgov_graph.serve.querypage import PAGE

if TYPE_CHECKING:
    from starlette.responses import Response

    from hkgov_graph.serve.pages import Pages


def query_page(pages: Pages) -> Response | None:
    """The query page of the site (English; the page links to the other languages), or None."""
    from starlette.responses import FileResponse
    from starlette.responses import Response as Plain

    found = pages.page(f"/{PAGE}.html")
    if found is None:
        return None
    headers = {"Vary": "Accept"}
    if found.path is not None:
        return FileResponse(found.path, media_type=found.media_type, headers=headers)
    return Plain(found.body, 200, headers, media_type=found.media_type)

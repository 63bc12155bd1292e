"""The preview of an entity: its profile, as the site's page shows it, cut to fit a small frame.

The same :class:`~hkgov_graph.publish.profile.Profile` and the same sentence
rendering as the resource pages (:mod:`hkgov_graph.publish.pages`), laid out
by ``templates/preview.html`` with Jinja2's autoescaping: kinds, the name in
the language asked for and in the other two, the first lines of the summary,
the source documents, and a link to the full page. Links are absolute (the preview is
served from the service's own path) and open outside the frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from typing import TYPE_CHECKING
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from hkgov_graph import i18n
from hkgov_graph.publish.pages import Page, Site, lang_path

if TYPE_CHECKING:
    from hkgov_graph.reconcile.catalogue import Catalogue, Entity
    from hkgov_graph.reconcile.service import Urls

SUMMARY_LINES = 3  # what fits in a 400 x 220 frame under the title, with the sources below
_PAGE_SAFE = "/#.-_~"


@dataclass
class PreviewPage(Page):
    """A page whose links are absolute, under the site's root URL (the preview does not live in the site)."""

    root_url: str = "/"

    def to(self, path: str, lang: str | None = None) -> str:
        return self.root_url + quote(lang_path(path, lang or self.lang), safe=_PAGE_SAFE)

    def file_link(self, target: str) -> str:
        return self.root_url + target

    def href(self, iri: str) -> str | None:
        target = super().href(iri)
        if target is None or "://" in target or target.startswith(("/", "#")):
            return target
        return self.root_url + target  # relative to the site's root, where this page's "file" is


def stylesheet() -> bytes:
    """The preview's own few rules (served next to it), on top of the site's ``style.css``."""
    return files("hkgov_graph.reconcile").joinpath("static", "preview.css").read_bytes()


class Previews:
    """Renders previews from the catalogue's model (the profiler is made once)."""

    def __init__(self, catalogue: Catalogue) -> None:
        m = catalogue.model
        resources = {iri for iri in (*m.outgoing, *m.incoming) if iri.startswith(m.base + "id/")}
        graphs = [g for g in m.graphs() if g.startswith(m.base + "graph/")]
        self.site = Site(m, [p for p in (m.page_path(i) for i in [*resources, *graphs]) if p])
        self.env = Environment(loader=PackageLoader("hkgov_graph.reconcile", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def render(self, entity: Entity, lang: str, urls: Urls) -> bytes:
        profile = self.site.profile(entity.iri)
        page = PreviewPage(self.site, "preview", lang, urls.site)
        title = profile.title(lang)
        others = [(tag, text) for tag in i18n.LANGUAGES
                  if tag != lang and (text := profile.ref.label.get(tag)) and text != title]
        words = {"sources": i18n.text("reconcile.preview.sources", lang),
                 "page": i18n.text("reconcile.preview.page", lang)}
        return self.env.get_template("preview.html").render(
            page=page, p=profile, title=title, others=others, lines=profile.summary[:SUMMARY_LINES], words=words,
            link=page.to("id/" + entity.id), css=urls.service + "/preview.css").encode()

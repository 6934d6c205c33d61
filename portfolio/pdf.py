"""HTML to PDF with WeasyPrint, imported lazily (it is slow to import and heavy).

Fonts and CSS come from the project's ``static/`` directory through
``StaticOnlyURLFetcher``: the document's base URL is a virtual prefix that is
never fetched over the network, and every other URL (``file://``, ``http``,
``data:`` ...) is refused. We try PDF/A-3u first and fall back to plain PDF if
WeasyPrint cannot produce it; the variant produced is recorded on the job.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from portfolio.choices import PdfVariant

logger = logging.getLogger(__name__)
# WeasyPrint logs every layout step at INFO; that drowns the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_PREFIX = "https://static.report.invalid/"
STATIC_DIR = Path(settings.BASE_DIR) / "static"
ALLOWED_SUFFIXES = {".css", ".ttf", ".woff", ".woff2", ".svg", ".png"}


def _weasyprint():
    import weasyprint  # noqa: PLC0415 - lazy on purpose

    return weasyprint


class RefusedURL(ValueError):
    pass


def resolve_static(url: str) -> Path:
    """The file under static/ that ``url`` names, or RefusedURL."""
    if not url.startswith(STATIC_PREFIX):
        raise RefusedURL(f"Refused URL outside the report's static files: {url[:100]}")
    relative = url[len(STATIC_PREFIX) :].split("?", 1)[0].split("#", 1)[0]
    path = (STATIC_DIR / relative).resolve()
    root = STATIC_DIR.resolve()
    if root not in path.parents or path.suffix.lower() not in ALLOWED_SUFFIXES:
        raise RefusedURL(f"Refused URL: {url[:100]}")
    if not path.is_file():
        raise RefusedURL(f"No such static file: {relative}")
    return path


def make_url_fetcher():
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcherResponse

    class StaticOnlyURLFetcher(weasyprint.URLFetcher):
        """Serves only known files under static/; refuses file://, http and the rest."""

        def fetch(self, url, headers=None):
            path = resolve_static(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if path.suffix == ".ttf":
                mime = "font/ttf"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": mime}, status=200
            )

    return StaticOnlyURLFetcher()


@dataclass
class RenderedPdf:
    data: bytes
    page_count: int
    variant: str


def render_pdf(html: str) -> RenderedPdf:
    weasyprint = _weasyprint()
    fetcher = make_url_fetcher()
    document = weasyprint.HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher).render()
    pages = len(document.pages)
    try:
        data = document.write_pdf(pdf_variant="pdf/a-3u")
        variant = PdfVariant.PDFA_3U
    except Exception:  # WeasyPrint raises assorted errors for unsupported PDF/A content
        logger.warning("PDF/A-3u failed, falling back to plain PDF", exc_info=True)
        data = document.write_pdf()
        variant = PdfVariant.PDF
    return RenderedPdf(data=data, page_count=pages, variant=variant)

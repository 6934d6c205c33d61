"""Layout checks of a rendered report (WeasyPrint boxes), used by the tests and the benchmark.

``overflowing_tables`` lists the tables wider than the page's text block;
``split_figures`` lists the chart blocks (a chart and its value table) that
did not stay on one page. Both should be empty for every report.
"""

from __future__ import annotations

TOLERANCE = 0.5  # CSS px


def _walk(box):
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _walk(child)


def render_document(html: str):
    from portfolio import pdf

    weasyprint = pdf._weasyprint()
    return weasyprint.HTML(
        string=html, base_url=pdf.STATIC_PREFIX, url_fetcher=pdf.make_url_fetcher()
    ).render()


def overflowing_tables(document) -> list[tuple[int, float, float]]:
    """(page number, table right edge, text block right edge) for each table too wide."""
    from weasyprint.formatting_structure import boxes

    found = []
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        right = root.content_box_x() + root.width
        for box in _walk(root):
            if isinstance(box, boxes.TableBox | boxes.TableCellBox):
                edge = box.border_box_x() + box.border_width()
                if edge > right + TOLERANCE:
                    found.append((number, round(edge, 1), round(right, 1)))
    return found


def split_figures(document, css_class: str = "chart-block") -> list[str]:
    """The ids/classes of blocks with ``css_class`` that are spread over more than one page."""
    pages_of: dict[int, set[int]] = {}
    for number, page in enumerate(document.pages, start=1):
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and css_class in (element.get("class") or "").split():
                pages_of.setdefault(id(element), set()).add(number)
    return [str(sorted(p)) for p in pages_of.values() if len(p) > 1]

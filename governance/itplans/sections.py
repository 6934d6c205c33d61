"""Sections that a higher app adds to the consolidation page (e.g. the reports' PDF).

Like ``portfolio.navigation.register_detail_section`` for detail pages: the
reports app registers the "IT-planer <år>" PDF here in its ``ready()``, so
governance never imports reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ConsolidationSection:
    title: str
    template: str
    build: Callable  # build(request, consolidation) -> context dict or None
    order: int = 100


_sections: list[ConsolidationSection] = []


def register_consolidation_section(title, template: str, build: Callable, order=100) -> None:
    _sections.append(ConsolidationSection(title, template, build, order))


def consolidation_sections_for(request, consolidation) -> list[dict]:
    result = []
    for section in sorted(_sections, key=lambda s: s.order):
        context = section.build(request, consolidation)
        if context is not None:
            result.append(
                {"title": section.title, "template": section.template, "context": context}
            )
    return result

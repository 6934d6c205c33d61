"""Navigation and start-page panels that follow the user's roles.

Apps register their menu entries and Översikt panels in ``AppConfig.ready``;
the base layer never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portfolio.policy import get_scope

#: The menu's sections, in the order shown; an entry without a section stands on its own.
REGISTER = "register"
PORTFOLJ = "portfolj"
STYRNING = "styrning"
RAPPORTER = "rapporter"
ADMINISTRATION = "administration"
SECTIONS = {
    REGISTER: _("Register"),
    PORTFOLJ: _("Portfölj"),
    STYRNING: _("Styrning"),
    RAPPORTER: _("Rapporter"),
    ADMINISTRATION: _("Administration"),
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    #: ``when(user) -> bool`` asks the policy (e.g. ``policy.can_add``); None: every signed-in user
    when: Callable | None = None
    order: int = 100
    #: one of ``SECTIONS``; None: a top-level entry (Översikt)
    section: str | None = None


@dataclass(frozen=True)
class Panel:
    """A section of the start page. ``build(request, scope)`` returns a context or None."""

    template: str
    build: Callable
    order: int = 100


_nav: list[NavItem] = []
_panels: list[Panel] = []


def register_nav(
    label,
    url_name: str,
    when: Callable | None = None,
    order: int = 100,
    section: str | None = None,
) -> None:
    """A menu entry, shown to every signed-in user or to those for whom ``when(user)`` holds.

    ``section`` (one of ``SECTIONS``) puts it in that section's disclosure menu.
    """
    if section is not None and section not in SECTIONS:
        raise ValueError(f"Unknown menu section {section!r}; use one of {sorted(SECTIONS)}")
    _nav.append(NavItem(label, url_name, when, order, section))


def register_panel(template: str, build: Callable, order: int = 100) -> None:
    _panels.append(Panel(template, build, order))


def nav_for(request) -> list[dict]:
    scope = get_scope(request.user)
    if scope.is_anonymous:
        return []
    items = []
    for item in sorted(_nav, key=lambda i: i.order):
        if item.when is None or scope.is_superuser or item.when(request.user):
            url = reverse(item.url_name)
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "active": request.path.startswith(url) if url != "/" else request.path == "/",
                    "section": item.section,
                }
            )
    return items


def nav_groups(items: list[dict]) -> list[dict]:
    """The menu as shown: top-level entries, then one group per section in ``SECTIONS`` order.

    A group is ``{"key", "label", "items", "active"}``; a section with a single
    entry the user may see is shown as that entry alone (no one-item menus).
    """
    top = [dict(item, items=None) for item in items if item["section"] is None]
    groups = []
    for key, label in SECTIONS.items():
        members = [item for item in items if item["section"] == key]
        if not members:
            continue
        if len(members) == 1:
            groups.append(dict(members[0], items=None))
            continue
        groups.append(
            {
                "key": key,
                "label": label,
                "items": members,
                "active": any(m["active"] for m in members),
            }
        )
    return top + groups


def panels_for(request) -> list[dict]:
    scope = get_scope(request.user)
    result = []
    for panel in sorted(_panels, key=lambda p: p.order):
        context = panel.build(request, scope)
        if context is not None:
            result.append({"template": panel.template, "context": context})
    return result


@dataclass(frozen=True)
class DetailSection:
    """A section that a higher app adds to a detail page (e.g. decisions on a system)."""

    model_label: str  # "portfolio.system"
    title: str
    template: str
    build: Callable  # build(request, obj) -> context dict or None
    order: int = 100


_detail_sections: list[DetailSection] = []


def register_detail_section(
    model_label: str, title, template: str, build: Callable, order: int = 100
) -> None:
    _detail_sections.append(DetailSection(model_label.lower(), title, template, build, order))


def detail_sections_for(request, obj) -> list[dict]:
    """Context for ``{% for section in detail_sections %}{% include section.template %}``."""
    label = obj._meta.label_lower
    result = []
    for section in sorted(_detail_sections, key=lambda s: s.order):
        if section.model_label != label:
            continue
        context = section.build(request, obj)
        if context is not None:
            result.append(
                {"title": section.title, "template": section.template, "context": context}
            )
    return result

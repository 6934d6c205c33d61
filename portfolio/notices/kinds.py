"""The kinds of notice, registered by the apps that send them (``AppConfig.ready``).

The base layer does not know governance's kinds; each app registers its own
with a Swedish label, and the settings page offers one choice per kind.
"""

from __future__ import annotations

_kinds: dict[str, tuple[str, int]] = {}


def register_kind(code: str, label, *, order: int = 100) -> None:
    _kinds.setdefault(code, (label, order))


def kinds() -> list[tuple[str, str]]:
    """(code, label) in menu order."""
    return [
        (code, label) for code, (label, _order) in sorted(_kinds.items(), key=lambda i: i[1][1])
    ]


def label(code: str) -> str:
    found = _kinds.get(code)
    return str(found[0]) if found else code

"""Demo data: deterministic and idempotent (``manage.py seed_demo``).

Each app registers its seeders in ``AppConfig.ready`` with ``register_seeder``
and names the seeders it needs first (``after=``); ``seeders()`` returns them
in dependency order, whatever the order the apps were loaded in. A seeder looks
rows up by natural key and creates or updates them, so running twice changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_seeders: dict[str, tuple[Callable[[], None], tuple[str, ...]]] = {}


def register_seeder(name: str, func: Callable[[], None], *, after: Iterable[str] = ()) -> None:
    """Register ``func`` as seeder ``name``, to run after the seeders named in ``after``."""
    _seeders.setdefault(name, (func, tuple(after)))


def seeders() -> list[tuple[str, Callable[[], None]]]:
    """The seeders in dependency order (a topological sort; ties go by name)."""
    missing = {d for _f, after in _seeders.values() for d in after} - set(_seeders)
    if missing:
        raise LookupError(f"demo seeders wait for unknown seeders: {sorted(missing)}")
    done: list[str] = []
    waiting = dict(_seeders)
    while waiting:
        ready = sorted(n for n, (_f, after) in waiting.items() if set(after) <= set(done))
        if not ready:
            raise ValueError(f"demo seeders depend on each other in a cycle: {sorted(waiting)}")
        done.append(ready[0])
        del waiting[ready[0]]
    return [(name, _seeders[name][0]) for name in done]


def upsert(model, defaults: dict | None = None, **lookup):
    """Like ``update_or_create``, but saves only when something changed.

    Saving unchanged rows would add audit-history rows on every run.
    """
    defaults = defaults or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **defaults)
        obj.save()
        return obj, True
    changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, defaults[key])
        obj.save()
    return obj, False

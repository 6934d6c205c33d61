"""The audit trail: every simple-history table plus login events, read-only.

Which rows a user may read
--------------------------
``policy.restrict(Kommun.objects.all(), user, policy.AUDIT)`` gives the
kommuner whose trail the user may read (kommun-wide administratör or
läsare/revisor; a superuser reads everything). A history row belongs to a
kommun through its *kommun path*, resolved generically per model, first match
wins:

1. ``register_history_kommun("app.model", "path", ...)`` (explicit, several
   paths are OR-ed, e.g. a role assignment scoped to a kommun, förvaltning or
   samverkan);
2. a ``history_kommun`` attribute on the model class (a path or a tuple);
3. the model is ``Kommun`` itself (``id``);
4. a ``kommun`` foreign key;
5. a foreign key (depth ≤ 3) to a model that resolves by 3–5, e.g.
   ``system__kommun`` for a contract, ``initiative__kommun`` for a risk.

History tables keep their foreign keys (without DB constraints), so these
paths work directly on the historical rows. A model with no path (a shared
catalogue such as suppliers) is visible only to superusers. Login events
follow ``LoginEventRule``: the events of users holding a role in the kommun.

Query budget
------------
The list is one ``UNION ALL`` over every history table and the login events
(one query for the page, one for the count), then per model present on the
page one query for the records and one for their previous versions (for the
field diff). The number of queries does not grow with the number of rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connections, models
from django.db.models import CharField, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.exports import clean_text
from portfolio.models import Kommun, LoginEvent, RoleAssignment

LOGIN_EVENT_KEY = "portfolio.loginevent"

HISTORY_TYPE_LABELS = {"+": _("Skapad"), "~": _("Ändrad"), "-": _("Borttagen")}

_explicit_paths: dict[str, tuple[str, ...]] = {}


def register_history_kommun(model_label: str, *paths: str) -> None:
    """Declare how rows of ``model_label`` belong to a kommun (lookup paths, OR-ed)."""
    _explicit_paths[model_label.lower()] = tuple(paths)


register_history_kommun(
    "portfolio.roleassignment", "kommun", "forvaltning__kommun", "samverkan__host"
)
register_history_kommun("portfolio.samverkansorganisation", "host")


def history_models() -> dict[str, type[models.Model]]:
    """``{"app.model": Model}`` for every model that has simple-history."""
    result = {}
    for model in apps.get_models():
        if hasattr(model._meta, "simple_history_manager_attribute"):
            result[model._meta.label_lower] = model
    return dict(sorted(result.items()))


def _history_manager(model):
    return getattr(model, model._meta.simple_history_manager_attribute)


def kommun_paths(model: type[models.Model], depth: int = 0) -> tuple[str, ...]:
    """The lookup paths from a row of ``model`` to its kommun id (see module doc)."""
    label = model._meta.label_lower
    if label in _explicit_paths:
        return _explicit_paths[label]
    declared = getattr(model, "history_kommun", None)
    if declared:
        return (declared,) if isinstance(declared, str) else tuple(declared)
    if model is Kommun:
        return ("id",)
    fks = [
        f
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey) and not f.auto_created
    ]
    for f in fks:
        if f.name == "kommun" and f.related_model is Kommun:
            return ("kommun",)
    if depth >= 2:
        return ()
    for f in fks:
        target = f.related_model
        if target is None or target is model or target._meta.label_lower == "auth.user":
            continue
        sub = kommun_paths(target, depth + 1)
        if sub:
            return tuple(f"{f.name}__{p}" if p != "id" else f.name for p in sub)
    return ()


def _kommun_q(paths: tuple[str, ...], kommun_ids) -> Q | None:
    if not paths:
        return None
    q = Q()
    for path in paths:
        q |= Q(**{f"{path}__in": kommun_ids})
    return q


@dataclass
class AuditFilter:
    user: str = ""  # username, substring
    model_key: str = ""  # "app.model" or LOGIN_EVENT_KEY
    kommun: Kommun | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def audit_kommuner(user):
    """Kommuner whose audit trail ``user`` may read (policy action AUDIT)."""
    return policy.restrict(Kommun.objects.all(), user, policy.AUDIT)


def may_audit(user) -> bool:
    scope = policy.get_scope(user)
    return scope.is_superuser or (not scope.is_anonymous and audit_kommuner(user).exists())


_COLUMNS = ("a_ts", "a_user", "a_obj", "a_type", "a_model", "a_pk")


def _period_q(field_name: str, flt: AuditFilter) -> Q:
    q = Q()
    if flt.date_from:
        q &= Q(**{f"{field_name}__date__gte": flt.date_from})
    if flt.date_to:
        q &= Q(**{f"{field_name}__date__lte": flt.date_to})
    return q


def audit_queryset(user, flt: AuditFilter | None = None):
    """One UNION ALL queryset of (a_ts, a_user, a_obj, a_type, a_model, a_pk), newest first."""
    flt = flt or AuditFilter()
    scope = policy.get_scope(user)
    allowed = (
        None if scope.is_superuser else list(audit_kommuner(user).values_list("pk", flat=True))
    )
    if flt.kommun is not None:
        if allowed is not None and flt.kommun.pk not in allowed:
            allowed = []
        else:
            allowed = [flt.kommun.pk]
    parts = []
    for key, model in history_models().items():
        if flt.model_key and flt.model_key != key:
            continue
        qs = _history_manager(model).all()
        if allowed is not None:
            q = _kommun_q(kommun_paths(model), allowed)
            if q is None or not allowed:
                continue
            qs = qs.filter(q)
        if flt.user:
            qs = qs.filter(history_user__username__icontains=flt.user)
        qs = qs.filter(_period_q("history_date", flt))
        parts.append(
            qs.order_by()
            .annotate(
                a_ts=F("history_date"),
                a_user=F("history_user_id"),
                a_obj=_as_int(F(model._meta.pk.attname)),
                a_type=F("history_type"),
                a_model=Value(key, output_field=CharField()),
                a_pk=F("history_id"),
            )
            .values_list(*_COLUMNS)
        )
    if not flt.model_key or flt.model_key == LOGIN_EVENT_KEY:
        events = policy.restrict(LoginEvent.objects.all(), user)
        if flt.kommun is not None:
            if allowed:
                members = RoleAssignment.objects.filter(
                    Q(kommun__in=allowed) | Q(forvaltning__kommun__in=allowed)
                ).values("user_id")
                events = events.filter(user_id__in=members)
            else:
                events = events.none()
        if flt.user:
            events = events.filter(username__icontains=flt.user)
        events = events.filter(_period_q("created_at", flt))
        parts.append(
            events.order_by()
            .annotate(
                a_ts=F("created_at"),
                a_user=F("user_id"),
                a_obj=F("id"),
                a_type=F("kind"),
                a_model=Value(LOGIN_EVENT_KEY, output_field=CharField()),
                a_pk=F("id"),
            )
            .values_list(*_COLUMNS)
        )
    if not parts:
        return LoginEvent.objects.none().values_list("created_at")
    first, rest = parts[0], parts[1:]
    combined = first.union(*rest, all=True) if rest else first
    return combined.order_by("-a_ts", "-a_pk")


def union_page(rows, number: int, per_page: int) -> tuple[list[tuple], int]:
    """One page of the trail and the total, planned and run once.

    A paginator would run the union over every history table twice (a COUNT, then
    the page). Here the total comes with the page as a window count.
    """
    inner = rows.order_by()
    sql, params = inner.query.sql_with_params()
    connection = connections[inner.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _COLUMNS)
    # The ORM compiled the inner SQL and every value is a parameter.
    order = f"{quote('a_ts')} DESC, {quote('a_pk')} DESC"
    query = f"SELECT {columns}, COUNT(*) OVER () FROM ({sql}) AS trail ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608, E501
    with connection.cursor() as cursor:
        cursor.execute(query, (*params, per_page, (number - 1) * per_page))
        fetched = cursor.fetchall()
    if not fetched:
        return [], 0
    converters = _converters(inner, connection)
    page = [_convert(row[:-1], converters, connection) for row in fetched]
    return page, fetched[0][-1]


def _converters(rows, connection):
    """The database converters of the union's columns (e.g. SQLite's datetimes)."""
    compiler = rows.query.get_compiler(using=rows.db)
    compiler.setup_query()
    return compiler.get_converters([col for col, _info, _alias in compiler.select])


def _convert(row, converters, connection):
    row = list(row)
    for position, (funcs, expression) in converters.items():
        value = row[position]
        for func in funcs:
            value = func(value, expression, connection)
        row[position] = value
    return tuple(row)


def _as_int(expr):
    """Object ids are integers in every table; keep the union's column type uniform."""
    return Cast(expr, IntegerField())


@dataclass
class AuditEntry:
    timestamp: datetime.datetime
    user_id: int | None
    username: str
    action: str
    model_key: str
    model_label: str
    object_id: int | None
    object_label: str
    changes: list[dict] = field(default_factory=list)
    is_login_event: bool = False


# Foreign keys to these models are shown by name in the diff (one query per
# model per page). They are organisational and visible broadly; other foreign
# keys are shown as "#id" so the trail never reveals another kommun's records.
NAMED_RELATIONS = {
    "auth.user": "username",
    "portfolio.kommun": "name",
    "portfolio.forvaltning": "name",
    "portfolio.samverkansorganisation": "name",
}


def _display(field_obj, value):
    if value is None or value == "":
        return "–"
    if field_obj.is_relation and field_obj.related_model is not None:
        return _FkValue(field_obj.related_model._meta.label_lower, value)
    choices = getattr(field_obj, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def _object_label(record, model) -> str:
    for name in ("name", "title", "username", "subject"):
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            return value
    return f"#{getattr(record, model._meta.pk.attname)}"


@dataclass(frozen=True)
class _FkValue:
    """A foreign key in a diff, resolved to a name after the page is assembled."""

    model_label: str
    pk: object


def _resolve_fk_values(entries: list[AuditEntry]) -> None:
    wanted: dict[str, set] = defaultdict(set)
    for entry in entries:
        for change in entry.changes:
            for key in ("old", "new"):
                value = change[key]
                if isinstance(value, _FkValue) and value.model_label in NAMED_RELATIONS:
                    wanted[value.model_label].add(value.pk)
    names: dict[tuple[str, object], str] = {}
    for label, pks in wanted.items():
        model = apps.get_model(label)
        attr = NAMED_RELATIONS[label]
        for pk, name in model._default_manager.filter(pk__in=pks).values_list("pk", attr):
            names[(label, pk)] = name
    for entry in entries:
        for change in entry.changes:
            for key in ("old", "new"):
                value = change[key]
                if isinstance(value, _FkValue):
                    change[key] = names.get((value.model_label, value.pk), f"#{value.pk}")


def build_entries(rows) -> list[AuditEntry]:
    """Turn union rows into entries with field diffs, in a bounded number of queries."""
    from django.contrib.auth import get_user_model

    rows = list(rows)
    by_model: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_model[row[4]].append(row[5])
    models_map = history_models()
    records: dict[tuple[str, int], object] = {}
    previous: dict[tuple[str, int], object] = {}
    for key, ids in by_model.items():
        if key == LOGIN_EVENT_KEY:
            for event in LoginEvent.objects.filter(pk__in=ids):
                records[(key, event.pk)] = event
            continue
        model = models_map[key]
        hist = _history_manager(model).model
        pk_name = model._meta.pk.attname
        prev_sq = (
            hist.objects.filter(
                **{pk_name: OuterRef(pk_name)}, history_date__lte=OuterRef("history_date")
            )
            .exclude(history_id=OuterRef("history_id"))
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        found = list(hist.objects.filter(history_id__in=ids).annotate(prev_id=Subquery(prev_sq)))
        prev_ids = [r.prev_id for r in found if r.prev_id]
        prevs = {p.history_id: p for p in hist.objects.filter(history_id__in=prev_ids)}
        for r in found:
            records[(key, r.history_id)] = r
            if r.prev_id in prevs:
                previous[(key, r.history_id)] = prevs[r.prev_id]
    user_ids = {row[1] for row in rows if row[1]}
    users = {u.pk: u.get_username() for u in get_user_model().objects.filter(pk__in=user_ids)}

    entries = []
    for ts, user_id, obj_id, kind, key, pk in rows:
        record = records.get((key, pk))
        if key == LOGIN_EVENT_KEY:
            label = LoginEvent._meta.verbose_name
            entries.append(
                AuditEntry(
                    timestamp=ts,
                    user_id=user_id,
                    username=record.username if record else users.get(user_id, ""),
                    action=str(
                        dict(LoginEvent._meta.get_field("kind").flatchoices).get(kind, kind)
                    ),
                    model_key=key,
                    model_label=str(label).capitalize(),
                    object_id=obj_id,
                    object_label=(record.ip_address or "") if record else "",
                    is_login_event=True,
                )
            )
            continue
        model = models_map[key]
        changes = []
        if record is not None:
            old = previous.get((key, pk))
            m2m = {f.name for f in model._meta.many_to_many}
            if old is not None and kind == "~":
                delta = record.diff_against(old, excluded_fields=m2m)
                for change in delta.changes:
                    f = model._meta.get_field(change.field)
                    changes.append(
                        {
                            "field": str(f.verbose_name),
                            "old": _display(f, change.old),
                            "new": _display(f, change.new),
                        }
                    )
            elif kind == "+":
                for f in model._meta.concrete_fields:
                    if f.primary_key or f.name in m2m:
                        continue
                    value = getattr(record, f.attname, None)
                    if value not in (None, ""):
                        changes.append(
                            {"field": str(f.verbose_name), "old": "", "new": _display(f, value)}
                        )
        entries.append(
            AuditEntry(
                timestamp=ts,
                user_id=user_id,
                username=users.get(user_id, ""),
                action=str(HISTORY_TYPE_LABELS.get(kind, kind)),
                model_key=key,
                model_label=str(model._meta.verbose_name).capitalize(),
                object_id=obj_id,
                object_label=_object_label(record, model) if record else f"#{obj_id}",
                changes=changes,
            )
        )
    _resolve_fk_values(entries)
    return entries


def model_choices() -> list[tuple[str, str]]:
    choices = [
        (key, str(model._meta.verbose_name).capitalize()) for key, model in history_models().items()
    ]
    choices.append((LOGIN_EVENT_KEY, str(LoginEvent._meta.verbose_name).capitalize()))
    return sorted(choices, key=lambda c: c[1])


_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """Neutralise spreadsheet formulas: prefix cells starting with = + - @ TAB CR."""
    text = "" if value is None else clean_text(str(value))
    if text.startswith(_DANGEROUS):
        return "'" + text
    return text


def object_history(obj, limit: int = 15) -> list[dict]:
    """One object's history for its detail page, newest first, in Swedish.

    Each row: the historical record, the action ("Skapad", "Ändrad", "Borttagen")
    and the changed fields by their Swedish labels. A save that changed nothing
    is left out. ``limit`` rows at most, from at most ``3 * limit`` records.
    """
    model = type(obj)
    records = list(obj.history.select_related("history_user")[: 3 * limit + 1])
    rows = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            changes = [str(model._meta.get_field(c.field).verbose_name) for c in delta.changes]
            if not changes:
                continue
        action = HISTORY_TYPE_LABELS.get(newer.history_type, newer.history_type)
        rows.append({"record": newer, "action": str(action), "changes": changes})
        if len(rows) == limit:
            break
    return rows

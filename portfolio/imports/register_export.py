"""The full register export: every importable column, with the import's headers.

Besides the on-screen view, a register list offers its whole register of one
kommun (``?export=csv|xlsx&register=<kind>&export_kommun=<pk>``, the list's
filters kept) as the import reads it: choices by their Swedish label, people
by the name the portal shows (the username when the name is not unique),
förvaltningar, systems and suppliers by name, plus the Kommun and ID columns.
Editing it in Excel and importing it back updates exactly the edited rows;
importing it unchanged changes nothing.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from portfolio import policy
from portfolio.choices import ImportKind
from portfolio.exports import ExportMixin, export_response
from portfolio.imports.resources import RESOURCES
from portfolio.imports.resources.base import ID_COLUMN, KOMMUN_COLUMN
from portfolio.imports.resources.people import People
from portfolio.imports.resources.widgets import BooleanWidget, ChoiceWidget
from portfolio.models import Kommun


def _getter(resource_class, field, people: People):
    attribute = field.attribute
    model_field = resource_class._meta.model._meta.get_field(attribute)
    source = resource_class.lookups.get(attribute)
    if source == "user":
        return lambda obj: people.label(getattr(obj, attribute))
    if source is not None:
        attname = model_field.attname
        return lambda obj: getattr(obj, attribute).name if getattr(obj, attname) else ""
    widget = field.widget
    if isinstance(widget, ChoiceWidget):
        labels = {str(value): str(label) for value, label in widget.choices}
        return lambda obj: labels.get(getattr(obj, attribute), getattr(obj, attribute) or "")
    if isinstance(widget, BooleanWidget):
        yes, no = _("Ja"), _("Nej")
        return lambda obj: yes if getattr(obj, attribute) else no
    return lambda obj: getattr(obj, attribute)


def register_columns(kind: str, kommun) -> list:
    """``(header, getter)`` for every column of the kind, in the template's order."""
    resource_class = RESOURCES[kind]
    people = People(
        policy.people(kommun_id=kommun.pk).only(
            "pk", "username", "email", "first_name", "last_name"
        ),
        kommun,
    )
    columns = [
        (resource_class.fields[name].column_name, _getter(resource_class, field, people))
        for name, field in ((n, resource_class.fields[n]) for n in resource_class._meta.fields)
    ]
    columns.append((KOMMUN_COLUMN, lambda obj: kommun.name))
    columns.append((ID_COLUMN, lambda obj: obj.pk))
    return columns


def register_queryset(kind: str, objects, user, kommun):
    """The rows of ``objects`` that ``user`` sees in ``kommun``, with what the columns read."""
    resource_class = RESOURCES[kind]
    return (
        policy.restrict(objects, user)
        .filter(**{resource_class.kommun_path: kommun})
        .select_related(*resource_class.export_related)
        .order_by(*resource_class.export_order)
    )


def register_response(fmt: str, kind: str, objects, user, kommun):
    """The download of the whole register of ``kind`` in ``kommun`` (as far as ``objects`` go)."""
    label = str(ImportKind(kind).label)
    filename = f"{slugify(label)}-{slugify(kommun.name)}-hela-registret"
    return export_response(
        fmt,
        filename,
        register_columns(kind, kommun),
        register_queryset(kind, objects, user, kommun).iterator(chunk_size=2000),
        title=label,
    )


class RegisterExportMixin(ExportMixin):
    """ExportMixin plus the full register of the kinds in ``register_kinds``."""

    #: import kinds offered as the full register from this list
    register_kinds: tuple[str, ...] = ()

    def register_objects(self, kind: str, queryset):
        """The kind's objects under the filtered list (the list's own rows by default)."""
        return queryset

    def export(self, fmt, queryset):
        kind = self.request.GET.get("register")
        if not kind:
            return super().export(fmt, queryset)
        if kind not in self.register_kinds:
            raise Http404
        kommun = self._export_kommun()
        return register_response(
            fmt, kind, self.register_objects(kind, queryset), self.request.user, kommun
        )

    def _export_kommuner(self):
        """The kommuner that own rows of the list the user sees (the list's kind comes first)."""
        path = RESOURCES[self.register_kinds[0]].kommun_path
        owners = self.get_table_queryset().order_by().values(path)
        return Kommun.objects.filter(pk__in=owners).order_by("name")

    def _export_kommun(self):
        value = self.request.GET.get("export_kommun", "")
        if not value.isdigit():
            raise Http404
        kommun = self._export_kommuner().filter(pk=int(value)).first()
        if kommun is None:
            raise Http404
        return kommun

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kommuner = list(self._export_kommuner())
        params = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in ("export", "page", "register", "export_kommun")
            for value in values
        ]
        context.update(
            register_exports=[(k, ImportKind(k).label) for k in self.register_kinds],
            export_kommuner=kommuner,
            export_kommun_selected=self.request.GET.get("kommun", ""),
            export_params=params,
        )
        return context

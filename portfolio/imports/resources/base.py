"""django-import-export resources for importing the registers from CSV and XLSX.

Foreign keys are named by natural key: förvaltning by name within the
importing kommun, people by username or e-mail, systems by name, suppliers by
name (created when new). Values are read the way Swedish Excel writes them:
decimal comma, spaces or no-break spaces as thousands separators, ISO dates,
choices by value or by their Swedish label.

A resource is built for one import (``actor`` and ``kommun``); it loads the
lookups once, so a 20 000-row file costs a handful of queries plus the bulk
inserts. Every row is checked against the policy: a row the actor may not
write is a row error, and with any error nothing is saved (see
``portfolio.import_services``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.fields import NOT_PROVIDED
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portfolio import policy
from portfolio.imports.resources.context import ImportContext

SPACES = (" ", "\xa0", "\u202f", "\u2009")
BATCH_SIZE = 1000


def as_text(value) -> str:
    """A cell as text: XLSX numbers like 12345.0 become "12345"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- Widgets -------------------------------------------------------------------------


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return as_text(value)


class DecimalWidget(widgets.Widget):
    """ "1 250 000,50", "1250000.50", "1 250 000 kr" and XLSX numbers."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            raise ValueError(_("Ange ett tal."))
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        text = as_text(value)
        if not text:
            return None
        original = text
        for space in SPACES:
            text = text.replace(space, "")
        text = text.lower().removesuffix("kr").removesuffix(":-")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                _("”%(value)s” är inget tal. Skriv till exempel 1 250 000,50.")
                % {"value": original}
            ) from None
        if not number.is_finite():
            raise ValueError(_("”%(value)s” är inget tal.") % {"value": original})
        return number


class IntegerWidget(DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row=row, **kwargs)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValueError(_("Ange ett heltal, inte %(value)s.") % {"value": as_text(value)})
        return int(number)


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = as_text(value)
        if not text:
            return None
        for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y%m%d"):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("”%(value)s” är inget datum. Skriv datum som ÅÅÅÅ-MM-DD.") % {"value": text}
        )


class BooleanWidget(widgets.Widget):
    TRUE = {"ja", "j", "x", "1", "true", "sant", "yes"}
    FALSE = {"nej", "n", "0", "false", "falskt", "no", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = as_text(value).lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Skriv ”ja” eller ”nej”, inte ”%(value)s”.") % {"value": as_text(value)})


class ChoiceWidget(widgets.Widget):
    """A choice by its stored value ("saas") or its Swedish label ("SaaS/molntjänst")."""

    def __init__(self, choices):
        self.choices = choices
        self.lookup = {}
        for value, label in choices:
            self.lookup[str(value).lower()] = value
            self.lookup[str(label).lower()] = value

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return ""
        try:
            return self.lookup[text.lower()]
        except KeyError:
            allowed = ", ".join(str(label) for _value, label in self.choices)
            raise ValueError(
                _("”%(value)s” är inget giltigt val. Välj bland: %(allowed)s.")
                % {"value": text, "allowed": allowed}
            ) from None


class LookupWidget(widgets.Widget):
    """A foreign key by natural key, from a dictionary the resource loaded once."""

    def __init__(self, find):
        self.find = find

    def clean(self, value, row=None, **kwargs):
        text = as_text(value)
        if not text:
            return None
        return self.find(text)


# --- Resources -----------------------------------------------------------------------


def _blank_instance(model) -> dict | None:
    """The attributes of ``model()``, to copy for each new row; None when copying would differ.

    A callable default (e.g. ``timezone.now``) must be called per row, and a
    ``pre_init``/``post_init`` receiver must see each instance: those models are built normally.
    """
    fields_ = model._meta.concrete_fields
    if (
        signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
        or any(f.has_default() and callable(f.default) for f in fields_)
    ):
        return None
    attributes = dict(model().__dict__)
    del attributes["_state"]
    return attributes


def _field(attribute, column, widget=None, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, widget=widget, **kwargs)


def _choice(attribute, column, choices, **kwargs):
    return _field(attribute, column, ChoiceWidget(choices), **kwargs)


class PortalResource(resources.ModelResource):
    """Common behaviour: natural keys, policy checks per row, bulk saves with history."""

    #: (column, ...) that must be present in the file
    required_columns: tuple[str, ...] = ()
    #: fields resolved by lookup widgets: full_clean need not query them again
    lookup_fields: tuple[str, ...] = ()
    lookups: dict[str, str] = {}

    def __init__(self, *, context: ImportContext):
        super().__init__()
        self.context = context
        self.lines: list[int] = []
        self.row_kinds: list[tuple[int, str]] = []
        self._seen_keys: dict = {}
        self._existing = None
        for field, source in self.lookups.items():
            self.fields[field].widget = LookupWidget(getattr(context, source))
        # Worked out once, not per row as django-import-export does.
        self._import_fields = [
            f
            for f in self.get_import_fields()
            if f.attribute and not f.readonly and not isinstance(f.widget, widgets.ManyToManyWidget)
        ]
        model = self._meta.model
        self._required_lookups = [
            (name, model._meta.get_field(name).attname)
            for name in self.lookup_fields
            if name != "kommun" and not model._meta.get_field(name).null
        ]
        self._blank = _blank_instance(model)

    def init_instance(self, row=None):
        if self._blank is None:
            return super().init_instance(row)
        # A copy of a blank instance: the same defaults as model(), without its per-field loop.
        instance = self._meta.model.__new__(self._meta.model)
        instance.__dict__.update(self._blank)
        instance._state = ModelState()
        return instance

    # Natural keys ------------------------------------------------------------------
    def natural_key(self, row):
        raise NotImplementedError

    def existing_instances(self) -> dict:
        raise NotImplementedError

    def get_instance(self, instance_loader, row):
        if self._existing is None:
            self._existing = self.existing_instances()
        try:
            key = self.natural_key(row)
        except ValueError:
            return None  # the field's own error is reported by import_instance
        if key is None:
            return None
        found = self._existing.get(key)
        if isinstance(found, list):
            if len(found) > 1:
                raise ValidationError(
                    {self.key_field: _("Flera poster i registret matchar raden; den är tvetydig.")}
                )
            found = found[0]
        return found

    key_field = "name"

    # Validation --------------------------------------------------------------------
    def import_instance(self, instance, row, **kwargs):
        """Set each field from its column (as import-export does), collecting the errors."""
        errors = {}
        try:
            for field in self._import_fields:
                column = field.column_name
                if column not in row:
                    continue  # a column the file does not have: keep the default
                # What import-export's Field.save() does, without its per-call overhead.
                try:
                    value = field.widget.clean(row[column], row=row, **kwargs)
                except ValueError as exc:
                    errors[field.attribute] = ValidationError(str(exc), code="invalid")
                    continue
                if value in field.empty_values and field.default is not NOT_PROVIDED:
                    value = field.default() if callable(field.default) else field.default
                if value is not None or field.saves_null_values:
                    setattr(instance, field.attribute, value)
            if errors:
                raise ValidationError(errors)
        finally:
            self.derive(instance)

    def derive(self, instance) -> None:
        """Set fields that follow from others (e.g. kommun from förvaltning)."""

    def check_row(self, instance, new: bool) -> dict:
        """Policy errors for the row, as {field: message}."""
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        new = instance.pk is None
        if not errors:
            for name, message in self.check_row(instance, new).items():
                errors.setdefault(name, ValidationError(message))
            key = self.instance_key(instance)
            if key is not None:
                if key in self._seen_keys:
                    errors.setdefault(
                        self.key_field,
                        ValidationError(
                            _("Samma post finns redan på rad %(line)s i filen.")
                            % {"line": self._seen_keys[key]}
                        ),
                    )
                else:
                    self._seen_keys[key] = self._current_line
        for name, attname in self._required_lookups:
            if name not in errors and getattr(instance, attname) is None:
                errors[name] = ValidationError(_("Fältet får inte vara tomt."))
        try:
            instance.full_clean(
                exclude=set(errors) | set(self.lookup_fields), validate_unique=False
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def instance_key(self, instance):
        return None

    def before_import_row(self, row, **kwargs):
        number = kwargs.get("row_number")
        # The line in the file (header is line 1), for messages that name another row.
        self._current_line = self.lines[number - 1] if self.lines else number

    def after_import_row(self, row, row_result, **kwargs):
        self.row_kinds.append((kwargs.get("row_number"), row_result.import_type))

    # Saving ------------------------------------------------------------------------
    def before_save_instance(self, instance, row, **kwargs):
        instance._history_user = self.context.actor

    # A dry run (the preview) writes nothing: every rule is checked per row before the
    # save, and the imported models have no database constraint beyond what
    # validate_instance checks (lookups resolve to existing rows, duplicates in the
    # file and in the register are row errors).
    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.create_instances.clear()
        if self.create_instances:
            try:
                bulk_create_with_history(
                    self.create_instances,
                    self._meta.model,
                    batch_size=batch_size,
                    default_user=self.context.actor,
                )
            except Exception as exc:
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
        if self.update_instances:
            try:
                bulk_update_with_history(
                    self.update_instances,
                    self._meta.model,
                    self.get_bulk_update_fields(),
                    batch_size=batch_size,
                    default_user=self.context.actor,
                )
            except Exception as exc:
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.update_instances.clear()

    def get_bulk_update_fields(self):
        return [f.attribute for f in self.get_import_fields() if f.attribute]

    def after_import(self, dataset, result, **kwargs):
        pass  # no sequence reset: we never import primary keys

    # Columns -----------------------------------------------------------------------
    @classmethod
    def columns(cls) -> list[str]:
        """The file's columns in template order."""
        return [cls.fields[name].column_name for name in cls._meta.fields]

    @classmethod
    def header_aliases(cls) -> dict[str, str]:
        """Accepted header (lower case) -> column name: Swedish name, field name, verbose name."""
        aliases = {}
        model = cls._meta.model
        for field in cls.fields.values():
            aliases[field.column_name.lower()] = field.column_name
            aliases[field.attribute.lower()] = field.column_name
            verbose = str(model._meta.get_field(field.attribute).verbose_name)
            aliases.setdefault(verbose.lower(), field.column_name)
        return aliases

    class Meta:
        abstract = True


class KommunNamedResource(PortalResource):
    """Rows matched to existing objects of the importing kommun by name (case-insensitive)."""

    name_field = ""
    name_column = ""

    def natural_key(self, row):
        return as_text(row.get(self.name_column)).lower() or None

    def existing_instances(self):
        model = self._meta.model
        in_kommun = model.objects.filter(kommun=self.context.kommun)
        found = defaultdict(list)
        for obj in in_kommun:
            found[getattr(obj, self.name_field).lower()].append(obj)
        self._changeable = set(
            policy.restrict(in_kommun, self.context.actor, policy.CHANGE).values_list(
                "pk", flat=True
            )
        )
        return found

    def instance_key(self, instance):
        return getattr(instance, self.name_field).lower() or None


def column_label(resource_class: type[PortalResource], attribute: str) -> str:
    """The column a model field's error belongs to (the field's Swedish label otherwise)."""
    for field in resource_class.fields.values():
        if field.attribute == attribute:
            return field.column_name
    if attribute in ("kommun",):
        return "Förvaltning"
    try:
        field = resource_class._meta.model._meta.get_field(attribute)
    except FieldDoesNotExist:
        return "–"
    return str(field.verbose_name).capitalize()

"""django-import-export resources for importing the registers from CSV and XLSX.

Foreign keys are named by natural key: förvaltning by name within the
importing kommun, people by username, e-mail or displayed name, systems by
name, suppliers by name (created when new). Cells are read by the widgets in
``widgets.py``. Two columns belong to every kind: ``ID`` (the portal's id, as
the full register export writes it: a row with an ID updates that object, so
a renamed system stays the same system) and ``Kommun`` (checked against the
importing kommun, so an export is not imported into the wrong one).

A resource is built for one import (``actor`` and ``kommun``); it loads the
lookups once, so a 20 000-row file costs a handful of queries plus the bulk
inserts. Every row is checked against the policy: a row the actor may not
write is a row error, and with any error nothing is saved (see
``portfolio.imports.services``). A row that changes nothing is skipped
("Oförändrad"), so importing an unchanged export is a no-op.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import signals
from django.db.models.base import ModelState
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.fields import NOT_PROVIDED
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from portfolio import policy
from portfolio.imports.resources.context import ImportContext
from portfolio.imports.resources.widgets import ChoiceWidget, IntegerWidget, LookupWidget, as_text
from portfolio.models import System

BATCH_SIZE = 1000

#: the columns every kind has besides its fields, and the error keys they report under
ID_COLUMN, KOMMUN_COLUMN = "ID", "Kommun"
ID_KEY, KOMMUN_KEY = "id", "kommun_column"


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


def _comparable(value):
    """A value as compared for "unchanged": text without surrounding space or CR of CRLF."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


class PortalResource(resources.ModelResource):
    """Common behaviour: natural keys, policy checks per row, bulk saves with history."""

    #: (column, ...) that must be present in the file
    required_columns: tuple[str, ...] = ()
    #: fields resolved by lookup widgets: full_clean need not query them again
    lookup_fields: tuple[str, ...] = ()
    lookups: dict[str, str] = {}
    #: the path from the model to its kommun (exports and existing rows are per kommun)
    kommun_path = "kommun"
    #: whether two objects may share a natural key (two licence costs of one year may)
    unique_key = True
    #: the columns of the natural key, named in the message about a taken key
    key_columns: tuple[str, ...] = ()
    key_field = "name"
    #: what the full register export selects and how it orders the rows
    export_related: tuple[str, ...] = ()
    export_order: tuple[str, ...] = ("pk",)

    def __init__(self, *, context: ImportContext):
        super().__init__()
        self.context = context
        self.lines: list[int] = []
        self.row_kinds: list[tuple[int, str]] = []
        self._seen_keys: dict = {}
        self._existing = None
        self._by_pk: dict = {}
        self._visible = None
        self._before = None
        for field, source in self.lookups.items():
            self.fields[field].widget = LookupWidget(getattr(context, source))
        # Worked out once, not per row as django-import-export does.
        self._import_fields = [
            f
            for f in self.get_import_fields()
            if f.attribute and not f.readonly and not isinstance(f.widget, widgets.ManyToManyWidget)
        ]
        model = self._meta.model
        self._compared = [model._meta.get_field(f.attribute).attname for f in self._import_fields]
        self._people = {name for name, source in self.lookups.items() if source == "user"}
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

    # Existing rows -------------------------------------------------------------------
    def natural_key(self, row):
        raise NotImplementedError

    def instance_key(self, instance):
        raise NotImplementedError

    def in_kommun(self):
        """The model's rows in the importing kommun."""
        return self._meta.model.objects.filter(**{self.kommun_path: self.context.kommun})

    def existing_queryset(self):
        return self.in_kommun()

    def _load_existing(self) -> None:
        self._existing = defaultdict(list)
        for obj in self.existing_queryset():
            self._by_pk[obj.pk] = obj
            key = self.instance_key(obj)
            if key is not None:
                self._existing[key].append(obj)

    def visible(self, pk) -> bool:
        """Whether the actor may see the object: only those can be named by ID or skipped."""
        if self._visible is None:
            self._visible = set(
                policy.restrict(self.in_kommun(), self.context.actor).values_list("pk", flat=True)
            )
        return pk in self._visible

    def get_instance(self, instance_loader, row):
        if self._existing is None:
            self._load_existing()
        ident = as_text(row.get(ID_COLUMN))
        if ident:
            return self._instance_by_id(ident)
        try:
            key = self.natural_key(row)
        except ValueError:
            return None  # the field's own error is reported by import_instance
        if key is None:
            return None
        found = self._existing.get(key)
        if not found:
            return None
        if len(found) > 1:
            raise ValidationError(
                {
                    self.key_field: _(
                        "Flera poster i registret matchar raden; den är tvetydig. "
                        "Ange postens ID (finns i exporten av hela registret)."
                    )
                }
            )
        return found[0]

    def _instance_by_id(self, ident: str):
        try:
            pk = IntegerWidget().clean(ident)
        except ValueError:
            pk = None
        found = self._by_pk.get(pk)
        if found is None or not self.visible(pk):
            raise ValidationError(
                {
                    ID_KEY: _(
                        "Det finns ingen post med ID ”%(id)s” i %(kommun)s. "
                        "Lämna ID tomt för en ny rad."
                    )
                    % {"id": ident, "kommun": self.context.kommun.name}
                }
            )
        return found

    # Validation --------------------------------------------------------------------
    def _snapshot(self, instance) -> tuple:
        return tuple(_comparable(getattr(instance, name)) for name in self._compared)

    def import_instance(self, instance, row, **kwargs):
        """Set each field from its column (as import-export does), collecting the errors."""
        self._before = self._snapshot(instance) if instance.pk is not None else None
        errors = {}
        try:
            kommun = as_text(row.get(KOMMUN_COLUMN))
            if kommun and not self.context.is_kommun(kommun):
                errors[KOMMUN_KEY] = ValidationError(
                    _("Raden gäller %(row)s, men importen görs till %(kommun)s.")
                    % {"row": kommun, "kommun": self.context.kommun.name}
                )
            for field in self._import_fields:
                column = field.column_name
                if column not in row:
                    continue  # a column the file does not have: keep the default
                # What import-export's Field.save() does, without its per-call overhead.
                try:
                    value = field.widget.clean(row[column], row=row, **kwargs)
                except ValueError as exc:
                    if not self._keeps_current(instance, field.attribute, row[column]):
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

    def _keeps_current(self, instance, attribute, cell) -> bool:
        """An existing row whose cell names the object's current person or system keeps it.

        Choosing someone is refused outside the kommun's people (and a system name
        must be unique); keeping what is there is no choice, so an unchanged export
        imports back even when a person has lost their role.
        """
        if instance.pk is None or attribute not in self.lookups:
            return False
        current = getattr(instance, attribute)
        if current is None:
            return False
        if attribute in self._people:
            names = {current.username, current.email, current.get_full_name()}
        else:
            names = {getattr(current, "name", "")}
        return as_text(cell).lower() in {n.lower() for n in names if n}

    def derive(self, instance) -> None:
        """Set fields that follow from others (e.g. kommun from förvaltning)."""

    def check_row(self, instance, new: bool) -> dict:
        """Policy errors for the row, as {field: message}."""
        return {}

    def _row_keys(self, instance) -> list:
        """What two rows of one file may not share: the object, and a unique natural key."""
        keys = [("pk", instance.pk)] if instance.pk is not None else []
        natural = self.instance_key(instance)
        if natural is not None and (self.unique_key or instance.pk is None):
            keys.append(("key", natural))
        return keys

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing, visible object that the row leaves as it is: nothing to check or save."""
        if import_validation_errors or self._before is None:
            return False
        if self._snapshot(instance) != self._before or not self.visible(instance.pk):
            return False
        keys = self._row_keys(instance)
        if any(key in self._seen_keys for key in keys):
            return False  # validate_instance reports the duplicate
        for key in keys:
            self._seen_keys[key] = self._current_line
        return True

    def _taken_key(self, instance) -> bool:
        """An object named by ID that now has the natural key of another object."""
        if not self.unique_key or instance.pk is None:
            return False
        natural = self.instance_key(instance)
        return any(other.pk != instance.pk for other in self._existing.get(natural, ()))

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        new = instance.pk is None
        if not errors:
            for name, message in self.check_row(instance, new).items():
                errors.setdefault(name, ValidationError(message))
            keys = self._row_keys(instance)
            seen = next((self._seen_keys[k] for k in keys if k in self._seen_keys), None)
            if seen is not None:
                errors.setdefault(
                    self.key_field,
                    ValidationError(
                        _("Samma post finns redan på rad %(line)s i filen.") % {"line": seen}
                    ),
                )
            elif self._taken_key(instance):
                errors.setdefault(
                    self.key_field,
                    ValidationError(
                        _("En annan post i registret har redan samma %(columns)s.")
                        % {"columns": f" {_('och')} ".join(self.key_columns)}
                    ),
                )
            else:
                for key in keys:
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

    def before_import_row(self, row, **kwargs):
        number = kwargs.get("row_number")
        # The line in the file (header is line 1), for messages that name another row.
        self._current_line = self.lines[number - 1] if self.lines else number
        self._before = None

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
    def field_columns(cls) -> list[str]:
        """The columns of the kind's own fields, in template order."""
        return [cls.fields[name].column_name for name in cls._meta.fields]

    @classmethod
    def columns(cls) -> list[str]:
        """Every column of the kind, as the template and the full register export have them."""
        return [*cls.field_columns(), KOMMUN_COLUMN, ID_COLUMN]

    @classmethod
    def header_aliases(cls) -> dict[str, str]:
        """Accepted header (lower case) -> column name: Swedish name, field name, verbose name."""
        aliases = {KOMMUN_COLUMN.lower(): KOMMUN_COLUMN, ID_COLUMN.lower(): ID_COLUMN}
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

    def existing_queryset(self):
        in_kommun = self.in_kommun()
        self._changeable = set(
            policy.restrict(in_kommun, self.context.actor, policy.CHANGE).values_list(
                "pk", flat=True
            )
        )
        return in_kommun

    def instance_key(self, instance):
        return getattr(instance, self.name_field).lower() or None


class SystemChildResource(PortalResource):
    """Rows under a system (contracts, costs): the system is named, and must be changeable.

    A row named by ID may move the object to another system: both systems must be.
    """

    kommun_path = "system__kommun"

    def import_instance(self, instance, row, **kwargs):
        self._original_system_id = instance.system_id if instance.pk is not None else None
        super().import_instance(instance, row, **kwargs)

    def check_row(self, instance, new):
        may_change = self.context.may_change_system
        if instance.system_id and not may_change(instance.system_id):
            return {
                "system": _("Du får inte ändra systemet ”%(name)s”.") % {"name": instance.system}
            }
        original = self._original_system_id
        if original and original != instance.system_id and not may_change(original):
            name = System.objects.only("name").get(pk=original).name
            return {
                "system": _("Du får inte flytta posten från systemet ”%(name)s”.") % {"name": name}
            }
        return {}


def column_label(resource_class: type[PortalResource], attribute: str) -> str:
    """The column a model field's error belongs to (the field's Swedish label otherwise)."""
    for field in resource_class.fields.values():
        if field.attribute == attribute:
            return field.column_name
    if attribute == ID_KEY:
        return ID_COLUMN
    if attribute == KOMMUN_KEY:
        return KOMMUN_COLUMN
    if attribute in ("kommun",):
        return "Förvaltning"
    try:
        field = resource_class._meta.model._meta.get_field(attribute)
    except FieldDoesNotExist:
        return "–"
    return str(field.verbose_name).capitalize()

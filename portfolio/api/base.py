"""What every app's API shares: the policy on every row, writes through forms and services.

* ``PolicyViewSet``: lists are ``policy.restrict``-ed, an object outside the
  user's view answers 404 and a forbidden action 403 (``policy.require``),
  exactly like the portal's pages.
* ``FormWriteMixin``: create (POST) and change (PATCH) run the portal's own
  form, with the acting user, and then the same service the page calls, in
  one transaction with the same after-save visibility check. A bad value is
  refused with the form's Swedish message; nothing is half-written.
* ``form_serializer()``: the request body of a write, documented in the
  OpenAPI schema from the form's fields (labels and help texts in Swedish).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, mixins, serializers, status, views, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings

from portfolio import policy


class Throttled(exceptions.Throttled):
    """DRF's refusal of too many calls, all in Swedish (its own adds English)."""

    default_detail = gettext_lazy("För många anrop.")
    extra_detail_singular = gettext_lazy("Försök igen om {wait} sekund.")
    extra_detail_plural = gettext_lazy("Försök igen om {wait} sekunder.")


def exception_handler(exc, context):
    """DRF's handler (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``), with the Swedish throttling text."""
    if isinstance(exc, exceptions.Throttled) and not isinstance(exc, Throttled):
        exc = Throttled(exc.wait)
    return views.exception_handler(exc, context)


def visible(model, user, ref: str) -> Exists:
    """An annotation: may ``user`` see the ``model`` row that ``ref`` (a foreign key) names?

    One subquery in the list's own query, so a page of rows costs no extra query.
    """
    return Exists(
        policy.restrict(model._default_manager.filter(pk=OuterRef(ref)), user, policy.VIEW)
    )


class PolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A read-only endpoint over one model, restricted by the policy.

    ``queryset`` is the unrestricted base (with its joins and prefetches);
    ``get_queryset`` narrows it to what the user may see.
    """

    lookup_value_regex = r"\d+"
    #: the policy action each viewset action needs on the object
    object_actions = {"retrieve": policy.VIEW, "partial_update": policy.CHANGE}

    def base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return policy.restrict(self.base_queryset(), self.request.user, policy.VIEW)

    def get_object(self):
        try:
            obj = self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (self.queryset.model.DoesNotExist, ValueError):
            raise exceptions.NotFound(_("Finns inte, eller så saknar du behörighet.")) from None
        policy.require(self.request.user, self.object_actions.get(self.action, policy.VIEW), obj)
        return obj


def error_detail(errors) -> dict:
    """A form's or service's errors as the API's ``{field: [messages]}``."""
    if isinstance(errors, DjangoValidationError):
        errors = (
            errors.message_dict if hasattr(errors, "error_dict") else {NON_FIELD_ERRORS: errors}
        )
        errors = {
            k: list(v.messages if isinstance(v, DjangoValidationError) else v)
            for k, v in errors.items()
        }
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if key == NON_FIELD_ERRORS else key): [
            str(m) for m in messages
        ]
        for key, messages in errors.items()
    }


def _instance_values(form_class, instance) -> dict:
    """The form data that leaves ``instance`` as it is (the base of a PATCH)."""
    values = forms.models.model_to_dict(instance, fields=list(form_class.base_fields))
    for name, value in values.items():
        if isinstance(value, list):
            values[name] = [getattr(v, "pk", v) for v in value]
    return values


class FormWriteMixin:
    """POST creates and PATCH changes through the portal's form and service.

    Subclasses set ``form_class`` and implement ``save_form(form)``, which
    calls the service the page calls. ``check_create()`` answers 403 when the
    policy gives the user nowhere to add one.
    """

    form_class: type[forms.ModelForm]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def check_create(self) -> None:
        policy.require_add(self.request.user, self.queryset.model)

    def get_form(self, data, instance):
        return self.form_class(data=data, instance=instance, user=self.request.user)

    def save_form(self, form):
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        self.check_create()
        obj = self.write(request.data, None)
        return Response(self.get_serializer(self.reread(obj)).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        instance = self.get_object()
        obj = self.write(request.data, instance)
        return Response(self.get_serializer(self.reread(obj)).data)

    def write(self, payload, instance):
        if not isinstance(payload, dict):
            raise exceptions.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [_("Skicka ett JSON-objekt.")]}
            )
        data = _instance_values(self.form_class, instance) if instance is not None else {}
        data.update({k: v for k, v in payload.items() if k in self.form_class.base_fields})
        form = self.get_form(data, instance)
        if not form.is_valid():
            raise exceptions.ValidationError(error_detail(form.errors))
        try:
            # Save and re-check in one transaction, as the portal's edit pages do.
            with transaction.atomic():
                obj = self.save_form(form)
                policy.require_still_visible(self.request.user, obj)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(error_detail(exc)) from None
        return obj

    def reread(self, obj):
        """The saved row as the read endpoints show it (joins and prefetches)."""
        return self.get_queryset().get(pk=obj.pk)


# --- The request body of a write, documented from the form ------------------------------


def _schema_field(field: forms.Field) -> serializers.Field:
    common = {
        "required": field.required,
        "label": field.label,
        "help_text": field.help_text or None,
    }
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.ChoiceField):
        choices = [(v, label) for v, label in field.choices if v not in ("", None)]
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**{**common, "required": False})
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            coerce_to_string=False,
            allow_null=not field.required,
            **common,
        )
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    return serializers.CharField(
        allow_blank=not field.required, max_length=getattr(field, "max_length", None), **common
    )


def form_serializer(form_class, name: str, **extra_fields) -> type[serializers.Serializer]:
    """A serializer with the form's fields (plus ``extra_fields``), for the schema only.

    Validation is the form's own (``FormWriteMixin``); this only documents the body.
    """
    fields = {n: _schema_field(f) for n, f in form_class.base_fields.items()}
    fields.update(extra_fields)
    return type(name, (serializers.Serializer,), fields)


class PersonSerializer(serializers.Serializer):
    """A person as the portal shows them: name and username, never the e-mail address."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True, label=gettext_lazy("användarnamn"))
    name = serializers.SerializerMethodField(label=gettext_lazy("namn"))

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()

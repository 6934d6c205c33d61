"""Shared pieces of the list pages' filter forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.models import Kommun


def visible_kommuner(request):
    if request is None:
        return Kommun.objects.none()
    return policy.restrict(Kommun.objects.all(), request.user, policy.VIEW)


#: the empty choice of every filter select (ChoiceFilter: settings.FILTERS_EMPTY_CHOICE_LABEL)
ALL = _("Alla")


class DateInput(forms.DateInput):
    """A native date picker; the value is ISO (YYYY-MM-DD) whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")

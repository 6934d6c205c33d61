"""The form of the API-nycklar page."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portfolio.api import services
from portfolio.forms import DateInput

DEFAULT_DAYS = 90


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        help_text=_("Vad nyckeln används till, t.ex. ”Integration med ekonomisystemet”."),
        error_messages={"required": _("Ange vad nyckeln ska användas till.")},
    )
    valid_until = forms.DateField(
        label=_("Gäller till och med"),
        widget=DateInput(),
        error_messages={"required": _("Ange hur länge nyckeln ska gälla.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        latest = services.latest_expiry(today)
        self.fields["valid_until"].initial = min(
            today + datetime.timedelta(days=DEFAULT_DAYS), latest
        )
        self.fields["valid_until"].help_text = _(
            "Högst till %(date)s. Nyckeln slutar fungera efter den dagen."
        ) % {"date": latest.isoformat()}
        self.fields["valid_until"].widget.attrs.update(
            min=today.isoformat(), max=latest.isoformat()
        )

from django import forms

from portfolio.notices.kinds import kinds
from portfolio.notices.models import NoticeChannel


class NoticePreferenceForm(forms.Form):
    """One radio group per kind of notice: e-post och i portalen, or endast i portalen."""

    def __init__(self, *args, initial_channels: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in kinds():
            self.fields[code] = forms.ChoiceField(
                label=label,
                choices=NoticeChannel.choices,
                widget=forms.RadioSelect,
                initial=(initial_channels or {}).get(code, NoticeChannel.EMAIL_AND_PORTAL),
            )

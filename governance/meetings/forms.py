"""Forms of the governance process. Choice lists are narrowed by the policy."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.choices import (
    AgendaItemKind,
    CaseStatus,
    DecisionType,
)
from governance.councils.models import active_members_q
from governance.meetings.models import FINAL_DECISIONS_Q
from governance.meetings.series import (
    MONTH_CHOICES,
    WEEK_CHOICES,
    WEEKDAY_CHOICES,
    series_dates,
)
from governance.models import (
    AgendaItem,
    Case,
    Council,
    Decision,
    Meeting,
)
from portfolio import policy
from portfolio.choices import BudgetStatus
from portfolio.forms import PortalModelForm, UserChoiceField
from portfolio.models import (
    BudgetVersion,
    Round,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MeetingForm(PortalModelForm):
    secretary = UserChoiceField(
        label=_("Sekreterare"), queryset=get_user_model().objects.none(), required=False
    )
    adjuster = UserChoiceField(
        label=_("Justerare"), queryset=get_user_model().objects.none(), required=False
    )

    class Meta:
        model = Meeting
        fields = ["starts_at", "place", "secretary", "adjuster"]
        widgets = {"starts_at": DateTimeInput()}

    def __init__(self, *args, council: Council, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.council = council
        members = get_user_model().objects.filter(
            council_memberships__in=council.members.filter(active_members_q())
        )
        members = policy.with_people_scope(
            members.distinct().order_by("last_name", "username"),
            kommun_id=council.kommun_id,
            samverkan_id=council.samverkan_id,
        )
        for name in ("secretary", "adjuster"):
            self.fields[name].queryset = members
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AgendaItemForm(PortalModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "kind",
            "case",
            "title",
            "text",
            "prioritisation_round",
            "budget_version",
            "budget_amount",
        ]
        labels = {"case": _("Ärende"), "title": _("Rubrik (tas från ärendet om tom)")}

    def __init__(self, *args, meeting: Meeting, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.meeting = meeting
        kommun_ids = meeting.council.kommun_ids()
        decidable = Q(status=CaseStatus.BEREDD) | Q(
            urgent=True,
            status__in=[CaseStatus.ANMALAN, CaseStatus.BEREDNING],
            consulted_at__isnull=False,
        )
        self.fields["case"].queryset = (
            policy.restrict(Case.objects.all(), user)
            .filter(decidable, kommun__in=kommun_ids)
            .exclude(
                pk__in=AgendaItem.objects.filter(decision__isnull=True, case__isnull=False).values(
                    "case"
                )
            )
            # a decision recorded but not yet justerat: the ärende waits for the justering
            .exclude(
                pk__in=Decision.objects.filter(
                    effective_at__isnull=True, case__isnull=False
                ).values("case")
            )
        )
        self.fields["case"].required = False
        self.fields["title"].required = False
        rounds = Q(kommun__in=kommun_ids)
        if meeting.council.samverkan_id:
            rounds |= Q(samverkan=meeting.council.samverkan_id)
        self.fields["prioritisation_round"].queryset = Round.objects.filter(rounds)
        # a förslag of the council's kommun (or samverkan) that the user may see
        self.fields["budget_version"].queryset = policy.restrict(
            BudgetVersion.objects.filter(rounds, status=BudgetStatus.FORSLAG), user
        ).select_related("kommun", "samverkan")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == AgendaItemKind.CASE and not data.get("case"):
            self.add_error("case", _("Välj vilket ärende som ska beslutas."))
        if kind != AgendaItemKind.CASE and not (data.get("title") or "").strip():
            self.add_error("title", _("Skriv en rubrik för punkten."))
        if kind == AgendaItemKind.PRIORITISATION and not data.get("prioritisation_round"):
            self.add_error("prioritisation_round", _("Välj prioriteringsomgången."))
        if kind != AgendaItemKind.BUDGET:
            data["budget_version"] = None
        if kind != AgendaItemKind.CASE:
            data["case"] = None
        return data


class DecisionForm(forms.Form):
    decision_type = forms.ChoiceField(label=_("Beslut"), choices=DecisionType.choices)
    text = forms.CharField(label=_("Beslutstext"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label=_("Villkor (vid bifall med villkor)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_secret = forms.BooleanField(label=_("Omfattas av sekretess"), required=False)
    corrects = forms.ModelChoiceField(
        label=_("Rättar tidigare beslut"), queryset=Decision.objects.none(), required=False
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = (
            Decision.objects.filter(council=meeting.council)
            .filter(FINAL_DECISIONS_Q)
            .order_by("-year", "-number")
        )
        self.fields["corrects"].label_from_instance = lambda d: f"{d.paragraph}/{d.year} {d.title}"

    def clean(self):
        data = super().clean()
        if (
            data.get("decision_type") == DecisionType.BIFALL_VILLKOR
            and not (data.get("conditions") or "").strip()
        ):
            self.add_error("conditions", _("Ange villkoren för bifallet."))
        return data


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DelegationDecisionForm(forms.Form):
    decision_type = forms.ChoiceField(
        label=_("Beslut"),
        choices=[
            (DecisionType.BIFALL, DecisionType.BIFALL.label),
            (DecisionType.BIFALL_VILLKOR, DecisionType.BIFALL_VILLKOR.label),
            (DecisionType.AVSLAG, DecisionType.AVSLAG.label),
        ],
    )
    text = forms.CharField(label=_("Beslutstext"), widget=forms.Textarea(attrs={"rows": 4}))
    conditions = forms.CharField(
        label=_("Villkor (vid bifall med villkor)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decision_date = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=_("Dagen kommundirektören beslutade; tom betyder i dag."),
    )


class RecusalForm(forms.Form):
    """Jäv in one §: who (from the attendance list) and why."""

    user = UserChoiceField(label=_("Ledamot"), queryset=get_user_model().objects.none())
    reason = forms.CharField(
        label=_("Skäl till jäv"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel släktskap med en anbudsgivare eller eget intresse i ärendet."),
    )

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        attendees = item.meeting.attendance.values("user")
        recused = item.recusals.values("user")
        council = item.meeting.council
        self.fields["user"].queryset = policy.with_people_scope(
            get_user_model()
            .objects.filter(pk__in=attendees)
            .exclude(pk__in=recused)
            .order_by("last_name", "username"),
            kommun_id=council.kommun_id,
            samverkan_id=council.samverkan_id,
        )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Närvarande"), required=False, widget=forms.CheckboxSelectMultiple
    )
    adjuster = UserChoiceField(
        label=_("Justerare"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        rows = list(meeting.attendance.select_related("user"))
        self.fields["present"].choices = [
            (
                str(a.user_id),
                f"{a.user.get_full_name() or a.user.username} ({a.get_role_display()})",
            )
            for a in rows
        ]
        self.fields["adjuster"].queryset = policy.with_people_scope(
            get_user_model().objects.filter(pk__in=[a.user_id for a in rows]),
            kommun_id=meeting.council.kommun_id,
            samverkan_id=meeting.council.samverkan_id,
        )
        self.initial.setdefault("present", [str(a.user_id) for a in rows if a.present])
        self.initial.setdefault("adjuster", meeting.adjuster_id)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingSeriesForm(forms.Form):
    """A year's meetings of a council: how many, which weekday and week, which months not."""

    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    count = forms.IntegerField(
        label=_("Antal möten"),
        min_value=1,
        max_value=12,
        help_text=_("Högst ett möte per månad; mötena sprids jämnt över månaderna."),
    )
    weekday = forms.TypedChoiceField(label=_("Veckodag"), choices=WEEKDAY_CHOICES, coerce=int)
    week = forms.TypedChoiceField(
        label=_("Vilken vecka i månaden"), choices=WEEK_CHOICES, coerce=int
    )
    time = forms.TimeField(label=_("Tid"), widget=TimeInput(), input_formats=["%H:%M"])
    place = forms.CharField(label=_("Plats"), max_length=200)
    first_month = forms.TypedChoiceField(
        label=_("Från och med månad"), choices=MONTH_CHOICES, coerce=int, initial=1
    )
    excluded_months = forms.TypedMultipleChoiceField(
        label=_("Undantagna månader"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Till exempel juli."),
    )

    def dates(self):
        """The planned dates; a ValidationError in Swedish when the months don't suffice."""
        data = self.cleaned_data
        return series_dates(
            year=data["year"],
            count=data["count"],
            weekday=data["weekday"],
            week=data["week"],
            excluded_months=data["excluded_months"],
            first_month=data["first_month"],
        )

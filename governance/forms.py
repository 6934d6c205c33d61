"""Forms of the governance process. Choice lists are narrowed by the policy."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.choices import (
    AckParty,
    AgendaItemKind,
    CaseKind,
    CaseStatus,
    CouncilKind,
    DecisionType,
)
from governance.models import (
    AgendaItem,
    AnnualMilestone,
    Case,
    Council,
    CouncilMember,
    Decision,
    Meeting,
    active_members_q,
)
from governance.rules import APPLICANT_ROLES
from portfolio import policy
from portfolio.forms import PortalModelForm, UserChoiceField
from portfolio.models import (
    Forvaltning,
    Initiative,
    Kommun,
    RoleAssignment,
    Round,
    Samverkansorganisation,
    System,
)
from portfolio.policy import STEWARD_ROLES, get_scope


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def users_in_kommuner(kommun_ids):
    """Active users holding a role in one of ``kommun_ids`` (any scope)."""
    today = timezone.localdate()
    assignments = RoleAssignment.objects.filter(valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    in_scope = assignments.filter(
        Q(kommun__in=kommun_ids)
        | Q(forvaltning__kommun__in=kommun_ids)
        | Q(samverkan__members__in=kommun_ids)
        | Q(samverkan__host__in=kommun_ids)
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=in_scope.values("user_id"))
        .order_by("last_name", "first_name", "username")
    )


class CouncilForm(PortalModelForm):
    class Meta:
        model = Council
        fields = [
            "kommun",
            "samverkan",
            "kind",
            "custom_kind",
            "name",
            "remit",
            "meetings_per_year",
            "procurement_email",
            "it_unit_email",
            "is_active",
        ]
        help_texts = {"kommun": _("Välj en kommun eller en samverkansorganisation.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        scope = get_scope(user)
        if self.instance.pk:
            del self.fields["kommun"], self.fields["samverkan"]
        else:
            self.fields["kommun"].queryset = Kommun.objects.filter(
                pk__in=scope.kommun_ids(STEWARD_ROLES)
            )
            self.fields["samverkan"].queryset = Samverkansorganisation.objects.filter(
                pk__in={g.samverkan_id for g in scope.grants if g.role in STEWARD_ROLES}
                | set(
                    Samverkansorganisation.objects.filter(
                        host__in=scope.kommun_ids(STEWARD_ROLES)
                    ).values_list("pk", flat=True)
                )
            )
            if scope.is_superuser:
                self.fields["kommun"].queryset = Kommun.objects.all()
                self.fields["samverkan"].queryset = Samverkansorganisation.objects.all()

    def clean(self):
        data = super().clean()
        if not self.instance.pk and bool(data.get("kommun")) == bool(data.get("samverkan")):
            raise forms.ValidationError(
                _("Välj antingen en kommun eller en samverkansorganisation, inte båda.")
            )
        return data


class CouncilMemberForm(PortalModelForm):
    user = UserChoiceField(label=_("Person"), queryset=get_user_model().objects.none())

    class Meta:
        model = CouncilMember
        fields = ["user", "role", "valid_from", "valid_until"]

    def __init__(self, *args, council: Council, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.instance.council = council
        self.fields["user"].queryset = users_in_kommuner(council.kommun_ids())


class MilestoneForm(PortalModelForm):
    class Meta:
        model = AnnualMilestone
        fields = ["kind", "title", "month", "day"]


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
        for name in ("secretary", "adjuster"):
            self.fields[name].queryset = members.distinct().order_by("last_name", "username")
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class AgendaItemForm(PortalModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "case", "title", "text", "prioritisation_round", "budget_amount"]
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
        )
        self.fields["case"].required = False
        self.fields["title"].required = False
        rounds = Q(kommun__in=kommun_ids)
        if meeting.council.samverkan_id:
            rounds |= Q(samverkan=meeting.council.samverkan_id)
        self.fields["prioritisation_round"].queryset = Round.objects.filter(rounds)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == AgendaItemKind.CASE and not data.get("case"):
            self.add_error("case", _("Välj vilket ärende som ska beslutas."))
        if kind != AgendaItemKind.CASE and not (data.get("title") or "").strip():
            self.add_error("title", _("Skriv en rubrik för punkten."))
        if kind == AgendaItemKind.PRIORITISATION and not data.get("prioritisation_round"):
            self.add_error("prioritisation_round", _("Välj prioriteringsomgången."))
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
        self.fields["corrects"].queryset = Decision.objects.filter(
            council=meeting.council, meeting__signed_at__isnull=False
        ).order_by("-year", "-number")
        self.fields["corrects"].label_from_instance = lambda d: f"{d.paragraph}/{d.year} {d.title}"

    def clean(self):
        data = super().clean()
        if (
            data.get("decision_type") == DecisionType.BIFALL_VILLKOR
            and not (data.get("conditions") or "").strip()
        ):
            self.add_error("conditions", _("Ange villkoren för bifallet."))
        return data


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
        self.fields["adjuster"].queryset = get_user_model().objects.filter(
            pk__in=[a.user_id for a in rows]
        )
        self.initial.setdefault("present", [str(a.user_id) for a in rows if a.present])
        self.initial.setdefault("adjuster", meeting.adjuster_id)


class CaseForm(PortalModelForm):
    class Meta:
        model = Case
        fields = [
            "kommun",
            "kind",
            "title",
            "description",
            "forvaltning",
            "initiative",
            "systems",
            "cost_estimate",
            "financing",
            "is_secret",
        ]
        widgets = {"systems": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        scope = get_scope(user)
        kommun_ids = scope.member_kommun_ids(APPLICANT_ROLES)
        if self.instance.pk:
            del self.fields["kommun"]
            kommun_ids = {self.instance.kommun_id}
        else:
            kommuner = Kommun.objects.filter(pk__in=kommun_ids)
            if scope.is_superuser:
                kommuner = Kommun.objects.all()
            self.fields["kommun"].queryset = kommuner
            if len(kommun_ids) == 1:
                self.fields["kommun"].initial = next(iter(kommun_ids))
        self.fields["forvaltning"].queryset = (
            policy.restrict(Forvaltning.objects.all(), user)
            .filter(kommun__in=kommun_ids)
            .select_related("kommun")
        )
        # A decision moves the linked initiative: offer only those the applicant may change.
        self.fields["initiative"].queryset = (
            policy.restrict(Initiative.objects.all(), user, policy.CHANGE)
            .filter(kommun__in=kommun_ids)
            .order_by("title")
        )
        self.fields["systems"].queryset = (
            policy.restrict(System.objects.all(), user)
            .filter(Q(kommun__in=kommun_ids) | Q(used_by__in=kommun_ids))
            .distinct()
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        kommun = data.get("kommun") or getattr(self.instance, "kommun", None)
        forvaltning = data.get("forvaltning")
        if kommun and forvaltning and forvaltning.kommun_id != kommun.pk:
            self.add_error("forvaltning", _("Förvaltningen måste höra till ärendets kommun."))
        initiative = data.get("initiative")
        if kommun and initiative and initiative.kommun_id != kommun.pk:
            self.add_error("initiative", _("Initiativet måste höra till ärendets kommun."))
        if data.get("kind") in (CaseKind.KOMMUNGEMENSAMT, CaseKind.VERKSAMHETSSYSTEM) and not (
            data.get("systems") or (data.get("description") or "").strip()
        ):
            self.add_error("description", _("Beskriv behovet."))
        return data


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Kommentar"), widget=forms.Textarea(attrs={"rows": 3}))


class RemissForm(forms.Form):
    council = forms.ModelChoiceField(label=_("Remissinstans"), queryset=Council.objects.none())
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = Council.objects.filter(
            Q(kommun=case.kommun_id)
            | Q(samverkan__members=case.kommun_id)
            | Q(samverkan__host=case.kommun_id),
            is_active=True,
        ).distinct()
        beredning = self.fields["council"].queryset.filter(kind=CouncilKind.BEREDNINGSGRUPP)
        if beredning.exists():
            self.fields["council"].initial = beredning.first().pk


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Yttrande"), widget=forms.Textarea(attrs={"rows": 4}))
    anchored = forms.BooleanField(label=_("Förankrat i ledningsgruppen"), required=False)


class UrgentForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att ärendet är brådskande"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AckForm(forms.Form):
    party = forms.ChoiceField(label=_("Part"), choices=AckParty.choices)
    comment = forms.CharField(
        label=_("Vem kvitterade, och hur"), widget=forms.Textarea(attrs={"rows": 2})
    )

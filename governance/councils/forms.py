from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import (
    AnnualMilestone,
    Council,
    CouncilMember,
)
from portfolio.forms import PortalModelForm, UserChoiceField
from portfolio.models import (
    Kommun,
    RoleAssignment,
    Samverkansorganisation,
)
from portfolio.policy import STEWARD_ROLES, get_scope


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

import django_filters
from django.utils.translation import gettext_lazy as _

from portfolio.choices import Role
from portfolio.models import RoleAssignment


class RoleAssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="user__username", lookup_expr="icontains", label=_("Användarnamn")
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Roll"))

    class Meta:
        model = RoleAssignment
        fields = ["q", "role"]

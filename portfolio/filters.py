import django_filters
from django.utils.translation import gettext_lazy as _

from portfolio import policy
from portfolio.choices import Role
from portfolio.models import Kommun, RoleAssignment


def visible_kommuner(request):
    if request is None:
        return Kommun.objects.none()
    return policy.restrict(Kommun.objects.all(), request.user, policy.VIEW)


class RoleAssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="user__username", lookup_expr="icontains", label=_("Användarnamn")
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Roll"))

    class Meta:
        model = RoleAssignment
        fields = ["q", "role"]

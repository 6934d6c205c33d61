import django_filters
from django.utils.translation import gettext_lazy as _

from governance.choices import CouncilKind
from governance.models import Council
from portfolio import policy
from portfolio.filters import ALL, visible_kommuner


def visible_councils(request):
    if request is None:
        return Council.objects.none()
    return policy.restrict(Council.objects.all(), request.user)


class CouncilFilter(django_filters.FilterSet):
    kommun = django_filters.ModelChoiceFilter(
        empty_label=ALL, queryset=visible_kommuner, label=_("Kommun")
    )
    kind = django_filters.ChoiceFilter(choices=CouncilKind.choices, label=_("Typ"))

    class Meta:
        model = Council
        fields = ["kommun", "kind"]

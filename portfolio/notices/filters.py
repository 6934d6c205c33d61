import django_filters
from django.utils.translation import gettext_lazy as _

from portfolio.forms import FastSelect
from portfolio.notices.models import Notice

STATUS_CHOICES = [("olast", _("Olästa")), ("last", _("Lästa"))]


class NoticeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label=_("Status"), widget=FastSelect
    )

    class Meta:
        model = Notice
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "olast")

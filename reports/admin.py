from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(SimpleHistoryAdmin):
    """Read-only: jobs change only through the services (order, retry, adopt)."""

    list_display = ("__str__", "status", "phase", "requested_by", "created_at", "page_count")
    list_filter = ("kind", "status", "year", "adopted")
    search_fields = ("kommun__name", "samverkan__name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import ReportFile, ReportJob


class ReportFileInline(admin.TabularInline):
    model = ReportFile
    fields = ("kind", "file", "size", "sha256", "page_count", "pdf_variant", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportJob)
class ReportJobAdmin(SimpleHistoryAdmin):
    """Read-only: jobs change only through the services (order, retry, adopt)."""

    list_display = ("__str__", "status", "phase", "requested_by", "created_at", "adopted")
    list_filter = ("kind", "status", "year", "adopted")
    search_fields = ("kommun__name", "samverkan__name")
    inlines = [ReportFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

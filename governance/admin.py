"""Admin for support staff. Signed minutes are read-only here too (and the models refuse)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.maturity import admin as maturity_admin  # noqa: F401  (questionnaire versions)
from governance.models import (
    AgendaItem,
    AnnualMilestone,
    Case,
    CaseEvent,
    Council,
    CouncilMember,
    Decision,
    Meeting,
)


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Council)
class CouncilAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "kommun", "samverkan", "meetings_per_year", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "kommun__name", "samverkan__name")
    inlines = [CouncilMemberInline]


class SignedReadOnlyMixin:
    """Nothing about signed minutes can be changed or deleted from the admin."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_signed():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_signed():
            return False
        return super().has_delete_permission(request, obj)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ("order", "kind", "title", "case")
    raw_id_fields = ("case",)

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_signed()

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Meeting)
class MeetingAdmin(SignedReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "place", "agenda_published_at", "signed_at", "minutes_status")
    list_filter = ("council",)
    readonly_fields = ("signed_at", "signed_by", "minutes_pdf", "minutes_status")
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(SignedReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "council", "year", "decision_type", "decision_date")
    list_filter = ("decision_type", "year", "is_delegation")
    search_fields = ("title", "text")

    def get_readonly_fields(self, request, obj=None):
        # Type, sekretess and delegation have effects that only the service applies.
        return [f.name for f in Decision._meta.fields]

    def has_add_permission(self, request):
        return False  # decisions get their § number only through the service

    def has_delete_permission(self, request, obj=None):
        return False  # a § number is never given back


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "from_status", "to_status", "actor", "at", "comment", "party")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ("reference", "title", "kommun", "kind", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "description")
    readonly_fields = ("year", "number", "status")
    inlines = [CaseEventInline]


admin.site.register(AnnualMilestone)

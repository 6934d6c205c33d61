from django.contrib import admin
from django.utils.translation import gettext as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from portfolio.models import (
    Forvaltning,
    Kommun,
    KommunYearFigures,
    LoginEvent,
    OutboxMessage,
    RoleAssignment,
    Samverkansorganisation,
)


class KommunYearFiguresInline(admin.TabularInline):
    model = KommunYearFigures
    extra = 0


@admin.register(Kommun)
class KommunAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kommunkod", "lan"]
    search_fields = ["name", "kommunkod"]
    inlines = [KommunYearFiguresInline]


@admin.register(Forvaltning)
class ForvaltningAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kommun", "kind"]
    list_filter = ["kind", "kommun"]
    search_fields = ["name"]


@admin.register(Samverkansorganisation)
class SamverkanAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "host"]
    filter_horizontal = ["members"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "user",
        "role",
        "kommun",
        "forvaltning",
        "samverkan",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["role"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "username", "kind", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]

    # Audit records are read-only, even for superusers.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Background work: what waits, runs, failed; a stuck or failed row can be sent again."""

    list_display = ["created_at", "label", "task", "state", "attempts", "dispatched_at", "error"]
    list_filter = ["state", "task"]
    search_fields = ["label", "task", "error"]
    readonly_fields = [field.name for field in OutboxMessage._meta.fields]
    actions = ["resend"]

    @admin.action(description=_("Skicka valda uppdrag igen"))
    def resend(self, request, queryset):
        from portfolio.outbox import services as outbox

        sent = sum(1 for message in queryset if outbox.resend(message))
        self.message_user(request, _("%(count)s uppdrag skickades igen.") % {"count": sent})

    def has_add_permission(self, request):
        return False

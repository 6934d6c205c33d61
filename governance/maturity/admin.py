"""Admin of the maturity follow-up: questionnaire versions (rounds and answers: the portal)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from governance.maturity import services
from governance.maturity.models import Option, Question, Questionnaire, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(SimpleHistoryAdmin):
    list_display = ("name", "year", "kommun", "samverkan", "baseline_label")
    search_fields = ("name",)
    inlines = [SectionInline]
    actions = ["copy_to_next_year"]

    @admin.action(description=_("Kopiera till en ny version för nästa år"))
    def copy_to_next_year(self, request, queryset):
        for questionnaire in queryset:
            try:
                copy = services.copy_questionnaire(
                    actor=request.user, questionnaire=questionnaire, year=questionnaire.year + 1
                )
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("Skapade %(copy)s.") % {"copy": copy})


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "code", "kind", "area", "questionnaire")
    list_filter = ("questionnaire", "kind", "area")
    search_fields = ("text", "code")
    inlines = [OptionInline]

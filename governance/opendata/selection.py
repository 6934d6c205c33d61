"""What the public may see of a kommun, without login: the one definition.

The public decision page, the open-data files and the public minutes download
all read these querysets, so they can never disagree about what is public:

* ``published_decisions(kommun)``: justerade (with the minutes or omedelbart)
  decisions of the councils serving the kommun, never one under sekretess.
* ``public_minutes(kommun)``: the signed minutes PDFs that may be downloaded:
  a meeting with a published decision of the kommun, whose PDF is made, with
  nothing under sekretess in it (no secret decision, no ärende under sekretess
  on its agenda) and whose every decision belongs to a kommun that publishes
  its decisions (a samverkan council decides for several kommuner).
* ``system_summary(kommun)``: name, type, category and supplier of the
  kommun's systems (avvecklade left out), read as plain values so that no
  other column is ever fetched.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from governance.councils.views import services_council_q
from governance.meetings.models import FINAL_DECISIONS_Q
from governance.models import AgendaItem, Council, Decision, Meeting
from portfolio.choices import Lifecycle
from portfolio.jobs import JobStatus
from portfolio.models import Kommun, System

#: the decision columns that are public; nothing else is read for the public
DECISION_FIELDS = (
    "pk",
    "council__name",
    "year",
    "number",
    "decision_date",
    "title",
    "decision_type",
    "text",
    "conditions",
    "meeting_id",
)
#: the system columns that are public; never K/R/T, costs, people or personal data
SYSTEM_FIELDS = ("name", "kind", "category", "supplier__name")


def publishing_kommuner() -> QuerySet[Kommun]:
    """Kommuner that publish their decisions: the public page or the open-data files."""
    return Kommun.objects.filter(
        Q(public_decisions_enabled=True) | Q(open_data__publish_decisions=True)
    )


def published_decisions(kommun: Kommun) -> QuerySet[Decision]:
    """The kommun's justerade, non-secret council decisions, newest first."""
    councils = Council.objects.filter(services_council_q(kommun)).values("pk")
    return (
        Decision.objects.filter(FINAL_DECISIONS_Q)
        .filter(council__in=councils, kommun=kommun, is_secret=False)
        .order_by("-decision_date", "-number", "pk")
    )


def public_minutes(kommun: Kommun) -> QuerySet[Meeting]:
    """Meetings whose signed minutes PDF the public may download from ``kommun``'s pages."""
    in_meeting = Decision.objects.filter(meeting__isnull=False)
    secret = in_meeting.filter(is_secret=True).values("meeting_id")
    secret_items = AgendaItem.objects.filter(case__is_secret=True).values("meeting_id")
    unpublished = in_meeting.exclude(kommun__in=publishing_kommuner().values("pk")).values(
        "meeting_id"
    )
    return (
        Meeting.objects.filter(
            pk__in=published_decisions(kommun).order_by().values("meeting_id"),
            signed_at__isnull=False,
            minutes_job__status=JobStatus.DONE,
        )
        .exclude(minutes_pdf="")
        .exclude(pk__in=secret)
        .exclude(pk__in=secret_items)
        .exclude(pk__in=unpublished)
    )


def system_summary(kommun: Kommun) -> QuerySet:
    """The kommun's systems as ``SYSTEM_FIELDS`` dicts, by name (avvecklade left out)."""
    return (
        System.objects.filter(kommun=kommun)
        .exclude(lifecycle=Lifecycle.AVVECKLAD)
        .order_by("name", "pk")
        .values(*SYSTEM_FIELDS)
    )

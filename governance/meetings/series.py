"""Plan a year's meetings of a council at once ("10 möten, andra tisdagen, utom juli").

``series_dates()`` is the pure calendar rule; ``plan_meeting_series()`` is the
service that creates the meetings in one transaction, or none of them.
"""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.councils.models import active_members_q
from governance.models import Attendance, Council, Meeting
from portfolio import policy

#: which week of the month: 1–4, or -1 for the last
WEEK_CHOICES = [
    (1, gettext_lazy("första")),
    (2, gettext_lazy("andra")),
    (3, gettext_lazy("tredje")),
    (4, gettext_lazy("fjärde")),
    (-1, gettext_lazy("sista")),
]
WEEKDAY_CHOICES = [
    (0, gettext_lazy("måndag")),
    (1, gettext_lazy("tisdag")),
    (2, gettext_lazy("onsdag")),
    (3, gettext_lazy("torsdag")),
    (4, gettext_lazy("fredag")),
    (5, gettext_lazy("lördag")),
    (6, gettext_lazy("söndag")),
]
MAX_MEETINGS = 12  # one per month
#: month names as Swedish writes them in running text and headings: lowercase
MONTH_NAMES = [
    gettext_lazy("januari"),
    gettext_lazy("februari"),
    gettext_lazy("mars"),
    gettext_lazy("april"),
    gettext_lazy("maj"),
    gettext_lazy("juni"),
    gettext_lazy("juli"),
    gettext_lazy("augusti"),
    gettext_lazy("september"),
    gettext_lazy("oktober"),
    gettext_lazy("november"),
    gettext_lazy("december"),
]
MONTH_CHOICES = [(i + 1, name) for i, name in enumerate(MONTH_NAMES)]


def nth_weekday(year: int, month: int, weekday: int, week: int) -> datetime.date:
    """The ``week``-th ``weekday`` (0 = måndag) of the month; ``week=-1`` is the last."""
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[-1] if week == -1 else days[week - 1]


def series_dates(
    *,
    year: int,
    count: int,
    weekday: int,
    week: int,
    excluded_months=(),
    first_month: int = 1,
) -> list[datetime.date]:
    """``count`` dates, at most one per month, spread evenly over the months left.

    The months are ``first_month``–12 without ``excluded_months``; with fewer
    meetings than months, every meeting takes the month at its even share of
    the year (4 meetings in 12 months: januari, april, juli, oktober).
    """
    excluded = {int(m) for m in excluded_months}
    months = [m for m in range(first_month, 13) if m not in excluded]
    if count < 1:
        raise ValidationError(_("Ange minst ett möte."))
    if count > len(months):
        raise ValidationError(
            _(
                "Det finns bara %(n)s månader att planera i; minska antalet möten eller "
                "undanta färre månader."
            )
            % {"n": len(months)}
        )
    chosen = [months[(i * len(months)) // count] for i in range(count)]
    return [nth_weekday(year, month, weekday, week) for month in chosen]


@transaction.atomic
def plan_meeting_series(
    *, actor, council: Council, dates: list[datetime.date], time: datetime.time, place: str
) -> list[Meeting]:
    """Create one meeting per date with its council's members as the attendance list.

    Refuses (and creates nothing) when the user may not plan the council's
    meetings, when a date has passed, or when the council already meets that day.
    """
    policy.require(actor, policy.MANAGE, council)
    council = Council.objects.select_for_update().get(pk=council.pk)
    if not council.is_active:
        raise ValidationError(_("Rådet är inte aktivt; planera inga nya möten för det."))
    if not dates:
        raise ValidationError(_("Det finns inga datum att planera."))
    if len(set(dates)) != len(dates):
        raise ValidationError(_("Samma datum förekommer två gånger."))
    if not (place or "").strip():
        raise ValidationError(_("Ange plats för mötena."))
    today = timezone.localdate()
    past = sorted(d for d in dates if d < today)
    if past:
        raise ValidationError(
            _("Datumen har redan passerat: %(dates)s.")
            % {"dates": ", ".join(d.isoformat() for d in past)}
        )
    taken = sorted(
        {
            timezone.localtime(starts_at).date()
            for starts_at in Meeting.objects.filter(
                council=council,
                starts_at__date__gte=min(dates),
                starts_at__date__lte=max(dates),
            ).values_list("starts_at", flat=True)
        }
        & set(dates)
    )
    if taken:
        raise ValidationError(
            _("%(council)s har redan ett sammanträde dessa dagar: %(dates)s.")
            % {"council": council.name, "dates": ", ".join(d.isoformat() for d in taken)}
        )
    members = list(council.members.filter(active_members_q()).select_related("user"))
    created = []
    for day in sorted(dates):
        meeting = Meeting(
            council=council,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, time)),
            place=place.strip(),
        )
        meeting._history_user = actor
        meeting.full_clean()
        meeting.save()
        created.append(meeting)
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=m, user=member.user, role=member.role)
            for m in created
            for member in members
        ],
        ignore_conflicts=True,
    )
    return created

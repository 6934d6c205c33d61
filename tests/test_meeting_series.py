"""Issue 17: plan a year's meetings of a council at once (the årshjul)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from governance.meetings.series import nth_weekday, plan_meeting_series, series_dates
from governance.models import Attendance, Meeting
from tests.factories import governance_world

TUESDAY, THURSDAY = 1, 3


def test_ten_meetings_second_tuesday_except_july():
    dates = series_dates(year=2027, count=10, weekday=TUESDAY, week=2, excluded_months=[7])
    assert len(dates) == 10
    assert all(d.weekday() == TUESDAY and 8 <= d.day <= 14 for d in dates)
    assert 7 not in {d.month for d in dates}
    assert len({d.month for d in dates}) == 10
    assert dates[0] == datetime.date(2027, 1, 12)


def test_spread_and_last_week():
    dates = series_dates(year=2027, count=4, weekday=THURSDAY, week=-1)
    assert [d.month for d in dates] == [1, 4, 7, 10]
    assert dates[0] == datetime.date(2027, 1, 28)  # the last Thursday of January 2027
    assert nth_weekday(2027, 2, THURSDAY, -1) == datetime.date(2027, 2, 25)
    assert nth_weekday(2027, 2, 0, 1) == datetime.date(2027, 2, 1)


def test_first_month_and_too_many_meetings():
    dates = series_dates(year=2027, count=3, weekday=0, week=1, first_month=10)
    assert [d.month for d in dates] == [10, 11, 12]
    with pytest.raises(ValidationError) as exc:
        series_dates(year=2027, count=12, weekday=0, week=1, excluded_months=[7])
    assert "bara 11 månader" in str(exc.value)


@pytest.fixture
def world(db):
    return governance_world()


def _dates(year=None):
    year = year or timezone.localdate().year + 1
    return series_dates(year=year, count=10, weekday=TUESDAY, week=2, excluded_months=[7])


def test_plan_creates_meetings_with_attendance(world):
    dates = _dates()
    created = plan_meeting_series(
        actor=world.strateg,
        council=world.styrgrupp,
        dates=dates,
        time=datetime.time(13, 0),
        place="KS-salen",
    )
    assert len(created) == 10
    starts = [timezone.localtime(m.starts_at) for m in created]
    assert [s.date() for s in starts] == dates
    assert all(s.hour == 13 and s.minute == 0 for s in starts)
    members = world.styrgrupp.members.count()
    assert Attendance.objects.filter(meeting__in=created).count() == 10 * members
    assert created[0].history.first().history_user == world.strateg


def test_plan_refuses_a_date_the_council_already_meets(world):
    dates = _dates()
    taken = dates[3]
    Meeting.objects.create(
        council=world.styrgrupp,
        starts_at=timezone.make_aware(datetime.datetime.combine(taken, datetime.time(9, 0))),
        place="Rum 1",
    )
    with pytest.raises(ValidationError) as exc:
        plan_meeting_series(
            actor=world.strateg,
            council=world.styrgrupp,
            dates=dates,
            time=datetime.time(13, 0),
            place="KS-salen",
        )
    assert "har redan ett sammanträde" in str(exc.value) and taken.isoformat() in str(exc.value)
    assert Meeting.objects.filter(council=world.styrgrupp).count() == 1  # nothing created


def test_plan_refuses_past_dates_and_other_councils_meetings_do_not_block(world):
    past = [timezone.localdate() - datetime.timedelta(days=7)]
    with pytest.raises(ValidationError, match="redan passerat"):
        plan_meeting_series(
            actor=world.strateg,
            council=world.styrgrupp,
            dates=past,
            time=datetime.time(13, 0),
            place="KS-salen",
        )
    dates = _dates()
    Meeting.objects.create(
        council=world.beredning,
        starts_at=timezone.make_aware(datetime.datetime.combine(dates[0], datetime.time(9))),
        place="Rum 1",
    )
    assert (
        len(
            plan_meeting_series(
                actor=world.strateg,
                council=world.styrgrupp,
                dates=dates,
                time=datetime.time(13, 0),
                place="KS-salen",
            )
        )
        == 10
    )


def test_plan_refuses_the_wrong_user(world):
    kwargs = {"council": world.styrgrupp, "dates": _dates(), "time": datetime.time(13, 0)}
    # a member who is not ordförande or sekreterare
    with pytest.raises(PermissionDenied):
        plan_meeting_series(actor=world.ledamot, place="KS-salen", **kwargs)
    # another kommun's IT-strateg does not even see the council
    with pytest.raises(Http404):
        plan_meeting_series(actor=world.outsider, place="KS-salen", **kwargs)
    assert not Meeting.objects.filter(council=world.styrgrupp).exists()


def test_the_page_previews_then_creates(world, client):
    client.force_login(world.strateg)
    url = reverse("governance:meeting_series", args=[world.styrgrupp.pk])
    assert client.get(url).status_code == 200
    year = timezone.localdate().year + 1
    data = {
        "year": year,
        "count": 10,
        "weekday": TUESDAY,
        "week": 2,
        "time": "13:00",
        "place": "KS-salen",
        "first_month": 1,
        "excluded_months": [7],
    }
    html = client.post(url, data).content.decode()
    assert "Förhandsgranskning: 10 sammanträden" in html
    assert f"{year}-01-" in html and "(juli)" not in html
    assert not Meeting.objects.exists()
    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 302
    assert Meeting.objects.filter(council=world.styrgrupp).count() == 10
    # again: every date is taken now
    response = client.post(url, {**data, "confirm": "1"})
    assert response.status_code == 400
    assert "har redan ett sammanträde" in response.content.decode()
    assert Meeting.objects.filter(council=world.styrgrupp).count() == 10


def test_the_page_refuses_members_who_may_not_plan(world, client):
    client.force_login(world.ledamot)
    url = reverse("governance:meeting_series", args=[world.styrgrupp.pk])
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_arshjul_months_lowercase_and_plan_link(world, client):
    client.force_login(world.strateg)
    html = client.get(reverse("governance:arshjul") + f"?kommun={world.kommun.pk}").content.decode()
    assert ">januari " in html and "Januari" not in html
    assert reverse("governance:meeting_series", args=[world.styrgrupp.pk]) in html

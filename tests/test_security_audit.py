"""Granskning (audit viewer): scope, filters, permissions, CSV export, query budget."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from portfolio.audit import trail as audit
from portfolio.models import Forvaltning, Kommun, LoginEvent
from portfolio.navigation import nav_for

pytestmark = pytest.mark.django_db

URL = "/granskning/"
EXPORT = "/granskning/export.csv"


def user(username):
    return get_user_model().objects.get(username=username)


def rename(obj, new_name, actor):
    obj.name = new_name
    obj._history_user = actor
    obj.save()


@pytest.fixture
def changed(demo):
    """One change in Lysekil and one in Uddevalla, by their IT-strateger."""
    lysekil = Kommun.objects.get(name="Lysekil")
    uddevalla = Kommun.objects.get(name="Uddevalla")
    sys_l = Forvaltning.objects.filter(kommun=lysekil).order_by("pk").first()
    sys_u = Forvaltning.objects.filter(kommun=uddevalla).order_by("pk").first()
    rename(sys_l, "Lysekils ändrade förvaltning", user("strateg.lysekil"))
    rename(sys_u, "Uddevallas ändrade förvaltning", user("strateg.uddevalla"))
    return sys_l, sys_u


def entries(response):
    return response.context["entries"]


def test_anonymous_is_sent_to_login(client, db):
    for url in (URL, EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "username", ["fc.lysekil.soc", "strateg.lysekil", "sa.lysekil", "ekonom.lysekil"]
)
def test_roles_without_audit_right_get_403(client, demo, username):
    client.force_login(user(username))
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_admin_sees_own_kommun_history_with_diff_not_other_kommun(client, changed):
    sys_l, sys_u = changed
    client.force_login(user("admin.lysekil"))
    response = client.get(URL, {"model_key": "portfolio.forvaltning"})
    assert response.status_code == 200
    got = entries(response)
    labels = {e.object_label for e in got}
    assert "Lysekils ändrade förvaltning" in labels
    assert "Uddevallas ändrade förvaltning" not in labels
    change = next(e for e in got if e.object_label == "Lysekils ändrade förvaltning" and e.changes)
    assert change.username == "strateg.lysekil"
    assert change.action == "Ändrad"
    assert {
        "field": "namn",
        "old": change.changes[0]["old"],
        "new": "Lysekils ändrade förvaltning",
    } in (change.changes)
    html = response.content.decode()
    assert "Lysekils ändrade förvaltning" in html and "Uddevallas" not in html


def test_foreign_kommun_filter_gives_nothing(client, changed):
    client.force_login(user("admin.lysekil"))
    uddevalla = Kommun.objects.get(name="Uddevalla")
    response = client.get(URL, {"kommun": uddevalla.pk})
    # Not one of the user's audit kommuner: the form refuses the choice, and the
    # service never widens the scope.
    assert "Uddevallas ändrade förvaltning" not in response.content.decode()
    assert not audit.audit_queryset(
        user("admin.lysekil"), audit.AuditFilter(kommun=uddevalla)
    ).exists()


def test_revisor_reads_but_nothing_can_be_changed(client, changed):
    client.force_login(user("revisor.lysekil"))
    assert client.get(URL).status_code == 200
    for url in (URL, EXPORT):
        before = Forvaltning.history.count()
        assert client.post(url, {"model_key": "portfolio.forvaltning"}).status_code == 405
        assert client.delete(url).status_code == 405
        assert Forvaltning.history.count() == before
    html = client.get(URL).content.decode()
    assert 'method="post"' not in html.split("<main", 1)[1]


def test_audit_urls_are_read_only():
    from portfolio.audit import urls as urls_audit

    names = {p.name for p in urls_audit.urlpatterns}
    assert names == {"audit_list", "audit_export"}


def test_superuser_sees_every_kommun(client, changed):
    client.force_login(user("admin"))
    response = client.get(URL, {"model_key": "portfolio.forvaltning"})
    labels = {e.object_label for e in entries(response)}
    assert {"Lysekils ändrade förvaltning", "Uddevallas ändrade förvaltning"} <= labels


def test_filter_by_user(client, changed):
    client.force_login(user("admin.lysekil"))
    got = entries(client.get(URL, {"user": "strateg.lysekil"}))
    assert got and {e.username for e in got} == {"strateg.lysekil"}


def test_filter_by_object_type_login_events_are_scoped(client, changed):
    # A login by a Uddevalla user must not show up for Lysekil's auditor.
    LoginEvent.objects.create(
        username="strateg.uddevalla", user=user("strateg.uddevalla"), kind="login"
    )
    LoginEvent.objects.create(username="sa.lysekil", user=user("sa.lysekil"), kind="failed")
    client.force_login(user("revisor.lysekil"))
    got = entries(client.get(URL, {"model_key": audit.LOGIN_EVENT_KEY}))
    names = {e.username for e in got}
    assert "sa.lysekil" in names
    assert "strateg.uddevalla" not in names
    assert all(e.is_login_event for e in got)


def test_filter_by_period(client, changed):
    client.force_login(user("admin.lysekil"))
    today = timezone.localdate()
    assert entries(client.get(URL, {"date_from": today.isoformat()}))
    tomorrow = today + datetime.timedelta(days=1)
    assert not entries(client.get(URL, {"date_from": tomorrow.isoformat()}))
    assert not entries(
        client.get(URL, {"date_to": (today - datetime.timedelta(days=1)).isoformat()})
    )


def test_filter_by_kommun_for_superuser(client, changed):
    client.force_login(user("admin"))
    uddevalla = Kommun.objects.get(name="Uddevalla")
    got = entries(client.get(URL, {"kommun": uddevalla.pk, "model_key": "portfolio.forvaltning"}))
    labels = {e.object_label for e in got}
    assert "Uddevallas ändrade förvaltning" in labels
    assert "Lysekils ändrade förvaltning" not in labels


def test_csv_export_is_filtered_and_neutralises_formulas(client, changed):
    sys_l, _ = changed
    rename(sys_l, '=HYPERLINK("http://evil")', user("strateg.lysekil"))
    client.force_login(user("admin.lysekil"))
    response = client.get(EXPORT, {"model_key": "portfolio.forvaltning", "user": "strateg"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Tidpunkt"
    body = rows[1:]
    assert body and all(r[3] == "Förvaltning" for r in body)
    assert all("strateg" in r[1] for r in body)
    assert not any("Uddevalla" in cell for r in body for cell in r)
    objects = [r[5] for r in body]
    assert '\'=HYPERLINK("http://evil")' in objects
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in body for cell in r)


@pytest.mark.parametrize(
    "value,expected",
    [("=1+1", "'=1+1"), ("+a", "'+a"), ("-a", "'-a"), ("@a", "'@a"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("ok", "ok"), (None, ""), (5, "5")],
)  # fmt: skip
def test_csv_safe(value, expected):
    assert audit.csv_safe(value) == expected


def test_nav_entry_only_for_auditors(rf, demo):
    for username, visible in [
        ("admin.lysekil", True),
        ("revisor.lysekil", True),
        ("fc.lysekil.soc", False),
        ("strateg.lysekil", False),
    ]:
        request = rf.get("/")
        request.user = user(username)
        labels = [str(i["label"]) for i in nav_for(request)]
        assert ("Granskning" in labels) is visible, username


def test_every_history_model_is_covered():
    models = audit.history_models()
    assert "portfolio.kommun" in models and "portfolio.forvaltning" in models
    # Every history model except the shared supplier catalogue has a kommun path.
    missing = [k for k, m in models.items() if not audit.kommun_paths(m)]
    assert missing == ["portfolio.supplier"]


@pytest.mark.parametrize("rows", [3, 30])
def test_query_budget_is_flat(client, demo, rows, django_assert_max_num_queries):
    lysekil = Kommun.objects.get(name="Lysekil")
    actor = user("strateg.lysekil")
    systems = list(Forvaltning.objects.filter(kommun=lysekil).order_by("pk")[:3])
    for i in range(rows):
        rename(systems[i % len(systems)], f"Förvaltning {i}", actor)
    client.force_login(user("admin.lysekil"))
    with django_assert_max_num_queries(40):
        response = client.get(URL)
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(URL, {"model_key": "portfolio.forvaltning"})
    assert len(entries(response)) >= rows


def test_query_count_does_not_grow_with_rows(client, demo):
    """Per page: two queries per model present, whatever the number of rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lysekil = Kommun.objects.get(name="Lysekil")
    actor = user("strateg.lysekil")
    forvaltningar = list(Forvaltning.objects.filter(kommun=lysekil).order_by("pk")[:3])
    client.force_login(user("admin.lysekil"))
    counts = []
    for batch in (3, 27):
        for i in range(batch):
            rename(forvaltningar[i % len(forvaltningar)], f"F {batch} {i}", actor)
        params = {"model_key": "portfolio.forvaltning"}
        client.get(URL, params)  # warm the session equally
        with CaptureQueriesContext(connection) as ctx:
            client.get(URL, params)
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_diff_names_users_and_organisations_but_not_other_records(client, demo):
    from portfolio.models import RoleAssignment

    lysekil = Kommun.objects.get(name="Lysekil")
    target = user("sf.lysekil")
    assignment = RoleAssignment(user=target, role="lasare", kommun=lysekil)
    assignment._history_user = user("strateg.lysekil")
    assignment.save()
    client.force_login(user("admin.lysekil"))
    got = entries(client.get(URL, {"model_key": "portfolio.roleassignment", "user": "strateg"}))
    created = next(e for e in got if e.object_id == assignment.pk)
    values = {c["field"]: c["new"] for c in created.changes}
    assert values["user"] == "sf.lysekil"
    assert values["kommun"] == "Lysekil"
    assert values["roll"] == "Läsare (t.ex. revisor)"


def test_admin_never_offers_history_revert(rf, demo):
    from django.contrib import admin

    from portfolio.models import Kommun as KommunModel

    model_admin = admin.site._registry[KommunModel]
    request = rf.get("/admin/")
    request.user = user("admin")
    assert model_admin.revert_disabled(request) is True


def test_trail_is_planned_once_per_page_and_pages_through(client, demo):
    """The union over every history table runs once per page, total included."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portfolio.audit.views import PAGE_SIZE

    lysekil = Kommun.objects.get(name="Lysekil")
    actor = user("strateg.lysekil")
    forvaltning = Forvaltning.objects.filter(kommun=lysekil).order_by("pk").first()
    for i in range(PAGE_SIZE + 5):
        rename(forvaltning, f"F {i}", actor)
    client.force_login(user("admin.lysekil"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(URL)
    assert len([q for q in ctx.captured_queries if "UNION" in q["sql"]]) == 1
    params = {"model_key": "portfolio.forvaltning"}
    first = client.get(URL, params)
    html = first.content.decode()
    total = int(html.split(" händelser")[0].rsplit(">", 1)[-1].replace("\xa0", ""))
    assert total >= PAGE_SIZE + 5
    assert len(entries(first)) == PAGE_SIZE
    second = client.get(URL, {**params, "page": 2})
    assert len(entries(second)) == min(PAGE_SIZE, total - PAGE_SIZE)
    assert "Sida 2 av" in second.content.decode()
    beyond = client.get(URL, {**params, "page": 999})  # out of range: the first page
    assert len(entries(beyond)) == PAGE_SIZE and "Sida 1 av" in beyond.content.decode()
    assert client.get(URL, {**params, "page": "x"}).status_code == 200


def test_object_history_is_swedish_and_skips_saves_that_changed_nothing(client):
    from portfolio.audit.trail import object_history
    from tests.factories import SystemFactory

    system = SystemFactory(name="Historiksystem")
    system.save()  # nothing changed
    system.tech_debt = "high"
    system.save()
    rows = object_history(system)
    assert [row["action"] for row in rows] == ["Ändrad", "Skapad"]
    label = str(type(system)._meta.get_field("tech_debt").verbose_name)
    assert rows[0]["changes"] == [label] and label != "tech_debt"

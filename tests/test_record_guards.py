"""Guards found in review: secret ärenden in e-mail, a failed final PDF, page numbers, logins."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from governance.notifications import services as notifications
from portfolio.choices import Role
from tests.factories import KommunFactory, governance_world, user_with_role
from tests.test_governance import add_item, decide, meeting, prepared

pytestmark = pytest.mark.django_db


def test_procurement_mail_of_a_secret_case_names_neither_title_nor_text():
    w = governance_world()
    m = meeting(w)
    case = prepared(w)
    type(case).objects.filter(pk=case.pk).update(is_secret=True, title="Skyddat boende, adress")
    case.refresh_from_db()
    add_item(w, m, case)
    decide(w, m.items.get())
    notifications.notify_procurement(case.pk)
    bodies = [msg.body for msg in mail.outbox if msg.to == ["upphandling@kommun.se"]]
    assert bodies and "Skyddat boende" not in bodies[0] and "Bifalls." not in bodies[0]
    assert "sekretess" in bodies[0]


def test_a_failed_final_pdf_gives_a_swedish_message_and_no_adoption(monkeypatch):
    from portfolio import pdf
    from reports import archive, services
    from reports.choices import ReportKind

    kommun = KommunFactory()
    strateg = user_with_role(Role.IT_STRATEG, kommun=kommun)
    kd = user_with_role(Role.KOMMUNDIREKTOR, kommun=kommun)
    monkeypatch.setattr(
        pdf, "render_pdf", lambda html: pdf.RenderedPdf(b"%PDF-1.7 fake", 1, "pdf/a-3u")
    )
    job = services.order_report(
        actor=strateg, kind=ReportKind.HANDLINGSPLAN, year=2026, kommun=kommun
    )
    services.run_report_job(job.pk)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(archive, "render_final_pdf", broken)
    with pytest.raises(ValidationError, match="inte fastställd"):
        services.adopt_handlingsplan(actor=kd, job=job)
    job.refresh_from_db()
    assert not job.adopted


def test_a_huge_page_number_on_the_audit_trail_is_the_first_page(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin.lysekil"))
    response = client.get("/granskning/", {"page": "1" + "0" * 30})
    assert response.status_code == 200


def test_bench_logins_are_refused_outside_bench_dev_and_test(monkeypatch, settings):
    settings.DEBUG = False
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings.production")
    with pytest.raises(CommandError, match="bara med bench-"):
        call_command("generate_bench_data", "--with-logins")

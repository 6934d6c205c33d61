"""Contract reminders: before and on the sista uppsägningsdag, never twice."""

import datetime
import smtplib

import pytest
from django.core import mail

from portfolio.models import ContractReminder
from portfolio.registers.contract_reminders import send_contract_reminders
from portfolio.tasks import send_contract_reminders as reminder_task
from tests.factories import ContractFactory

pytestmark = pytest.mark.django_db

END = datetime.date(2027, 12, 31)  # notice 6 months: sista uppsägningsdag 2027-06-30
CANCEL = datetime.date(2027, 6, 30)


@pytest.fixture
def contract(settings):
    settings.CONTRACT_REMINDER_DAYS_BEFORE = 90
    return ContractFactory(end_date=END, notice_months=6, number="AVT-77")


def test_advance_reminder_goes_to_the_system_owner_once(contract):
    today = CANCEL - datetime.timedelta(days=90)
    assert send_contract_reminders(today=today) == 1
    assert send_contract_reminders(today=today) == 0
    assert send_contract_reminders(today=today + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [contract.system.owner.email]
    assert "2027-06-30" in message.subject
    assert "AVT-77" in message.body
    assert "Sista uppsägningsdag" in message.body
    reminder = ContractReminder.objects.get()
    assert (reminder.kind, reminder.cancel_date) == ("advance", CANCEL)


def test_task_run_twice_on_the_date_sends_once(contract, settings, monkeypatch):
    import portfolio.registers.contract_reminders as module

    class FrozenTimezone:
        @staticmethod
        def localdate():
            return CANCEL

    monkeypatch.setattr(module, "timezone", FrozenTimezone)
    reminder_task.delay()
    reminder_task.delay()
    assert len(mail.outbox) == 1
    assert "i dag" in mail.outbox[0].subject
    assert ContractReminder.objects.filter(kind="due").count() == 1


def test_nothing_outside_the_window(contract):
    assert send_contract_reminders(today=CANCEL - datetime.timedelta(days=91)) == 0
    assert send_contract_reminders(today=CANCEL + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_the_number_of_days_is_a_setting(contract, settings):
    settings.CONTRACT_REMINDER_DAYS_BEFORE = 30
    assert send_contract_reminders(today=CANCEL - datetime.timedelta(days=31)) == 0
    assert send_contract_reminders(today=CANCEL - datetime.timedelta(days=30)) == 1


def test_a_failed_send_leaves_no_row_and_is_retried(contract, monkeypatch):
    import portfolio.notices.services as module  # the e-mail goes out through notify()

    def broken(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr(module, "send_mail", broken)
    assert send_contract_reminders(today=CANCEL) == 0
    assert not ContractReminder.objects.exists()
    monkeypatch.undo()
    assert send_contract_reminders(today=CANCEL) == 1


def test_beat_schedule_has_the_daily_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "portfolio.tasks.send_contract_reminders" in tasks

"""E-mail notifications of the governance process. Each send is idempotent.

``send_once`` writes a ``Notification`` row with a unique key in the same
transaction as the e-mail is handed to the backend: a task that runs twice (a
retry, a redelivered message under ``acks_late``) finds the row and sends
nothing; a send that fails rolls the row back so the retry sends it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.choices import CouncilKind
from governance.councils.models import active_members_q
from governance.models import Case, Council, Decision, Meeting, Notification
from portfolio.notices.services import notify


def send_once(
    *,
    key: str,
    recipient: str,
    subject: str,
    body: str,
    user=None,
    kind: str = "",
    url: str = "",
) -> bool:
    """Send one message unless one with ``key`` was already sent. True if sent now.

    With ``user`` (a person, not a functional address) the message goes through
    ``portfolio.notices.notify``: stored as the user's notice and e-mailed
    unless they chose "Endast i portalen" for ``kind``. The ``Notification`` row
    is written either way, in the same transaction, so a retry sends nothing.
    """
    if user is None and not recipient:
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(key=key, recipient=recipient, subject=subject[:300])
            if user is not None:
                notify(user=user, kind=kind, subject=subject, body=body, url=url, key=key)
            else:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except IntegrityError:
        return False
    return True


def _url(name: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[pk])


def _path(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def notify_agenda_published(meeting_id: int) -> int:
    """E-mail every active member of the council that the agenda is published."""
    meeting = Meeting.objects.select_related("council").get(pk=meeting_id)
    if meeting.agenda_published_at is None:
        return 0
    items = list(meeting.items.all())
    members = meeting.council.members.filter(active_members_q()).select_related("user")
    sent = 0
    for member in members:
        body = render_to_string(
            "governance/email/agenda_published.txt",
            {
                "meeting": meeting,
                "items": items,
                "url": _url("governance:meeting_detail", meeting.pk),
            },
        )
        subject = _("Föredragningslista: %(meeting)s") % {"meeting": meeting}
        key = f"agenda:{meeting.pk}:{meeting.agenda_published_at:%Y%m%d%H%M%S}:{member.user_id}"
        sent += send_once(
            key=key,
            recipient=member.user.email,
            subject=subject,
            body=body,
            user=member.user,
            kind="agenda",
            url=_path("governance:meeting_detail", meeting.pk),
        )
    return sent


def notify_case_decided(decision_id: int) -> int:
    """E-mail the applicant that their ärende is decided."""
    decision = Decision.objects.select_related("case__applicant", "council").get(pk=decision_id)
    case = decision.case
    if case is None:
        return 0
    body = render_to_string(
        "governance/email/case_decided.txt",
        {"decision": decision, "case": case, "url": _url("governance:case_detail", case.pk)},
    )
    subject = _("Beslut i ditt ärende %(ref)s") % {"ref": case.reference}
    return int(
        send_once(
            key=f"decided:{decision.pk}",
            recipient=case.applicant.email,
            subject=subject,
            body=body,
            user=case.applicant,
            kind="case_decided",
            url=_path("governance:case_detail", case.pk),
        )
    )


def procurement_council(case: Case) -> Council | None:
    """The council whose contacts are told about step 4: the deciding one, else the styrgrupp."""
    decision = case.decisions.select_related("council").order_by("-decision_date", "-pk").first()
    if decision is not None and decision.council is not None:
        return decision.council
    return (
        Council.objects.filter(kommun=case.kommun, kind=CouncilKind.IT_STYRGRUPP, is_active=True)
        .order_by("pk")
        .first()
    )


def notify_procurement(case_id: int) -> int:
    """Step 4: e-mail upphandlingscenter and the IT-enhet about an approved purchase."""
    case = Case.objects.select_related("kommun").get(pk=case_id)
    council = procurement_council(case)
    if council is None:
        return 0
    decision = case.decisions.order_by("-decision_date", "-pk").first()
    body = render_to_string(
        "governance/email/procurement.txt",
        {"case": case, "decision": decision, "url": _url("governance:case_detail", case.pk)},
    )
    subject = _("Beviljat inköp att upphandla: %(ref)s %(title)s") % {
        "ref": case.reference,
        "title": case.title,
    }
    sent = 0
    for party, address in (
        ("upphandling", council.procurement_email),
        ("it", council.it_unit_email),
    ):
        sent += send_once(
            key=f"procurement:{case.pk}:{decision.pk if decision else 0}:{party}",
            recipient=address,
            subject=subject,
            body=body,
        )
    return sent

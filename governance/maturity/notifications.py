"""E-mail to the respondents of a maturity round (through ``send_once``: never twice)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from governance.maturity.models import Respondent
from governance.notifications.services import _path, _url, send_once


def notify_respondents(respondent_ids: list[int]) -> int:
    """Tell each new respondent that a form waits for them. Gone respondents are skipped."""
    respondents = Respondent.objects.filter(pk__in=respondent_ids).select_related(
        "user", "participation__kommun", "participation__campaign"
    )
    sent = 0
    for respondent in respondents:
        campaign = respondent.participation.campaign
        if not campaign.is_open:
            continue
        body = render_to_string(
            "governance/email/maturity_invitation.txt",
            {
                "respondent": respondent,
                "campaign": campaign,
                "kommun": respondent.participation.kommun,
                "url": _url("governance:maturity_form", respondent.pk),
            },
        )
        subject = _("Mognadsenkät %(year)s för %(kommun)s") % {
            "year": campaign.year,
            "kommun": respondent.participation.kommun,
        }
        sent += send_once(
            key=f"maturity:{respondent.pk}",
            recipient=respondent.user.email,
            subject=subject,
            body=body,
            user=respondent.user,
            kind="maturity",
            url=_path("governance:maturity_form", respondent.pk),
        )
    return sent

"""Record logins, logouts and failed logins (LoginEvent)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from portfolio.choices import LoginEventKind
from portfolio.models import LoginEvent


def _client(request) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    ip = request.META.get("REMOTE_ADDR") or None
    return ip, request.META.get("HTTP_USER_AGENT", "")[:300]


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    ip, agent = _client(request)
    LoginEvent.objects.create(
        user=user,
        username=user.get_username(),
        kind=LoginEventKind.LOGIN,
        ip_address=ip,
        user_agent=agent,
    )


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is None:
        return
    ip, agent = _client(request)
    LoginEvent.objects.create(
        user=user,
        username=user.get_username(),
        kind=LoginEventKind.LOGOUT,
        ip_address=ip,
        user_agent=agent,
    )


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    ip, agent = _client(request)
    user = get_user_model().objects.filter(username=username).first()
    LoginEvent.objects.create(
        user=user,
        username=username,
        kind=LoginEventKind.FAILED,
        ip_address=ip,
        user_agent=agent,
    )

"""Authentication backend for the demo accounts.

The demo password is accepted only when DEBUG is on and the user was created
by ``seed_demo`` (has a ``DemoAccount`` row). Real accounts never accept it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from portfolio.models import DemoAccount


class DemoPasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEBUG or not username or password != settings.DEMO_PASSWORD:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or not DemoAccount.objects.filter(user=user).exists():
            return None
        return user

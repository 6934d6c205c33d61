"""Pagination and throttling of the API: their own module, because DRF's settings
import them while ``rest_framework.views`` is still being built."""

from django.utils.translation import gettext_lazy
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class PortalPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = gettext_lazy("Sidnummer, från 1.")
    page_size_query_description = gettext_lazy("Rader per sida (standard 50, högst 200).")


class PortalUserRateThrottle(UserRateThrottle):
    """Requests per user; the rate is read per request, so a changed setting applies at once."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

"""Menu entries and start-page panels for the initiative register and Min portfölj."""

from django.utils.translation import gettext_lazy as _

from portfolio.navigation import register_nav


def register_all() -> None:
    register_nav(_("Initiativ"), "portfolio:initiative_list", order=30)
    register_nav(_("Mål"), "portfolio:goal_list", order=35)

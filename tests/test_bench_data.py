"""generate_bench_data: the large-kommun profile and the bench-only logins (issue 13)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from portfolio.choices import Role
from portfolio.management.commands.generate_bench_data import BENCH_PASSWORD
from portfolio.models import Initiative, RoleAssignment, System, SystemCost

pytestmark = pytest.mark.django_db


def test_large_profile_is_one_large_kommun_with_five_years_of_costs():
    call_command("generate_bench_data", profile="large", stdout=StringIO())
    assert System.objects.filter(kommun__name="Bench 01").count() == 1200
    assert Initiative.objects.filter(kommun__name="Bench 01").count() == 450
    years = set(SystemCost.objects.values_list("year", flat=True))
    assert years == {2022, 2023, 2024, 2025, 2026}
    roles = set(RoleAssignment.objects.values_list("user__username", "role"))
    assert roles == {
        ("bench.strateg.01", Role.IT_STRATEG),
        ("bench.fc.01", Role.FORVALTNINGSCHEF),
        ("bench.revisor.01", Role.LASARE),
    }


def test_bench_users_log_in_only_when_asked():
    users = get_user_model().objects
    call_command("generate_bench_data", scale=1, stdout=StringIO())
    assert not users.get(username="bench.strateg.01").has_usable_password()
    call_command("generate_bench_data", scale=1, with_logins=True, stdout=StringIO())
    assert users.filter(username__startswith="bench.").count() == 3
    assert users.get(username="bench.revisor.01").check_password(BENCH_PASSWORD)

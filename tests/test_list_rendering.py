"""List pages render their rows and filter widgets in Python (issue 13).

The fast paths must produce the same HTML as django-tables2's template and
Django's select template; these tests compare the two, whitespace aside.
"""

import datetime
import re

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import timezone, translation
from django_tables2 import RequestConfig

from portfolio.choices import Lifecycle, Rag, Role
from portfolio.forms import FastSelect
from portfolio.initiatives.tables import InitiativeTable
from portfolio.initiatives.views import latest_rag_subquery
from portfolio.models import Forvaltning, Initiative, StatusReport, System
from portfolio.registers.tables import SystemTable
from portfolio.tables import choice_label, iso_date
from tests.factories import InitiativeFactory, SystemFactory, user_with_role


def normalise(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    html = re.sub(r">\s+<", "><", html)
    return re.sub(r"<(td|tr|tbody) >", r"<\1>", html)


def rendered(table_class, queryset, query=""):
    request = RequestFactory().get("/lista/" + query)
    table = table_class(queryset)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return table.as_html(request)


def both_ways(table_class, queryset, query=""):
    class TemplateRows(table_class):
        class Meta(table_class.Meta):
            pass

        def fast_columns(self):
            return None  # django-tables2 renders the rows, as before

    TemplateRows.__name__ = table_class.__name__
    fast = rendered(table_class, queryset, query)
    slow = rendered(TemplateRows, queryset, query)
    return normalise(fast), normalise(slow)


@pytest.mark.django_db
def test_system_rows_are_the_same_as_django_tables2s():
    systems = SystemFactory.create_batch(4)
    System.objects.filter(pk=systems[0].pk).update(functional_fit=4, technical_fit=1)
    System.objects.filter(pk=systems[1].pk).update(confidentiality=None)
    queryset = System.objects.select_related("kommun", "forvaltning")
    fast, slow = both_ways(SystemTable, queryset)
    assert "<tbody" in fast and fast.count("<tr") == 5
    assert fast == slow
    assert (
        both_ways(SystemTable, queryset, "?sort=-lifecycle")[0]
        == both_ways(SystemTable, queryset, "?sort=-lifecycle")[1]
    )


@pytest.mark.django_db
def test_initiative_rows_are_the_same_as_django_tables2s():
    initiatives = InitiativeFactory.create_batch(3, title="Säker <e-tjänst> & signering")
    StatusReport.objects.create(initiative=initiatives[0], rag=Rag.ROD, comment="x")
    queryset = Initiative.objects.select_related("kommun", "forvaltning").annotate(
        latest_rag=latest_rag_subquery()
    )
    fast, slow = both_ways(InitiativeTable, queryset)
    assert "&lt;e-tjänst&gt; &amp; signering" in fast
    assert "Röd" in fast
    assert fast == slow


@pytest.mark.django_db
def test_empty_table_shows_the_empty_text():
    fast, slow = both_ways(InitiativeTable, Initiative.objects.none())
    assert "Inga initiativ." in fast
    assert fast == slow


def test_choice_label_follows_the_active_language():
    assert choice_label(Lifecycle, "i_drift") == str(Lifecycle("i_drift").label)
    assert choice_label(Lifecycle, "") == ""
    assert choice_label(Lifecycle, "okand") == "okand"
    with translation.override("sv"):
        assert choice_label(Rag, "gul") == "Gul"


def test_iso_date_uses_the_current_time_zone():
    late = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    assert iso_date(late) == timezone.localtime(late).strftime("%Y-%m-%d") == "2026-03-02"
    assert iso_date(datetime.date(2026, 1, 5)) == "2026-01-05"
    assert iso_date(None) == "—"


@pytest.mark.parametrize("value", [None, "", "b", ["b"], "saknas"])
def test_fast_select_renders_like_djangos_select(value):
    choices = [("", "---------"), ("a", "Alfa & co"), ("b", "<Beta>"), ("b", "Beta igen")]
    attrs = {"id": "id_x", "required": True, "disabled": False, "class": "c"}
    fast = FastSelect(choices=choices).render("x", value, attrs)
    django = forms.Select(choices=choices).render("x", value, attrs)
    assert normalise(fast) == normalise(django)


def test_fast_select_leaves_groups_to_django():
    choices = [("Grupp", [("a", "A"), ("b", "B")])]
    fast = FastSelect(choices=choices).render("x", "b", {})
    assert normalise(fast) == normalise(forms.Select(choices=choices).render("x", "b", {}))


@pytest.mark.django_db
def test_fast_select_of_a_model_choice_field_asks_no_count(django_assert_num_queries):
    forvaltning = SystemFactory().forvaltning
    field = forms.ModelChoiceField(
        queryset=Forvaltning.objects.select_related("kommun"), widget=FastSelect
    )
    with django_assert_num_queries(1):
        html = field.widget.render("forvaltning", forvaltning.pk, {})
    assert f'<option value="{forvaltning.pk}" selected>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["portfolio:system_list", "portfolio:initiative_list"])
def test_list_filter_form_keeps_the_chosen_values(client, url_name):
    from django.urls import reverse

    system = SystemFactory()
    client.force_login(user_with_role(Role.IT_STRATEG, kommun=system.kommun))
    html = client.get(
        reverse(url_name), {"forvaltning": system.forvaltning_id, "area": system.area}
    ).content.decode()
    assert f'<option value="{system.forvaltning_id}" selected>' in html
    assert f'<option value="{system.area}" selected>' in html

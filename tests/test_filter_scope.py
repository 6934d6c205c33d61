"""Every filter form offers only the kommuner, förvaltningar and objects the user can see."""

import importlib
import pkgutil

import django_filters
import pytest
from django import forms
from django.test import RequestFactory

from portfolio.choices import Role
from portfolio.models import Forvaltning, Kommun
from tests.factories import (
    ForvaltningFactory,
    InitiativeFactory,
    KommunFactory,
    StrategicGoalFactory,
    SystemFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def all_filtersets() -> list[type[django_filters.FilterSet]]:
    for app in ("portfolio", "governance", "reports"):
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if info.name.rsplit(".", 1)[-1] in ("filters", "api") or ".api." in info.name:
                importlib.import_module(info.name)
    found, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        # a base FilterSet without a model is no form anyone sees
        if cls._meta.model is None:
            continue
        if cls.__module__.split(".", 1)[0] in ("portfolio", "governance", "reports"):
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__name__}")


def kommun_of(obj):
    if isinstance(obj, Kommun):
        return obj.pk
    if isinstance(obj, Forvaltning):
        return obj.kommun_id
    return getattr(obj, "kommun_id", None)


def test_filters_offer_nothing_from_a_kommun_the_user_cannot_see():
    mine = ForvaltningFactory(kommun=KommunFactory(name="Egen kommun"), name="Egen förvaltning")
    other = ForvaltningFactory(kommun=KommunFactory(name="Annan kommun"), name="Annan förvaltning")
    for fv in (mine, other):
        SystemFactory(forvaltning=fv, kommun=fv.kommun)
        InitiativeFactory(forvaltning=fv)
        StrategicGoalFactory(kommun=fv.kommun)
    from governance.models import Council

    for fv in (mine, other):
        Council.objects.create(kommun=fv.kommun, kind="it_styrgrupp", name=f"Råd {fv.kommun}")
    user = user_with_role(Role.IT_STRATEG, kommun=mine.kommun)
    request = RequestFactory().get("/")
    request.user = user

    filtersets = all_filtersets()
    assert len(filtersets) >= 10
    checked = 0
    for cls in filtersets:
        filterset = cls(data={}, queryset=cls._meta.model._default_manager.none(), request=request)
        for name, field in filterset.form.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            objects = list(field.queryset)
            kommuner = {kommun_of(o) for o in objects} - {None}
            assert other.kommun_id not in kommuner, f"{cls.__name__}.{name} offers Annan kommun"
            labels = " ".join(str(label) for _value, label in field.choices)
            assert "Annan" not in labels, f"{cls.__name__}.{name}: {labels}"
            if field.queryset.model in (Kommun, Forvaltning):
                checked += 1
                assert kommuner == {mine.kommun_id}, f"{cls.__name__}.{name}"
            if field.empty_label is not None:
                assert field.empty_label == "Alla", f"{cls.__name__}.{name}"
    assert checked >= 6

"""Pages of the hyressystem and the debiteringsmodell: thin, the policy decides and the
services change state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portfolio import policy
from portfolio.chargeback import forms as cb_forms
from portfolio.chargeback import services
from portfolio.chargeback.distribution import latest_run
from portfolio.chargeback.filters import (
    CostPoolFilter,
    KeyValueFilter,
    PriceListFilter,
    RentalCountFilter,
    RunFilter,
)
from portfolio.chargeback.models import (
    CostPool,
    DistributionRun,
    KeyValue,
    PriceItem,
    PriceList,
    RentalCount,
)
from portfolio.chargeback.result import forvaltning_result, run_result
from portfolio.chargeback.rules import edits_chargeback, reads_forvaltning_charges
from portfolio.chargeback.tables import (
    CostPoolTable,
    KeyValueTable,
    PriceListTable,
    RentalCountTable,
    RunTable,
)
from portfolio.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    restricted_or_404,
    run_action,
)
from portfolio.models import Forvaltning


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def home(request):
    """Debitering: the kommun's latest runs this year, and the way to the parts."""
    user = request.user
    year = _year(request.GET.get("ar"))
    runs = policy.restrict(DistributionRun.objects.filter(year=year), user).select_related(
        "kommun", "created_by"
    )
    latest = {}
    for run in runs.order_by("kommun__name", "-number"):
        latest.setdefault(run.kommun_id, run)
    scope = policy.get_scope(user)
    own = Forvaltning.objects.filter(pk__in=scope.forvaltning_ids()).select_related("kommun")
    context = {
        "year": year,
        "runs": list(latest.values()),
        "own_forvaltningar": [f for f in own if reads_forvaltning_charges(user, f)],
        "can_edit": edits_chargeback(user),
        "can_run": policy.can_add(user, DistributionRun),
    }
    return render(request, "portfolio/chargeback/home.html", context)


# --- Price lists ------------------------------------------------------------------------

PRICE_LISTS = PriceList.objects.select_related("kommun", "samverkan")


class PriceListListView(ObjectListView):
    model = PriceList
    queryset = PRICE_LISTS
    table_class = PriceListTable
    filterset_class = PriceListFilter
    title = gettext_lazy("Prislistor (hyressystemet)")
    add_url_name = "portfolio:chargeback_pricelist_add"

    def can_add(self):
        return policy.can_add(self.request.user, PriceList)


class PriceListEditView(ObjectEditView):
    model = PriceList
    queryset = PRICE_LISTS
    form_class = cb_forms.PriceListForm

    def save(self, form):
        return services.save_price_list(actor=self.request.user, price_list=form.instance)


class PriceListDetailView(ObjectDetailView):
    model = PriceList
    queryset = PRICE_LISTS.select_related("decided_by")
    template_name = "portfolio/chargeback/pricelist_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            items=self.object.items.all(),
            item_form=cb_forms.PriceItemForm(user=self.request.user),
            decide_form=cb_forms.DecideForm(
                initial={"decision_reference": self.object.decision_reference}
            ),
        )
        return context


@login_required
def pricelist_item_add(request, pk):
    price_list = restricted_or_404(PRICE_LISTS, request.user, pk, policy.CHANGE)
    form = cb_forms.PriceItemForm(
        request.POST or None, user=request.user, instance=PriceItem(price_list=price_list)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_price_item(actor=request.user, item=form.instance)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Priset är sparat."))
            return HttpResponseRedirect(price_list.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Nytt pris: %(list)s") % {"list": price_list},
        back=price_list.get_absolute_url(),
    )


@login_required
@require_POST
def pricelist_item_delete(request, pk):
    item = restricted_or_404(PriceItem.objects.all(), request.user, pk, policy.CHANGE)
    return run_action(
        request,
        lambda: services.delete_price_item(actor=request.user, item=item),
        success=_("Priset är borttaget."),
        redirect_to=item.price_list.get_absolute_url(),
    )


@login_required
@require_POST
def pricelist_decide(request, pk):
    price_list = restricted_or_404(PRICE_LISTS, request.user, pk, policy.DECIDE)
    return run_action(
        request,
        lambda: services.decide_price_list(
            actor=request.user,
            price_list=price_list,
            decision_reference=request.POST.get("decision_reference", ""),
        ),
        success=_("Prislistan är beslutad och låst."),
        redirect_to=price_list.get_absolute_url(),
    )


# --- Rental counts ----------------------------------------------------------------------

COUNTS = RentalCount.objects.select_related("kommun", "forvaltning")


class RentalCountListView(ObjectListView):
    model = RentalCount
    queryset = COUNTS
    table_class = RentalCountTable
    filterset_class = RentalCountFilter
    title = gettext_lazy("Hyrd utrustning")
    add_url_name = "portfolio:chargeback_count_add"
    template_name = "portfolio/chargeback/count_list.html"

    def can_add(self):
        return policy.can_add(self.request.user, RentalCount)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_import"] = self.can_add()
        return context


class RentalCountEditView(ObjectEditView):
    model = RentalCount
    queryset = COUNTS
    form_class = cb_forms.RentalCountForm

    def save(self, form):
        return services.save_rental_count(actor=self.request.user, count=form.instance)

    def get_success_url(self, obj):
        from django.urls import reverse

        return reverse("portfolio:chargeback_count_list")


# --- Pools and keys ---------------------------------------------------------------------

POOLS = CostPool.objects.select_related("kommun", "samverkan", "direct_forvaltning")


class CostPoolListView(ObjectListView):
    model = CostPool
    queryset = POOLS
    table_class = CostPoolTable
    filterset_class = CostPoolFilter
    title = gettext_lazy("Kostnadspooler")
    add_url_name = "portfolio:chargeback_pool_add"

    def can_add(self):
        return policy.can_add(self.request.user, CostPool)


class CostPoolEditView(ObjectEditView):
    model = CostPool
    queryset = POOLS
    form_class = cb_forms.CostPoolForm

    def save(self, form):
        return services.save_pool(
            actor=self.request.user,
            pool=form.instance,
            systems=list(form.cleaned_data["systems"]),
        )


class CostPoolDetailView(ObjectDetailView):
    model = CostPool
    queryset = POOLS
    template_name = "portfolio/chargeback/pool_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pool = self.object
        from portfolio.chargeback.distribution import pool_amounts

        context.update(
            amount=pool_amounts([pool])[pool.pk],
            systems=pool.systems.order_by("name"),
            shares=policy.restrict(
                pool.shares.select_related("kommun", "forvaltning"), self.request.user
            ),
            can_add_key=policy.can_add(self.request.user, KeyValue),
        )
        return context


KEYS = KeyValue.objects.select_related("kommun", "forvaltning", "pool")


class KeyValueListView(ObjectListView):
    model = KeyValue
    queryset = KEYS
    table_class = KeyValueTable
    filterset_class = KeyValueFilter
    title = gettext_lazy("Nyckelvärden")
    add_url_name = "portfolio:chargeback_key_add"

    def can_add(self):
        return policy.can_add(self.request.user, KeyValue)


class KeyValueEditView(ObjectEditView):
    model = KeyValue
    queryset = KEYS
    form_class = cb_forms.KeyValueForm

    def get_form(self, data=None, files=None):
        initial = {}
        if self.object is None and self.request.GET.get("pool"):
            initial = {"pool": self.request.GET["pool"], "key_kind": "fast"}
        return self.form_class(
            data=data, files=files, instance=self.object, user=self.request.user, initial=initial
        )

    def save(self, form):
        return services.save_key_value(actor=self.request.user, key_value=form.instance)

    def get_success_url(self, obj):
        if obj.pool_id:
            return obj.pool.get_absolute_url()
        from django.urls import reverse

        return reverse("portfolio:chargeback_key_list")


# --- Runs and results -------------------------------------------------------------------

RUNS = DistributionRun.objects.select_related("kommun", "created_by")


class RunListView(ObjectListView):
    model = DistributionRun
    queryset = RUNS
    table_class = RunTable
    filterset_class = RunFilter
    title = gettext_lazy("Fördelningskörningar")
    add_url_name = "portfolio:chargeback_run_add"

    def can_add(self):
        return policy.can_add(self.request.user, DistributionRun)


@login_required
def run_add(request):
    policy.require_add(request.user, DistributionRun)
    form = cb_forms.RunForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_distribution(
                actor=request.user,
                kommun=form.cleaned_data["kommun"],
                year=form.cleaned_data["year"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Fördelningen är körd och sparad."))
            return HttpResponseRedirect(run.get_absolute_url())
    return _form_page(
        request,
        form,
        title=_("Kör fördelningen"),
        back="",
        intro=_(
            "Fördelningen använder kommunens kostnadspooler, nyckelvärden, hyrda enheter och "
            "beslutade prislista för året. Körningen sparas med allt den byggde på och kan inte "
            "ändras; en ny körning ersätter den som den som visas."
        ),
        submit=_("Kör fördelningen"),
    )


class RunDetailView(ObjectDetailView):
    model = DistributionRun
    queryset = RUNS
    template_name = "portfolio/chargeback/run_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        latest = latest_run(run.kommun_id, run.year)
        context.update(result=run_result(run), is_latest=latest.pk == run.pk, latest=latest)
        return context


def _forvaltning_and_run(request, pk):
    forvaltning = get_object_or_404(Forvaltning.objects.select_related("kommun"), pk=pk)
    if not reads_forvaltning_charges(request.user, forvaltning):
        raise Http404(_("Sidan finns inte."))
    year = _year(request.GET.get("ar"))
    run = None
    wanted = request.GET.get("korning")
    if wanted and wanted.isdigit():
        run = DistributionRun.objects.filter(
            pk=int(wanted), kommun_id=forvaltning.kommun_id
        ).first()
        if run is None:
            raise Http404(_("Sidan finns inte."))
        year = run.year
    else:
        run = latest_run(forvaltning.kommun_id, year)
    return forvaltning, run, year


@login_required
def forvaltning_charges(request, pk):
    forvaltning, run, year = _forvaltning_and_run(request, pk)
    context = {
        "forvaltning": forvaltning,
        "run": run,
        "year": year,
        "result": forvaltning_result(request.user, run, forvaltning) if run else None,
    }
    return render(request, "portfolio/chargeback/forvaltning.html", context)


@login_required
def charge_sheet(request, pk, fmt):
    from portfolio.chargeback.sheet import sheet_pdf, sheet_xlsx

    if fmt not in ("xlsx", "pdf"):
        raise Http404
    forvaltning, run, _year_ = _forvaltning_and_run(request, pk)
    if run is None:
        raise Http404(_("Det finns ingen fördelning för året."))
    result = forvaltning_result(request.user, run, forvaltning)
    return (sheet_xlsx if fmt == "xlsx" else sheet_pdf)(run, forvaltning, result)


def _form_page(request, form, *, title, back, intro="", submit=None):
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "portfolio/chargeback/form.html",
        {"form": form, "title": title, "back": back, "intro": intro, "submit": submit},
        status=status,
    )

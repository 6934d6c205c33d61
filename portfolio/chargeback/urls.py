from django.urls import path

from portfolio.chargeback import views

urlpatterns = [
    path("", views.home, name="chargeback_home"),
    path("prislistor/", views.PriceListListView.as_view(), name="chargeback_pricelist_list"),
    path("prislistor/ny/", views.PriceListEditView.as_view(), name="chargeback_pricelist_add"),
    path(
        "prislistor/<int:pk>/",
        views.PriceListDetailView.as_view(),
        name="chargeback_pricelist_detail",
    ),
    path(
        "prislistor/<int:pk>/andra/",
        views.PriceListEditView.as_view(),
        name="chargeback_pricelist_edit",
    ),
    path(
        "prislistor/<int:pk>/nytt-pris/",
        views.pricelist_item_add,
        name="chargeback_pricelist_item_add",
    ),
    path(
        "prislistor/pris/<int:pk>/ta-bort/",
        views.pricelist_item_delete,
        name="chargeback_pricelist_item_delete",
    ),
    path(
        "prislistor/<int:pk>/besluta/", views.pricelist_decide, name="chargeback_pricelist_decide"
    ),
    path("hyrd-utrustning/", views.RentalCountListView.as_view(), name="chargeback_count_list"),
    path("hyrd-utrustning/ny/", views.RentalCountEditView.as_view(), name="chargeback_count_add"),
    path(
        "hyrd-utrustning/<int:pk>/",
        views.RentalCountEditView.as_view(),
        name="chargeback_count_edit",
    ),
    path("kostnadspooler/", views.CostPoolListView.as_view(), name="chargeback_pool_list"),
    path("kostnadspooler/ny/", views.CostPoolEditView.as_view(), name="chargeback_pool_add"),
    path(
        "kostnadspooler/<int:pk>/",
        views.CostPoolDetailView.as_view(),
        name="chargeback_pool_detail",
    ),
    path(
        "kostnadspooler/<int:pk>/andra/",
        views.CostPoolEditView.as_view(),
        name="chargeback_pool_edit",
    ),
    path("nycklar/", views.KeyValueListView.as_view(), name="chargeback_key_list"),
    path("nycklar/ny/", views.KeyValueEditView.as_view(), name="chargeback_key_add"),
    path("nycklar/<int:pk>/", views.KeyValueEditView.as_view(), name="chargeback_key_edit"),
    path("korningar/", views.RunListView.as_view(), name="chargeback_run_list"),
    path("korningar/ny/", views.run_add, name="chargeback_run_add"),
    path("korningar/<int:pk>/", views.RunDetailView.as_view(), name="chargeback_run_detail"),
    path("forvaltning/<int:pk>/", views.forvaltning_charges, name="chargeback_forvaltning"),
    path(
        "forvaltning/<int:pk>/underlag.<slug:fmt>",
        views.charge_sheet,
        name="chargeback_sheet",
    ),
]

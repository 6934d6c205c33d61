from django.urls import path

from portfolio.registers import views

urlpatterns = [
    path("system/", views.SystemListView.as_view(), name="system_list"),
    path("system/nytt/", views.SystemEditView.as_view(), name="system_add"),
    path("system/<int:pk>/", views.SystemDetailView.as_view(), name="system_detail"),
    path("system/<int:pk>/andra/", views.SystemEditView.as_view(), name="system_edit"),
    path("avtal/", views.ContractListView.as_view(), name="contract_list"),
    path("leverantorer/", views.SupplierListView.as_view(), name="supplier_list"),
    path("leverantorer/ny/", views.SupplierEditView.as_view(), name="supplier_add"),
    path("leverantorer/<int:pk>/", views.SupplierDetailView.as_view(), name="supplier_detail"),
    path("leverantorer/<int:pk>/andra/", views.SupplierEditView.as_view(), name="supplier_edit"),
    path("system/<int:parent_pk>/avtal/nytt/", views.contract_add, name="contract_add"),
    path("system/<int:parent_pk>/kostnad/ny/", views.system_cost_add, name="system_cost_add"),
    path("system/<int:parent_pk>/integration/ny/", views.integration_add, name="integration_add"),
    path(
        "integration/<int:pk>/andra/",
        views.IntegrationEditView.as_view(),
        name="integration_edit",
    ),
    path("integration/<int:pk>/ta-bort/", views.integration_delete, name="integration_delete"),
    path(
        "system/<int:parent_pk>/tillganglighet/ny/",
        views.availability_add,
        name="availability_add",
    ),
    path(
        "tillganglighet/<int:pk>/andra/",
        views.SystemAvailabilityEditView.as_view(),
        name="availability_edit",
    ),
    path(
        "tillganglighet/<int:pk>/ta-bort/",
        views.availability_delete,
        name="availability_delete",
    ),
    path("finns-det-redan/", views.similar, name="similar"),
]

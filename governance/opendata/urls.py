"""Open-data URLs: the setting page (``governance:``) and the public pages (``offentligt:``)."""

from django.urls import path

from governance.opendata.views import public, settings

urlpatterns = [
    path("kommun/<int:pk>/oppna-data/", settings.open_data_settings, name="open_data_settings"),
]

# Mounted under /offentligt/ by config.urls, no login. The addresses are stable:
# a kommun lists them in its open-data catalogue.
public_urlpatterns = [
    path("<str:kommunkod>/beslut/", public.public_decisions, name="public_decisions"),
    path("<str:kommunkod>/protokoll/<int:pk>/", public.minutes_pdf, name="minutes_pdf"),
    path("<str:kommunkod>/oppna-data/", public.open_data, name="open_data"),
    path("<str:kommunkod>/oppna-data/katalog.rdf", public.catalog, name="open_data_catalog"),
    path(
        "<str:kommunkod>/oppna-data/beslut.csv",
        public.dataset_file,
        {"slug": "beslut", "fmt": "csv"},
        name="open_data_decisions_csv",
    ),
    path(
        "<str:kommunkod>/oppna-data/beslut.json",
        public.dataset_file,
        {"slug": "beslut", "fmt": "json"},
        name="open_data_decisions_json",
    ),
    path(
        "<str:kommunkod>/oppna-data/system.csv",
        public.dataset_file,
        {"slug": "system", "fmt": "csv"},
        name="open_data_systems_csv",
    ),
    path(
        "<str:kommunkod>/oppna-data/system.json",
        public.dataset_file,
        {"slug": "system", "fmt": "json"},
        name="open_data_systems_json",
    ),
]

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from governance.opendata.urls import public_urlpatterns
from portfolio.api.views import ApiSchemaView
from portfolio.organisation.views.auth import PortalLoginView

admin.site.site_header = "IT-portalen – administration"

urlpatterns = [
    # Before auth.urls: the login page that knows about SSO and LOCAL_LOGIN_ENABLED.
    path("konto/login/", PortalLoginView.as_view(), name="login"),
    path("konto/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # The language switch in the header: Django's set_language (POST, CSRF), name "set_language".
    path("sprak/", include("django.conf.urls.i18n")),
    path("api/schema/", ApiSchemaView.as_view(), name="api_schema"),
    path("api/", include(("config.api", "api"))),
    path("rapporter/", include("reports.urls")),
    path("styrning/", include("governance.urls")),
    path("offentligt/", include((public_urlpatterns, "offentligt"))),
    path("", include("portfolio.urls")),
]

if settings.OIDC_ENABLED:
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

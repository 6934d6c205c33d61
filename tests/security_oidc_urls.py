"""URLconf for the OIDC tests: the portal's URLs plus mozilla-django-oidc's.

config.urls adds the OIDC URLs only when OIDC_ENABLED is set at import time.
"""

from django.urls import include, path

from config.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("oidc/", include("mozilla_django_oidc.urls")), *portal_urlpatterns]

"""The portal speaks Swedish unless the user chose another language with the switch.

Django's ``LocaleMiddleware`` would follow the browser's Accept-Language, so a
visitor whose browser asks for English would get an English login page. Here
only the language cookie that ``django.views.i18n.set_language`` (the switch
in the header) sets changes the language; everyone else gets ``LANGUAGE_CODE``.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


def chosen_language(request) -> str:
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Activate the chosen language (cookie) or Swedish; never Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if language != settings.LANGUAGE_CODE:
            # The page depends on the cookie: no shared cache may hand it to others.
            patch_vary_headers(response, ("Cookie",))
            if "public" in response.get("Cache-Control", ""):
                patch_cache_control(response, private=True)
        return response

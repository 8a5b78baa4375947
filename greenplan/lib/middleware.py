from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = {code for code, _ in settings.LANGUAGES}


def api_language(header: str) -> str:
    for lang, _q in parse_accept_lang_header(header):
        base = lang.split("-")[0].lower()
        if base in SUPPORTED:
            return base
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Pick the language: the API follows Accept-Language; pages follow the user's choice only.

    Pages must open in Vietnamese even in a browser set to English, so the browser's
    Accept-Language is ignored there and only the cookie set by the language switch counts.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            lang = api_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
        else:
            lang = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            if lang not in SUPPORTED:
                lang = settings.LANGUAGE_CODE
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", lang)
        translation.deactivate()
        return response

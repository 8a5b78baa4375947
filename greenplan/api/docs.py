"""The API docs page, served with the Swagger UI files shipped inside django-ninja.

Ninja falls back to a CDN unless "ninja" is in INSTALLED_APPS, and our servers have no internet,
so the page and its few assets are served from the installed package instead.
"""

from pathlib import Path
from typing import Any

import ninja
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

ASSET_DIR = Path(ninja.__file__).parent / "static" / "ninja"
ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.svg", "favicon.png"}


def asset_url(name: str) -> str:
    # The version in the query string refreshes browser caches when ninja is upgraded.
    return f"{reverse('api_docs_asset', args=[name])}?v={ninja.__version__}"


class OfflineSwagger(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        settings = {"url": self.get_openapi_url(api, kwargs), "layout": "BaseLayout", "deepLinking": True}
        context = {
            "api": api,
            "swagger_settings": settings,
            "css": asset_url("swagger-ui.css"),
            "bundle": asset_url("swagger-ui-bundle.js"),
            "init": asset_url("swagger-ui-init.js"),
            "favicon": asset_url("favicon.svg"),
        }
        return render(request, "api/docs.html", context)


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    if name not in ASSETS:
        raise Http404(name)
    response = FileResponse((ASSET_DIR / name).open("rb"))
    patch_cache_control(response, public=True, max_age=86400)
    return response

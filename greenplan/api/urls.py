from django.urls import path, re_path

from greenplan.api.api import api
from greenplan.api.docs import docs_asset
from greenplan.api.errors import not_found_view

urlpatterns = [
    path("docs/assets/<str:name>", docs_asset, name="api_docs_asset"),
    path("", api.urls),
    re_path(r"^(?P<path>.*)$", not_found_view),
]

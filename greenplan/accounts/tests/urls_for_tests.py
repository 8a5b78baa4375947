"""The project's URLs plus the account management screens, until accounts/urls.py includes them.

Once greenplan/accounts/urls.py has `path("manage/", include("greenplan.accounts.manage_urls"))`,
delete this module and the `pytestmark` lines that point to it.
"""

from django.http import HttpResponse
from django.urls import include, path

from greenplan.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("accounts/manage/", include("greenplan.accounts.manage_urls")),
    *project_urlpatterns,
    # login_required redirects to LOGIN_URL ("login"); a stand-in while the real one is not wired.
    path("test-login/", lambda request: HttpResponse("login"), name="login"),
]

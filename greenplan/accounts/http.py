"""The request type of the pages a user must be signed in for, so the type checker knows what
middleware and `@login_required` guarantee.

`HttpRequest.user` is a `User | AnonymousUser`; behind `@login_required` it is always our
`User`. django-htmx's middleware adds `request.htmx` to every request. A view annotated with
`SignedInRequest` states both (django-stubs' documented pattern). Nothing here runs: the class
only names a type, the request Django builds is still a plain `HttpRequest`.
"""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from greenplan.accounts.models import User


class SignedInRequest(HttpRequest):
    user: User
    htmx: HtmxDetails

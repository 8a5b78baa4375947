"""The REST API at /api/v1/: thin endpoints over the selectors, services and access rule."""

from django.conf import settings
from django.http import HttpRequest
from ninja.renderers import JSONRenderer

from greenplan.accounts.models import Membership
from greenplan.api import aggregates, auth, catalogue, reports, units
from greenplan.api.docs import OfflineSwagger
from greenplan.api.errors import register_handlers
from greenplan.api.openapi import DocumentedApi, forbid_unknown_query_parameters
from greenplan.api.parser import StrictParser
from greenplan.api.schemas import MeOut, RoleOut

DESCRIPTION = """
API of greenplan, the union's green-plan reporting system.

1. `POST /api/v1/auth/token` with `{"username", "password"}` returns `{"token"}`.
2. Send it on every other call as `Authorization: Bearer <token>`.

A user sees only the units under the ones where they hold a role: a unit outside that scope
answers 403, an unknown one 404. Errors are JSON `{"detail": message}`, in Vietnamese by
default and in English with `Accept-Language: en`. Unit codes are case-insensitive.

A report carries a `version`: send back the one you read with each PUT. A stale version answers
409 with what changed since; invalid values answer 422 with `{"errors": {CODE: message}}`, and
then nothing is saved.
"""

TOKENS = f"""
`DELETE /api/v1/auth/token` revokes the token in use (204). A token lasts
{settings.API_TOKEN_TTL.days} days. A user holds at most {settings.API_TOKEN_MAX_PER_USER} live tokens:
getting one more revokes the oldest. A password change or reset revokes all of them; users see
and revoke their tokens on their account page.
"""



class Renderer(JSONRenderer):
    # Vietnamese stays readable in curl and logs instead of \u escapes.
    json_dumps_params = {"ensure_ascii": False}


api = DocumentedApi(
    title="greenplan API",
    version="1",
    description=DESCRIPTION + TOKENS,
    auth=auth.BearerAuth(),
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api-v1",
    renderer=Renderer(),
    parser=StrictParser(),
)
register_handlers(api)
api.add_router("/auth", auth.router)
api.add_router("/units", units.router)
api.add_router("/indicators", catalogue.indicators_router)
api.add_router("/periods", catalogue.periods_router)
api.add_router("/reports", reports.router)
api.add_router("/aggregates", aggregates.router)
api.add_router("/plans", "greenplan.api.plans.router")
api.add_router("/classifications", "greenplan.api.classifications.router")
api.add_router("/breakdowns", "greenplan.api.breakdowns.router")
api.add_router("/emulation", "greenplan.api.emulation.router")
api.add_router("/surveys", "greenplan.api.surveys.router")
api.add_router("/practices", "greenplan.api.practices.router")
api.add_router("/activities", "greenplan.api.activities.router")
api.add_router("/reports", "greenplan.api.exchange.reports_router")
api.add_router("/aggregates", "greenplan.api.exchange.aggregates_router")
api.add_router("/imports", "greenplan.api.exchange.imports_router")
api.add_router("/reports", "greenplan.api.documents.reports_router")
api.add_router("/aggregates", "greenplan.api.documents.aggregates_router")
api.add_router("/plans", "greenplan.api.documents.plans_router")


@api.get("/me", response=MeOut, tags=["auth"], summary="The signed-in user and their roles")
def me(request: HttpRequest) -> MeOut:
    user = request.auth  # type: ignore[attr-defined]
    memberships = Membership.objects.filter(user=user).order_by("unit__path")
    roles = [RoleOut(unit=code, role=role) for code, role in memberships.values_list("unit__code", "role")]
    return MeOut(username=user.username, roles=roles, full_name=user.full_name)


forbid_unknown_query_parameters(api)

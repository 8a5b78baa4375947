"""Pages of the UI shell: home, the unit tree and a unit's page.

htmx fragments (tree children, search results) are rendered by the same views as the pages.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from greenplan.accounts.access import scope_roots
from greenplan.accounts.http import SignedInRequest
from greenplan.accounts.selectors import breadcrumbs, unit_for_user, unit_search, units_visible
from greenplan.front import selectors
from greenplan.orgs.models import Unit
from greenplan.orgs.selectors import unit_children


def _show_dissolved(request: HttpRequest) -> bool:
    return request.GET.get("dissolved") == "1"


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    roots = scope_roots(request.user)
    ctx = {
        "roots": roots,
        "summary": selectors.subtree_summary(units_visible(request.user)),
        "duties": selectors.home_duties(request.user, roots),
        "today": timezone.localdate(),
    }
    return render(request, "front/home.html", ctx)


@login_required
def unit_tree(request: SignedInRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = list(unit_search(request.user, query)) if query else []
    if request.htmx and "q" in request.GET:
        return render(request, "front/_search_results.html", {"q": query, "results": results})
    show_dissolved = _show_dissolved(request)
    roots = scope_roots(request.user)
    children = selectors.children_by_parent(roots, include_inactive=show_dissolved)
    ctx = {
        "q": query,
        "results": results,
        "nodes": [(root, children.get(root.path, [])) for root in roots],
        "show_dissolved": show_dissolved,
    }
    return render(request, "front/unit_tree.html", ctx)


@login_required
def unit_detail(request: SignedInRequest, code: str) -> HttpResponse:
    unit = unit_for_user(request.user, code)
    show_dissolved = _show_dissolved(request)
    children = list(unit_children(unit, include_inactive=show_dissolved))
    ctx = {"unit": unit, "children": children, "show_dissolved": show_dissolved}
    if request.htmx:
        return render(request, "front/_unit_children.html", ctx)
    ctx["breadcrumbs"] = breadcrumbs(request.user, unit)
    ctx["summary"] = selectors.subtree_summary(Unit.objects.subtree_of(unit))
    return render(request, "front/unit_detail.html", ctx)

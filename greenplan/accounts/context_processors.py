from django.http import HttpRequest

from greenplan.accounts.access import scope_roots


def scope(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never show the navigation do not pay for the query.
    return {"scope_roots": lambda: scope_roots(user)}

from functools import cache

from django.http import HttpRequest

from greenplan.accounts.access import may_approve_any, may_edit_settings, may_manage_accounts, scope_roots


def scope(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy and memoised: pages that never show the navigation do not pay for the queries.
    roots = cache(lambda: scope_roots(user))
    return {
        "scope_roots": roots,
        "is_superior": lambda: any(not unit.kind.is_grassroots for unit in roots()),
        "can_manage_accounts": lambda: may_manage_accounts(user),
        "can_configure": lambda: may_edit_settings(user),
        "can_approve": lambda: may_approve_any(user),
    }

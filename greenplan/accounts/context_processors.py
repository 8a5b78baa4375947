from django.http import HttpRequest

from greenplan.accounts.access import REQUIRED_RANK, Action, grants, may_configure, scope_roots


def scope(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never show the navigation do not pay for the queries.
    return {
        "scope_roots": lambda: scope_roots(user),
        "can_manage_accounts": lambda: any(rank >= REQUIRED_RANK[Action.ADMIN] for _p, rank in grants(user)),
        "can_configure": lambda: may_configure(user),
    }

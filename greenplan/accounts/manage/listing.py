"""Reading the account list's parameters: a bad value is told in Vietnamese and ignored, never a 500."""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from greenplan.accounts.access import may_manage_accounts
from greenplan.accounts.models import Role, User
from greenplan.accounts.selectors import ACCOUNT_SORTS, AccountFilter, unit_by_code

ACTIVE_CHOICES = {"1": True, "0": False}


@dataclass
class ListRequest:
    wanted: AccountFilter
    unit_code: str = ""
    active: str = ""
    errors: list[str] = field(default_factory=list)


def parse_list_request(actor: User, params: QueryDict) -> ListRequest:
    errors = []
    role = params.get("role", "")
    if role and role not in Role.values:
        errors.append(_("Vai trò “%(role)s” không có trong danh sách; bộ lọc vai trò bị bỏ qua.") % {"role": role[:40]})
        role = ""
    unit_code = params.get("unit", "").strip()[:40]
    unit = unit_by_code(unit_code) if unit_code else None
    if unit_code and (unit is None or not may_manage_accounts(actor, unit)):
        errors.append(_("Không có đơn vị mã %(code)s trong phạm vi bạn quản trị; bộ lọc đơn vị bị bỏ qua.")
                      % {"code": unit_code})
        unit = None
    active = params.get("active", "")
    if active not in ACTIVE_CHOICES:
        active = ""
    sort = params.get("sort", "username")
    if sort.lstrip("-") not in ACCOUNT_SORTS:
        sort = "username"
    wanted = AccountFilter(query=params.get("q", "").strip()[:200], role=role, unit=unit,
                           active=ACTIVE_CHOICES.get(active), sort=sort)
    return ListRequest(wanted=wanted, unit_code=unit_code, active=active, errors=errors)

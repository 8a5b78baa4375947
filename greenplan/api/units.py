"""The organisation tree, seen through the user's scope."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from greenplan.accounts.models import User
from greenplan.accounts.selectors import unit_for_user
from greenplan.api.errors import ApiError
from greenplan.api.schemas import UnitCode, UnitOut
from greenplan.orgs.models import Unit
from greenplan.orgs.selectors import unit_children

router = Router(tags=["units"])


def scoped_unit(request: HttpRequest, code: str, find: Callable[[User, str], Unit] = unit_for_user) -> Unit:
    """The unit `code` through `find` (the user's scope by default), with the API's 404 and 403."""
    try:
        return find(request.auth, code)  # type: ignore[attr-defined]
    except Http404:
        raise ApiError(404, _("Không tìm thấy đơn vị %(code)s.") % {"code": code.upper()}) from None
    except PermissionDenied:
        raise ApiError(403, _("Đơn vị %(code)s nằm ngoài phạm vi của bạn.") % {"code": code.upper()}) from None


@router.get("/{code}", response=UnitOut, summary="One unit")
def unit_detail(request: HttpRequest, code: UnitCode) -> UnitOut:
    unit = scoped_unit(request, code)
    parent = Unit.objects.get_parent(unit)
    return UnitOut.of(unit, parent.code if parent else None)


@router.get("/{code}/children", response=list[UnitOut], summary="A unit's direct children")
def unit_children_list(request: HttpRequest, code: UnitCode, include_inactive: bool = False) -> list[UnitOut]:
    unit = scoped_unit(request, code)
    return [UnitOut.of(child, unit.code) for child in unit_children(unit, include_inactive)]

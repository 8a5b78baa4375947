"""Action plans: a unit's plan, its items and targets, issue and revise, coverage of the units below.

Thin over greenplan.plans: the services check rights and states. Their refusals answer like the
reports endpoints: 403 outside the scope or without the reporter role, 404 for an unknown unit
or a unit without a plan, 409 when the plan's state forbids the act (issued, superseded,
already there), 422 with `{"errors": {field: message}}` for invalid input — nothing saved.
"""

from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File as NinjaFile
from ninja import Query, Router, Status, UploadedFile
from pydantic import BaseModel

from greenplan.accounts.models import User
from greenplan.api.downloads import FileFormat, file_answer
from greenplan.api.errors import ApiError
from greenplan.api.plan_schemas import (
    CoverageOut,
    DiffOut,
    IssueIn,
    ItemIn,
    ItemOut,
    ItemPatch,
    PlanCreateIn,
    PlanOut,
)
from greenplan.api.report_schemas import ErrorOut, InvalidOut
from greenplan.api.schemas import ItemCode, UnitCode
from greenplan.api.units import scoped_unit
from greenplan.orgs.models import Unit
from greenplan.plans import selectors, services
from greenplan.plans.errors import PlanStateError
from greenplan.plans.exports import CoverageExporter
from greenplan.plans.models import Plan, PlanItem
from greenplan.reporting.errors import InvalidValues, WrongState

router = Router(tags=["plans"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE = {**READ, 400: ErrorOut, 409: ErrorOut, 422: InvalidOut}


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


def _plan(unit: Unit, revision: int | None = None) -> Plan:
    plan = selectors.plan_of(unit, revision)
    if plan is None:
        if revision is not None and selectors.plan_of(unit) is not None:
            raise ApiError(404, _("Kế hoạch của %(code)s không có bản %(n)s.") % {"code": unit.code, "n": revision})
        raise ApiError(404, _("Đơn vị %(code)s chưa có kế hoạch.") % {"code": unit.code})
    return plan


def _item(plan: Plan, code: str) -> PlanItem:
    item = PlanItem.objects.filter(plan=plan, code=code.strip()).select_related("plan__unit").first()
    if item is None:
        raise ApiError(404, _("Kế hoạch của %(unit)s không có mục %(code)s.") % {"unit": plan.unit.code, "code": code})
    return item


def _run(unit: Unit, call: Callable[[], Any]) -> Any:
    """Run a service and turn its refusals into the API's answers."""
    try:
        return call()
    except PermissionDenied as exc:
        raise ApiError(
            403,
            str(exc) or _("Bạn chỉ được xem kế hoạch của đơn vị %(code)s, không được sửa.") % {"code": unit.code},
        ) from None
    except PlanStateError as exc:
        raise WrongState(" ".join(exc.messages)) from None
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = {name: messages[0] for name, messages in exc.message_dict.items()}
            raise InvalidValues(errors, " ".join(errors.values())) from None
        raise ApiError(422, " ".join(exc.messages)) from None


def _out(plan: Plan) -> PlanOut:
    plan = selectors.plans_queryset().get(pk=plan.pk)
    return PlanOut.of(plan, list(selectors.plan_items(plan)))


def _item_out(item: PlanItem) -> ItemOut:
    return ItemOut.of(selectors.plan_items(item.plan).get(pk=item.pk))


def _data(body: BaseModel, *, exclude: set[str] | None = None) -> dict[str, Any]:
    data = body.model_dump(exclude_unset=True, exclude=exclude)
    if "targets" in data and data["targets"] is not None:
        data["targets"] = [dict(t) for t in data["targets"]]
    return data


@router.get(
    "/{unit}",
    response={200: PlanOut, **READ},
    summary="A unit's action plan",
    description="The unit's current plan; `?revision=N` reads an earlier revision (kept after /revise). "
    "Readable in the user's scope and for every unit above it: the plans the user's units concretize. "
    "The province plan holds every item of the seed (groups 1–8, items 1.1–8.3). "
    "`parent_plan` is the unit code of the superior whose plan this one implements; each item's "
    "`parent_item` is the code of the superior item it concretizes. 404 when the unit has no plan.",
)
def plan_detail(
    request: HttpRequest, unit: UnitCode, revision: Annotated[int | None, Query(description="Earlier revision")] = None
) -> PlanOut:
    unit_obj = scoped_unit(request, unit, selectors.plan_unit_for_user)
    return _out(_plan(unit_obj, revision))


@router.post(
    "/{unit}",
    response={201: PlanOut, **WRITE},
    summary="Start the unit's plan",
    description="`{\"title\"}` starts an empty draft (a lower unit's plan is linked to its superior's current "
    "plan and gets its task groups); `{\"copy_from_parent\": true}` copies the superior's current plan, "
    "every item concretizing the superior item of the same code. 409 when the unit already has a plan; "
    "422 when there is no superior plan to copy. Needs the reporter role on the unit or above.",
)
def plan_start(request: HttpRequest, unit: UnitCode, body: PlanCreateIn) -> Status[PlanOut]:
    unit_obj = scoped_unit(request, unit)
    if body.copy_from_parent:
        plan = _run(unit_obj, lambda: services.plan_copy_down(actor=_user(request), unit=unit_obj, title=body.title))
    else:
        plan = _run(unit_obj, lambda: services.plan_create(actor=_user(request), unit=unit_obj, title=body.title or ""))
    return Status(201, _out(plan))


@router.get(
    "/{unit}/coverage",
    response={200: CoverageOut, **READ},
    summary="Which direct subordinate units concretized which items of the unit's plan",
    description="A matrix of the unit's direct subordinates × the items of its current plan: whether each "
    "unit concretized the item, with which of its items, their progress and activity counts; per item, "
    "how many units concretized it; and the subordinates with no plan yet.",
)
def plan_coverage(request: HttpRequest, unit: UnitCode) -> CoverageOut:
    unit_obj = scoped_unit(request, unit)
    _plan(unit_obj)
    return CoverageOut.of(selectors.coverage(_user(request), unit_obj))


@router.get(
    "/{unit}/coverage.{fmt}",
    response=READ,
    summary="The coverage matrix as .xlsx or .csv",
    description="The coverage page's table: one row per direct subordinate (its plan, how many items it "
    "concretized, its own initiatives), one column per item of the unit's plan (the lower items that concretize "
    "it and their progress), and a last row counting the units that concretized each item.",
    openapi_extra=file_answer("The coverage matrix"),
)
def plan_coverage_file(request: HttpRequest, unit: UnitCode, fmt: FileFormat) -> HttpResponse:
    unit_obj = scoped_unit(request, unit)
    _plan(unit_obj)
    return CoverageExporter(selectors.coverage(_user(request), unit_obj)).response(fmt)


@router.get(
    "/{unit}/diff",
    response={200: DiffOut, **READ},
    summary="What the unit's plan changed from its superior's plan",
    description="Items whose wording differs from the superior item they concretize, the unit's own "
    "initiatives, and superior items the unit has not concretized.",
)
def plan_diff(request: HttpRequest, unit: UnitCode) -> DiffOut:
    unit_obj = scoped_unit(request, unit)
    plan = _plan(unit_obj)
    return DiffOut.of(plan, selectors.plan_diff(plan))


@router.post(
    "/{unit}/items",
    response={201: ItemOut, **WRITE},
    summary="Add an item to a draft plan",
    description="`parent_item` names the item of the superior's current plan it concretizes (422 when that "
    "plan has no such item); null makes it the unit's own initiative. 422 for a code already in the plan. "
    "409 when the plan is issued.",
)
def item_add(request: HttpRequest, unit: UnitCode, body: ItemIn) -> Status[ItemOut]:
    unit_obj = scoped_unit(request, unit)
    plan = _plan(unit_obj)
    data = _data(body, exclude={"code", "group", "title"})
    item = _run(
        unit_obj,
        lambda: services.item_create(
            actor=_user(request), plan=plan, code=body.code, group=body.group, title=body.title, **data
        ),
    )
    return Status(201, _item_out(item))


@router.patch(
    "/{unit}/items/{code}",
    response={200: ItemOut, **WRITE},
    summary="Change an item",
    description="Only the fields sent change; `targets`, when sent, replaces all of the item's targets. On an "
    "issued plan only `status` and `progress_note` may change (the progress of the work); anything else "
    "answers 409 — make a revision first.",
)
def item_change(request: HttpRequest, unit: UnitCode, code: ItemCode, body: ItemPatch) -> ItemOut:
    unit_obj = scoped_unit(request, unit)
    item = _item(_plan(unit_obj), code)
    data = _data(body)
    item = _run(unit_obj, lambda: services.item_update(actor=_user(request), item=item, data=data))
    return _item_out(item)


@router.delete(
    "/{unit}/items/{code}",
    response={204: None, **WRITE},
    summary="Remove an item from a draft plan",
    description="409 when the plan is issued, or when lower units concretize the item (cancel it instead).",
)
def item_remove(request: HttpRequest, unit: UnitCode, code: ItemCode) -> Status[None]:
    unit_obj = scoped_unit(request, unit)
    item = _item(_plan(unit_obj), code)
    _run(unit_obj, lambda: services.item_delete(actor=_user(request), item=item))
    return Status(204, None)


@router.post(
    "/{unit}/issue",
    response={200: PlanOut, **WRITE},
    summary="Issue the draft plan",
    description="Gives it its number and symbol (`12/KH-LĐLĐ`), date and signer; the plan is locked from "
    "then on. 409 when already issued.",
)
def plan_issue(request: HttpRequest, unit: UnitCode, body: IssueIn) -> PlanOut:
    unit_obj = scoped_unit(request, unit)
    plan = _plan(unit_obj)
    plan = _run(
        unit_obj,
        lambda: services.plan_issue(
            actor=_user(request), plan=plan, number=body.number, symbol=body.symbol, issued_on=body.issued_on,
            signer=body.signer, signer_title=body.signer_title, signer_capacity=body.signer_capacity,
        ),
    )
    return _out(plan)


@router.post(
    "/{unit}/revise",
    response={201: PlanOut, **WRITE},
    summary="Start a new draft revision of the issued plan",
    description="Copies everything into revision N+1 (a draft); the issued revision is kept (read it with "
    "`?revision=N`) and no longer current. Lower units' plans follow the new revision. 409 on a draft.",
)
def plan_revise(request: HttpRequest, unit: UnitCode) -> Status[PlanOut]:
    unit_obj = scoped_unit(request, unit)
    plan = _plan(unit_obj)
    new = _run(unit_obj, lambda: services.plan_revise(actor=_user(request), plan=plan))
    return Status(201, _out(new))


@router.post(
    "/{unit}/signed-pdf",
    response={200: PlanOut, **WRITE},
    summary="Attach the signed PDF of the issued plan",
    description="Multipart field `file`: the scanned signed document (a PDF, 20 MB at most), attached to "
    "the current revision once it is issued, replacing an earlier one. 409 on a draft; 422 when the "
    "file is not a PDF or too large. Download it from the plan page.",
)
def plan_signed_pdf(request: HttpRequest, unit: UnitCode, file: NinjaFile[UploadedFile]) -> PlanOut:
    unit_obj = scoped_unit(request, unit)
    plan = _plan(unit_obj)
    done = _run(unit_obj, lambda: services.plan_attach_signed(actor=_user(request), plan=plan, signed_pdf=file))
    return _out(done)

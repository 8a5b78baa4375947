"""The province plan of the customer's seed document, loaded as data.

data/seed_plan.json was extracted once from the seed text (groups 1–8, items 1.1–8.3 verbatim,
part I, the duties of each level); this module only reads it. Loading is idempotent: a second
run changes nothing and records nothing. Every item is linked to the catalogue indicators
whose `plan_items` name it.
"""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenplan.accounts.models import User
from greenplan.audit.services import log_action
from greenplan.orgs.models import Unit, subtree_q
from greenplan.plans.errors import PlanStateError
from greenplan.plans.models import Plan, PlanEvent, PlanGroup, PlanItem, PlanTarget
from greenplan.plans.services import current_plan, parse_target_value
from greenplan.reporting.models import Indicator, Period

SEED_PLAN = Path(__file__).parent / "data" / "seed_plan.json"
PLAN_FIELDS = ("title", "intro", "purposes", "requirements", "duties", "closing", "recipients")


def read_seed(path: Path | str = SEED_PLAN) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def indicator_links() -> dict[str, list[int]]:
    """{item code: [indicator ids]} from the catalogue's plan_items column ("1.2;2.1")."""
    links: dict[str, list[int]] = {}
    for pk, items in Indicator.objects.exclude(plan_items="").values_list("pk", "plan_items"):
        for code in (c.strip() for c in items.split(";")):
            if code:
                links.setdefault(code, []).append(pk)
    return links


def snapshot(plan: Plan) -> tuple:
    """Everything the loader writes, to tell whether a load changed anything."""
    fields = tuple(json.dumps(getattr(plan, name), ensure_ascii=False, sort_keys=True) for name in PLAN_FIELDS)
    signer = (plan.signer_name, plan.signer_title, plan.signer_capacity)
    groups = tuple(plan.groups.order_by("code").values_list("code", "title", "order"))
    items = tuple(plan.items.order_by("code").values_list("code", "group__code", "title", "text", "order"))
    targets = tuple(
        PlanTarget.objects.filter(item__plan=plan)
        .order_by("item__code", "indicator__code", "period_id", "year")
        .values_list("item__code", "indicator__code", "operator", "value", "period_id", "year")
    )
    links = tuple(
        PlanItem.indicators.through.objects.filter(planitem__plan=plan)
        .order_by("planitem__code", "indicator__code")
        .values_list("planitem__code", "indicator__code")
    )
    return fields, signer, groups, items, targets, links


@transaction.atomic
def load_seed_plan(unit: Unit, *, actor: User | None = None, path: Path | str = SEED_PLAN) -> Plan:
    """Load the seed document as the plan of `unit`, a root unit (the province federation).

    Creates the current plan as a draft when the unit has none, else brings the current plan's
    texts, groups, items, targets and indicator links in line with the file (items added by
    users are kept; their progress fields are never touched). An issued plan that differs from
    the file is refused: revise it first.
    """
    if unit.depth != 1:
        raise ValidationError(
            _("Chỉ nạp kế hoạch gốc cho đơn vị cấp cao nhất (Liên đoàn Lao động tỉnh); %(code)s có đơn vị cấp trên.")
            % {"code": unit.code}
        )
    data = read_seed(path)
    plan = current_plan(unit)
    created = plan is None
    if plan is None:
        plan = Plan.objects.create(unit=unit, title=data["title"])
    else:
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
    before = None if created else snapshot(plan)

    for name in PLAN_FIELDS:
        setattr(plan, name, data.get(name, getattr(plan, name)))
    signer = data.get("signer") or {}
    plan.signer_name = signer.get("name", plan.signer_name)
    plan.signer_title = signer.get("title", plan.signer_title)
    plan.signer_capacity = signer.get("capacity", plan.signer_capacity)
    plan.full_clean(validate_constraints=False)
    plan.save()

    groups = {g.code: g for g in plan.groups.all()}
    items = {i.code: i for i in plan.items.all()}
    links = indicator_links()
    periods = {p.code: p for p in Period.objects.all()}
    order = 0
    for group_order, spec in enumerate(data["groups"], start=1):
        group = groups.get(spec["code"]) or PlanGroup(plan=plan, code=spec["code"])
        group.title, group.order = spec["title"], group_order
        group.save()
        for item_spec in spec["items"]:
            order += 1
            item = items.get(item_spec["code"]) or PlanItem(plan=plan, code=item_spec["code"])
            item.group, item.title, item.text, item.order = group, item_spec["title"], item_spec["text"], order
            item.full_clean(validate_constraints=False)
            item.save()
            PlanItem.indicators.through.objects.bulk_create(
                [PlanItem.indicators.through(planitem_id=item.pk, indicator_id=pk) for pk in links.get(item.code, [])],
                ignore_conflicts=True,
            )
            for target in item_spec.get("targets", []):
                _load_target(item, target, periods)

    after = snapshot(plan)
    if before == after:
        return plan
    if plan.status == Plan.Status.ISSUED:
        raise PlanStateError(
            _("Kế hoạch của %(code)s đã ban hành và khác tệp dữ liệu; hãy tạo bản sửa đổi trước khi nạp lại.")
            % {"code": unit.code}
        )
    event = PlanEvent.objects.create(
        plan=plan, kind=PlanEvent.Kind.LOADED, actor=actor,
        comment=_("Nạp từ %(file)s: %(groups)s nhóm, %(items)s mục.")
        % {"file": Path(path).name, "groups": len(data["groups"]), "items": order},
    )
    log_action(actor=actor, action="plan.loaded", obj=plan, unit=unit, data={"comment": event.comment})
    return plan


def _load_target(item: PlanItem, spec: dict[str, Any], periods: dict[str, Period]) -> None:
    indicator = Indicator.objects.get(code=spec["indicator"])
    period = periods[spec["period"]] if spec.get("period") else None
    year = spec.get("year")
    target = PlanTarget.objects.filter(item=item, indicator=indicator, period=period, year=year).first()
    target = target or PlanTarget(item=item, indicator=indicator, period=period, year=year)
    target.operator = spec.get("operator", PlanTarget.Operator.GE)
    target.value = parse_target_value(spec["value"])
    target.full_clean(validate_constraints=False)
    target.save()


def remove_plans(root: Unit) -> int:
    """Delete every plan in `root`'s subtree (demo rebuilds); returns how many were deleted."""
    plans = Plan.objects.filter(subtree_q(root.path, "unit__"))
    count = plans.count()
    plans.delete()
    return count

"""Writes to the organisation tree. Views, the API and the commands all call these."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenplan.audit.services import changes, log_action, snapshot
from greenplan.lib.text import clean_text
from greenplan.orgs.models import TreeVersion, Unit, UnitEvent, children_q

TREE_FIELDS = ["path", "depth", "numchild", "search_text"]
NAME_MAX = 255
EDITABLE_FIELDS = ["name", "kind", "members", "workers", "sector", "ownership", "email"]


def _log(unit: Unit, kind: str, date: datetime.date, actor: Any = None, data: dict | None = None,
         **extra: Any) -> None:
    UnitEvent.objects.create(unit=unit, kind=kind, date=date, actor=actor, **extra)
    TreeVersion.bump()
    log_action(actor=actor, action=f"unit.{kind}", obj=unit, unit=unit, data={
        "date": date, **{k: getattr(v, "code", v) for k, v in extra.items() if k != "note"}, **(data or {})})


def _clean_name(name: Any) -> str:
    try:
        return clean_text(name, field=_("Tên đơn vị"), max_length=NAME_MAX)
    except ValueError as exc:
        raise ValidationError({"name": str(exc)}) from None


@transaction.atomic
def unit_create(
    *,
    parent: Unit | None,
    code: str,
    name: str,
    valid_from: datetime.date | None = None,
    actor: Any = None,
    **fields: Any,
) -> Unit:
    """Create a unit under `parent` (None for a root)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unit_create got unexpected fields {sorted(unknown)}")
    valid_from = valid_from or datetime.date.today()
    unit = Unit(code=code.strip().upper(), name=_clean_name(name), valid_from=valid_from, **fields)
    unit.refresh_search_text()
    if parent is not None and not parent.is_active:
        raise ValidationError({"parent": _("Đơn vị cấp trên đã hết hiệu lực.")})
    unit.full_clean(exclude=TREE_FIELDS)
    unit = (
        Unit.objects.add_child(parent, instance=unit)
        if parent is not None
        else Unit.objects.add_root(instance=unit)
    )
    _log(unit, UnitEvent.Kind.CREATED, valid_from, actor, to_parent=parent,
         data={"changes": changes({}, snapshot(unit, EDITABLE_FIELDS + ["code", "valid_from"]))})
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, actor: Any = None, **fields: Any) -> Unit:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unit_update got unexpected fields {sorted(unknown)}")
    if "name" in fields:
        fields["name"] = _clean_name(fields["name"])
    changed = []
    before = snapshot(unit, EDITABLE_FIELDS)
    for name, value in fields.items():
        if getattr(unit, name) != value:
            setattr(unit, name, value)
            changed.append(name)
    if not changed:
        return unit
    unit.refresh_search_text()
    unit.full_clean(exclude=TREE_FIELDS)
    unit.save()
    _log(unit, UnitEvent.Kind.UPDATED, datetime.date.today(), actor, note=", ".join(changed),
         data={"changes": changes(before, snapshot(unit, EDITABLE_FIELDS))})
    return unit


def _check_new_parent(unit: Unit, new_parent: Unit) -> None:
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị trực thuộc nó.")}
        )
    if not new_parent.is_active:
        raise ValidationError({"parent": _("Đơn vị cấp trên mới đã hết hiệu lực.")})


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, date: datetime.date, actor: Any = None) -> Unit:
    """Place a unit and its subtree under another parent."""
    _check_new_parent(unit, new_parent)
    old_parent = Unit.objects.get_parent(unit)
    if old_parent is not None and old_parent.pk == new_parent.pk:
        return unit
    Unit.objects.move(unit, new_parent, "last-child")
    unit = Unit.objects.get(pk=unit.pk)
    _log(unit, UnitEvent.Kind.MOVED, date, actor, from_parent=old_parent, to_parent=new_parent, data={"changes": [
        {"field": "parent", "old": old_parent.code if old_parent else None, "new": new_parent.code}]})
    return unit


@transaction.atomic
def unit_dissolve(
    *,
    unit: Unit,
    date: datetime.date,
    successor: Unit | None = None,
    actor: Any = None,
    kind: str = UnitEvent.Kind.DISSOLVED,
) -> Unit:
    """End a unit on `date`. Its active subordinate units pass to `successor`."""
    if not unit.is_active:
        raise ValidationError({"unit": _("Đơn vị đã hết hiệu lực từ trước.")})
    if date <= unit.valid_from:
        raise ValidationError({"date": _("Ngày kết thúc phải sau ngày đơn vị bắt đầu hiệu lực.")})
    children = list(Unit.objects.filter(children_q(unit)).active())
    if children and successor is None:
        raise ValidationError(
            {"successor": _("Đơn vị còn đơn vị trực thuộc: hãy chọn đơn vị tiếp nhận.")}
        )
    if successor is not None:
        if successor.path.startswith(unit.path):
            raise ValidationError({"successor": _("Đơn vị tiếp nhận không được là đơn vị trực thuộc.")})
        if not successor.is_active:
            raise ValidationError({"successor": _("Đơn vị tiếp nhận đã hết hiệu lực.")})
        for child in children:  # there are children only when there is a successor (refused above)
            unit_move(unit=child, new_parent=successor, date=date, actor=actor)
    unit = Unit.objects.get(pk=unit.pk)
    unit.valid_to = date
    unit.save(update_fields=["valid_to"])
    _log(unit, kind, date, actor, successor=successor,
         data={"changes": [{"field": "valid_to", "old": None, "new": date.isoformat()}]})
    return unit


@transaction.atomic
def unit_merge(*, units: list[Unit], into: Unit, date: datetime.date, actor: Any = None) -> Unit:
    """Merge several units into one: each ends, its subordinate units pass to `into`."""
    if any(u.pk == into.pk for u in units):
        raise ValidationError({"into": _("Đơn vị hợp nhất không được nằm trong danh sách bị hợp nhất.")})
    for unit in units:
        unit_dissolve(unit=unit, date=date, successor=into, actor=actor, kind=UnitEvent.Kind.MERGED)
    return Unit.objects.get(pk=into.pk)

"""Writes to action plans. The API, the pages and the seed loader all call these.

Every function checks the actor's right through greenplan.accounts.access (REPORT on the
plan's unit), runs in one transaction with the plan row locked, and records a PlanEvent with
who changed what. An issued plan is locked: changing it means plan_revise, which keeps the
issued version and starts a new draft. Only the progress of items (status, progress note)
may still be recorded on an issued plan, because that is execution, not plan content.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Case, Max, When
from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.accounts.access import Action, require
from greenplan.accounts.models import User
from greenplan.audit.services import log_action
from greenplan.lib import files
from greenplan.lib.text import clean_text, field_label
from greenplan.orgs.models import Unit
from greenplan.plans.errors import PlanStateError
from greenplan.plans.models import (
    ITEM_CODE_PATTERN,
    Plan,
    PlanEvent,
    PlanGroup,
    PlanItem,
    PlanTarget,
)
from greenplan.reporting import values as V
from greenplan.reporting.models import Indicator, Period

# Fields of an item a unit writes; the first group is the plan's content, the second its execution.
CONTENT_FIELDS = (
    "code", "group", "title", "text", "parent_item", "lead", "participants",
    "start_on", "end_on", "frequency", "expected_output", "indicators",
)
PROGRESS_FIELDS = ("status", "progress_note")
ITEM_FIELDS = CONTENT_FIELDS + PROGRESS_FIELDS
# Free text of an item: (maximum length, multi-line). One-line fields match their columns.
ITEM_TEXTS = {
    "title": (300, False), "lead": (200, False), "frequency": (200, False),
    "text": (5_000, True), "participants": (2_000, True), "expected_output": (2_000, True),
    "progress_note": (5_000, True),
}
# Free text of the plan itself; the strings inside purposes, requirements, duties and recipients
# (JSON) are each held to PLAN_PARAGRAPH_MAX.
PLAN_TEXTS = {"title": (300, False), "intro": (20_000, True), "closing": (20_000, True)}
PLAN_PARAGRAPH_MAX = 5_000
ITEM_CODE_MAX = 20
ISSUE_TEXTS = {"number": ("number", 20), "symbol": ("symbol", 60), "signer": ("signer_name", 120),
               "signer_title": ("signer_title", 120), "signer_capacity": ("signer_capacity", 120)}


# --- lookups ------------------------------------------------------------------------------------


def current_plan(unit: Unit) -> Plan | None:
    return Plan.objects.filter(unit=unit, superseded_at__isnull=True).first()


def superior_plan(unit: Unit) -> Plan | None:
    """The current plan of the unit's direct superior, which the unit's plan concretizes."""
    paths = unit.ancestor_paths()
    if not paths:
        return None
    return Plan.objects.filter(unit__path=paths[-1], superseded_at__isnull=True).select_related("unit").first()


def natural_key(code: str) -> tuple:
    """"2.10" after "2.9", "7.3.a" after "7.3"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))


# --- shared checks ------------------------------------------------------------------------------


def _lock(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().select_related("unit").get(pk=plan.pk)


def _refuse_unless_current(plan: Plan) -> None:
    if plan.superseded_at is not None:
        raise PlanStateError(
            _("Đây là bản cũ của kế hoạch (đã được thay thế bằng bản sửa đổi), không thể thay đổi.")
        )


def _refuse_unless_editable(plan: Plan) -> None:
    _refuse_unless_current(plan)
    if plan.status == Plan.Status.ISSUED:
        raise PlanStateError(
            _("Kế hoạch đã ban hành nên không thể sửa. Hãy tạo bản sửa đổi để điều chỉnh.")
        )


def _for_edit(actor: User, plan: Plan, *, progress_only: bool = False) -> Plan:
    require(actor, Action.REPORT, plan.unit)
    locked = _lock(plan)
    if progress_only:
        _refuse_unless_current(locked)
    else:
        _refuse_unless_editable(locked)
    return locked


def _log(plan: Plan, kind: str, actor: User | None, *, item_code: str = "", changes: list | None = None,
         comment: str = "") -> None:
    PlanEvent.objects.create(
        plan=plan, kind=kind, actor=actor, item_code=item_code, changes=changes or [], comment=comment
    )
    log_action(actor=actor, action=f"plan.{kind}", obj=plan, unit=plan.unit,
               data={"item": item_code, "changes": changes, "comment": comment})


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def clean_field(model: type, name: str, value: Any, max_length: int, multiline: bool = False) -> str:
    """One free-text field through the shared text rule; a refusal names the field."""
    try:
        return clean_text(value, field=field_label(model, name), max_length=max_length, multiline=multiline)
    except ValueError as exc:
        raise ValidationError({name: str(exc)}) from None


def _clean_paragraphs(name: str, value: Any) -> Any:
    """Every string inside a JSON text field (purposes, duties…) through the text rule."""
    if isinstance(value, str):
        return clean_field(Plan, name, value, PLAN_PARAGRAPH_MAX, multiline=True)
    if isinstance(value, list):
        return [_clean_paragraphs(name, v) for v in value]
    if isinstance(value, dict):
        return {k: _clean_paragraphs(name, v) for k, v in value.items()}
    return value


def _renumber(plan: Plan) -> None:
    """Keep items in document order: by group, then by code ("3.7", "3.7.a", "3.8")."""
    items = list(PlanItem.objects.filter(plan=plan).select_related("group").only("id", "code", "order", "group__order",
                                                                                  "group__code"))
    items.sort(key=lambda i: (i.group.order, natural_key(i.group.code), natural_key(i.code)))
    changed = []
    for position, item in enumerate(items, start=1):
        if item.order != position:
            item.order = position
            changed.append(item)
    PlanItem.objects.bulk_update(changed, ["order"])


# --- plans --------------------------------------------------------------------------------------


def _refuse_if_unit_has_plan(unit: Unit) -> None:
    if Plan.objects.filter(unit=unit, superseded_at__isnull=True).exists():
        raise PlanStateError(
            _("Đơn vị %(code)s đã có kế hoạch. Hãy sửa kế hoạch đó hoặc tạo bản sửa đổi.") % {"code": unit.code}
        )


def _save_new_plan(plan: Plan) -> Plan:
    plan.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError:  # another user created the unit's plan a moment ago
        raise PlanStateError(
            _("Đơn vị %(code)s đã có kế hoạch. Hãy sửa kế hoạch đó hoặc tạo bản sửa đổi.") % {"code": plan.unit.code}
        ) from None
    return plan


@transaction.atomic
def plan_create(*, actor: User, unit: Unit, title: str, parent_plan: Plan | None = None) -> Plan:
    """Start an empty draft plan for `unit`.

    A lower unit's plan always implements its direct superior's current plan: it is linked to
    it (whether `parent_plan` is given or not) and gets its task groups, so items can be added.
    """
    require(actor, Action.REPORT, unit)
    title = clean_field(Plan, "title", title, *PLAN_TEXTS["title"])
    if not title:
        raise ValidationError({"title": _("Cần nhập tên kế hoạch.")})
    _refuse_if_unit_has_plan(unit)
    superior = superior_plan(unit)
    if parent_plan is not None and (superior is None or parent_plan.pk != superior.pk):
        raise ValidationError(
            {"parent_plan": _("Kế hoạch cấp trên phải là kế hoạch hiện hành của đơn vị cấp trên trực tiếp.")}
        )
    revision = (Plan.objects.filter(unit=unit).aggregate(m=Max("revision"))["m"] or 0) + 1
    plan = _save_new_plan(Plan(unit=unit, title=title, parent_plan=superior, revision=revision))
    if superior is not None:
        PlanGroup.objects.bulk_create(
            [PlanGroup(plan=plan, code=g.code, title=g.title, order=g.order) for g in superior.groups.all()]
        )
    _log(plan, PlanEvent.Kind.CREATED, actor, changes=[{"field": "title", "old": None, "new": title}])
    return plan


@transaction.atomic
def plan_copy_down(*, actor: User, unit: Unit, title: str | None = None) -> Plan:
    """Start `unit`'s plan from its direct superior's current plan, ready to be made concrete.

    Every item is copied with parent_item pointing to the superior's item (the seed asks every
    level to "cụ thể hóa" the plan above it); targets and indicator links come along, while who
    leads, dates and progress are left for the unit to fill in.
    """
    require(actor, Action.REPORT, unit)
    superior = superior_plan(unit)
    if superior is None:
        raise ValidationError(_("Đơn vị cấp trên trực tiếp chưa có kế hoạch để cụ thể hóa."))
    title = clean_field(Plan, "title", title, *PLAN_TEXTS["title"])
    _refuse_if_unit_has_plan(unit)
    revision = (Plan.objects.filter(unit=unit).aggregate(m=Max("revision"))["m"] or 0) + 1
    plan = _save_new_plan(
        Plan(
            unit=unit, title=title or superior.title, parent_plan=superior, revision=revision,
            purposes=superior.purposes, requirements=superior.requirements, duties=superior.duties,
        )
    )
    copied = _copy_contents(superior, plan, as_concretization=True)
    _log(plan, PlanEvent.Kind.COPIED, actor, comment=_("Tạo từ kế hoạch của %(code)s (%(n)s mục).")
         % {"code": superior.unit.code, "n": copied})
    return plan


def _copy_contents(source: Plan, dest: Plan, *, as_concretization: bool) -> int:
    """Copy groups, items, targets and indicator links of `source` into `dest`; returns the item count.

    as_concretization: the copies concretize the source items (copy-down to a lower unit);
    otherwise they are the same items in a new revision (same parents, same progress).
    """
    groups = {
        g.pk: PlanGroup(plan=dest, code=g.code, title=g.title, order=g.order) for g in source.groups.all()
    }
    PlanGroup.objects.bulk_create(list(groups.values()))
    items = list(source.items.all().prefetch_related("targets", "indicators"))
    copies = []
    for item in items:
        copy = PlanItem(
            plan=dest, code=item.code, group=groups[item.group_id], title=item.title, text=item.text,
            order=item.order,
        )
        if as_concretization:
            copy.parent_item_id = item.pk
        else:
            copy.parent_item_id = item.parent_item_id
            copy.own_initiative = item.own_initiative
            for name in ("lead", "participants", "start_on", "end_on", "frequency", "expected_output", "status",
                         "progress_note"):
                setattr(copy, name, getattr(item, name))
        copies.append(copy)
    PlanItem.objects.bulk_create(copies)
    targets, links = [], []
    for item, copy in zip(items, copies, strict=True):
        targets += [
            PlanTarget(item=copy, indicator_id=t.indicator_id, operator=t.operator, value=t.value,
                       period_id=t.period_id, year=t.year)
            for t in item.targets.all()
        ]
        links += [PlanItem.indicators.through(planitem_id=copy.pk, indicator_id=i.pk) for i in item.indicators.all()]
    PlanTarget.objects.bulk_create(targets)
    PlanItem.indicators.through.objects.bulk_create(links)
    return len(copies)


@transaction.atomic
def plan_update(*, actor: User, plan: Plan, data: dict[str, Any]) -> Plan:
    """Change the title or the texts of a draft plan (purposes, requirements, duties, intro, closing)."""
    plan = _for_edit(actor, plan)
    allowed = {"title", "intro", "purposes", "requirements", "duties", "closing", "recipients"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: _("Không sửa được trường này.") for name in unknown})
    changes = []
    errors = {}
    for name, value in data.items():
        try:
            value = (clean_field(Plan, name, value, *PLAN_TEXTS[name]) if name in PLAN_TEXTS
                     else _clean_paragraphs(name, value))
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if getattr(plan, name) != value:
            changes.append({"field": name, "old": _text(getattr(plan, name)), "new": _text(value)})
            setattr(plan, name, value)
    if errors:
        raise ValidationError(errors)
    if not plan.title:
        raise ValidationError({"title": _("Cần nhập tên kế hoạch.")})
    plan.full_clean(validate_constraints=False)
    plan.save()
    if changes:
        _log(plan, PlanEvent.Kind.UPDATED, actor, changes=changes)
    return plan


def _issue_date(value: Any, errors: dict) -> datetime.date | None:
    """A date, or text as dd/mm/yyyy or yyyy-mm-dd; not after today."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        text = value.strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                value = datetime.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        else:
            errors["issued_on"] = _("Ngày ban hành phải có dạng ngày/tháng/năm, ví dụ 15/11/2023.")
            return None
    if not isinstance(value, datetime.date):
        errors["issued_on"] = _("Cần nhập ngày ban hành.")
        return None
    if value > timezone.localdate():
        errors["issued_on"] = _("Ngày ban hành không được sau ngày hôm nay.")
        return None
    return value


SIGNED_PDF_MAX = 20 * 1024 * 1024


def _signed_pdf_errors(file: File) -> dict[str, str]:
    """A signed plan is a PDF by its name and by its bytes, at most 20 MB."""
    try:
        files.check_upload(file, kinds=(files.PDF,), max_bytes=SIGNED_PDF_MAX)
    except files.FileRefused as exc:
        return {"signed_pdf": exc.message}
    return {}


@transaction.atomic
def plan_attach_signed(*, actor: User, plan: Plan, signed_pdf: File) -> Plan:
    """Attach (or replace) the scanned signed document of an issued plan: the signature comes
    after the issue in practice, and the document's content does not change with it."""
    plan = _for_edit(actor, plan, progress_only=True)
    if plan.status != Plan.Status.ISSUED:
        raise PlanStateError(_("Chỉ đính kèm bản ký khi kế hoạch đã ban hành."))
    errors = _signed_pdf_errors(signed_pdf)
    if errors:
        raise ValidationError(errors)
    old = plan.signed_pdf.name or None
    plan.signed_pdf.save(signed_pdf.name or "ke-hoach.pdf", signed_pdf, save=False)
    plan.save(update_fields=["signed_pdf", "updated_at"])
    _log(plan, PlanEvent.Kind.UPDATED, actor,
         changes=[{"field": "signed_pdf", "old": old, "new": plan.signed_pdf.name}])
    return plan


@transaction.atomic
def plan_issue(
    *,
    actor: User,
    plan: Plan,
    number: str,
    symbol: str = "",
    issued_on: Any,
    signer: str,
    signer_title: str = "",
    signer_capacity: str = "",
    signed_pdf: File | None = None,
) -> Plan:
    """Issue a draft plan under a number and symbol ("12/KH-LĐLĐ"); it is locked from then on."""
    plan = _for_edit(actor, plan)
    errors = {}
    texts = {}
    typed = {"number": number, "symbol": symbol, "signer": signer, "signer_title": signer_title,
             "signer_capacity": signer_capacity}
    for key, (column, limit) in ISSUE_TEXTS.items():
        try:
            texts[key] = clean_text(typed[key], field=field_label(Plan, column), max_length=limit)
        except ValueError as exc:
            errors[key] = str(exc)
    number, symbol, signer = texts.get("number", ""), texts.get("symbol", ""), texts.get("signer", "")
    if "number" in errors:
        pass
    elif not number:
        errors["number"] = _("Cần nhập số văn bản.")
    elif "/" in number:
        errors["number"] = _("Số văn bản chỉ gồm phần số, ví dụ 12 (ký hiệu nhập riêng).")
    issued_on = _issue_date(issued_on, errors)
    if not signer and "signer" not in errors:
        errors["signer"] = _("Cần nhập họ tên người ký.")
    if signed_pdf is not None:
        errors.update(_signed_pdf_errors(signed_pdf))
    if errors:
        raise ValidationError(errors)
    if not plan.items.exists():
        raise ValidationError(_("Kế hoạch chưa có mục nào nên chưa thể ban hành."))
    plan.status = Plan.Status.ISSUED
    plan.number, plan.symbol, plan.issued_on = number, symbol, issued_on
    plan.signer_name = signer
    plan.signer_title = texts["signer_title"] or plan.signer_title
    plan.signer_capacity = texts["signer_capacity"] or plan.signer_capacity
    if signed_pdf is not None:
        plan.signed_pdf.save(signed_pdf.name or "ke-hoach.pdf", signed_pdf, save=False)

    plan.full_clean(validate_constraints=False)
    plan.save()
    _log(plan, PlanEvent.Kind.ISSUED, actor, changes=[
        {"field": "status", "old": Plan.Status.DRAFT, "new": Plan.Status.ISSUED},
        {"field": "reference", "old": None, "new": plan.reference},
        {"field": "issued_on", "old": None, "new": issued_on.isoformat()},
    ])
    return plan


@transaction.atomic
def plan_revise(*, actor: User, plan: Plan) -> Plan:
    """Start a new draft revision of an issued plan, copying everything; the issued one is kept,
    marked superseded. Lower units' current plans follow the new revision (their items keep
    concretizing the same codes)."""
    require(actor, Action.REPORT, plan.unit)
    old = _lock(plan)
    _refuse_unless_current(old)
    if old.status != Plan.Status.ISSUED:
        raise PlanStateError(
            _("Kế hoạch đang soạn thảo thì sửa trực tiếp; chỉ tạo bản sửa đổi cho kế hoạch đã ban hành.")
        )
    old.superseded_at = timezone.now()
    old.save(update_fields=["superseded_at"])
    new = Plan.objects.create(
        unit=old.unit, title=old.title, parent_plan=old.parent_plan, revision=old.revision + 1,
        previous_revision=old, intro=old.intro, purposes=old.purposes, requirements=old.requirements,
        duties=old.duties, closing=old.closing, recipients=old.recipients, signer_name=old.signer_name,
        signer_title=old.signer_title, signer_capacity=old.signer_capacity,
    )
    _copy_contents(old, new, as_concretization=False)
    _follow_revision(old, new)
    _move_attached_activities(old, new)
    _log(old, PlanEvent.Kind.SUPERSEDED, actor, comment=str(new.revision))
    _log(new, PlanEvent.Kind.REVISED, actor, changes=[{"field": "revision", "old": str(old.revision),
                                                       "new": str(new.revision)}])
    return new


def _move_attached_activities(old: Plan, new: Plan) -> None:
    """Activities recorded against the old revision's items move to the new revision's items with
    the same code, so what was done keeps counting against the plan in force.

    Through the `PlanItem.activities` relation (the reverse side of Activity.item): the
    activities app sits above plans and is never imported here (docs/architecture.md, "Layers")."""
    activities = PlanItem._meta.get_field("activities").related_model._default_manager
    new_items = dict(PlanItem.objects.filter(plan=new).values_list("code", "pk"))
    whens = [When(item_id=old_pk, then=new_items[code])
             for code, old_pk in PlanItem.objects.filter(plan=old).values_list("code", "pk") if code in new_items]
    if whens:
        activities.filter(item__plan=old).update(item=Case(*whens, default=None))


def _follow_revision(old: Plan, new: Plan) -> None:
    """Point the lower units' current plans and items at the new revision of their superior's plan."""
    Plan.objects.filter(parent_plan=old, superseded_at__isnull=True).update(parent_plan=new)
    mapping = dict(
        PlanItem.objects.filter(plan=new).values_list("code", "pk")
    )
    whens = [
        When(parent_item_id=old_pk, then=mapping[code])
        for code, old_pk in PlanItem.objects.filter(plan=old).values_list("code", "pk")
    ]
    if whens:
        PlanItem.objects.filter(parent_item__plan=old, plan__superseded_at__isnull=True).update(
            parent_item=Case(*whens)
        )


# --- items --------------------------------------------------------------------------------------


def _clean_item_data(plan: Plan, data: dict[str, Any], item: PlanItem | None) -> tuple[dict[str, Any], dict]:
    """Check and resolve item fields; codes of group, parent item and indicators become objects."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name, value in data.items():
        if name not in ITEM_FIELDS:
            errors[name] = _("Mục kế hoạch không có trường này.")
            continue
        if name in ITEM_TEXTS:
            try:
                value = clean_text(value, field=field_label(PlanItem, name), max_length=ITEM_TEXTS[name][0],
                                   multiline=ITEM_TEXTS[name][1])
            except ValueError as exc:
                errors[name] = str(exc)
                continue
        elif isinstance(value, str):
            value = value.strip()
        clean[name] = value
    if "code" in clean:
        code = clean["code"] or ""
        if not code:
            errors["code"] = _("Cần nhập mã mục.")
        elif len(code) > ITEM_CODE_MAX or not re.match(ITEM_CODE_PATTERN, code):
            errors["code"] = _("Mã mục chỉ gồm chữ, số và dấu chấm, ví dụ 1.1 hoặc 7.3.a.")
        elif PlanItem.objects.filter(plan=plan, code=code).exclude(pk__in=[item.pk] if item else []).exists():
            errors["code"] = _("Mã mục %(code)s đã có trong kế hoạch.") % {"code": code}
    if "title" in clean and not clean["title"]:
        errors["title"] = _("Cần nhập tên mục.")
    if "group" in clean:
        group = PlanGroup.objects.filter(plan=plan, code=str(clean["group"] or "")).first()
        if group is None:
            errors["group"] = _("Nhóm %(code)s không có trong kế hoạch.") % {"code": clean["group"]}
        clean["group"] = group
    if "parent_item" in clean and clean["parent_item"]:
        parent_code = str(clean["parent_item"])
        parent = None
        if plan.parent_plan_id is not None:
            parent = PlanItem.objects.filter(
                plan_id=plan.parent_plan_id, plan__superseded_at__isnull=True, code=parent_code
            ).first()
        if parent is None:
            errors["parent_item"] = _(
                "Mục %(code)s không có trong kế hoạch hiện hành của đơn vị cấp trên trực tiếp."
            ) % {"code": parent_code}
        clean["parent_item"] = parent
    elif "parent_item" in clean:
        clean["parent_item"] = None
    if "status" in clean and clean["status"] not in PlanItem.Status.values:
        errors["status"] = _("Tiến độ phải là một trong: %(values)s.") % {"values": ", ".join(PlanItem.Status.values)}
    if "indicators" in clean:
        codes = sorted({str(c).strip().upper() for c in (clean["indicators"] or [])})
        found = list(Indicator.objects.filter(code__in=codes))
        missing = sorted(set(codes) - {i.code for i in found})
        if missing:
            errors["indicators"] = _("Không có chỉ tiêu %(codes)s.") % {"codes": ", ".join(missing)}
        clean["indicators"] = found
    start = clean.get("start_on", item.start_on if item else None)
    end = clean.get("end_on", item.end_on if item else None)
    if start and end and end < start:
        errors["end_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    return clean, errors


def _apply(item: PlanItem, clean: dict[str, Any]) -> list[dict]:
    changes = []
    for name, value in clean.items():
        if name == "indicators":
            continue
        if name in ("group", "parent_item"):  # a new item has none yet
            before = getattr(item, name) if getattr(item, f"{name}_id") else None
        else:
            before = getattr(item, name)
        if before != value:
            shown = {"group": lambda g: g.code if g else None, "parent_item": lambda p: p.code if p else None}
            fmt = shown.get(name, _text)
            changes.append({"field": name, "old": fmt(before), "new": fmt(value)})
            setattr(item, name, value)
    return changes


@transaction.atomic
def item_create(*, actor: User, plan: Plan, code: str, group: str, title: str, **data: Any) -> PlanItem:
    """Add an item to a draft plan.

    `group` is a group code of the plan; `parent_item` (optional) the code of the superior
    plan's item this one concretizes — without it the item is the unit's own initiative.
    Other keywords: text, lead, participants, start_on, end_on, frequency, expected_output,
    status, progress_note, indicators (codes), targets ([{"indicator","operator","value","period"}]).
    """
    plan = _for_edit(actor, plan)
    targets = data.pop("targets", None)
    clean, errors = _clean_item_data(plan, {"code": code, "group": group, "title": title, **data}, None)
    if errors:
        raise ValidationError(errors)
    indicators = clean.pop("indicators", [])
    item = PlanItem(plan=plan)
    changes = _apply(item, clean)
    item.own_initiative = item.parent_item_id is None and plan.parent_plan_id is not None
    item.full_clean(validate_constraints=False)
    item.save()
    item.indicators.set(indicators)
    _renumber(plan)
    item.refresh_from_db(fields=["order"])
    _log(plan, PlanEvent.Kind.ITEM_CREATED, actor, item_code=item.code, changes=changes)
    if targets:
        item_targets_replace(actor=actor, item=item, targets=targets)
    return item


@transaction.atomic
def item_update(*, actor: User, item: PlanItem, data: dict[str, Any]) -> PlanItem:
    """Change an item. On a draft plan any field (and `targets`, which replaces them all); on an
    issued plan only the progress (status, progress_note) — changing its content needs a revision."""
    progress_only = bool(data) and set(data) <= set(PROGRESS_FIELDS)
    plan = _for_edit(actor, item.plan, progress_only=progress_only)
    item = PlanItem.objects.select_related("group", "parent_item").get(pk=item.pk, plan=plan)
    data = dict(data)
    targets = data.pop("targets", None)
    clean, errors = _clean_item_data(plan, data, item)
    if errors:
        raise ValidationError(errors)
    indicators = clean.pop("indicators", None)
    changes = _apply(item, clean)
    if "parent_item" in clean:
        item.own_initiative = item.parent_item_id is None and plan.parent_plan_id is not None
    item.full_clean(validate_constraints=False)
    item.save()
    if indicators is not None:
        before = sorted(item.indicators.values_list("code", flat=True))
        after = sorted(i.code for i in indicators)
        if before != after:
            item.indicators.set(indicators)
            changes.append({"field": "indicators", "old": _text(before), "new": _text(after)})
    if "code" in clean or "group" in clean:
        _renumber(plan)
        item.refresh_from_db(fields=["order"])
    if changes:
        kind = PlanEvent.Kind.PROGRESS if progress_only else PlanEvent.Kind.ITEM_UPDATED
        _log(plan, kind, actor, item_code=item.code, changes=changes)
    if targets is not None:
        item_targets_replace(actor=actor, item=item, targets=targets)
    return item


@transaction.atomic
def item_delete(*, actor: User, item: PlanItem) -> None:
    """Remove an item from a draft plan. An item that lower units concretize stays: cancel it."""
    plan = _for_edit(actor, item.plan)
    below = sorted(set(
        PlanItem.objects.filter(parent_item=item).values_list("plan__unit__code", flat=True)
    ))
    if below:
        raise PlanStateError(
            _("Mục %(code)s đang được cụ thể hóa trong kế hoạch của %(units)s nên không thể xóa. "
              "Hãy chuyển tiến độ của mục sang “Hủy bỏ”.") % {"code": item.code, "units": ", ".join(below)}
        )
    code = item.code
    snapshot = [{"field": "text", "old": item.text, "new": None}]
    item.delete()
    _log(plan, PlanEvent.Kind.ITEM_DELETED, actor, item_code=code, changes=snapshot)


# --- targets ------------------------------------------------------------------------------------


def parse_target_value(raw: Any) -> Decimal:
    """A target is a number ≥ 0, read and bounded like a report value ("12,5" reads as 12.5)."""
    if raw is None or isinstance(raw, bool) or (isinstance(raw, str) and not raw.strip()):
        raise ValidationError({"value": _("Giá trị chỉ tiêu phải là một số.")})
    try:
        return V.parse_number(raw)
    except ValueError as exc:
        if V.is_negative(raw):
            message = _("Giá trị chỉ tiêu không được âm.")
        elif str(exc) == _("Giá trị phải là một số."):
            message = _("Giá trị chỉ tiêu phải là một số.")
        else:
            message = str(exc)  # too large, too many decimals: says what is allowed
        raise ValidationError({"value": message}) from None


def _target_period(period: str | int | None) -> tuple[Period | None, int | None]:
    """A period code ("2026H1"), a year ("2026") or None for the whole plan."""
    if period is None or str(period).strip() == "":
        return None, None
    text = str(period).strip().upper()
    if text.isdigit() and len(text) == 4:
        return None, int(text)
    found = Period.objects.filter(code=text).first()
    if found is None:
        raise ValidationError({"period": _("Không có kỳ báo cáo %(code)s.") % {"code": text}})
    return found, None


def _target_parts(indicator: str, operator: str, period: str | int | None) -> tuple[Indicator, Period | None,
                                                                                     int | None]:
    errors = {}
    found = Indicator.objects.filter(code=str(indicator or "").strip().upper()).first()
    if found is None:
        errors["indicator"] = _("Không có chỉ tiêu %(codes)s.") % {"codes": indicator}
    if operator not in PlanTarget.Operator.values:
        errors["operator"] = _("Phép so sánh phải là >=, <= hoặc =.")
    try:
        period_obj, year = _target_period(period)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        period_obj, year = None, None
    if errors:
        raise ValidationError(errors)
    assert found is not None
    return found, period_obj, year


@transaction.atomic
def target_set(
    *,
    actor: User,
    item: PlanItem,
    indicator: str,
    value: Any,
    operator: str = PlanTarget.Operator.GE,
    period: str | int | None = None,
) -> PlanTarget:
    """Set what an item aims at on an indicator, for a period ("2026H1"), a year, or the whole plan."""
    plan = _for_edit(actor, item.plan)
    indicator_obj, period_obj, year = _target_parts(indicator, operator, period)
    amount = parse_target_value(value)
    if indicator_obj.type == Indicator.Type.PERCENT and amount > 100:
        raise ValidationError({"value": _("Tỷ lệ không được vượt quá 100%.")})
    target = PlanTarget.objects.filter(item=item, indicator=indicator_obj, period=period_obj, year=year).first()
    old = None
    if target is None:
        target = PlanTarget(item=item, indicator=indicator_obj, period=period_obj, year=year)
    else:
        old = f"{target.operator} {_text(target.value)}"
    target.operator, target.value = operator, amount
    target.full_clean(validate_constraints=False)
    target.save()
    new = f"{operator} {_text(amount)}"
    if old != new:
        label = indicator_obj.code + (f" {target.period_code}" if target.period_code else "")
        _log(plan, PlanEvent.Kind.TARGET_SET, actor, item_code=item.code,
             changes=[{"field": label, "old": old, "new": new}])
    return target


@transaction.atomic
def target_remove(*, actor: User, item: PlanItem, indicator: str, period: str | int | None = None) -> None:
    plan = _for_edit(actor, item.plan)
    indicator_obj, period_obj, year = _target_parts(indicator, PlanTarget.Operator.GE, period)
    target = PlanTarget.objects.filter(item=item, indicator=indicator_obj, period=period_obj, year=year).first()
    if target is None:
        return
    old = f"{target.operator} {_text(target.value)}"
    target.delete()
    _log(plan, PlanEvent.Kind.TARGET_REMOVED, actor, item_code=item.code,
         changes=[{"field": indicator_obj.code, "old": old, "new": None}])


@transaction.atomic
def item_targets_replace(*, actor: User, item: PlanItem, targets: list[dict[str, Any]]) -> None:
    """Make the item's targets exactly `targets` ([{"indicator","operator","value","period"}])."""
    _for_edit(actor, item.plan)
    keep = set()
    errors: dict[str, str] = {}
    for position, spec in enumerate(targets):
        try:
            target = target_set(
                actor=actor, item=item, indicator=spec.get("indicator", ""), value=spec.get("value"),
                operator=spec.get("operator") or PlanTarget.Operator.GE, period=spec.get("period"),
            )
        except PlanStateError:
            raise
        except ValidationError as exc:  # collect every bad target, then refuse them all
            for name, messages in exc.message_dict.items():
                errors[f"targets.{position}.{name}"] = messages[0]
            continue
        keep.add(target.pk)
    if errors:
        raise ValidationError(errors)
    for target in item.targets.exclude(pk__in=keep).select_related("indicator", "period"):
        target_remove(actor=actor, item=item, indicator=target.indicator.code, period=target.period_code)


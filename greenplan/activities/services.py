"""Writes to activities. The pages, the demo loader (and later the API) all call these.

Every function checks the actor's REPORT right on the activity's unit, validates everything
before touching the database or the file storage (a refusal saves nothing), and runs in one
transaction.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.accounts.access import Action, require
from greenplan.accounts.models import User
from greenplan.activities.figures import offered_figures
from greenplan.activities.models import Activity, Evidence
from greenplan.audit.services import changes, log_action, snapshot
from greenplan.lib import files as files_lib
from greenplan.lib.text import clean_text, field_label
from greenplan.orgs.models import Unit
from greenplan.plans.models import PlanItem
from greenplan.reporting.models import Period
from greenplan.reporting.services import SaveResult, report_save
from greenplan.reporting.values import catalogue_for, parse_value

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
# Legacy .doc/.xls/.ppt are not taken: their content cannot be checked like OOXML's.
EVIDENCE_KINDS = (files_lib.PDF, files_lib.JPEG, files_lib.PNG, files_lib.WEBP, files_lib.DOCX, files_lib.XLSX,
                  files_lib.PPTX)
ALLOWED_EXTENSIONS = tuple(ext for kind in EVIDENCE_KINDS for ext in kind.extensions)
MAX_COST = 10**13  # ten thousand billion đồng: anything above is a typing slip
MAX_PARTICIPANTS = 10**7
MAX_TREES = 10**7
# Free text: (maximum length, multi-line).
TEXTS = {"title": (300, False), "description": (5_000, True), "findings": (5_000, True)}
FIELDS = ("item", "kind", "title", "description", "findings", "start_on", "end_on", "participants", "cost",
          "trees")


def _today() -> datetime.date:
    return timezone.localdate()


def _clean(unit: Unit, data: dict[str, Any], *, check_item: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """The activity's fields stripped and checked; errors by field name, in Vietnamese."""
    clean = dict(data)
    errors: dict[str, str] = {}
    for name, (limit, multiline) in TEXTS.items():
        label = field_label(Activity, name)
        try:
            clean[name] = clean_text(clean.get(name), field=label, max_length=limit, multiline=multiline)
        except ValueError as exc:
            errors[name] = str(exc)
            clean[name] = ""
    if not clean["title"] and "title" not in errors:
        errors["title"] = _("Cần nhập tên hoạt động.")
    if clean.get("kind") not in Activity.Kind.values:
        errors["kind"] = _("Hãy chọn loại hoạt động.")
    start, end = clean.get("start_on"), clean.get("end_on")
    if start is None:
        errors["start_on"] = _("Cần nhập ngày thực hiện.")
    elif start > _today():
        errors["start_on"] = _("Ngày thực hiện không được sau hôm nay: chỉ ghi hoạt động đã diễn ra.")
    if end is not None and start is not None:
        if end < start:
            errors["end_on"] = _("Ngày kết thúc phải từ ngày thực hiện trở đi.")
        elif end > _today():
            errors["end_on"] = _("Ngày kết thúc không được sau hôm nay: chỉ ghi hoạt động đã diễn ra.")
    participants, cost = clean.get("participants"), clean.get("cost")
    if participants is not None and participants < 0:
        errors["participants"] = _("Số người tham gia không được âm.")
    elif participants is not None and participants > MAX_PARTICIPANTS:
        errors["participants"] = _("Số người tham gia quá lớn, hãy kiểm tra lại.")
    trees = clean.get("trees")
    if trees is not None and trees < 0:
        errors["trees"] = _("Số cây trồng không được âm.")
    elif trees is not None and trees > MAX_TREES:
        errors["trees"] = _("Số cây trồng quá lớn, hãy kiểm tra lại.")
    if cost is not None and cost < 0:
        errors["cost"] = _("Kinh phí không được âm.")
    elif cost is not None and cost > MAX_COST:
        errors["cost"] = _("Kinh phí quá lớn, hãy kiểm tra lại (tính bằng đồng).")
    item = clean.get("item")
    if check_item and item is not None:
        # Asked of the database, not of the object passed in: the plan may have been revised since.
        current = PlanItem.objects.filter(pk=item.pk, plan__unit=unit, plan__superseded_at__isnull=True).exists()
        if not current:
            errors["item"] = _("Mục %(code)s không thuộc kế hoạch hiện hành của đơn vị %(unit)s.") % {
                "code": item.code, "unit": unit.code}
    return clean, errors


def _file_name(file: UploadedFile) -> str:
    return files_lib.safe_name(file.name)


def _check_files(files: Sequence[UploadedFile], already: int) -> str | None:
    if already + len(files) > MAX_FILES:
        return _("Mỗi hoạt động có tối đa %(n)s tệp minh chứng.") % {"n": MAX_FILES}
    for file in files:
        try:
            files_lib.check_upload(file, kinds=EVIDENCE_KINDS, max_bytes=MAX_FILE_BYTES)
        except files_lib.FileRefused as exc:
            return exc.message
    return None


def _attach(activity: Activity, files: Iterable[UploadedFile], actor: User) -> None:
    """Store the files; the last step of a write, so a failure here only has to undo its own files."""
    stored: list[Evidence] = []
    try:
        for file in files:
            name = _file_name(file)[-200:]
            evidence = Evidence(activity=activity, name=name, size=file.size or 0, uploaded_by=actor)
            evidence.file.save(name, file, save=False)
            stored.append(evidence)
            evidence.save()
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise


def _delete_files_on_commit(names: list[tuple[Storage, str | None]]) -> None:
    """Remove stored files only once the rows are gone for good (a rollback keeps both)."""
    def remove() -> None:
        for storage, name in names:
            if name:  # a file field without a file has no name
                storage.delete(name)

    transaction.on_commit(remove)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


@transaction.atomic
def activity_record(
    *,
    actor: User,
    unit: Unit,
    kind: str,
    title: str,
    start_on: datetime.date | None,
    end_on: datetime.date | None = None,
    item: PlanItem | None = None,
    description: str = "",
    findings: str = "",
    participants: int | None = None,
    cost: int | None = None,
    trees: int | None = None,
    files: Sequence[UploadedFile] = (),
) -> Activity:
    """Record what `unit` did, optionally against an item of its current plan, with evidence files."""
    require(actor, Action.REPORT, unit)
    data = {"item": item, "kind": kind, "title": title, "description": description, "findings": findings,
            "start_on": start_on, "end_on": end_on, "participants": participants, "cost": cost, "trees": trees}
    clean, errors = _clean(unit, data, check_item=True)
    problem = _check_files(files, 0)
    if problem:
        errors["files"] = problem
    _raise(errors)
    activity = Activity(unit=unit, recorded_by=actor, updated_by=actor, **clean)
    activity.refresh_search_text()
    activity.full_clean()
    activity.save()
    _attach(activity, files, actor)
    log_action(actor=actor, action="activity.created", obj=activity, unit=unit,
               data={"changes": changes({}, snapshot(activity, FIELDS)), "files": [f.name for f in files]})
    return activity


def activity_problems(*, unit: Unit, data: dict[str, Any]) -> dict[str, str]:
    """What activity_record would refuse in `data`, without writing: the form lists every error."""
    return _clean(unit, data, check_item=True)[1]


def _refuse_other_unit(unit: Unit, activity: Activity) -> None:
    if activity.unit_id != unit.pk:
        raise ValidationError(_("Hoạt động này thuộc đơn vị khác, không thể sửa hay xóa từ đơn vị %(unit)s.")
                              % {"unit": unit.code})


@transaction.atomic
def activity_update(
    *,
    actor: User,
    unit: Unit,
    activity: Activity,
    data: dict[str, Any],
    add_files: Sequence[UploadedFile] = (),
    remove_files: Iterable[int] = (),
) -> Activity:
    """Change an activity of `unit`: the fields in `data`, new evidence files, files removed (by id).

    The item is checked only when it changes, so an activity recorded before the plan was revised
    stays editable while it points to the earlier revision's item.
    """
    require(actor, Action.REPORT, activity.unit)
    _refuse_other_unit(unit, activity)
    activity = Activity.objects.select_for_update(of=("self",)).select_related("unit", "item__plan").get(pk=activity.pk)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValueError(f"not activity fields: {sorted(unknown)}")
    before = snapshot(activity, FIELDS)
    merged = {name: data.get(name, getattr(activity, name)) for name in FIELDS}
    item_changed = "item" in data and (data["item"].pk if data["item"] else None) != activity.item_id
    clean, errors = _clean(unit, merged, check_item=item_changed)
    removed = list(activity.evidence.filter(pk__in=list(remove_files)))
    problem = _check_files(add_files, activity.evidence.count() - len(removed))
    if problem:
        errors["files"] = problem
    _raise(errors)
    for name, value in clean.items():
        setattr(activity, name, value)
    activity.updated_by = actor
    activity.refresh_search_text()
    activity.full_clean()
    activity.save()
    if removed:
        _delete_files_on_commit([(e.file.storage, e.file.name) for e in removed])
        Evidence.objects.filter(pk__in=[e.pk for e in removed]).delete()
    _attach(activity, add_files, actor)
    log_action(actor=actor, action="activity.updated", obj=activity, unit=activity.unit, data={
        "changes": changes(before, snapshot(activity, FIELDS)), "files_added": [f.name for f in add_files],
        "files_removed": [e.name for e in removed]})
    return activity


@transaction.atomic
def activity_delete(*, actor: User, unit: Unit, activity: Activity) -> None:
    """Delete an activity of `unit` with its evidence files."""
    require(actor, Action.REPORT, activity.unit)
    _refuse_other_unit(unit, activity)
    files = [(e.file.storage, e.file.name) for e in activity.evidence.all()]
    log_action(actor=actor, action="activity.deleted", obj=activity, unit=activity.unit,
               data={"changes": changes(snapshot(activity, FIELDS), {})})
    activity.delete()
    _delete_files_on_commit(files)


# --- the report figures the activities offer ------------------------------------------------------


@transaction.atomic
def activity_figures_accept(*, actor: User, unit: Unit, period: Period, version: int,
                            values: dict[str, Any] | None = None) -> SaveResult:
    """Write figures that the unit's activities of `period` offer into its report, through the
    reporting save service (its rights, rules, versions and audit entry). `values`: the chosen
    codes with the value to save, the offered one or the officer's correction (typed text is
    read the Vietnamese way); None takes every offered figure as it is. The timeline event notes
    that the values came from the activities, and which were corrected."""
    require(actor, Action.REPORT, unit)
    offer = offered_figures(unit, period)
    if offer is None:
        raise ValidationError(_("Đơn vị chưa ghi hoạt động nào trong kỳ này."))
    offered = offer.values()
    chosen = dict(offered) if values is None else dict(values)
    if not chosen:
        raise ValidationError(_("Hãy chọn ít nhất một số liệu để điền vào báo cáo."))
    foreign = sorted(code for code in chosen if code not in offered)
    if foreign:
        raise ValidationError(_("Hoạt động không cung cấp số liệu cho chỉ tiêu: %(codes)s.")
                              % {"codes": ", ".join(foreign)})
    catalogue = catalogue_for(unit)
    corrected = []
    for code, raw in chosen.items():
        try:
            value = parse_value(catalogue.indicators[code], raw)
        except ValueError:
            continue  # the save below refuses it with the indicator's own message
        if value != offered[code]:
            corrected.append(code)
    note = _("Số liệu từ hoạt động: %(codes)s.") % {"codes": ", ".join(sorted(chosen))}
    if corrected:
        note += " " + _("Cán bộ đã sửa: %(codes)s.") % {"codes": ", ".join(sorted(corrected))}
    return report_save(actor=actor, unit=unit, period=period, version=version, values=chosen, note=note)

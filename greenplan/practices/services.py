"""Writes to the good-practices library. The pages, the demo loader and the tests call these.

A unit's reporters propose a practice and may change it until it is published; an approver on
a unit above it (its superior, the province) returns it with a comment or publishes it. Every
function checks the right through greenplan.accounts.access, validates everything (texts,
files, thumbnails) before writing, so a refusal saves nothing, and runs in one transaction.

Publishing counts the practice into indicator G3_MODELS_SHARED of the proposing unit's report
for the half-year of publication, through reporting.services.report_save (the same validation,
version, timeline and audit as any save).
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from greenplan.accounts.access import deny_unless, may_propose_practice, may_review_practice
from greenplan.accounts.models import User
from greenplan.audit.services import changes, log_action, snapshot
from greenplan.lib import files as files_lib
from greenplan.lib.text import clean_text, field_label, fold
from greenplan.orgs.models import Unit
from greenplan.practices import notices
from greenplan.practices.models import Practice, PracticeFile
from greenplan.reporting.errors import ReportingError
from greenplan.reporting.models import Period, Report
from greenplan.reporting.services import report_save, stored_values

INDICATOR = "G3_MODELS_SHARED"
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
PHOTO_KINDS = (files_lib.JPEG, files_lib.PNG, files_lib.WEBP)
FILE_KINDS = (*PHOTO_KINDS, files_lib.PDF, files_lib.DOCX, files_lib.XLSX, files_lib.PPTX)
THUMBNAIL_SIZE = (480, 360)
# A photo from a phone is 12–50 megapixels; anything far beyond is a decompression bomb.
MAX_PIXELS = 80_000_000
TEXTS = {"title": (300, False), "done": (10_000, True), "results": (10_000, True)}
COMMENT_MAX = 2_000
FIELDS = ("group", "title", "done", "results")


def _now() -> datetime.datetime:
    return timezone.now()


@dataclass
class _Upload:
    file: UploadedFile
    name: str
    thumbnail: bytes | None  # JPEG bytes for a photo


def _clean(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The practice's fields stripped and checked; errors by field name, in Vietnamese."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, (limit, multiline) in TEXTS.items():
        try:
            clean[name] = clean_text(data.get(name), field=field_label(Practice, name), max_length=limit,
                                     multiline=multiline)
        except ValueError as exc:
            errors[name] = str(exc)
            clean[name] = ""
    if not clean["title"] and "title" not in errors:
        errors["title"] = _("Cần nhập tên mô hình.")
    if not clean["done"] and "done" not in errors:
        errors["done"] = _("Cần mô tả cách làm của mô hình.")
    group = data.get("group")
    try:
        clean["group"] = int(group) if group not in (None, "") else None
    except (TypeError, ValueError):
        clean["group"] = None
    if clean["group"] is None or not 1 <= clean["group"] <= 8:
        errors["group"] = _("Hãy chọn nhóm nhiệm vụ của kế hoạch (từ 1 đến 8).")
    return clean, errors


def _thumbnail(file: UploadedFile, name: str) -> bytes:
    """A JPEG thumbnail of a photo; FileRefused when the picture cannot be read whole."""
    broken = files_lib.FileRefused(_("Ảnh %(name)s bị hỏng hoặc không đọc được.") % {"name": name})
    try:
        file.seek(0)
        with Image.open(file) as image:
            if image.width * image.height > MAX_PIXELS:
                raise files_lib.FileRefused(_("Ảnh %(name)s quá lớn (tối đa %(mp)s triệu điểm ảnh).")
                                            % {"name": name, "mp": MAX_PIXELS // 1_000_000})
            image.draft("RGB", THUMBNAIL_SIZE)  # a JPEG decodes at a reduced size: fast and small
            image.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
    except files_lib.FileRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise broken from None
    finally:
        file.seek(0)
    return out.getvalue()


def _check_files(files: Sequence[UploadedFile], already: int) -> tuple[list[_Upload], str | None]:
    if already + len(files) > MAX_FILES:
        return [], _("Mỗi mô hình có tối đa %(n)s tệp.") % {"n": MAX_FILES}
    checked = []
    for file in files:
        try:
            found = files_lib.check_upload(file, kinds=FILE_KINDS, max_bytes=MAX_FILE_BYTES)
            thumb = _thumbnail(file, found.name) if found.kind in PHOTO_KINDS else None
        except files_lib.FileRefused as exc:
            return [], exc.message
        checked.append(_Upload(file, found.name[-200:], thumb))
    return checked, None


def _attach(practice: Practice, uploads: Iterable[_Upload], actor: User) -> None:
    """Store the files; the last step of a write, so a failure here only has to undo its own files."""
    stored: list[PracticeFile] = []
    try:
        for upload in uploads:
            row = PracticeFile(practice=practice, name=upload.name, size=upload.file.size or 0, uploaded_by=actor)
            row.file.save(upload.name, upload.file, save=False)
            stored.append(row)
            if upload.thumbnail is not None:
                stem = upload.name.rpartition(".")[0] or "anh"
                row.thumbnail.save(f"thumb-{stem}.jpg", ContentFile(upload.thumbnail), save=False)
            row.save()
    except Exception:
        for row in stored:
            row.file.delete(save=False)
            if row.thumbnail:
                row.thumbnail.delete(save=False)
        raise


def _delete_files_on_commit(names: list[tuple[Storage, str]]) -> None:
    def remove() -> None:
        for storage, name in names:
            if name:
                storage.delete(name)

    transaction.on_commit(remove)


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


def _search_text(practice: Practice, unit: Unit) -> str:
    return fold(" ".join([practice.title, practice.done, practice.results, unit.name, unit.code]))


def practice_problems(data: dict[str, Any]) -> dict[str, str]:
    """What practice_propose would refuse in `data`, without writing: the form lists every error."""
    return _clean(data)[1]


@transaction.atomic
def practice_propose(
    *,
    actor: User,
    unit: Unit,
    group: int | str | None,
    title: str,
    done: str,
    results: str = "",
    files: Sequence[UploadedFile] = (),
) -> Practice:
    """Propose a practice of `unit` to the units above it, with its documents and photos."""
    deny_unless(may_propose_practice(actor, unit))
    clean, errors = _clean({"group": group, "title": title, "done": done, "results": results})
    uploads, problem = _check_files(files, 0)
    if problem:
        errors["files"] = problem
    _raise(errors)
    practice = Practice(unit=unit, proposed_by=actor, proposed_at=_now(), **clean)
    practice.search_text = _search_text(practice, unit)
    practice.full_clean()
    practice.save()
    _attach(practice, uploads, actor)
    log_action(actor=actor, action="practice.proposed", obj=practice, unit=unit,
               data={"changes": changes({}, snapshot(practice, FIELDS)), "files": [u.name for u in uploads]})
    notices.proposed(practice, actor)
    return practice


def _locked(practice: Practice) -> Practice:
    return Practice.objects.select_for_update(of=("self",)).select_related("unit").get(pk=practice.pk)


@transaction.atomic
def practice_update(
    *,
    actor: User,
    practice: Practice,
    data: dict[str, Any],
    add_files: Sequence[UploadedFile] = (),
    remove_files: Iterable[int] = (),
) -> Practice:
    """Change a practice that is not yet published; a returned practice goes back to review."""
    deny_unless(may_propose_practice(actor, practice.unit))
    practice = _locked(practice)
    if practice.is_published:
        raise ValidationError(_("Mô hình đã được giới thiệu nên không thể sửa."))
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise ValueError(f"not practice fields: {sorted(unknown)}")
    before = {**snapshot(practice, FIELDS), "status": practice.status}
    clean, errors = _clean({name: data.get(name, getattr(practice, name)) for name in FIELDS})
    removed = list(practice.files.filter(pk__in=list(remove_files)))
    uploads, problem = _check_files(add_files, practice.files.count() - len(removed))
    if problem:
        errors["files"] = problem
    _raise(errors)
    for name, value in clean.items():
        setattr(practice, name, value)
    practice.status = Practice.Status.PROPOSED
    practice.search_text = _search_text(practice, practice.unit)
    practice.full_clean()
    practice.save()
    if removed:
        _delete_files_on_commit([(f.file.storage, f.file.name or "") for f in removed]
                                + [(f.thumbnail.storage, f.thumbnail.name or "") for f in removed])
        PracticeFile.objects.filter(pk__in=[f.pk for f in removed]).delete()
    _attach(practice, uploads, actor)
    log_action(actor=actor, action="practice.updated", obj=practice, unit=practice.unit, data={
        "changes": changes(before, {**snapshot(practice, FIELDS), "status": practice.status}),
        "files_added": [u.name for u in uploads], "files_removed": [f.name for f in removed]})
    if before["status"] == Practice.Status.RETURNED:
        notices.proposed(practice, actor)  # back in the reviewers' queue
    return practice


def _clean_comment(comment: str | None, *, required: bool) -> str:
    try:
        text = clean_text(comment, field=field_label(Practice, "review_comment"), max_length=COMMENT_MAX,
                          multiline=True)
    except ValueError as exc:
        raise ValidationError({"comment": [str(exc)]}) from None
    if required and not text:
        raise ValidationError({"comment": [_("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì.")]})
    return text


def _reviewable(actor: User, practice: Practice) -> Practice:
    if not may_review_practice(actor, practice.unit):
        raise PermissionDenied(_("Chỉ cấp trên của đơn vị mới được duyệt mô hình này."))
    practice = _locked(practice)
    if practice.status != Practice.Status.PROPOSED:
        raise ValidationError(_("Mô hình không ở trạng thái chờ duyệt (hiện: %(status)s).")
                              % {"status": practice.get_status_display()})
    return practice


@transaction.atomic
def practice_return(*, actor: User, practice: Practice, comment: str) -> Practice:
    """Send a proposed practice back to its unit with what to change."""
    practice = _reviewable(actor, practice)
    text = _clean_comment(comment, required=True)
    practice.status = Practice.Status.RETURNED
    practice.reviewed_by, practice.review_comment = actor, text
    practice.save()
    log_action(actor=actor, action="practice.returned", obj=practice, unit=practice.unit,
               data={"comment": text, "changes": [{"field": "status", "old": "proposed", "new": "returned"}]})
    notices.returned(practice, actor)
    return practice


def period_of(day: datetime.date) -> Period | None:
    """The half-year reporting period that contains `day`, if one is defined."""
    return Period.objects.filter(start__lte=day, end__gte=day, half__in=[1, 2]).order_by("start").first()


def published_count(unit: Unit, period: Period) -> int:
    return Practice.objects.filter(unit=unit, published_period=period, status=Practice.Status.PUBLISHED).count()


def _count_into_report(actor: User, practice: Practice) -> str:
    """Raise G3_MODELS_SHARED of the unit's report for the publication period to the number of its
    practices published in it (never lower a figure the unit typed: it may count models shared
    outside the library). What happened, for the audit entry: filled, unchanged, no_period,
    closed, locked or refused."""
    period = practice.published_period
    if period is None:
        return "no_period"
    if not period.is_open:
        return "closed"
    unit = practice.unit
    report = Report.objects.filter(unit=unit, period=period).first()
    if report is not None and not report.is_editable:
        return "locked"
    count = Decimal(published_count(unit, period))
    current = stored_values(report).get(INDICATOR)
    if current is not None and current >= count:
        return "unchanged"
    try:
        with transaction.atomic():  # a refusal undoes its own savepoint only: the practice stays published
            report_save(actor=actor, unit=unit, period=period, version=report.version if report else 0,
                        values={INDICATOR: count})
    except (ReportingError, PermissionDenied):
        return "refused"
    return "filled"


@transaction.atomic
def practice_publish(*, actor: User, practice: Practice, comment: str = "") -> Practice:
    """Publish a proposed practice in the library and count it into the unit's report."""
    practice = _reviewable(actor, practice)
    text = _clean_comment(comment, required=False)
    now = _now()
    practice.status = Practice.Status.PUBLISHED
    practice.reviewed_by, practice.review_comment = actor, text
    practice.published_at = now
    practice.published_period = period_of(timezone.localdate(now))
    practice.full_clean()
    practice.save()
    outcome = _count_into_report(actor, practice)
    log_action(actor=actor, action="practice.published", obj=practice, unit=practice.unit, data={
        "comment": text, "report": outcome,
        "period": practice.published_period.code if practice.published_period else None,
        "changes": [{"field": "status", "old": "proposed", "new": "published"}]})
    notices.published(practice, actor)
    return practice

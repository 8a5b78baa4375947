"""Writes of emulation: the yearly sheet, registration, self-scoring with evidence, the direct
superior's verification and confirmation (which locks the scores), and the proposals to
commend or sanction with the province's decision.

Every function checks the actor's right through greenplan.accounts.access, checks everything
before writing (a refusal saves nothing), runs in one transaction and writes an audit entry.
Refusals are ValidationError (messages in Vietnamese, keyed by field where there is one) or
PermissionDenied.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.accounts.access import (
    deny_unless,
    is_root_admin,
    may_decide_proposals,
    may_propose,
    may_self_score,
    may_verify_scores,
)
from greenplan.accounts.models import User
from greenplan.activities.models import Activity
from greenplan.audit.services import log_action
from greenplan.emulation import notices, scoring
from greenplan.emulation.models import (
    AwardLevel,
    Condition,
    ConditionAnswer,
    Criterion,
    CriterionGroup,
    Entry,
    EvidenceFile,
    EvidenceLink,
    Movement,
    Proposal,
    Score,
    Sheet,
)
from greenplan.lib import files as files_lib
from greenplan.lib.text import clean_text
from greenplan.orgs.models import Unit
from greenplan.reporting.models import Indicator, Report
from greenplan.reporting.values import is_negative, parse_number

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES_PER_CRITERION = 10
EVIDENCE_KINDS = (files_lib.PDF, files_lib.JPEG, files_lib.PNG, files_lib.WEBP, files_lib.DOCX, files_lib.XLSX,
                  files_lib.PPTX)
ALLOWED_EXTENSIONS = tuple(ext for kind in EVIDENCE_KINDS for ext in kind.extensions)
NOTE_MAX = 2_000
REASON_MAX = 3_000
NAME_MAX = 200


def _raise(errors: Mapping[str, str]) -> None:
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})


def _text(value: object, label: str, limit: int, multiline: bool, errors: dict[str, str], key: str) -> str:
    try:
        return clean_text(value, field=label, max_length=limit, multiline=multiline)
    except ValueError as exc:
        errors[key] = str(exc)
        return ""


def parse_points(raw: Any, criterion: Criterion) -> Decimal | None:
    """Points as typed ("8,5") or sent (8.5); None when empty. ValueError with a Vietnamese
    message when not a number, negative, above the criterion's maximum or finer than 0,01."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(_("Điểm phải là một số."))
    if is_negative(raw):
        raise ValueError(_("Điểm không được âm."))
    try:
        value = parse_number(raw)
    except ValueError:
        raise ValueError(_("Điểm phải là một số, ví dụ 8,5.")) from None
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(_("Điểm chỉ có tối đa hai chữ số thập phân."))
    if value > criterion.max_points:
        raise ValueError(_("Tiêu chí %(code)s có tối đa %(max)s điểm.") % {
            "code": criterion.code, "max": _fmt(criterion.max_points)})
    return value.quantize(Decimal("0.01"))


def _unknown(codes: set[str]) -> str:
    return _("Không có tiêu chí %(codes)s trong bảng chấm điểm.") % {"codes": ", ".join(sorted(codes))}


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


# --- the sheet ----------------------------------------------------------------------------------


@transaction.atomic
def sheet_load(*, actor: User | None, movement: dict[str, str], year: int, groups: Sequence[dict[str, Any]],
               conditions: Sequence[dict[str, str]], awards: Sequence[dict[str, Any]]) -> Sheet:
    """Create a movement's sheet for `year` from data: groups of criteria (code, title,
    criteria: code, title, max_points, evidence), conditions (code, text) and award levels
    (code, name, min_score, applies_to, conditions: codes). `actor` None is the system (demo)."""
    if actor is not None:
        deny_unless(is_root_admin(actor))
    mov, _created = Movement.objects.get_or_create(code=movement["code"], defaults={
        "name": movement["name"], "description": movement.get("description", "")})
    if Sheet.objects.filter(movement=mov, year=year).exists():
        raise ValidationError(_("Phong trào %(code)s đã có bảng chấm điểm năm %(year)s.") % {
            "code": mov.code, "year": year})
    sheet = Sheet.objects.create(movement=mov, year=year)
    for g_order, group in enumerate(groups):
        g = CriterionGroup.objects.create(sheet=sheet, code=group["code"], title=group["title"], order=g_order)
        for c_order, c in enumerate(group["criteria"]):
            criterion = Criterion(group=g, code=c["code"], title=c["title"], max_points=Decimal(str(c["max_points"])),
                                  evidence=c.get("evidence", ""), order=c_order)
            criterion.full_clean()
            criterion.save()
    by_code = {}
    for order, cond in enumerate(conditions):
        by_code[cond["code"]] = Condition.objects.create(sheet=sheet, code=cond["code"], text=cond["text"],
                                                         order=order)
    for order, a in enumerate(awards):
        award = AwardLevel(sheet=sheet, code=a["code"], name=a["name"], min_score=Decimal(str(a["min_score"])),
                           applies_to=a.get("applies_to", AwardLevel.AppliesTo.ALL), order=order)
        award.full_clean()
        award.save()
        award.conditions.set([by_code[code] for code in a.get("conditions", [])])
    log_action(actor=actor, action="emulation.sheet_loaded", obj=sheet, data={
        "movement": mov.code, "year": year, "criteria": Criterion.objects.filter(group__sheet=sheet).count(),
        "total": f"{sheet_max(sheet):f}"})
    return sheet


def sheet_max(sheet: Sheet) -> Decimal:
    return sum((c.max_points for c in Criterion.objects.filter(group__sheet=sheet)), Decimal(0))


# --- registering and self-scoring -------------------------------------------------------------------


@transaction.atomic
def entry_register(*, actor: User, sheet: Sheet, unit: Unit) -> Entry:
    """Register `unit` in the year's movement: one score row per criterion, one answer per condition."""
    deny_unless(may_self_score(actor, unit))
    if not sheet.is_open:
        raise ValidationError(_("Phong trào năm %(year)s đã đóng đăng ký.") % {"year": sheet.year})
    if len(unit.path) <= Unit.steplen:
        raise ValidationError(_("Đơn vị cấp cao nhất không có cấp trên thẩm định, không thể đăng ký thi đua."))
    if not unit.is_active:
        raise ValidationError(_("Đơn vị %(code)s không còn hoạt động.") % {"code": unit.code})
    if Entry.objects.filter(sheet=sheet, unit=unit).exists():
        raise ValidationError(_("Đơn vị %(code)s đã đăng ký phong trào năm %(year)s.") % {
            "code": unit.code, "year": sheet.year})
    entry = Entry.objects.create(sheet=sheet, unit=unit, registered_by=actor)
    Score.objects.bulk_create([Score(entry=entry, criterion=c) for c in Criterion.objects.filter(group__sheet=sheet)])
    ConditionAnswer.objects.bulk_create([ConditionAnswer(entry=entry, condition=c) for c in sheet.conditions.all()])
    log_action(actor=actor, action="emulation.registered", obj=entry, unit=unit,
               data={"sheet": str(sheet), "status": entry.status})
    return entry


def _locked_entry(entry: Entry) -> Entry:
    return Entry.objects.select_for_update(of=("self",)).select_related("unit__kind", "sheet__movement").get(
        pk=entry.pk)


def _refuse_locked(entry: Entry) -> None:
    if entry.status == Entry.Status.CONFIRMED:
        raise ValidationError(_("Điểm đã được cấp trên xác nhận và khóa, không thể thay đổi."))


def _scores(entry: Entry) -> dict[str, Score]:
    return {s.criterion.code: s for s in entry.scores.select_related("criterion").order_by("id")}


def _answers(entry: Entry) -> dict[str, ConditionAnswer]:
    return {a.condition.code: a for a in entry.answers.select_related("condition")}


def _yes_no(raw: Any) -> bool | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "co", "có", "dat", "đạt"):
        return True
    if text in ("0", "false", "no", "khong", "không"):
        return False
    raise ValueError(_("Hãy chọn Đạt hoặc Không đạt."))


@transaction.atomic
def entry_self_score(*, actor: User, entry: Entry, points: Mapping[str, Any], notes: Mapping[str, Any] | None = None,
                     conditions: Mapping[str, Any] | None = None) -> Entry:
    """Save the unit's own points (by criterion code; "" clears), notes and answers to the
    conditions (by condition code). Only while the entry is a draft."""
    entry = _locked_entry(entry)
    deny_unless(may_self_score(actor, entry.unit))
    _refuse_locked(entry)
    if entry.status != Entry.Status.DRAFT:
        raise ValidationError(_("Bảng điểm đã gửi cấp trên thẩm định; chỉ sửa được khi cấp trên trả lại."))
    scores, answers = _scores(entry), _answers(entry)
    errors: dict[str, str] = {}
    unknown = (set(points) | set(notes or {})) - set(scores)
    if unknown:
        errors["__all__"] = _unknown(unknown)
    unknown_c = set(conditions or {}) - set(answers)
    if unknown_c:
        errors["__all__"] = _("Không có điều kiện %(codes)s trong bảng chấm điểm.") % {
            "codes": ", ".join(sorted(unknown_c))}
    changed: list[dict[str, Any]] = []
    new_points: dict[str, Decimal | None] = {}
    for code, raw in points.items():
        if code not in scores:
            continue
        try:
            new_points[code] = parse_points(raw, scores[code].criterion)
        except ValueError as exc:
            errors[f"points-{code}"] = str(exc)
    new_notes = {code: _text(raw, _("Giải trình"), NOTE_MAX, True, errors, f"note-{code}")
                 for code, raw in (notes or {}).items() if code in scores}
    new_met: dict[str, bool | None] = {}
    for code, raw in (conditions or {}).items():
        if code not in answers:
            continue
        try:
            new_met[code] = _yes_no(raw)
        except ValueError as exc:
            errors[f"condition-{code}"] = str(exc)
    _raise(errors)
    for code, value in new_points.items():
        score = scores[code]
        if score.self_points != value:
            changed.append({"field": code, "old": score.self_points, "new": value})
            score.self_points = value
        if code in new_notes:
            score.self_note = new_notes.pop(code)
        score.save(update_fields=["self_points", "self_note"])
    for code, note in new_notes.items():
        scores[code].self_note = note
        scores[code].save(update_fields=["self_note"])
    for code, met in new_met.items():
        answer = answers[code]
        if answer.self_met != met:
            changed.append({"field": code, "old": answer.self_met, "new": met})
            answer.self_met = met
            answer.save(update_fields=["self_met"])
    entry.self_total = scoring.self_total(scores.values())
    entry.save(update_fields=["self_total"])
    log_action(actor=actor, action="emulation.self_scored", obj=entry, unit=entry.unit,
               data={"changes": changed, "self_total": entry.self_total})
    return entry


def _score_of(entry: Entry, criterion_code: str) -> Score:
    score = entry.scores.select_related("criterion").filter(criterion__code=criterion_code).first()
    if score is None:
        raise ValidationError(_("Không có tiêu chí %(codes)s trong bảng chấm điểm.") % {"codes": criterion_code})
    return score


@transaction.atomic
def evidence_attach(*, actor: User, entry: Entry, criterion: str, files: Sequence[UploadedFile]) -> list[EvidenceFile]:
    """Attach files to one criterion of a draft entry (the upload checks of greenplan.lib.files)."""
    entry = _locked_entry(entry)
    deny_unless(may_self_score(actor, entry.unit))
    _refuse_locked(entry)
    score = _score_of(entry, criterion)
    if not files:
        raise ValidationError({"files": [_("Hãy chọn tệp minh chứng.")]})
    if score.files.count() + len(files) > MAX_FILES_PER_CRITERION:
        raise ValidationError({"files": [_("Mỗi tiêu chí có tối đa %(n)s tệp minh chứng.") % {
            "n": MAX_FILES_PER_CRITERION}]})
    for file in files:
        try:
            files_lib.check_upload(file, kinds=EVIDENCE_KINDS, max_bytes=MAX_FILE_BYTES)
        except files_lib.FileRefused as exc:
            raise ValidationError({"files": [exc.message]}) from None
    stored: list[EvidenceFile] = []
    try:
        for file in files:
            name = files_lib.safe_name(file.name)[-200:]
            evidence = EvidenceFile(score=score, name=name, size=file.size or 0, uploaded_by=actor)
            evidence.file.save(name, file, save=False)
            stored.append(evidence)
            evidence.save()
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    log_action(actor=actor, action="emulation.evidence_added", obj=entry, unit=entry.unit,
               data={"criterion": criterion, "files": [e.name for e in stored]})
    return stored


@transaction.atomic
def evidence_link(*, actor: User, entry: Entry, criterion: str, activity: Activity | None = None,
                  report: Report | None = None, indicator: Indicator | None = None) -> EvidenceLink:
    """Point a criterion to an activity of the unit, or to a figure of one of its reports."""
    entry = _locked_entry(entry)
    deny_unless(may_self_score(actor, entry.unit))
    _refuse_locked(entry)
    score = _score_of(entry, criterion)
    if (activity is None) == (report is None and indicator is None):
        raise ValidationError(_("Hãy chọn một hoạt động, hoặc một chỉ tiêu của báo cáo."))
    if activity is not None and activity.unit_id != entry.unit_id:
        raise ValidationError(_("Hoạt động này không phải của đơn vị %(code)s.") % {"code": entry.unit.code})
    if activity is None and (report is None or indicator is None or report.unit_id != entry.unit_id):
        raise ValidationError(_("Báo cáo này không phải của đơn vị %(code)s.") % {"code": entry.unit.code})
    link = EvidenceLink.objects.create(score=score, activity=activity, report=report, indicator=indicator)
    log_action(actor=actor, action="emulation.evidence_added", obj=entry, unit=entry.unit, data={
        "criterion": criterion, "activity": activity.pk if activity else None,
        "indicator": indicator.code if indicator else None})
    return link


@transaction.atomic
def evidence_remove(*, actor: User, entry: Entry, file_id: int | None = None, link_id: int | None = None) -> str:
    """Remove one file or one link from the entry's evidence while its scores are not locked;
    returns what was removed (the file's name, or the linked activity or figure)."""
    entry = _locked_entry(entry)
    deny_unless(may_self_score(actor, entry.unit))
    _refuse_locked(entry)
    if (file_id is None) == (link_id is None):
        raise ValidationError(_("Hãy chọn một minh chứng để gỡ."))
    found: EvidenceFile | EvidenceLink | None
    if file_id is not None:
        found = EvidenceFile.objects.select_related("score__criterion").filter(score__entry=entry, pk=file_id).first()
    elif link_id is not None:
        found = (EvidenceLink.objects.select_related("score__criterion", "activity", "indicator")
                 .filter(score__entry=entry, pk=link_id).first())
    if found is None:
        raise ValidationError(_("Không tìm thấy minh chứng này trong bảng điểm của đơn vị %(code)s.") % {
            "code": entry.unit.code})
    criterion = found.score.criterion.code
    if isinstance(found, EvidenceFile):
        what = found.name
        storage, name = found.file.storage, found.file.name or ""
        transaction.on_commit(lambda: storage.delete(name) if name else None)
    else:
        what = found.activity.title if found.activity else f"{found.indicator.code if found.indicator else ''}"
    found.delete()
    log_action(actor=actor, action="emulation.evidence_removed", obj=entry, unit=entry.unit,
               data={"criterion": criterion, "file" if file_id is not None else "link": what})
    return what


@transaction.atomic
def entry_submit(*, actor: User, entry: Entry) -> Entry:
    """Send the self-scoring to the direct superior: every criterion scored, every condition answered."""
    entry = _locked_entry(entry)
    deny_unless(may_self_score(actor, entry.unit))
    _refuse_locked(entry)
    if entry.status != Entry.Status.DRAFT:
        raise ValidationError(_("Bảng điểm đã được gửi."))
    missing = [s.criterion.code for s in _scores(entry).values() if s.self_points is None]
    unanswered = [a.condition.code for a in _answers(entry).values() if a.self_met is None]
    if missing:
        raise ValidationError(_("Còn tiêu chí chưa chấm: %(codes)s.") % {"codes": ", ".join(missing)})
    if unanswered:
        raise ValidationError(_("Còn điều kiện chưa tự đánh giá: %(codes)s.") % {"codes": ", ".join(unanswered)})
    entry.status = Entry.Status.SUBMITTED
    entry.submitted_by, entry.submitted_at = actor, timezone.now()
    entry.save(update_fields=["status", "submitted_by", "submitted_at"])
    log_action(actor=actor, action="emulation.submitted", obj=entry, unit=entry.unit, data={
        "changes": [{"field": "status", "old": Entry.Status.DRAFT, "new": entry.status}],
        "self_total": entry.self_total})
    return entry


# --- the direct superior ----------------------------------------------------------------------------


def _require_verifier(actor: User, entry: Entry) -> None:
    deny_unless(may_verify_scores(actor, entry.unit))
    if entry.submitted_by_id == actor.pk or entry.registered_by_id == actor.pk:
        raise PermissionDenied(_("Không được thẩm định bảng điểm do chính mình chấm."))


@transaction.atomic
def entry_verify(*, actor: User, entry: Entry, points: Mapping[str, Any], reasons: Mapping[str, Any] | None = None,
                 conditions: Mapping[str, Any] | None = None,
                 condition_reasons: Mapping[str, Any] | None = None) -> Entry:
    """The direct superior's points (by criterion code) and conditions (by code): a value that
    differs from the unit's own needs a reason; "" (or the unit's own value) keeps the unit's."""
    entry = _locked_entry(entry)
    _require_verifier(actor, entry)
    _refuse_locked(entry)
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("Đơn vị chưa gửi bảng tự chấm điểm."))
    scores, answers = _scores(entry), _answers(entry)
    reasons, conditions, condition_reasons = reasons or {}, conditions or {}, condition_reasons or {}
    errors: dict[str, str] = {}
    unknown = (set(points) - set(scores)) | (set(conditions) - set(answers))
    if unknown:
        errors["__all__"] = _unknown(unknown)
    plan: list[tuple[Score, Decimal | None, str]] = []
    for code, raw in points.items():
        if code not in scores:
            continue
        score = scores[code]
        try:
            value = parse_points(raw, score.criterion)
        except ValueError as exc:
            errors[f"points-{code}"] = str(exc)
            continue
        if value == score.self_points:
            value = None  # the unit's own points stand
        reason = _text(reasons.get(code), _("Lý do điều chỉnh"), REASON_MAX, True, errors, f"reason-{code}")
        if value is not None and not reason and f"reason-{code}" not in errors:
            errors[f"reason-{code}"] = _("Cần ghi lý do khi điều chỉnh điểm tiêu chí %(code)s.") % {"code": code}
        plan.append((score, value, reason if value is not None else ""))
    c_plan: list[tuple[ConditionAnswer, bool | None, str]] = []
    for code, raw in conditions.items():
        if code not in answers:
            continue
        answer = answers[code]
        try:
            met = _yes_no(raw)
        except ValueError as exc:
            errors[f"condition-{code}"] = str(exc)
            continue
        if met == answer.self_met:
            met = None
        reason = _text(condition_reasons.get(code), _("Lý do điều chỉnh"), REASON_MAX, True, errors,
                       f"condition-reason-{code}")
        if met is not None and not reason and f"condition-reason-{code}" not in errors:
            errors[f"condition-reason-{code}"] = _("Cần ghi lý do khi không công nhận điều kiện %(code)s.") % {
                "code": code}
        c_plan.append((answer, met, reason if met is not None else ""))
    _raise(errors)
    changed: list[dict[str, Any]] = []
    for score, value, reason in plan:
        if (score.verified_points, score.reason) != (value, reason):
            changed.append({"field": score.criterion.code, "old": scoring.verified_points(score),
                            "new": value if value is not None else score.self_points, "reason": reason})
            score.verified_points, score.reason = value, reason
            score.save(update_fields=["verified_points", "reason"])
    for answer, met, reason in c_plan:
        if (answer.verified_met, answer.reason) != (met, reason):
            changed.append({"field": answer.condition.code, "old": scoring.condition_met(answer),
                            "new": met if met is not None else answer.self_met, "reason": reason})
            answer.verified_met, answer.reason = met, reason
            answer.save(update_fields=["verified_met", "reason"])
    log_action(actor=actor, action="emulation.verified", obj=entry, unit=entry.unit, data={
        "changes": changed, "verified_total": scoring.verified_total(scores.values())})
    adjusted = [c["field"] for c in changed if c["reason"]]
    if adjusted:
        notices.entry_adjusted(entry, actor, adjusted)
    return entry


@transaction.atomic
def entry_return(*, actor: User, entry: Entry, reason: str) -> Entry:
    """Send a submitted entry back to the unit to correct its self-scoring."""
    entry = _locked_entry(entry)
    _require_verifier(actor, entry)
    _refuse_locked(entry)
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("Đơn vị chưa gửi bảng tự chấm điểm."))
    errors: dict[str, str] = {}
    text = _text(reason, _("Lý do trả lại"), REASON_MAX, True, errors, "reason")
    if not text and not errors:
        errors["reason"] = _("Cần ghi lý do trả lại.")
    _raise(errors)
    entry.status = Entry.Status.DRAFT
    entry.save(update_fields=["status"])
    log_action(actor=actor, action="emulation.returned", obj=entry, unit=entry.unit, data={
        "changes": [{"field": "status", "old": Entry.Status.SUBMITTED, "new": entry.status}], "reason": text})
    notices.entry_returned(entry, actor, text)
    return entry


@transaction.atomic
def entry_confirm(*, actor: User, entry: Entry) -> Entry:
    """The direct superior confirms the verified points: the total is fixed and every score locks."""
    entry = _locked_entry(entry)
    _require_verifier(actor, entry)
    _refuse_locked(entry)
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("Đơn vị chưa gửi bảng tự chấm điểm."))
    scores = list(entry.scores.all())
    entry.status = Entry.Status.CONFIRMED
    entry.verified_total = scoring.verified_total(scores)
    entry.confirmed_by, entry.confirmed_at = actor, timezone.now()
    entry.save(update_fields=["status", "verified_total", "confirmed_by", "confirmed_at"])
    log_action(actor=actor, action="emulation.confirmed", obj=entry, unit=entry.unit, data={
        "changes": [{"field": "status", "old": Entry.Status.SUBMITTED, "new": entry.status},
                    {"field": "verified_total", "old": None, "new": entry.verified_total}]})
    return entry


# --- proposals ----------------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(*, actor: User, proposer: Unit, unit: Unit, kind: str, reason: str,
                    award: AwardLevel | None = None, person_name: str = "", person_position: str = "",
                    employer: str = "", findings: Sequence[Activity] = ()) -> Proposal:
    """A superior's proposal to the province about a unit of its subtree: commend the unit (or a
    person of it: name and position) at an award level, or sanction the employer where it works,
    citing inspection findings recorded as activities."""
    deny_unless(may_propose(actor, proposer, unit))
    errors: dict[str, str] = {}
    text = _text(reason, _("Lý do"), REASON_MAX, True, errors, "reason")
    if not text and "reason" not in errors:
        errors["reason"] = _("Cần ghi lý do đề nghị.")
    name = _text(person_name, _("Họ và tên"), NAME_MAX, False, errors, "person_name")
    position = _text(person_position, _("Chức vụ"), NAME_MAX, False, errors, "person_position")
    employer_name = _text(employer, _("Người sử dụng lao động"), 300, False, errors, "employer")
    if name and not position and "person_position" not in errors:
        errors["person_position"] = _("Cần ghi chức vụ của người được đề nghị.")
    if position and not name and "person_name" not in errors:
        errors["person_name"] = _("Cần ghi họ và tên người được đề nghị.")
    sheet = None
    if kind == Proposal.Kind.COMMENDATION:
        if award is None:
            errors["award"] = _("Hãy chọn hình thức khen thưởng.")
        else:
            sheet = award.sheet
        employer_name = ""
        findings = ()
    elif kind == Proposal.Kind.SANCTION:
        award = None
        if not employer_name and "employer" not in errors:
            errors["employer"] = _("Cần ghi tên người sử dụng lao động, đơn vị vi phạm.")
        wrong = [a for a in findings if a.kind != Activity.Kind.INSPECTION or not a.unit.path.startswith(proposer.path)]
        if wrong:
            errors["findings"] = _("Chỉ dẫn được kết quả các cuộc kiểm tra, giám sát của đơn vị mình và cấp dưới.")
    else:
        errors["kind"] = _("Hãy chọn loại đề nghị.")
    _raise(errors)
    proposal = Proposal(kind=kind, sheet=sheet, proposer=proposer, unit=unit, award=award, person_name=name,
                        person_position=position, employer=employer_name, reason=text, created_by=actor)
    proposal.full_clean()
    proposal.save()
    if findings:
        proposal.findings.set(findings)
    log_action(actor=actor, action="proposal.created", obj=proposal, unit=proposer, data={
        "kind": kind, "unit": unit.code, "award": award.code if award else None, "person": name,
        "employer": employer_name, "reason": text, "findings": [a.pk for a in findings]})
    notices.proposal_made(proposal, actor)
    return proposal


@transaction.atomic
def proposal_decide(*, actor: User, proposal: Proposal, approve: bool, note: str = "") -> Proposal:
    """The province approves or rejects a proposal, with a note (required to reject)."""
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("unit", "proposer").get(pk=proposal.pk)
    deny_unless(may_decide_proposals(actor, proposal.unit))
    if proposal.status != Proposal.Status.PROPOSED:
        raise ValidationError(_("Đề nghị này đã được quyết định."))
    errors: dict[str, str] = {}
    text = _text(note, _("Ý kiến"), REASON_MAX, True, errors, "note")
    if not approve and not text and "note" not in errors:
        errors["note"] = _("Cần ghi lý do không chấp thuận.")
    _raise(errors)
    old = proposal.status
    proposal.status = Proposal.Status.APPROVED if approve else Proposal.Status.REJECTED
    proposal.decision_note, proposal.decided_by, proposal.decided_at = text, actor, timezone.now()
    proposal.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    log_action(actor=actor, action="proposal.approved" if approve else "proposal.rejected", obj=proposal,
               unit=proposal.proposer, data={"changes": [{"field": "status", "old": old, "new": proposal.status}],
                                             "note": text})
    return proposal

"""Writes to reports. The data-entry page, the API and the Excel importer all call these.

Every function checks the actor's right through greenplan.accounts.access, so no caller can
forget it, and runs in one transaction with the report row locked, so two editors cannot
overwrite each other.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenplan.accounts.access import Action, reporting_grant_path, require
from greenplan.accounts.models import User
from greenplan.audit.services import log_action
from greenplan.lib import files
from greenplan.lib.text import clean_text, field_label
from greenplan.notifications.models import Notification
from greenplan.notifications.services import approvers_above, notify, reporters_of
from greenplan.orgs.models import Unit
from greenplan.reporting import values as V
from greenplan.reporting.errors import InvalidValues, StaleVersion, WrongState
from greenplan.reporting.links import report_url
from greenplan.reporting.models import Period, Report, ReportAttachment, ReportEvent, ReportValue
from greenplan.reporting.rollup import report_status_changed

NARRATIVE_FIELDS = ("results", "difficulties", "proposals")
NARRATIVE_MAX = 20_000
COMMENT_MAX = NARRATIVE_MAX  # shown beside the return and reopen boxes (views._context, _decide.html)


@dataclass
class SaveResult:
    report: Report | None  # None: a unit without a report saved nothing, so none was created
    warnings: dict[str, str] = field(default_factory=dict)


def stored_values(report: Report | None) -> V.Values:
    if report is None or report.pk is None:
        return {}
    return dict(report.values.values_list("indicator__code", "value"))


def previous_values(unit: Unit, period: Period) -> V.Values:
    year, half = (period.year, 1) if period.half == 2 else (period.year - 1, 2)
    report = Report.objects.filter(unit=unit, period__year=year, period__half=half).first()
    return stored_values(report)


def changes_since(report: Report, version: int) -> list[dict]:
    events = report.events.filter(version__gt=version).select_related("actor").order_by("version")
    return [
        {
            "version": e.version,
            "kind": e.kind,
            "by": e.actor.username if e.actor else None,
            "at": e.at.isoformat(),
            "changes": e.changes,
        }
        for e in events
    ]


def counted_in(unit: Unit) -> list[int]:
    paths = [*unit.ancestor_paths(), unit.path]
    return list(Unit.objects.filter(path__in=paths).order_by("depth").values_list("pk", flat=True))


def _tell(report: Report, kind: str, users: list[User], title: str, body: str = "") -> None:
    notify(users=users, kind=kind, title=title, body=body, url=report_url(report.unit, report.period))


def _lock(unit: Unit, period: Period) -> Report | None:
    report = Report.objects.select_for_update().filter(unit=unit, period=period).first()
    if report is not None:  # the caller's objects: the audit entry and the notices need them, unread again
        report.unit, report.period = unit, period
    return report


def _bump(report: Report, kind: str, actor: User, comment: str = "", changes: list | None = None) -> None:
    report.version += 1
    report.save()
    ReportEvent.objects.create(
        report=report, version=report.version, kind=kind, actor=actor, comment=comment, changes=changes or []
    )
    _audit(report, kind, actor, comment, changes)


def _audit(report: Report, kind: str, actor: User, comment: str = "", changes: list | None = None) -> None:
    log_action(actor=actor, action=f"report.{kind}", obj=report, unit=report.unit,
               data={"version": report.version, "status": report.status, "comment": comment, "changes": changes})


def _parse_narrative(narrative: dict[str, Any] | None) -> tuple[dict[str, str], dict[str, str]]:
    parsed, errors = {}, {}
    for key, text in (narrative or {}).items():
        if key not in NARRATIVE_FIELDS:
            errors[key] = _("Mục thuyết minh không tồn tại.")
            continue
        label = field_label(Report, key)
        try:
            parsed[key] = clean_text(text, field=label, max_length=NARRATIVE_MAX, multiline=True)
        except ValueError as exc:
            errors[key] = str(exc)
    return parsed, errors


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


@transaction.atomic
def report_save(
    *,
    actor: User,
    unit: Unit,
    period: Period,
    version: int,
    values: dict[str, Any] | None = None,
    narrative: dict[str, Any] | None = None,
    note: str = "",
) -> SaveResult:
    """Save some values and narrative of a draft or returned report, as the version `version`.

    Values may be partial; None clears a value. Nothing is saved when anything is refused, and a
    save that changes nothing writes nothing: the version stays and no event is logged. `note`:
    where the values came from (e.g. the unit's activities), kept in the timeline event's comment.
    """
    require(actor, Action.REPORT, unit)
    if not period.is_open:
        raise WrongState(_("Kỳ báo cáo %(p)s đã đóng, không thể sửa báo cáo.") % {"p": period.code})
    report = _lock(unit, period)
    current = report.version if report else 0
    if version != current:
        raise StaleVersion(current, changes_since(report, version) if report else [])
    if report and not report.is_editable:
        raise WrongState(_("Báo cáo đã gửi hoặc đã duyệt nên không thể sửa."))

    catalogue = V.catalogue_for(unit)
    parsed, errors = V.parse_values(catalogue, values or {})
    texts, text_errors = _parse_narrative(narrative)
    errors.update(text_errors)
    old = stored_values(report)
    merged = {**old, **parsed}
    rule_errors, rule_warnings = V.check_rules(catalogue, merged)
    errors.update({k: v for k, v in rule_errors.items() if k not in errors})
    if errors:
        raise InvalidValues(errors)

    warnings = {**rule_warnings, **V.jump_warnings(catalogue, merged, previous_values(unit, period))}
    warnings = {k: v for k, v in warnings.items() if k in parsed or k in rule_warnings}
    value_changes = {code: new for code, new in parsed.items() if old.get(code) != new}
    text_changes = {key: text for key, text in texts.items() if (getattr(report, key) if report else "") != text}
    if not value_changes and not text_changes:
        return SaveResult(report, warnings)  # nothing to write: the version stays, others get no 409

    if report is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(unit=unit, period=period, version=0)
        except IntegrityError:  # another editor created it a moment ago
            raise StaleVersion(1, []) from None
    changes = _apply_values(report, catalogue, old, value_changes)
    for key, text in text_changes.items():
        changes.append({"field": key, "old": getattr(report, key), "new": text})
        setattr(report, key, text)
    comment = "\n".join(filter(None, [note, _on_behalf(actor, report)]))
    _bump(report, ReportEvent.Kind.SAVED, actor, comment=comment, changes=changes)
    return SaveResult(report, warnings)


def _apply_values(report: Report, catalogue: V.Catalogue, old: V.Values, parsed: V.Values) -> list[dict]:
    changes = []
    to_create = []
    for code, new in parsed.items():
        before = old.get(code)
        changes.append({"field": code, "old": _text(before), "new": _text(new)})
        indicator = catalogue.indicators[code]
        if new is None:
            ReportValue.objects.filter(report=report, indicator=indicator).delete()
        elif before is None:
            to_create.append(ReportValue(report=report, indicator=indicator, value=new))
        else:
            ReportValue.objects.filter(report=report, indicator=indicator).update(value=new)
    ReportValue.objects.bulk_create(to_create)
    return changes


def _locked_for_action(unit: Unit, period: Period, version: int | None) -> Report:
    report = _lock(unit, period)
    if report is None:
        raise WrongState(_("Đơn vị chưa có báo cáo kỳ %(p)s.") % {"p": period.code})
    if version is not None and version != report.version:
        raise StaleVersion(report.version, changes_since(report, version))
    return report


@transaction.atomic
def report_submit(*, actor: User, unit: Unit, period: Period, version: int | None = None) -> Report:
    """Send a draft or returned report to the superior; every required indicator must be filled."""
    require(actor, Action.REPORT, unit)
    if not period.is_open:
        raise WrongState(_("Kỳ báo cáo %(p)s đã đóng, không thể gửi báo cáo.") % {"p": period.code})
    report = _locked_for_action(unit, period, version)
    if not report.is_editable:
        raise WrongState(_("Báo cáo đã được gửi hoặc đã duyệt."))
    catalogue = V.catalogue_for(unit)
    current = stored_values(report)
    errors = V.missing_required(catalogue, current)
    rule_errors, _warnings = V.check_rules(catalogue, current)
    errors.update(rule_errors)
    if errors:
        raise InvalidValues(errors, _("Báo cáo chưa đủ hoặc chưa đúng, chưa gửi được."))
    now = timezone.now()
    old_status = report.status
    report.status = Report.Status.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    report.return_comment = ""
    if not report.counted_in:
        report.counted_in = counted_in(unit)
    _bump(report, ReportEvent.Kind.SUBMITTED, actor)
    report_status_changed(report, old_status, values={k: v for k, v in current.items() if v is not None})
    _tell(report, Notification.Kind.PENDING, approvers_above(unit),
          _("%(unit)s đã gửi báo cáo %(period)s, chờ duyệt") % {"unit": unit.name, "period": period.code})
    return report


@transaction.atomic
def report_approve(*, actor: User, unit: Unit, period: Period, version: int | None = None) -> Report:
    """Approve a submitted report; it is locked from then on."""
    require(actor, Action.APPROVE, unit)
    report = _locked_for_action(unit, period, version)
    if report.status != Report.Status.SUBMITTED:
        raise WrongState(_("Chỉ duyệt được báo cáo đã gửi và đang chờ duyệt."))
    old_status = report.status
    report.status = Report.Status.APPROVED
    report.decided_at = timezone.now()
    report.decided_by = actor
    _bump(report, ReportEvent.Kind.APPROVED, actor)
    report_status_changed(report, old_status)
    _tell(report, Notification.Kind.APPROVED, reporters_of(unit),
          _("Báo cáo %(period)s của %(unit)s đã được duyệt") % {"unit": unit.name, "period": period.code})
    return report


def _clean_comment(comment: str | None) -> str:
    try:
        comment = clean_text(comment, field=_("Lý do"), max_length=COMMENT_MAX, multiline=True)
    except ValueError as exc:
        raise InvalidValues({"comment": str(exc)}) from None
    if not comment:
        raise InvalidValues({"comment": _("Hãy ghi lý do để đơn vị biết cần sửa gì.")})
    return comment


def _send_back(
    *, actor: User, unit: Unit, period: Period, comment: str | None, version: int | None,
    from_status: str, refusal: str, kind: str, title: str,
) -> Report:
    """Return a submitted report, or reopen an approved one: the unit may edit it again."""
    require(actor, Action.APPROVE, unit)
    comment = _clean_comment(comment)
    report = _locked_for_action(unit, period, version)
    if report.status != from_status:
        raise WrongState(refusal)
    report.status = Report.Status.RETURNED
    report.return_comment = comment
    report.decided_at = timezone.now()
    report.decided_by = actor
    _bump(report, kind, actor, comment=comment)
    report_status_changed(report, from_status)
    _tell(report, Notification.Kind.RETURNED, reporters_of(unit),
          title % {"unit": unit.name, "period": period.code}, comment)
    return report


@transaction.atomic
def report_return(
    *, actor: User, unit: Unit, period: Period, comment: str | None, version: int | None = None
) -> Report:
    """Send a submitted report back to its unit with the reason."""
    return _send_back(
        actor=actor, unit=unit, period=period, comment=comment, version=version,
        from_status=Report.Status.SUBMITTED, kind=ReportEvent.Kind.RETURNED,
        refusal=_("Chỉ trả lại được báo cáo đã gửi và đang chờ duyệt."),
        title=_("Báo cáo %(period)s của %(unit)s bị trả lại"),
    )


@transaction.atomic
def report_reopen(
    *, actor: User, unit: Unit, period: Period, comment: str | None, version: int | None = None
) -> Report:
    """Unlock an approved report so its unit can correct it; the timeline keeps the reason."""
    return _send_back(
        actor=actor, unit=unit, period=period, comment=comment, version=version,
        from_status=Report.Status.APPROVED, kind=ReportEvent.Kind.REOPENED,
        refusal=_("Chỉ mở lại được báo cáo đã duyệt."),
        title=_("Báo cáo %(period)s của %(unit)s được mở lại để sửa"),
    )


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_KINDS = (files.PDF, files.DOCX, files.XLSX, files.JPEG, files.PNG)
ALLOWED_EXTENSIONS = tuple(ext for kind in ATTACHMENT_KINDS for ext in kind.extensions)


def _check_file(file: UploadedFile) -> str:
    try:
        checked = files.check_upload(file, kinds=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
    except files.FileRefused as exc:
        raise InvalidValues({"file": exc.message}) from None
    return checked.name[-255:]


@transaction.atomic
def report_attach(*, actor: User, unit: Unit, period: Period, file: UploadedFile) -> ReportAttachment:
    """Attach a file to a draft or returned report of an open period, and log it on the timeline.

    Attaching adds evidence but changes no value or narrative, so it does not move the report's
    version: someone typing figures at the same time is not refused for it. A unit with no report
    yet gets one (version 1), as with a first save.
    """
    require(actor, Action.REPORT, unit)
    if not period.is_open:
        raise WrongState(_("Kỳ báo cáo %(p)s đã đóng, không thể sửa báo cáo.") % {"p": period.code})
    name = _check_file(file)
    report = _lock(unit, period)
    if report is not None and not report.is_editable:
        raise WrongState(_("Báo cáo đã gửi hoặc đã duyệt nên không thể sửa."))
    change = [{"field": "attachment", "old": None, "new": name}]
    if report is None:
        try:
            with transaction.atomic():
                report = Report.objects.create(unit=unit, period=period, version=0)
        except IntegrityError:  # another editor created it a moment ago
            report = Report.objects.select_for_update().get(unit=unit, period=period)
        if report.version == 0:
            _bump(report, ReportEvent.Kind.ATTACHED, actor, comment=_on_behalf(actor, report), changes=change)
            change = []
    attachment = ReportAttachment(report=report, name=name, uploaded_by=actor)
    attachment.file.save(name, file, save=False)
    attachment.save()
    if change:
        ReportEvent.objects.create(
            report=report, version=report.version, kind=ReportEvent.Kind.ATTACHED, actor=actor, changes=change,
            comment=_on_behalf(actor, report),
        )
        _audit(report, ReportEvent.Kind.ATTACHED, actor, changes=change)
    return attachment


@dataclass
class PartialSave:
    report: Report | None
    warnings: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _blame(catalogue: V.Catalogue, errors: dict[str, str], sent: set[str]) -> dict[str, str]:
    """Errors keyed by what was sent: a rule broken by a sent right-hand figure against a stored
    left-hand one is the sent figure's error, since that is the one to hold back."""
    blamed = {}
    for key, message in errors.items():
        if key in sent:
            blamed[key] = message
            continue
        for rule in catalogue.rules:
            if rule.left.code == key and rule.right.code in sent:
                blamed.setdefault(rule.right.code, message)
    return blamed


@transaction.atomic
def report_save_valid(
    *,
    actor: User,
    unit: Unit,
    period: Period,
    version: int,
    values: dict[str, Any] | None = None,
    narrative: dict[str, Any] | None = None,
) -> PartialSave:
    """Save every valid value and narrative of an entry and hold back the invalid ones, returned
    as `errors` — the entry page's autosave, where one wrong figure must not cost the others.

    Each attempt goes through report_save (so every rule is checked as for any save) inside this
    one transaction with the report locked throughout: what is saved is consistent as a whole,
    in one version. Raises InvalidValues when nothing valid is left to save.
    """
    _lock(unit, period)
    catalogue = V.catalogue_for(unit)
    values, narrative = dict(values or {}), dict(narrative or {})
    held: dict[str, str] = {}
    while True:
        try:
            result = report_save(actor=actor, unit=unit, period=period, version=version,
                                 values=values, narrative=narrative)
        except InvalidValues as exc:
            blamed = _blame(catalogue, exc.errors, set(values) | set(narrative))
            if not blamed:
                raise InvalidValues({**held, **exc.errors}) from None
            held.update(blamed)
            values = {k: v for k, v in values.items() if k not in blamed}
            narrative = {k: v for k, v in narrative.items() if k not in blamed}
            if not values and not narrative:
                raise InvalidValues(held) from None
            continue
        return PartialSave(result.report, result.warnings, held)


def on_behalf_from(user: User, unit: Unit) -> Unit | None:
    """The superior unit through which `user` enters `unit`'s report, or None when the user holds
    a role on the unit itself. Superiors may type for small unions; the unit must be told."""
    path = reporting_grant_path(user, unit)
    if path is None or path == unit.path:
        return None
    return Unit.objects.filter(path=path).first()


def _on_behalf(actor: User, report: Report) -> str:
    """When a superior enters the report: the text its timeline events carry, and a notification
    to the unit, once a day per superior and report (not per keystroke of the autosave)."""
    source = on_behalf_from(actor, report.unit)
    if source is None:
        return ""
    unit, period = report.unit, report.period
    text = _("%(user)s (%(source)s) nhập thay cho %(unit)s.") % {"user": actor, "source": source.name,
                                                                "unit": unit.name}
    key = f"on-behalf:{report.pk}:{actor.pk}:{timezone.localdate().isoformat()}"
    notify(users=[u for u in reporters_of(unit) if u.pk != actor.pk], kind=Notification.Kind.ON_BEHALF,
           title=_("Cấp trên đang nhập báo cáo %(period)s thay cho %(unit)s") % {"period": period.code,
                                                                              "unit": unit.name},
           body=text, url=report_url(unit, period), dedupe_key=key)
    return text


@transaction.atomic
def report_detach(*, actor: User, attachment: ReportAttachment) -> None:
    """Delete a wrong attachment from a draft or returned report of an open period; the timeline
    keeps its name. Like attaching, it does not move the report's version."""
    unit, period = attachment.report.unit, attachment.report.period
    require(actor, Action.REPORT, unit)
    if not period.is_open:
        raise WrongState(_("Kỳ báo cáo %(p)s đã đóng, không thể sửa báo cáo.") % {"p": period.code})
    report = _lock(unit, period)
    if report is None or not report.is_editable:
        raise WrongState(_("Báo cáo đã gửi hoặc đã duyệt nên không thể xóa tệp."))
    name, storage, path = attachment.name, attachment.file.storage, attachment.file.name
    attachment.delete()
    if path:
        transaction.on_commit(lambda: storage.delete(path))
    ReportEvent.objects.create(report=report, version=report.version, kind=ReportEvent.Kind.DETACHED, actor=actor,
                               changes=[{"field": "attachment", "old": name, "new": None}],
                               comment=_on_behalf(actor, report))
    _audit(report, ReportEvent.Kind.DETACHED, actor, changes=[{"field": "attachment", "old": name, "new": None}])

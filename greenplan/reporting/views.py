"""The report pages: the user's reports, one report (entry form or read-only), its files.

Every write goes through greenplan.reporting.services, which checks rights, versions, states
and values; their refusals become messages on the page, never server errors. Draft autosave is
an htmx post of the whole form to the same view, answered with out-of-band fragments (version,
per-field messages, derived ratios, save status, timeline) so the field being typed in keeps
its focus and its text.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenplan.accounts.access import deny_unless, may_approve_any, may_approve_report, may_edit_report
from greenplan.accounts.http import SignedInRequest
from greenplan.lib.files import attachment_response
from greenplan.lib.i18n import localized
from greenplan.lib.text import limit_help
from greenplan.orgs.models import Unit
from greenplan.reporting import duties, selectors
from greenplan.reporting import services as S
from greenplan.reporting import values as V
from greenplan.reporting.errors import InvalidValues, StaleVersion, WrongState
from greenplan.reporting.links import report_url
from greenplan.reporting.models import Period, Report
from greenplan.reporting.selectors import report_context
from greenplan.reporting.services import ALLOWED_EXTENSIONS, report_attach

DECISIONS = ("approve", "return", "reopen")


@login_required
def index(request: SignedInRequest) -> HttpResponse:
    rows, links = selectors.reports_for_user(request.user)
    return render(request, "reporting/index.html", {"rows": rows, "links": links})


QUEUE_PAGE = 50


def _queued(request: HttpRequest) -> bool:
    """The approver came through the queue: after a decision the next report opens."""
    return (request.POST if request.method == "POST" else request.GET).get("queue") == "1"


def _queue_stop(report: Report | None) -> str:
    if report is None:
        return reverse("reporting:queue")
    return f"{report_url(report.unit, report.period)}?queue=1"


@login_required
@require_GET
def queue(request: SignedInRequest) -> HttpResponse:
    """The reports waiting for the user's decision, oldest first, and a start for the queue."""
    deny_unless(may_approve_any(request.user))
    waiting = duties.awaiting_approval(request.user)
    page = Paginator(waiting, QUEUE_PAGE).get_page(request.GET.get("page"))
    return render(request, "reporting/queue.html", {"page": page, "total": page.paginator.count})


@login_required
@require_GET
def queue_next(request: SignedInRequest) -> HttpResponse:
    """Pass over a report of the queue (`after`, a report id): open the next one waiting."""
    deny_unless(may_approve_any(request.user))
    after = None
    if request.GET.get("after", "").isdigit():
        after = duties.awaiting_approval(request.user).filter(pk=int(request.GET["after"])).first()
    return redirect(_queue_stop(duties.next_awaiting(request.user, after)))


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj, period_obj, _report = report_context(request.user, unit, period)
    with V.catalogues_cached():  # the form, the services and the page need the catalogue: read it once
        if request.method == "GET":
            return _render(request, unit_obj, period_obj)
        action = request.POST.get("action", "save")
        if action in DECISIONS:
            return _decide(request, unit_obj, period_obj, action)
        return _save(request, unit_obj, period_obj, submit=action == "submit")


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # a missing or forged version is never current: refused as stale


def _current(unit: Unit, period: Period) -> Report | None:
    return Report.objects.filter(unit=unit, period=period).select_related("decided_by").first()


def _changed(unit: Unit, report: Report | None, typed: dict[str, str],
             texts: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """What the form holds that differs from the stored report: only that is saved, so an
    autosave of an untouched form writes nothing and a value left as it was is not re-sent."""
    catalogue = V.catalogue_for(unit)
    stored = S.stored_values(report)
    values: dict[str, Any] = {}
    for code, raw in typed.items():
        try:
            if V.parse_value(catalogue.indicators[code], raw) == stored.get(code):
                continue
        except ValueError:
            pass  # sent as typed: the service answers with the message
        values[code] = raw
    narrative = {key: text for key, text in texts.items() if text.strip() != (getattr(report, key) if report else "")}
    return values, narrative


def _save(request: SignedInRequest, unit: Unit, period: Period, submit: bool) -> HttpResponse:
    """Save the form (autosave, Ctrl+S, the save button) and, when asked, submit the report."""
    version = _version(request)
    entered = [i.code for i in V.catalogue_for(unit).entered]
    typed = {code: request.POST[code] for code in entered if code in request.POST}
    # Browsers send a textarea's line breaks as CRLF; counted as typed (LF), as the page's counter does.
    texts = {key: request.POST[key].replace("\r\n", "\n") for key in S.NARRATIVE_FIELDS if key in request.POST}
    report = _current(unit, period)
    warnings: dict[str, str] = {}
    held: dict[str, str] = {}
    submitting = False
    try:
        values, narrative = _changed(unit, report, typed, texts)
        if values or narrative:
            result = S.report_save_valid(actor=request.user, unit=unit, period=period, version=version,
                                         values=values, narrative=narrative)
            if result.report is not None:  # None: nothing to save for a unit without a report
                report, version = result.report, result.report.version
            warnings, held = result.warnings, result.errors
        elif version != (report.version if report else 0):
            raise StaleVersion(report.version if report else 0, S.changes_since(report, version) if report else [])
        if held:  # the rest is saved; the invalid fields keep what was typed, marked, and are not sent on
            return _answer(request, unit, period, status=422, version=version, typed=typed, texts=texts,
                           errors=held, warnings=warnings, saved=True,
                           message=_("Đã lưu các ô hợp lệ; những ô được đánh dấu chưa được lưu."))
        if submit:
            submitting = True
            S.report_submit(actor=request.user, unit=unit, period=period, version=version)
    except InvalidValues as exc:
        if submitting:
            typed, texts = {}, {}  # the form was saved: show the stored figures with what is missing
        return _answer(request, unit, period, status=422, version=version, typed=typed, texts=texts,
                       errors=exc.errors, message=exc.message)
    except StaleVersion as exc:
        return _answer(request, unit, period, status=409, version=version, typed=typed, texts=texts,
                       stale=selectors.describe_stale(exc.changes), message=exc.message)
    except (WrongState, PermissionDenied) as exc:
        return _refused(request, unit, period, exc)
    if submit:
        messages.success(request, _("Đã gửi báo cáo lên cấp trên."))
        return redirect(request.path)
    if request.htmx:
        return _answer(request, unit, period, version=version, warnings=warnings, saved=True)
    messages.success(request, _("Đã lưu báo cáo (phiên bản %(v)s).") % {"v": version})
    return redirect(request.path)


def _decide(request: SignedInRequest, unit: Unit, period: Period, action: str) -> HttpResponse:
    """An approver approves, returns (with a reason) or reopens (with a reason) the report."""
    version = _version(request)
    comment = request.POST.get("comment", "")
    try:
        if action == "approve":
            S.report_approve(actor=request.user, unit=unit, period=period, version=version)
            done = _("Đã duyệt báo cáo.")
        elif action == "return":
            S.report_return(actor=request.user, unit=unit, period=period, version=version, comment=comment)
            done = _("Đã trả lại báo cáo cho đơn vị.")
        else:
            S.report_reopen(actor=request.user, unit=unit, period=period, version=version, comment=comment)
            done = _("Đã mở lại báo cáo để đơn vị sửa.")
    except InvalidValues as exc:
        return _render(request, unit, period, status=422, decision_error=exc.errors.get("comment", exc.message),
                       decision=action, comment=comment)
    except StaleVersion as exc:
        return _render(request, unit, period, status=409, stale=selectors.describe_stale(exc.changes),
                       message=exc.message)
    except (WrongState, PermissionDenied) as exc:
        return _refused(request, unit, period, exc)
    messages.success(request, done)
    if _queued(request) and action != "reopen":
        return redirect(_queue_stop(duties.next_awaiting(request.user, _current(unit, period))))
    return redirect(request.path)


def _refusal_text(exc: Exception) -> str:
    if isinstance(exc, WrongState):
        return exc.message
    return str(exc) or _("Bạn không có quyền thực hiện việc này với báo cáo của đơn vị này.")


def _refusal_status(exc: Exception) -> int:
    return 403 if isinstance(exc, PermissionDenied) else 409


def _refused(request: SignedInRequest, unit: Unit, period: Period, exc: Exception) -> HttpResponse:
    if request.htmx:
        return _answer(request, unit, period, status=409, version=_version(request), message=_refusal_text(exc),
                       reload=True)
    messages.error(request, _refusal_text(exc))
    return redirect(request.path)


def _answer(request: SignedInRequest, unit: Unit, period: Period, *, status: int = 200, **kwargs: Any) -> HttpResponse:
    """The answer to a save: out-of-band fragments for htmx, else the whole page again."""
    if not request.htmx:
        return _render(request, unit, period, status=status, **kwargs)
    report = _current(unit, period)
    ctx = _context(request, unit, period, report, **kwargs)
    ctx["saved_at"] = timezone.localtime(report.updated_at) if report and kwargs.get("saved") else None
    return render(request, "reporting/_saved.html", ctx, status=status)


def _render(request: SignedInRequest, unit: Unit, period: Period, *, status: int = 200, **kwargs: Any) -> HttpResponse:
    report = _current(unit, period)
    ctx = _context(request, unit, period, report, **kwargs)
    return render(request, "reporting/report.html", ctx, status=status)


def _context(
    request: SignedInRequest,
    unit: Unit,
    period: Period,
    report: Report | None,
    *,
    version: int | None = None,
    typed: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    warnings: dict[str, str] | None = None,
    stale: list | None = None,
    message: str = "",
    saved: bool = False,
    reload: bool = False,
    decision: str = "",
    decision_error: str = "",
    comment: str = "",
) -> dict[str, Any]:
    user = request.user
    editable = may_edit_report(user, unit) and period.is_open and (report is None or report.is_editable)
    errors = errors or {}
    groups = selectors.report_fields(unit, period, report, typed, errors, warnings)
    names = {f.indicator.code: localized(f.indicator) for g in groups for f in g.fields}
    texts = texts or {}
    labels = selectors.narrative_labels()
    narrative = []
    for key in S.NARRATIVE_FIELDS:
        text = texts.get(key, getattr(report, key) if report else "")
        narrative.append({"key": key, "label": labels[key], "text": text, "error": errors.get(key, ""),
                          "length": selectors.format_number(Decimal(len(text)))})
    today = timezone.localdate()
    first = report.first_submitted_at if report else None
    return {
        "unit": unit,
        "period": period,
        "report": report,
        "status": report.status if report else Report.Status.DRAFT.value,
        "status_label": report.get_status_display() if report else _("Chưa có báo cáo"),
        "version": version if version is not None else (report.version if report else 0),
        "editable": editable,
        "on_behalf": S.on_behalf_from(user, unit) if editable else None,
        "narrative_max": selectors.format_number(Decimal(S.NARRATIVE_MAX)),
        "narrative_limit": S.NARRATIVE_MAX,
        # Shown, not a maxlength: the browser would silently cut a longer paste.
        "comment_limit": limit_help(S.COMMENT_MAX),
        "can_approve": may_approve_report(user, unit),
        "groups": groups,
        "narrative": narrative,
        "error_list": [(code, names.get(code, labels.get(code, code)), text) for code, text in errors.items()],
        "stale": stale,
        "message": message,
        "saved": saved,
        "reload": reload,
        "on_time": None if first is None else not selectors.deadline_passed(period, first),
        "overdue": first is None and today > period.deadline,
        "timeline": selectors.report_timeline(report),
        "attachments": selectors.report_attachments(report),
        "accept": ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS),
        "decision": decision,
        "decision_error": decision_error,
        "comment": comment,
        "queue": _queue_context(request, report),
    }


def _queue_context(request: SignedInRequest, report: Report | None) -> dict[str, Any] | None:
    """Where the approver stands in the queue, when they came through it (`?queue=1`)."""
    if not _queued(request) or report is None or report.status != Report.Status.SUBMITTED:
        return None
    return {"left": duties.awaiting_approval(request.user).count(), "report": report}


def _files_changed(request: SignedInRequest, unit: Unit, period: Period, back: str, *, status: int = 200,
                   error: str = "", done: str = "") -> HttpResponse:
    """In place (htmx): the file list, the message beside the upload box and the timeline, so the
    figures being typed stay on the page. Without JavaScript: back to the page with a message."""
    if not request.htmx:
        (messages.error if error else messages.success)(request, error or done)
        return redirect(back)
    report = _current(unit, period)
    editable = may_edit_report(request.user, unit) and period.is_open and (report is None or report.is_editable)
    ctx = {"unit": unit, "period": period, "editable": editable, "upload_error": error, "upload_done": done,
           "attachments": selectors.report_attachments(report), "timeline": selectors.report_timeline(report)}
    return render(request, "reporting/_files_changed.html", ctx, status=status)


@login_required
@require_POST
def upload(request: SignedInRequest, unit: str, period: str) -> HttpResponse:
    unit_obj, period_obj, _report = report_context(request.user, unit, period)
    file = request.FILES.get("file")
    back = report_url(unit_obj, period_obj, "attachments")
    if file is None:
        return _files_changed(request, unit_obj, period_obj, back, status=422, error=_("Hãy chọn tệp để tải lên."))
    try:
        attachment = report_attach(actor=request.user, unit=unit_obj, period=period_obj, file=file)
    except InvalidValues as exc:
        return _files_changed(request, unit_obj, period_obj, back, status=422,
                              error=exc.errors.get("file", exc.message))
    except (WrongState, PermissionDenied) as exc:
        return _files_changed(request, unit_obj, period_obj, back, status=_refusal_status(exc),
                              error=_refusal_text(exc))
    return _files_changed(request, unit_obj, period_obj, back,
                          done=_("Đã đính kèm tệp %(name)s.") % {"name": attachment.name})


@login_required
@require_POST
def detach(request: SignedInRequest, unit: str, period: str, pk: int) -> HttpResponse:
    attachment = selectors.attachment_for_user(request.user, unit, period, pk)
    report = attachment.report
    back = report_url(report.unit, report.period, "attachments")
    try:
        S.report_detach(actor=request.user, attachment=attachment)
    except (WrongState, PermissionDenied) as exc:
        return _files_changed(request, report.unit, report.period, back, status=_refusal_status(exc),
                              error=_refusal_text(exc))
    return _files_changed(request, report.unit, report.period, back,
                          done=_("Đã xóa tệp %(name)s.") % {"name": attachment.name})


@login_required
def download(request: SignedInRequest, unit: str, period: str, pk: int) -> FileResponse:
    attachment = selectors.attachment_for_user(request.user, unit, period, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(pk) from None
    return attachment_response(handle, attachment.name)

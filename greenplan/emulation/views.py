"""The emulation pages: movements, a unit's entry (register, self-score with evidence, the
direct superior's verification and confirmation), the ranking of a unit's subordinates, and
the proposals to commend or sanction with the province's decision and export.

Reading needs the VIEW right on the unit (403 outside the scope, 404 unknown); every write goes
through greenplan.emulation.services, which asks greenplan.accounts.access.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenplan.accounts.access import (
    may_decide_proposals,
    may_edit_emulation_sheet,
    may_propose,
    may_self_score,
    may_verify_scores,
    scope_roots,
)
from greenplan.accounts.http import SignedInRequest
from greenplan.activities.models import Activity
from greenplan.emulation import exports
from greenplan.emulation import selectors as sel
from greenplan.emulation import services as S
from greenplan.emulation.models import Entry, Proposal, Sheet
from greenplan.lib.exporters import export_links, requested_format
from greenplan.lib.files import attachment_response
from greenplan.lib.i18n import localized
from greenplan.orgs.models import Unit
from greenplan.orgs.selectors import unit_ancestors
from greenplan.reporting.models import Indicator, Report
from greenplan.reporting.selectors import format_number


def _entry_url(sheet: Sheet, unit: Unit) -> str:
    return reverse("emulation:entry", args=[sheet.movement.code, sheet.year, unit.code])


def _errors(request: SignedInRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_GET
def index(request: SignedInRequest) -> HttpResponse:
    roots = scope_roots(request.user)
    return render(request, "emulation/index.html", {"sheets": list(sel.sheets()), "roots": roots})


@login_required
@require_GET
def sheet_detail(request: SignedInRequest, movement: str, year: int) -> HttpResponse:
    sheet = sel.sheet_of(movement, year)
    awards, _required = sel.sheet_awards(sheet)
    return render(request, "emulation/sheet.html", {
        "sheet": sheet, "groups": sel.sheet_groups(sheet), "awards": awards,
        "conditions": list(sheet.conditions.all()), "total": format_number(S.sheet_max(sheet)),
        "roots": scope_roots(request.user), "may_edit": may_edit_emulation_sheet(request.user),
    })


def _entry_context(request: SignedInRequest, sheet: Sheet, unit: Unit) -> dict[str, Any]:
    entry = sel.entry_of(sheet, unit)
    user = request.user
    ctx: dict[str, Any] = {
        "sheet": sheet, "unit": unit, "entry": entry, "groups": sel.sheet_groups(sheet),
        "may_score": may_self_score(user, unit) and sheet.is_open,
        "may_verify": may_verify_scores(user, unit),
        "parent": unit_ancestors(unit)[-1] if unit.depth > 1 else None,
    }
    if entry is not None:
        scores = {s.criterion_id: s for s in entry.scores.all()}
        rows = []
        for group in ctx["groups"]:
            rows.append({"group": group, "criteria": [(c, scores.get(c.pk)) for c in group.criteria.all()]})
        ctx.update({
            "rows": rows, "answers": list(entry.answers.all()),
            "results": sel.eligibility_of(entry),
            "editable": ctx["may_score"] and entry.status == Entry.Status.DRAFT,
            "removable": ctx["may_score"] and not entry.locked,
            "verifying": ctx["may_verify"] and entry.status == Entry.Status.SUBMITTED,
            "verified_total": format_number(S.scoring.verified_total(scores.values())),
            "activities": list(Activity.objects.filter(unit=unit).order_by("-start_on")[:100]),
            "reports": list(Report.objects.filter(unit=unit).select_related("period").order_by("-period__code")),
            "indicators": list(Indicator.objects.filter(retired_at__isnull=True).order_by("group", "code")),
        })
    return ctx


@login_required
@require_GET
def entry_page(request: SignedInRequest, movement: str, year: int, unit: str) -> HttpResponse:
    sheet = sel.sheet_of(movement, year)
    unit_obj = sel.entry_unit(request.user, unit)
    return render(request, "emulation/entry.html", _entry_context(request, sheet, unit_obj))


def _entry_or_404(sheet: Sheet, unit: Unit) -> Entry:
    entry = sel.entry_of(sheet, unit)
    if entry is None:
        raise Http404(unit.code)
    return entry


def _posted(request: SignedInRequest, prefix: str) -> dict[str, str]:
    return {key[len(prefix):]: request.POST.get(key, "") for key in request.POST if key.startswith(prefix)}


@login_required
@require_POST
def entry_action(request: SignedInRequest, movement: str, year: int, unit: str, action: str) -> HttpResponse:
    """register · score · submit · verify · return · confirm · evidence · link · unlink (remove evidence)."""
    sheet = sel.sheet_of(movement, year)
    unit_obj = sel.entry_unit(request.user, unit)
    actor = request.user
    try:
        if action == "register":
            S.entry_register(actor=actor, sheet=sheet, unit=unit_obj)
            messages.success(request, _("Đã đăng ký tham gia phong trào."))
            return redirect(_entry_url(sheet, unit_obj))
        entry = _entry_or_404(sheet, unit_obj)
        if action == "score":
            S.entry_self_score(actor=actor, entry=entry, points=_posted(request, "points-"),
                               notes=_posted(request, "note-"), conditions=_posted(request, "condition-"))
            messages.success(request, _("Đã lưu điểm tự chấm."))
        elif action == "submit":
            S.entry_submit(actor=actor, entry=entry)
            messages.success(request, _("Đã gửi bảng tự chấm điểm cho cấp trên thẩm định."))
        elif action == "verify":
            conditions = {k: v for k, v in _posted(request, "condition-").items() if not k.startswith("reason-")}
            S.entry_verify(actor=actor, entry=entry, points=_posted(request, "points-"),
                           reasons=_posted(request, "reason-"), conditions=conditions,
                           condition_reasons=_posted(request, "condition-reason-"))
            messages.success(request, _("Đã lưu điểm thẩm định."))
        elif action == "return":
            S.entry_return(actor=actor, entry=entry, reason=request.POST.get("reason", ""))
            messages.success(request, _("Đã trả lại bảng điểm cho đơn vị."))
        elif action == "confirm":
            S.entry_confirm(actor=actor, entry=entry)
            messages.success(request, _("Đã xác nhận và khóa điểm."))
        elif action == "evidence":
            S.evidence_attach(actor=actor, entry=entry, criterion=request.POST.get("criterion", ""),
                              files=request.FILES.getlist("files"))
            messages.success(request, _("Đã thêm minh chứng."))
        elif action == "link":
            _link(request, entry)
            messages.success(request, _("Đã thêm minh chứng."))
        elif action == "unlink":
            S.evidence_remove(actor=actor, entry=entry, file_id=_int(request.POST.get("file")),
                              link_id=_int(request.POST.get("link")))
            messages.success(request, _("Đã gỡ minh chứng."))
        else:
            raise Http404(action)
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(_entry_url(sheet, unit_obj))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _link(request: SignedInRequest, entry: Entry) -> None:
    criterion = request.POST.get("criterion", "")
    activity_id, report_id = _int(request.POST.get("activity")), _int(request.POST.get("report"))
    activity = Activity.objects.filter(pk=activity_id, unit=entry.unit).first() if activity_id else None
    report = Report.objects.filter(pk=report_id, unit=entry.unit).first() if report_id else None
    indicator = Indicator.objects.filter(code=request.POST.get("indicator", "")).first() if report else None
    S.evidence_link(actor=request.user, entry=entry, criterion=criterion, activity=activity, report=report,
                    indicator=indicator)


@login_required
@require_GET
def evidence_file(request: SignedInRequest, movement: str, year: int, unit: str, pk: int) -> FileResponse:
    sheet = sel.sheet_of(movement, year)
    unit_obj = sel.entry_unit(request.user, unit)
    entry = _entry_or_404(sheet, unit_obj)
    found = next((f for s in entry.scores.all() for f in s.files.all() if f.pk == pk), None)
    if found is None:
        raise Http404(pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404(pk) from None
    return attachment_response(handle, found.name)


RANKING_PAGE = 50


def _chart(rows: list[sel.RankRow]) -> dict[str, Any]:
    scored = [r for r in rows if r.self_score is not None or r.verified_score is not None]
    return {
        "labels": [r.unit.code for r in scored],
        "self": [float(r.self_score) if r.self_score is not None else None for r in scored],
        "verified": [float(r.verified_score) if r.verified_score is not None else None for r in scored],
        "names": {"self": _("Tự chấm"), "verified": _("Cấp trên thẩm định")},
    }


@login_required
@require_GET
def ranking_page(request: SignedInRequest, movement: str, year: int, unit: str) -> HttpResponse:
    """The unit's direct subordinates; with `?level=grassroots|upper`, every unit of that level in
    its whole subtree, ranked together and paged (the export holds every row)."""
    sheet = sel.sheet_of(movement, year)
    unit_obj = sel.entry_unit(request.user, unit)
    level = request.GET.get("level", "")
    fmt = requested_format(request)
    if fmt:
        rows = sel.level_ranking(sheet, unit_obj, level) if level else sel.ranking(sheet, unit_obj)
        return exports.RankingExporter(sheet, unit_obj, rows, level).response(fmt)
    page = None
    if level:  # ranked in the database: only the shown page's rows are built
        page = sel.level_ranking_page(sheet, unit_obj, level, request.GET.get("page"), RANKING_PAGE)
        shown, total = list(page.object_list), page.paginator.count
    else:
        shown = sel.ranking(sheet, unit_obj)
        total = len(shown)
    return render(request, "emulation/ranking.html", {
        "sheet": sheet, "unit": unit_obj, "rows": shown, "chart": _chart(shown), "level": level, "page": page,
        "total": total, "levels": [("", _("Đơn vị trực thuộc")), ("grassroots", _("Mọi công đoàn cơ sở")),
                                   ("upper", _("Mọi công đoàn cấp trên cơ sở"))],
        # every row is strictly inside the unit's subtree, so the first one answers for all
        "may_propose": any(may_propose(request.user, unit_obj, r.unit) for r in shown[:1]),
        "name": localized(unit_obj), "export_links": export_links(request),
    })


# --- proposals ------------------------------------------------------------------------------------


@login_required
@require_GET
def proposal_list(request: SignedInRequest) -> HttpResponse:
    proposals = list(sel.proposals_for(request.user).prefetch_related("findings"))
    fmt = requested_format(request)
    if fmt:
        decidable = [p for p in proposals if may_decide_proposals(request.user, p.unit)]
        if not decidable:
            raise PermissionDenied
        return exports.ProposalListExporter(decidable).response(fmt)
    return render(request, "emulation/proposals.html", {
        "proposals": [(p, may_decide_proposals(request.user, p.unit)) for p in proposals],
        "may_export": any(may_decide_proposals(request.user, p.unit) for p in proposals),
        "export_links": export_links(request),
        # the official list (documents app) is issued in the name of a root the user decides for
        "issuers": [r for r in scope_roots(request.user) if r.depth == 1 and may_decide_proposals(request.user, r)],
    })


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: SignedInRequest, unit: str) -> HttpResponse:
    """A proposal in the name of `unit` (the superior) about a unit of its subtree."""
    proposer = sel.entry_unit(request.user, unit)
    candidates = [u for u in Unit.objects.subtree_of(proposer).active().select_related("kind")
                  if u.pk != proposer.pk and may_propose(request.user, proposer, u)]
    if not candidates:
        raise PermissionDenied
    sheets_ = list(sel.sheets())
    awards = [a for s in sheets_ for a in sel.sheet_awards(s)[0]]
    inspections = list(Activity.objects.filter(kind=Activity.Kind.INSPECTION, unit__in=candidates + [proposer])
                       .select_related("unit").order_by("-start_on")[:200])
    data: dict[str, Any] = {"kind": request.GET.get("kind", Proposal.Kind.COMMENDATION),
                            "unit": request.GET.get("unit", ""), "award": request.GET.get("award", "")}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        data = request.POST.dict()
        target = next((u for u in candidates if u.code == data.get("unit", "")), None)
        award = next((a for a in awards if str(a.pk) == data.get("award", "")), None)
        chosen = {int(v) for v in request.POST.getlist("findings") if v.isdigit()}
        findings = [a for a in inspections if a.pk in chosen]
        if target is None:
            errors["unit"] = [_("Hãy chọn đơn vị thuộc phạm vi của mình.")]
        else:
            try:
                S.proposal_create(actor=request.user, proposer=proposer, unit=target, kind=data.get("kind", ""),
                                  reason=data.get("reason", ""), award=award,
                                  person_name=data.get("person_name", ""),
                                  person_position=data.get("person_position", ""),
                                  employer=data.get("employer", ""), findings=findings)
            except ValidationError as exc:
                errors = exc.message_dict
            else:
                messages.success(request, _("Đã gửi đề nghị lên Liên đoàn Lao động tỉnh."))
                return redirect("emulation:proposals")
        status = 422
    return render(request, "emulation/proposal_form.html", {
        "proposer": proposer, "candidates": candidates, "awards": awards, "inspections": inspections,
        "data": data, "errors": errors, "kinds": Proposal.Kind.choices,
    }, status=status)


@login_required
@require_POST
def proposal_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = sel.proposal_of(request.user, pk)
    if not sel.may_decide(request.user, proposal):
        raise PermissionDenied
    decision = request.POST.get("decision", "")
    if decision not in ("approve", "reject"):
        messages.error(request, _("Hãy chọn chấp thuận hoặc không chấp thuận."))
        return redirect("emulation:proposals")
    try:
        S.proposal_decide(actor=request.user, proposal=proposal, approve=decision == "approve",
                          note=request.POST.get("note", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Đã ghi quyết định."))
    return redirect("emulation:proposals")

"""Every service that changes data writes an audit entry: who, which action, which object, the
unit it belongs to, and the change.

WRITERS maps each writing service to a scenario that runs it and says which entry to expect.
`test_every_writing_service_has_a_scenario` finds the writers by reading the code (every public
function under @transaction.atomic, plus the few listed in NOT_ATOMIC_WRITERS), so a new
service without a row here, or without a reason in SKIPPED, fails.
"""

import ast
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models

from greenplan.accounts import services as accounts
from greenplan.accounts import tokens
from greenplan.accounts.models import ApiToken, Membership, Role
from greenplan.activities import services as activities
from greenplan.analytics.classification import services as classification
from greenplan.audit.models import LogEntry
from greenplan.documents import services as documents
from greenplan.emulation import services as emulation
from greenplan.emulation import sheet_editor as emulation_sheets
from greenplan.jobs import services as jobs
from greenplan.jobs.models import JobKind
from greenplan.orgs import services as orgs
from greenplan.orgs.models import UnitKind
from greenplan.plans import seed
from greenplan.plans import services as plans
from greenplan.practices import services as practices
from greenplan.reporting import indicators, periods, repair
from greenplan.reporting import services as reporting
from greenplan.reporting.models import Indicator, Period, Report, ValidationRule
from greenplan.reporting.repair import BadValue
from greenplan.survey import builder as survey_builder
from greenplan.survey import services as survey
from greenplan.testing.files import pdf_bytes, upload
from greenplan.testing.survey import answer

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date.today()
LAST_MONTH = TODAY - datetime.timedelta(days=30)

# Writers that log nothing, and why.
SKIPPED = {
    "greenplan.demo.units.load_demo": "bulk loader of the demo province (its 2025 changes go through unit services)",
    "greenplan.demo.generate.generate": "bulk loader of the synthetic national tree",
    "greenplan.demo.generate.remove_national": "bulk loader: removes the synthetic national tree",
    "greenplan.demo.reports.load_demo_reports": "bulk loader of the demo reports",
    "greenplan.reporting.rebuild.rebuild": "recomputes derived totals from the reports; changes no data",
    "greenplan.survey.services.survey_tallies_rebuild": "recounts a survey's tallies from its answers; changes no data",
    "greenplan.survey.services.response_submit": (
        "a worker's anonymous answer: no actor, and an entry per answer (time, unit) would be a trail "
        "that could identify them; the stored answers are the record"
    ),
}
# Writers that run without @transaction.atomic of their own.
NOT_ATOMIC_WRITERS = ["greenplan.jobs.services.job_create"]


@dataclass
class Expect:
    action: str
    obj: models.Model | None
    actor: Any
    unit: Any  # a Unit, or None for an entry that belongs to no unit
    change: str  # a field that must appear in data["changes"], or a key of data


def _pdf(name: str = "bien-ban.pdf"):
    return upload(name, pdf_bytes(), "application/pdf")


def _draft_plan(w) -> Any:
    return seed.load_seed_plan(w.tree.root, actor=w.admin)


def _issued_plan(w) -> Any:
    plan = _draft_plan(w)
    return plans.plan_issue(actor=w.admin, plan=plan, number="12", symbol="KH-LĐLĐ", issued_on=TODAY,
                            signer="Nguyễn Văn A")


def _full_values() -> dict[str, Any]:
    """A value for every required indicator, consistent with every rule."""
    values: dict[str, Any] = {i.code: 0 for i in Indicator.objects.filter(derived=False, required=True)}
    values.update({"MEMBERS": 120, "WORKERS": 150, "G7_PROCUREMENT_TOTAL": 100, "G7_PROCUREMENT_GREEN": 40})
    return values


def _report(w, submit: bool = False) -> Report:
    result = reporting.report_save(actor=w.reporter, unit=w.tree.a1, period=w.period, version=0,
                                   values=_full_values())
    if submit:
        return reporting.report_submit(actor=w.reporter, unit=w.tree.a1, period=w.period)
    return result.report


def _activity(w):
    return activities.activity_record(actor=w.reporter, unit=w.tree.a1, kind="tree_planting",
                                      title="Trồng cây xanh", start_on=LAST_MONTH, participants=10)


def _criterion(w):
    return classification.criterion_create(actor=w.admin, name="Đúng hạn", kind="on_time", points=10)


def _band(w):
    return classification.band_create(actor=w.admin, label="Thử nghiệm", min_score=Decimal(37), colour="success")


# --- one scenario per writing service ----------------------------------------------------------


def unit_create(w):
    unit = orgs.unit_create(parent=w.tree.a, code="HP-A-03", name="Công đoàn mới", actor=w.admin,
                            kind=UnitKind.objects.get(code="grassroots"))
    return Expect("unit.created", unit, w.admin, unit, "name")


def unit_update(w):
    unit = orgs.unit_update(unit=w.tree.a1, actor=w.admin, members=130)
    return Expect("unit.updated", unit, w.admin, unit, "members")


def unit_move(w):
    unit = orgs.unit_move(unit=w.tree.a1, new_parent=w.tree.b, date=TODAY, actor=w.admin)
    return Expect("unit.moved", unit, w.admin, unit, "parent")


def unit_dissolve(w):
    unit = orgs.unit_dissolve(unit=w.tree.b1, date=TODAY, actor=w.admin)
    return Expect("unit.dissolved", unit, w.admin, unit, "valid_to")


def unit_merge(w):
    orgs.unit_merge(units=[w.tree.a2], into=w.tree.a1, date=TODAY, actor=w.admin)
    w.tree.a2.refresh_from_db()
    return Expect("unit.merged", w.tree.a2, w.admin, w.tree.a2, "valid_to")


def user_create(w):
    account = accounts.user_create(actor=w.admin, username="moi", full_name="Người Mới", unit=w.tree.a1,
                                   role=Role.REPORTER)
    return Expect("account.created", account.user, w.admin, w.tree.a1, "username")


def user_update(w):
    user = accounts.user_update(actor=w.admin, user=w.reporter, full_name="Trần Thị B", email="b@example.vn")
    return Expect("account.updated", user, w.admin, w.tree.a1, "email")


def user_set_active(w):
    user = accounts.user_set_active(actor=w.admin, user=w.reporter, active=False)
    return Expect("account.locked", user, w.admin, w.tree.a1, "is_active")


def user_set_password(w):
    accounts.user_set_password(user=w.reporter, password="a-new-long-password-1")
    return Expect("account.password_changed", w.reporter, w.reporter, w.tree.a1, "tokens_revoked")


def user_reset_password(w):
    accounts.user_reset_password(actor=w.admin, user=w.reporter)
    return Expect("account.password_reset", w.reporter, w.admin, w.tree.a1, "tokens_revoked")


def membership_set(w):
    membership = accounts.membership_set(actor=w.admin, user=w.reporter, unit=w.tree.a2, role=Role.VIEWER)
    return Expect("membership.granted", membership, w.admin, w.tree.a2, "role")


def membership_remove(w):
    extra = accounts.membership_set(actor=w.admin, user=w.reporter, unit=w.tree.a2, role=Role.VIEWER)
    accounts.membership_remove(actor=w.admin, membership=extra)
    return Expect("membership.removed", None, w.admin, w.tree.a2, "role")


def token_issue(w):
    tokens.token_issue(user=w.reporter)
    return Expect("token.created", ApiToken.objects.get(user=w.reporter), w.reporter, w.tree.a1, "expires_at")


def token_revoke(w):
    tokens.token_issue(user=w.reporter)
    token = ApiToken.objects.get(user=w.reporter)
    assert tokens.token_revoke(user=w.reporter, token_id=token.pk)
    return Expect("token.revoked", None, w.reporter, w.tree.a1, "")


def tokens_revoke_all(w):
    tokens.token_issue(user=w.reporter)
    tokens.tokens_revoke_all(user=w.reporter)
    return Expect("token.revoked_all", w.reporter, w.reporter, w.tree.a1, "count")


def load_seed_plan(w):
    plan = _draft_plan(w)
    return Expect("plan.loaded", plan, w.admin, w.tree.root, "comment")


def plan_create(w):
    plan = plans.plan_create(actor=w.reporter, unit=w.tree.a1, title="Kế hoạch của công ty")
    return Expect("plan.created", plan, w.reporter, w.tree.a1, "title")


def plan_copy_down(w):
    _draft_plan(w)
    plan = plans.plan_copy_down(actor=w.approver, unit=w.tree.a)
    return Expect("plan.copied", plan, w.approver, w.tree.a, "comment")


def plan_update(w):
    plan = plans.plan_update(actor=w.admin, plan=_draft_plan(w), data={"title": "Kế hoạch đã sửa"})
    return Expect("plan.updated", plan, w.admin, w.tree.root, "title")


def plan_attach_signed(w):
    plan = plans.plan_attach_signed(actor=w.admin, plan=_issued_plan(w), signed_pdf=_pdf("ban-ky.pdf"))
    return Expect("plan.updated", plan, w.admin, w.tree.root, "signed_pdf")


def plan_issue(w):
    plan = _issued_plan(w)
    return Expect("plan.issued", plan, w.admin, w.tree.root, "reference")


def plan_revise(w):
    plan = plans.plan_revise(actor=w.admin, plan=_issued_plan(w))
    return Expect("plan.revised", plan, w.admin, w.tree.root, "revision")


def item_create(w):
    plan = _draft_plan(w)
    plans.item_create(actor=w.admin, plan=plan, code="1.9", group=plan.groups.first().code, title="Mục mới")
    return Expect("plan.item_created", plan, w.admin, w.tree.root, "title")


def item_update(w):
    plan = _draft_plan(w)
    plans.item_update(actor=w.admin, item=plan.items.get(code="1.1"), data={"lead": "Ban Tuyên giáo"})
    return Expect("plan.item_updated", plan, w.admin, w.tree.root, "lead")


def item_delete(w):
    plan = _draft_plan(w)
    plans.item_delete(actor=w.admin, item=plan.items.get(code="1.1"))
    return Expect("plan.item_deleted", plan, w.admin, w.tree.root, "text")


def target_set(w):
    plan = _draft_plan(w)
    plans.target_set(actor=w.admin, item=plan.items.get(code="1.1"), indicator="MEMBERS", value="7")
    return Expect("plan.target_set", plan, w.admin, w.tree.root, "MEMBERS")


def target_remove(w):
    plan = _draft_plan(w)
    item = plan.items.get(code="1.1")
    plans.target_set(actor=w.admin, item=item, indicator="MEMBERS", value="7")
    plans.target_remove(actor=w.admin, item=item, indicator="MEMBERS")
    return Expect("plan.target_removed", plan, w.admin, w.tree.root, "MEMBERS")


def item_targets_replace(w):
    plan = _draft_plan(w)
    plans.item_targets_replace(actor=w.admin, item=plan.items.get(code="1.1"),
                               targets=[{"indicator": "WORKERS", "value": "3"}])
    return Expect("plan.target_set", plan, w.admin, w.tree.root, "WORKERS")


def report_save(w):
    return Expect("report.saved", _report(w), w.reporter, w.tree.a1, "MEMBERS")


def report_save_valid(w):
    result = reporting.report_save_valid(actor=w.reporter, unit=w.tree.a1, period=w.period, version=0,
                                         values={"MEMBERS": "12", "WORKERS": "-1"})
    return Expect("report.saved", result.report, w.reporter, w.tree.a1, "MEMBERS")


def report_submit(w):
    return Expect("report.submitted", _report(w, submit=True), w.reporter, w.tree.a1, "status")


def remind_units(w):
    from django.utils import timezone

    from greenplan.orgs.models import Unit
    from greenplan.reporting.overview.services import remind_units as remind

    remind(actor=w.approver, superior=w.tree.a, period=w.period, units=Unit.objects.filter(pk=w.tree.a1.pk),
           today=timezone.localdate())
    return Expect("period.reminders_sent", w.period, w.approver, w.tree.a, "units")


def report_approve(w):
    _report(w, submit=True)
    report = reporting.report_approve(actor=w.approver, unit=w.tree.a1, period=w.period)
    return Expect("report.approved", report, w.approver, w.tree.a1, "status")


def report_return(w):
    _report(w, submit=True)
    report = reporting.report_return(actor=w.approver, unit=w.tree.a1, period=w.period, comment="Thiếu số liệu")
    return Expect("report.returned", report, w.approver, w.tree.a1, "comment")


def report_reopen(w):
    _report(w, submit=True)
    reporting.report_approve(actor=w.approver, unit=w.tree.a1, period=w.period)
    report = reporting.report_reopen(actor=w.approver, unit=w.tree.a1, period=w.period, comment="Sửa lại")
    return Expect("report.reopened", report, w.approver, w.tree.a1, "comment")


def report_attach(w):
    report = _report(w)
    reporting.report_attach(actor=w.reporter, unit=w.tree.a1, period=w.period, file=_pdf())
    return Expect("report.attached", report, w.reporter, w.tree.a1, "attachment")


def report_detach(w):
    report = _report(w)
    attachment = reporting.report_attach(actor=w.reporter, unit=w.tree.a1, period=w.period, file=_pdf())
    reporting.report_detach(actor=w.reporter, attachment=attachment)
    return Expect("report.detached", report, w.reporter, w.tree.a1, "attachment")


def bad_values_repair(w):
    report = _report(w)
    value = report.values.first()
    found = [BadValue(value_id=value.pk, report_id=report.pk, unit="HP-A-01", period=w.period.code,
                      indicator=value.indicator.code, raw="1E+400", reason="test")]
    repair.bad_values_repair(found)
    return Expect("report.values_repaired", report, None, w.tree.a1, value.indicator.code)


def activity_record(w):
    return Expect("activity.created", _activity(w), w.reporter, w.tree.a1, "title")


def activity_update(w):
    activity = activities.activity_update(actor=w.reporter, unit=w.tree.a1, activity=_activity(w),
                                          data={"participants": 25})
    return Expect("activity.updated", activity, w.reporter, w.tree.a1, "participants")


def activity_delete(w):
    activities.activity_delete(actor=w.reporter, unit=w.tree.a1, activity=_activity(w))
    return Expect("activity.deleted", None, w.reporter, w.tree.a1, "title")


def _practice(w):
    return practices.practice_propose(actor=w.reporter, unit=w.tree.a1, group=3, title="Tiết kiệm điện",
                                      done="Thay đèn LED.")


def practice_propose(w):
    return Expect("practice.proposed", _practice(w), w.reporter, w.tree.a1, "title")


def practice_update(w):
    practice = practices.practice_update(actor=w.reporter, practice=_practice(w), data={"results": "Giảm 18%."})
    return Expect("practice.updated", practice, w.reporter, w.tree.a1, "results")


def practice_return(w):
    practice = practices.practice_return(actor=w.approver, practice=_practice(w), comment="Thêm số liệu")
    return Expect("practice.returned", practice, w.approver, w.tree.a1, "comment")


def practice_publish(w):
    practice = practices.practice_publish(actor=w.approver, practice=_practice(w))
    return Expect("practice.published", practice, w.approver, w.tree.a1, "status")


def indicator_create(w):
    ind = indicators.indicator_create(actor=w.admin, code="G5_BIKES", group=5, name="Số xe đạp", type="integer",
                                      aggregation="sum")
    return Expect("indicator.created", ind, w.admin, None, "name")


def indicator_update(w):
    ind = indicators.indicator_update(actor=w.admin, indicator=Indicator.objects.get(code="MEMBERS"),
                                      name="Số đoàn viên công đoàn")
    return Expect("indicator.changed", ind, w.admin, None, "name")


def indicator_retire(w):
    ind = indicators.indicator_retire(actor=w.admin, indicator=Indicator.objects.get(code="G3_TRAINEES"))
    return Expect("indicator.retired", ind, w.admin, None, "retired_at")


def indicator_restore(w):
    ind = indicators.indicator_retire(actor=w.admin, indicator=Indicator.objects.get(code="G3_TRAINEES"))
    ind = indicators.indicator_restore(actor=w.admin, indicator=ind)
    return Expect("indicator.restored", ind, w.admin, None, "retired_at")


def rule_create(w):
    rule = indicators.rule_create(actor=w.admin, left=Indicator.objects.get(code="G3_TRAINEES"), operator="<=",
                                  right=Indicator.objects.get(code="G3_REACHED"))
    return Expect("rule.created", rule, w.admin, None, "operator")


def rule_set_active(w):
    rule = indicators.rule_set_active(actor=w.admin, rule=ValidationRule.objects.first(), active=False)
    return Expect("rule.changed", rule, w.admin, None, "active")


def period_create(w):
    period = periods.period_create(actor=w.admin, year=2027, half=1)
    return Expect("period.created", period, w.admin, None, "code")


def period_update(w):
    period = periods.period_update(actor=w.admin, period=w.period, is_open=False)
    return Expect("period.closed", period, w.admin, None, "is_open")


def criterion_create(w):
    return Expect("classification.criterion_created", _criterion(w), w.admin, None, "name")


def criterion_update(w):
    criterion = classification.criterion_update(actor=w.admin, criterion=_criterion(w), name="Gửi đúng hạn",
                                                kind="on_time", points=15)
    return Expect("classification.criterion_changed", criterion, w.admin, None, "points")


def criterion_delete(w):
    classification.criterion_delete(actor=w.admin, criterion=_criterion(w))
    return Expect("classification.criterion_deleted", None, w.admin, None, "name")


def band_create(w):
    return Expect("classification.band_created", _band(w), w.admin, None, "label")


def band_update(w):
    band = classification.band_update(actor=w.admin, band=_band(w), label="Thử nghiệm 2", min_score=Decimal(33),
                                      colour="info")
    return Expect("classification.band_changed", band, w.admin, None, "min_score")


def band_delete(w):
    classification.band_delete(actor=w.admin, band=_band(w))
    return Expect("classification.band_deleted", None, w.admin, None, "label")


def report_draft_save(w):
    draft = documents.report_draft_save(actor=w.approver, unit=w.tree.a, period=w.period.code,
                                        sections={"group_3": "Đã tổ chức 13 buổi tuyên truyền."},
                                        drafted={"group_3": "Chưa có số liệu."})
    return Expect("report.draft_edited", draft, w.approver, w.tree.a, "group_3")


def job_create(w):
    job = jobs.job_create(owner=w.admin, kind=JobKind.ACCOUNTS_IMPORT, total=3)
    return Expect("job.created", job, w.admin, None, "kind")


EMU_GROUPS = [{"code": "I", "title": "Nhóm", "criteria": [{"code": "1.1", "title": "Cây xanh", "max_points": 60},
                                                          {"code": "1.2", "title": "An toàn", "max_points": 40}]}]


def _sheet(w):
    return emulation.sheet_load(actor=w.admin, movement={"code": "XSD", "name": "Xanh - Sạch - Đẹp"}, year=2025,
                                groups=EMU_GROUPS, conditions=[{"code": "DK1", "text": "Không có tai nạn chết người"}],
                                awards=[{"code": "BK", "name": "Bằng khen", "min_score": 91, "conditions": ["DK1"]}])


def _entry(w, submit: bool = False):
    entry = emulation.entry_register(actor=w.reporter, sheet=_sheet(w), unit=w.tree.a1)
    if submit:
        emulation.entry_self_score(actor=w.reporter, entry=entry, points={"1.1": 50, "1.2": 40},
                                   conditions={"DK1": True})
        entry = emulation.entry_submit(actor=w.reporter, entry=entry)
    return entry


def sheet_load(w):
    return Expect("emulation.sheet_loaded", _sheet(w), w.admin, None, "total")


def sheet_save(w):
    sheet = _sheet(w)
    content = emulation_sheets.sheet_content(sheet)
    content.criteria[0]["max_points"] = "55"
    emulation_sheets.sheet_save(actor=w.admin, sheet=sheet, content=content)
    return Expect("emulation.sheet_changed", sheet, w.admin, None, "tiêu chí 1.1")


def entry_register(w):
    return Expect("emulation.registered", _entry(w), w.reporter, w.tree.a1, "status")


def entry_self_score(w):
    entry = emulation.entry_self_score(actor=w.reporter, entry=_entry(w), points={"1.1": "55,5"})
    return Expect("emulation.self_scored", entry, w.reporter, w.tree.a1, "1.1")


def evidence_attach(w):
    entry = _entry(w)
    emulation.evidence_attach(actor=w.reporter, entry=entry, criterion="1.1", files=[_pdf()])
    return Expect("emulation.evidence_added", entry, w.reporter, w.tree.a1, "files")


def evidence_link(w):
    entry = _entry(w)
    emulation.evidence_link(actor=w.reporter, entry=entry, criterion="1.1", activity=_activity(w))
    return Expect("emulation.evidence_added", entry, w.reporter, w.tree.a1, "activity")


def evidence_remove(w):
    entry = _entry(w)
    [stored] = emulation.evidence_attach(actor=w.reporter, entry=entry, criterion="1.1", files=[_pdf()])
    emulation.evidence_remove(actor=w.reporter, entry=entry, file_id=stored.pk)
    return Expect("emulation.evidence_removed", entry, w.reporter, w.tree.a1, "file")


def entry_submit(w):
    return Expect("emulation.submitted", _entry(w, submit=True), w.reporter, w.tree.a1, "status")


def entry_verify(w):
    entry = emulation.entry_verify(actor=w.approver, entry=_entry(w, submit=True), points={"1.1": "45"},
                                   reasons={"1.1": "Thiếu ảnh"})
    return Expect("emulation.verified", entry, w.approver, w.tree.a1, "1.1")


def entry_return(w):
    entry = emulation.entry_return(actor=w.approver, entry=_entry(w, submit=True), reason="Thiếu minh chứng")
    return Expect("emulation.returned", entry, w.approver, w.tree.a1, "status")


def entry_confirm(w):
    entry = emulation.entry_confirm(actor=w.approver, entry=_entry(w, submit=True))
    return Expect("emulation.confirmed", entry, w.approver, w.tree.a1, "verified_total")


def _proposal(w):
    return emulation.proposal_create(actor=w.approver, proposer=w.tree.a, unit=w.tree.a1, kind="commendation",
                                     award=_sheet(w).awards.get(), reason="Dẫn đầu phong trào")


def proposal_create(w):
    return Expect("proposal.created", _proposal(w), w.approver, w.tree.a, "reason")


def proposal_decide(w):
    proposal = emulation.proposal_decide(actor=w.admin, proposal=_proposal(w), approve=False, note="Chưa đủ hồ sơ")
    return Expect("proposal.rejected", proposal, w.admin, w.tree.a, "status")
def survey_create(w):
    created = survey.survey_create(actor=w.admin, unit=w.tree.root, period=w.period)
    return Expect("survey.created", created, w.admin, w.tree.root, "period")


def survey_set_open(w):
    created = survey.survey_create(actor=w.admin, unit=w.tree.root, period=w.period)
    closed = survey.survey_set_open(actor=w.admin, survey=created, is_open=False)
    return Expect("survey.closed", closed, w.admin, w.tree.root, "is_open")


def survey_create_empty(w):
    created = survey_builder.survey_create_empty(actor=w.admin, unit=w.tree.root, period=w.period, title="Khảo sát ca")
    return Expect("survey.created", created, w.admin, w.tree.root, "period")


def _built(w):
    created = survey_builder.survey_create_empty(actor=w.admin, unit=w.tree.root, period=w.period, title="Khảo sát ca")
    for code in ("ca", "gio"):
        survey_builder.question_save(actor=w.admin, survey=created, spec={"code": code, "kind": "number", "text": code})
    return created


def question_save(w):
    created = _built(w)
    question = created.questions.get(code="gio")
    survey_builder.question_save(actor=w.admin, survey=created, question=question,
                                 spec={"code": "gio_lam", "kind": "number", "text": "Số giờ?"})
    return Expect("survey.question_changed", created, w.admin, w.tree.root, "code")


def question_move(w):
    created = _built(w)
    survey_builder.question_move(actor=w.admin, survey=created, question=created.questions.get(code="gio"), up=True)
    return Expect("survey.question_moved", created, w.admin, w.tree.root, "order")


def question_delete(w):
    created = _built(w)
    survey_builder.question_delete(actor=w.admin, survey=created, question=created.questions.get(code="gio"))
    return Expect("survey.question_deleted", created, w.admin, w.tree.root, "question")


def survey_figures_accept(w):
    answer(survey.survey_create(actor=w.admin, unit=w.tree.root, period=w.period), w.tree.a1)
    result = survey.survey_figures_accept(actor=w.reporter, unit=w.tree.a1, period=w.period, version=0)
    return Expect("report.saved", result.report, w.reporter, w.tree.a1, "G4_SURVEY_RESPONSES")


def activity_figures_accept(w):
    activities.activity_record(actor=w.reporter, unit=w.tree.a1, kind="propaganda", title="Tuyên truyền",
                               start_on=w.period.start, participants=40)
    result = activities.activity_figures_accept(actor=w.reporter, unit=w.tree.a1, period=w.period, version=0)
    return Expect("report.saved", result.report, w.reporter, w.tree.a1, "G3_REACHED")


WRITERS: dict[str, Callable[[Any], Expect]] = {
    "greenplan.orgs.services.unit_create": unit_create,
    "greenplan.orgs.services.unit_update": unit_update,
    "greenplan.orgs.services.unit_move": unit_move,
    "greenplan.orgs.services.unit_dissolve": unit_dissolve,
    "greenplan.orgs.services.unit_merge": unit_merge,
    "greenplan.accounts.services.user_create": user_create,
    "greenplan.accounts.services.user_update": user_update,
    "greenplan.accounts.services.user_set_active": user_set_active,
    "greenplan.accounts.services.user_set_password": user_set_password,
    "greenplan.accounts.services.user_reset_password": user_reset_password,
    "greenplan.accounts.services.membership_set": membership_set,
    "greenplan.accounts.services.membership_remove": membership_remove,
    "greenplan.accounts.tokens.token_issue": token_issue,
    "greenplan.accounts.tokens.token_revoke": token_revoke,
    "greenplan.accounts.tokens.tokens_revoke_all": tokens_revoke_all,
    "greenplan.plans.seed.load_seed_plan": load_seed_plan,
    "greenplan.plans.services.plan_create": plan_create,
    "greenplan.plans.services.plan_copy_down": plan_copy_down,
    "greenplan.plans.services.plan_update": plan_update,
    "greenplan.plans.services.plan_attach_signed": plan_attach_signed,
    "greenplan.plans.services.plan_issue": plan_issue,
    "greenplan.plans.services.plan_revise": plan_revise,
    "greenplan.plans.services.item_create": item_create,
    "greenplan.plans.services.item_update": item_update,
    "greenplan.plans.services.item_delete": item_delete,
    "greenplan.plans.services.target_set": target_set,
    "greenplan.plans.services.target_remove": target_remove,
    "greenplan.plans.services.item_targets_replace": item_targets_replace,
    "greenplan.reporting.services.report_save": report_save,
    "greenplan.reporting.services.report_save_valid": report_save_valid,
    "greenplan.reporting.services.report_submit": report_submit,
    "greenplan.reporting.services.report_approve": report_approve,
    "greenplan.reporting.overview.services.remind_units": remind_units,
    "greenplan.reporting.services.report_return": report_return,
    "greenplan.reporting.services.report_reopen": report_reopen,
    "greenplan.reporting.services.report_attach": report_attach,
    "greenplan.reporting.services.report_detach": report_detach,
    "greenplan.reporting.repair.bad_values_repair": bad_values_repair,
    "greenplan.activities.services.activity_record": activity_record,
    "greenplan.activities.services.activity_update": activity_update,
    "greenplan.activities.services.activity_delete": activity_delete,
    "greenplan.activities.services.activity_figures_accept": activity_figures_accept,
    "greenplan.practices.services.practice_propose": practice_propose,
    "greenplan.practices.services.practice_update": practice_update,
    "greenplan.practices.services.practice_return": practice_return,
    "greenplan.practices.services.practice_publish": practice_publish,
    "greenplan.reporting.indicators.indicator_create": indicator_create,
    "greenplan.reporting.indicators.indicator_update": indicator_update,
    "greenplan.reporting.indicators.indicator_retire": indicator_retire,
    "greenplan.reporting.indicators.indicator_restore": indicator_restore,
    "greenplan.reporting.indicators.rule_create": rule_create,
    "greenplan.reporting.indicators.rule_set_active": rule_set_active,
    "greenplan.reporting.periods.period_create": period_create,
    "greenplan.reporting.periods.period_update": period_update,
    "greenplan.analytics.classification.services.criterion_create": criterion_create,
    "greenplan.analytics.classification.services.criterion_update": criterion_update,
    "greenplan.analytics.classification.services.criterion_delete": criterion_delete,
    "greenplan.analytics.classification.services.band_create": band_create,
    "greenplan.analytics.classification.services.band_update": band_update,
    "greenplan.analytics.classification.services.band_delete": band_delete,
    "greenplan.jobs.services.job_create": job_create,
    "greenplan.emulation.services.sheet_load": sheet_load,
    "greenplan.emulation.services.entry_register": entry_register,
    "greenplan.emulation.services.entry_self_score": entry_self_score,
    "greenplan.emulation.services.evidence_attach": evidence_attach,
    "greenplan.emulation.services.evidence_link": evidence_link,
    "greenplan.emulation.services.evidence_remove": evidence_remove,
    "greenplan.emulation.sheet_editor.sheet_save": sheet_save,
    "greenplan.emulation.services.entry_submit": entry_submit,
    "greenplan.emulation.services.entry_verify": entry_verify,
    "greenplan.emulation.services.entry_return": entry_return,
    "greenplan.emulation.services.entry_confirm": entry_confirm,
    "greenplan.emulation.services.proposal_create": proposal_create,
    "greenplan.emulation.services.proposal_decide": proposal_decide,
    "greenplan.survey.services.survey_create": survey_create,
    "greenplan.survey.services.survey_set_open": survey_set_open,
    "greenplan.survey.services.survey_figures_accept": survey_figures_accept,
    "greenplan.survey.builder.survey_create_empty": survey_create_empty,
    "greenplan.survey.builder.question_save": question_save,
    "greenplan.survey.builder.question_move": question_move,
    "greenplan.survey.builder.question_delete": question_delete,
    "greenplan.documents.services.report_draft_save": report_draft_save,
}


def _is_atomic(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(target, ast.Attribute) and target.attr == "atomic"


def atomic_writers() -> set[str]:
    """Every public function decorated with transaction.atomic outside tests and migrations."""
    found = set()
    for path in (ROOT / "greenplan").rglob("*.py"):
        rel = path.relative_to(ROOT)
        if {"tests", "migrations", "testing"} & set(rel.parts):
            continue
        module = ".".join(rel.with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
                    and any(_is_atomic(d) for d in node.decorator_list)):
                found.add(f"{module}.{node.name}")
    return found


def test_every_writing_service_has_a_scenario():
    writers = atomic_writers() | set(NOT_ATOMIC_WRITERS)
    assert "greenplan.reporting.services.report_save" in writers  # the scan works
    assert sorted(writers - set(WRITERS) - set(SKIPPED)) == [], "a writing service with no audit scenario"
    assert sorted((set(WRITERS) | set(SKIPPED)) - writers) == [], "a scenario for a service that is gone"


@pytest.fixture
def w(tree, period, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    users = tree.users
    return SimpleNamespace(tree=tree, period=period, admin=users.admin, approver=users.approver_a,
                           reporter=users.reporter_a1)


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_the_service_writes_an_audit_entry(w, name):
    start = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    expect = WRITERS[name](w)
    entries = list(LogEntry.objects.filter(pk__gt=start, action=expect.action).order_by("-pk"))
    assert entries, f"{name} wrote no {expect.action} entry"
    entry = entries[0]
    assert entry.actor == expect.actor
    assert entry.actor_name == (expect.actor.username if expect.actor else "")  # None: the system
    if expect.obj is not None:
        assert entry.content_type == ContentType.objects.get_for_model(expect.obj)
        assert entry.object_id == str(expect.obj.pk)
    assert entry.object_repr
    if expect.unit is None:
        assert (entry.unit_path, entry.unit_code) == ("", "")
    else:
        expect.unit.refresh_from_db()
        assert (entry.unit_path, entry.unit_code) == (expect.unit.path, expect.unit.code)
    if expect.change:
        fields = {c["field"] for c in entry.changes}
        assert expect.change in fields or expect.change in entry.data, (entry.data, expect.change)


def test_a_refused_change_writes_no_entry(w):
    before = LogEntry.objects.count()
    with pytest.raises(PermissionDenied):
        periods.period_create(actor=w.reporter, year=2027, half=1)
    with pytest.raises(PermissionDenied):
        accounts.membership_set(actor=w.approver, user=w.reporter, unit=w.tree.b, role=Role.VIEWER)
    assert LogEntry.objects.count() == before
    assert not Period.objects.filter(code="2027H1").exists()
    assert not Membership.objects.filter(user=w.reporter, unit=w.tree.b).exists()


def test_a_password_change_logs_no_secret(w):
    accounts.user_set_password(user=w.reporter, password="a-new-long-password-1")
    entry = LogEntry.objects.filter(action="account.password_changed").get()
    assert "password" not in str(entry.data) and "a-new-long-password-1" not in str(entry.data)


def test_a_report_entry_shows_each_value_old_and_new(w):
    _report(w)
    reporting.report_save(actor=w.reporter, unit=w.tree.a1, period=w.period, version=1, values={"MEMBERS": "125"})
    entry = LogEntry.objects.filter(action="report.saved").order_by("-pk").first()
    assert {"field": "MEMBERS", "old": "120", "new": "125"} in entry.changes
    assert entry.data["version"] == 2

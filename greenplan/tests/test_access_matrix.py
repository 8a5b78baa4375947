"""Who gets what from every URL of the project: one table, URL × persona → answer.

Every URL pattern — pages and the REST API alike — has one row in TABLE, keyed by its URL name
(the API's operations are named after their functions, `api-v1:report_detail`). A pattern
without a row, or a row without a pattern, fails `test_every_url_pattern_has_a_row`.

Personas (see the `tree` fixture; `approver_elsewhere` is added here):

    HP   province federation     admin
    ├── HP-A  commune union      approver
    │   ├── HP-A-01 grassroots   reporter
    │   └── HP-A-02 grassroots   sibling
    └── HP-B  sector union       approver_elsewhere, viewer
        └── HP-B-01 grassroots
    outsider (no role anywhere), anonymous

Unit URLs point at HP-A-01 (the reporter's unit) unless said otherwise; plan reading points at
HP-A, to show that users read the plans of the units above them. An expected status is exact;
ALLOWED (writes by a persona who may write) only asserts that the answer is neither a refusal
(401, 403, or the redirect to log in) nor a server error — each request runs in a savepoint
that is rolled back, so what it writes never reaches the next persona.
"""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from greenplan.accounts.models import Membership, Role
from greenplan.accounts.tokens import token_issue
from greenplan.activities.services import activity_record
from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.api.api import api
from greenplan.emulation.services import entry_register, evidence_attach, proposal_create, sheet_load
from greenplan.jobs.models import JobKind
from greenplan.jobs.services import job_create
from greenplan.notifications.services import notify
from greenplan.plans.models import PlanItem
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down
from greenplan.practices.services import practice_propose
from greenplan.reporting.models import Indicator, ValidationRule
from greenplan.reporting.services import report_attach
from greenplan.survey.links import link_token
from greenplan.survey.services import survey_create
from greenplan.testing.files import pdf_bytes, xlsx_bytes
from greenplan.testing.personas import make_user

PERSONAS = ("reporter", "sibling", "approver", "approver_elsewhere", "admin", "viewer", "outsider", "anonymous")
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
WITH_A_ROLE = SIGNED_IN - {"outsider"}
IN_A1 = frozenset({"reporter", "approver", "admin"})  # the scope of HP-A-01 (the roles on it or above)
APPROVE_A1 = frozenset({"approver", "admin"})  # an approver on a strict ancestor of HP-A-01
IN_A = APPROVE_A1  # the scope of HP-A
READ_PLAN_A = frozenset({"reporter", "sibling", "approver", "admin"})  # HP-A's scope and the units below
ROOT_ADMIN = frozenset({"admin"})
APPROVERS = frozenset({"approver", "approver_elsewhere", "admin"})  # the approver role or above, anywhere

ALLOWED = "allowed"
CATCH_ALL = "api/v1/<anything else>"


@dataclass(frozen=True)
class Row:
    """How to call one URL and what each persona gets."""

    expect: dict[str, int | str]
    method: str = "get"
    kwargs: Callable[[Any], dict] = lambda w: {}
    body: Callable[[Any], dict] | None = None
    path: str | None = None  # for a pattern without a name
    multipart: bool = False  # an upload to the API, not JSON


def answers(allowed: Iterable[str], ok: int | str = 200, *, refused: int = 403, anonymous: int = 302,
            **exact: int) -> dict[str, int | str]:
    """`ok` for the allowed personas, `refused` for the other signed-in ones, `anonymous` for
    anonymous; `exact` overrides single personas."""
    table = {p: (ok if p in allowed else refused) for p in SIGNED_IN}
    table["anonymous"] = anonymous
    table.update(exact)
    return table


def page(allowed, ok=200, **kw):
    """A page: anonymous users are sent to log in."""
    return answers(allowed, ok, **{"anonymous": 302, **kw})


def api_(allowed, ok=200, **kw):
    """An API operation: anonymous callers get 401."""
    return answers(allowed, ok, **{"anonymous": 401, **kw})


def everyone(status: int) -> dict[str, int | str]:
    return dict.fromkeys(PERSONAS, status)


A1 = lambda w: {"unit": "HP-A-01"}  # noqa: E731
A1_PERIOD = lambda w: {"unit": "HP-A-01", "period": w.period.code}  # noqa: E731
A_PERIOD = lambda w: {"unit": "HP-A", "period": w.period.code}  # noqa: E731
A = lambda w: {"unit": "HP-A"}  # noqa: E731
EMU = lambda w: {"movement": "XSD", "year": 2025}  # noqa: E731
ISSUE = {"number": "12", "symbol": "KH-CĐ", "issued_on": "2026-01-10", "signer": "Nguyễn Văn An"}

TABLE: dict[str, Row] = {
    # --- shell, language, accounts ----------------------------------------------------------------
    "set_language": Row(everyone(302), "post", body=lambda w: {"language": "vi", "next": "/"}),
    "login": Row(answers(set(), refused=302, anonymous=200)),  # a signed-in user is sent on
    "logout": Row(everyone(302), "post"),
    "healthz": Row(everyone(200)),  # a monitor asks without signing in
    "password_change": Row(page(SIGNED_IN)),
    "password_change_done": Row(page(SIGNED_IN)),
    "account": Row(page(SIGNED_IN)),
    # another user's token is not found: 404, not a hint that it exists
    "account_token_revoke": Row(page({"reporter"}, ALLOWED, refused=404), "post",
                                lambda w: {"pk": w.reporter_token_id}),
    "account_tokens_revoke_all": Row(page(SIGNED_IN, ALLOWED), "post"),
    "home": Row(page(SIGNED_IN)),
    "unit_tree": Row(page(SIGNED_IN)),
    "unit_detail": Row(page(IN_A1), kwargs=lambda w: {"code": "HP-A-01"}),
    # --- account management: admins of a unit -----------------------------------------------------
    "manage:list": Row(page(ROOT_ADMIN)),
    "manage:create": Row(page(ROOT_ADMIN)),
    "manage:import": Row(page(ROOT_ADMIN)),
    "manage:import_template": Row(page(ROOT_ADMIN)),
    "manage:import_passwords": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"job_pk": w.job.pk}),
    "manage:import_passwords_xlsx": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"job_pk": w.job.pk}),
    "manage:detail": Row(page(ROOT_ADMIN), kwargs=lambda w: {"pk": w.users.reporter.pk}),
    "manage:role_set": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"pk": w.users.reporter.pk}),
    "manage:role_remove": Row(page(ROOT_ADMIN, ALLOWED), "post",
                              lambda w: {"pk": w.users.reporter.pk, "membership_pk": w.reporter_membership.pk}),
    "manage:password_reset": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"pk": w.users.reporter.pk}),
    # --- reports ------------------------------------------------------------------------------------
    "reporting:index": Row(page(SIGNED_IN)),
    # the approval queue: whoever holds the approver role somewhere (empty when nothing waits)
    "reporting:queue": Row(page(APPROVERS)),
    "reporting:queue_next": Row(page(APPROVERS, 302)),
    "reporting:report": Row(page(IN_A1), kwargs=A1_PERIOD),
    "reporting:upload": Row(page(IN_A1, ALLOWED), "post", A1_PERIOD),
    "reporting:download": Row(page(IN_A1), kwargs=lambda w: {**A1_PERIOD(w), "pk": w.attachment.pk}),
    "reporting:detach": Row(page(IN_A1, ALLOWED), "post", lambda w: {**A1_PERIOD(w), "pk": w.attachment.pk}),
    "reporting:proposals": Row(page(IN_A), kwargs=A_PERIOD),
    "overview:start": Row(page(WITH_A_ROLE, 302)),
    "overview:unit": Row(page(IN_A), kwargs=A_PERIOD),
    "overview:remind": Row(page(APPROVE_A1, ALLOWED), "post", A_PERIOD),
    # --- settings: a root unit's admins -------------------------------------------------------------
    "settings:index": Row(page(ROOT_ADMIN, 302)),
    "settings:indicators": Row(page(ROOT_ADMIN)),
    "settings:indicator_new": Row(page(ROOT_ADMIN)),
    "settings:indicator_edit": Row(page(ROOT_ADMIN), kwargs=lambda w: {"code": w.indicator.code}),
    "settings:indicator_retire": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"code": w.indicator.code}),
    "settings:indicator_restore": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"code": w.indicator.code}),
    "settings:rules": Row(page(ROOT_ADMIN)),
    "settings:rule_active": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"pk": w.rule.pk}),
    "settings:periods": Row(page(ROOT_ADMIN)),
    "settings:period_new": Row(page(ROOT_ADMIN)),
    "settings:period_edit": Row(page(ROOT_ADMIN), kwargs=lambda w: {"code": w.period.code}),
    "settings:period_open": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"code": w.period.code}),
    "classification:index": Row(page(ROOT_ADMIN)),
    "classification:criterion_new": Row(page(ROOT_ADMIN)),
    "classification:criterion_edit": Row(page(ROOT_ADMIN), kwargs=lambda w: {"pk": w.criterion.pk}),
    "classification:criterion_delete": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"pk": w.criterion.pk}),
    "classification:band_new": Row(page(ROOT_ADMIN)),
    "classification:band_edit": Row(page(ROOT_ADMIN), kwargs=lambda w: {"pk": w.band.pk}),
    "classification:band_delete": Row(page(ROOT_ADMIN, ALLOWED), "post", lambda w: {"pk": w.band.pk}),
    # --- notifications and jobs: one's own, anyone else's is 404 ------------------------------------
    "notifications:list": Row(page(SIGNED_IN)),
    "notifications:badge": Row(page(SIGNED_IN, anonymous=204)),
    "notifications:read_all": Row(page(SIGNED_IN, ALLOWED), "post"),
    "notifications:read": Row(page({"reporter"}, ALLOWED, refused=404), "post",
                              lambda w: {"pk": w.notification.pk}),
    "notifications:open": Row(page({"reporter"}, ALLOWED, refused=404), "post",
                              lambda w: {"pk": w.notification.pk}),
    "jobs:detail": Row(page({"admin"}, refused=404), kwargs=lambda w: {"pk": w.job.pk}),
    # --- dashboard ----------------------------------------------------------------------------------
    "dashboard:start": Row(page(WITH_A_ROLE, 302)),
    "dashboard:unit": Row(page(IN_A1), kwargs=A1_PERIOD),
    "breakdown:page": Row(page(IN_A1), kwargs=A1_PERIOD),
    # --- plans: read in the scope and above it, changed with the reporter role ----------------------
    "plans:start": Row(page(WITH_A_ROLE, 302)),
    "plans:plan": Row(page(READ_PLAN_A), kwargs=A),
    # no signed PDF attached: whoever may read the plan learns that (404), nobody else
    "plans:signed_pdf": Row(page(READ_PLAN_A, 404), kwargs=lambda w: {"unit": "HP-A", "revision": 1}),
    "plans:coverage": Row(page(IN_A), kwargs=A),
    "plans:copy_down": Row(page(IN_A1, ALLOWED), "post", A1),
    "plans:item_new": Row(page(IN_A1), kwargs=A1),
    "plans:item_edit": Row(page(IN_A1), kwargs=lambda w: {"unit": "HP-A-01", "pk": w.item.pk}),
    "plans:item_delete": Row(page(IN_A1, ALLOWED), "post", lambda w: {"unit": "HP-A-01", "pk": w.item.pk}),
    "plans:issue": Row(page(IN_A1, ALLOWED), "post", A1),
    "plans:revise": Row(page(IN_A1, ALLOWED), "post", A1),
    "plans:attach_signed": Row(page(IN_A1, ALLOWED), "post", A1),
    # --- official documents (.docx, .pdf): the scope of the pages beside them -------------------------
    "documents:report": Row(page(IN_A1), kwargs=lambda w: {**A1_PERIOD(w), "fmt": "docx"}),
    "documents:compiled": Row(page(IN_A1), kwargs=lambda w: {**A1_PERIOD(w), "fmt": "pdf"}),
    "documents:plan": Row(page(READ_PLAN_A), kwargs=lambda w: {**A(w), "fmt": "docx"}),
    "documents:sections": Row(page(IN_A), kwargs=A_PERIOD),
    # the province's decided list of commendations and sanctions: its deciders only
    "documents:proposals": Row(page(ROOT_ADMIN), kwargs=lambda w: {"unit": "HP", "fmt": "docx"}),
    # --- the audit log: the admins of a subtree ------------------------------------------------------
    "audit:list": Row(page(ROOT_ADMIN)),
    # --- activities ---------------------------------------------------------------------------------
    "activities:start": Row(page(WITH_A_ROLE, 302)),
    "activities:list": Row(page(IN_A1), kwargs=A1),
    "activities:new": Row(page(IN_A1), kwargs=A1),
    "activities:edit": Row(page(IN_A1), kwargs=lambda w: {"unit": "HP-A-01", "pk": w.activity.pk}),
    "activities:accept_figures": Row(page(IN_A1, ALLOWED), "post", A1_PERIOD, body=lambda w: {"version": "0"}),
    "activities:delete": Row(page(IN_A1, ALLOWED), "post", lambda w: {"unit": "HP-A-01", "pk": w.activity.pk}),
    "activities:evidence": Row(page(IN_A1), kwargs=lambda w: {"unit": "HP-A-01", "pk": w.activity.pk,
                                                             "file": w.evidence.pk}),
    # --- emulation: entries in the scope, verified by the direct superior; proposals to the province ----
    "emulation:index": Row(page(SIGNED_IN)),
    "emulation:sheet": Row(page(SIGNED_IN), kwargs=lambda w: EMU(w)),
    "emulation:sheet_edit": Row(page(ROOT_ADMIN), kwargs=lambda w: EMU(w)),
    "emulation:entry": Row(page(IN_A1), kwargs=lambda w: {**EMU(w), "unit": "HP-A-01"}),
    "emulation:entry_action": Row(page(IN_A1, ALLOWED), "post",
                                  lambda w: {**EMU(w), "unit": "HP-A-01", "action": "score"}),
    "emulation:evidence_file": Row(page(IN_A1), kwargs=lambda w: {**EMU(w), "unit": "HP-A-01",
                                                                  "pk": w.emulation_file.pk}),
    "emulation:ranking": Row(page(IN_A), kwargs=lambda w: {**EMU(w), "unit": "HP-A"}),
    "emulation:proposals": Row(page(SIGNED_IN)),
    "emulation:propose": Row(page(IN_A), kwargs=A),
    # the proposer sees its proposal but only the province decides; nobody else learns it exists
    "emulation:decide": Row(page({"admin"}, ALLOWED, refused=404, approver=403), "post",
                            lambda w: {"pk": w.proposal.pk}),
    # --- the green-jobs survey: organised by HP, so everyone with a role sees it; the public
    # answer page is open to all, anonymous included -------------------------------------------------
    "survey:list": Row(page(SIGNED_IN)),
    "survey:new": Row(page(ROOT_ADMIN, ALLOWED), "post", body=lambda w: {"unit": "HP", "period": w.period.code}),
    "survey:state": Row(page(ROOT_ADMIN, ALLOWED, outsider=404), "post", lambda w: {"pk": w.survey.pk},
                        body=lambda w: {"open": "0"}),
    # the builder of the questions: the organiser's admins only
    "survey:start": Row(page(ROOT_ADMIN)),
    "survey:questions": Row(page(ROOT_ADMIN, outsider=404), kwargs=lambda w: {"pk": w.survey.pk}),
    "survey:question_edit": Row(page(ROOT_ADMIN, outsider=404), kwargs=lambda w: {
        "pk": w.survey.pk, "qpk": w.survey.questions.get(code="years").pk}),
    "survey:question_move": Row(page(ROOT_ADMIN, ALLOWED, outsider=404), "post", lambda w: {
        "pk": w.survey.pk, "qpk": w.survey.questions.get(code="suggestion").pk}, body=lambda w: {"direction": "up"}),
    "survey:question_delete": Row(page(ROOT_ADMIN, ALLOWED, outsider=404), "post", lambda w: {
        "pk": w.survey.pk, "qpk": w.survey.questions.get(code="suggestion").pk}),
    "survey:results": Row(page(IN_A1, outsider=404), kwargs=lambda w: {"pk": w.survey.pk, "unit": "HP-A-01"}),
    "survey:poster": Row(page(IN_A1, outsider=404), kwargs=lambda w: {"pk": w.survey.pk, "unit": "HP-A-01"}),
    "survey:accept_figures": Row(page(IN_A1, ALLOWED), "post", A1_PERIOD, body=lambda w: {"version": "0"}),
    "survey_public:answer": Row(everyone(200), kwargs=lambda w: {"token": link_token(w.survey, w.tree.a1)}),
    # --- good practices: published ones for everyone signed in; a proposal (w.practice, of HP-A-01) in
    # its unit's scope only (404 elsewhere); reviewing needs the approver role above the unit -----------
    "practices:library": Row(page(SIGNED_IN)),
    "practices:pending": Row(page(SIGNED_IN)),
    "practices:start": Row(page(WITH_A_ROLE - {"viewer"}, 302)),
    "practices:new": Row(page(IN_A1), kwargs=A1),
    "practices:detail": Row(page(IN_A1, refused=404), kwargs=lambda w: {"pk": w.practice.pk}),
    "practices:edit": Row(page(IN_A1, refused=404), kwargs=lambda w: {"pk": w.practice.pk}),
    "practices:publish": Row(page(APPROVE_A1, ALLOWED, refused=404, reporter=403), "post",
                             lambda w: {"pk": w.practice.pk}),
    "practices:return": Row(page(APPROVE_A1, ALLOWED, refused=404, reporter=403), "post",
                            lambda w: {"pk": w.practice.pk}, body=lambda w: {"comment": "Bổ sung ảnh"}),
    "practices:file": Row(page(IN_A1, refused=404), kwargs=lambda w: {"pk": w.practice.pk, "file": w.photo.pk}),
    "practices:thumbnail": Row(page(IN_A1, refused=404), kwargs=lambda w: {"pk": w.practice.pk, "file": w.photo.pk}),
    # --- Excel templates and imports: templates for those who enter the report, a .zip for superiors --
    "exchange:import": Row(page(SIGNED_IN)),
    "exchange:template": Row(page(IN_A1), kwargs=A1_PERIOD),
    "exchange:templates_zip": Row(page(APPROVE_A1), kwargs=A_PERIOD),
    # --- the REST API: documents, then the operations ------------------------------------------------
    "api_docs_asset": Row(everyone(200), kwargs=lambda w: {"name": "swagger-ui.css"}),
    "api-v1:openapi-json": Row(everyone(200)),
    "api-v1:openapi-view": Row(everyone(200)),
    "api-v1:api-root": Row(everyone(404)),
    CATCH_ALL: Row(everyone(404), path="/api/v1/no/such/thing"),
    # any other path under /api/ is a JSON 404, whoever asks
    "^api/": Row(everyone(404), path="/api/v2/reports"),
    "api-v1:me": Row(api_(SIGNED_IN)),
    # signing in is open to all; a wrong password is refused alike for everyone
    "api-v1:token": Row(everyone(401), "post", body=lambda w: {"username": "reporter_a1", "password": "wrong"}),
    "api-v1:token_delete": Row(api_(SIGNED_IN, 204), "delete"),
    "api-v1:unit_detail": Row(api_(IN_A1), kwargs=lambda w: {"code": "HP-A-01"}),
    "api-v1:unit_children_list": Row(api_(IN_A1), kwargs=lambda w: {"code": "HP-A-01"}),
    "api-v1:indicator_list": Row(api_(SIGNED_IN)),
    "api-v1:period_list": Row(api_(SIGNED_IN)),
    "api-v1:report_detail": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:report_update": Row(api_(IN_A1, ALLOWED), "put", A1_PERIOD, body=lambda w: {"version": 0, "values": {}}),
    "api-v1:report_submit": Row(api_(IN_A1, ALLOWED), "post", A1_PERIOD, body=lambda w: {"version": 0}),
    "api-v1:report_approve": Row(api_(APPROVE_A1, ALLOWED), "post", A1_PERIOD, body=lambda w: {"version": 0}),
    "api-v1:report_return": Row(api_(APPROVE_A1, ALLOWED), "post", A1_PERIOD,
                                body=lambda w: {"version": 0, "comment": "x"}),
    "api-v1:report_reopen": Row(api_(APPROVE_A1, ALLOWED), "post", A1_PERIOD,
                                body=lambda w: {"version": 0, "comment": "x"}),
    "api-v1:subtree_totals": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:unit_classifications": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:unit_classifications_file": Row(api_(IN_A1), kwargs=lambda w: {**A1_PERIOD(w), "fmt": "csv"}),
    "api-v1:subtree_breakdown": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:subtree_breakdown_file": Row(api_(IN_A1), kwargs=lambda w: {**A1_PERIOD(w), "fmt": "csv"}),
    "api-v1:subordinate_totals_file": Row(api_(IN_A), kwargs=lambda w: {**A_PERIOD(w), "fmt": "xlsx"}),
    "api-v1:plan_detail": Row(api_(READ_PLAN_A), kwargs=A),
    "api-v1:plan_coverage": Row(api_(IN_A), kwargs=A),
    "api-v1:plan_coverage_file": Row(api_(IN_A), kwargs=lambda w: {**A(w), "fmt": "xlsx"}),
    "api-v1:plan_diff": Row(api_(IN_A1), kwargs=A1),
    "api-v1:plan_start": Row(api_(IN_A1, ALLOWED), "post", A1, body=lambda w: {"title": "x"}),
    "api-v1:item_add": Row(api_(IN_A1, ALLOWED), "post", A1, body=lambda w: {"code": "9", "group": "8", "title": "x"}),
    "api-v1:item_change": Row(api_(IN_A1, ALLOWED), "patch", lambda w: {"unit": "HP-A-01", "code": w.item.code},
                              body=lambda w: {"progress_note": "x"}),
    "api-v1:item_remove": Row(api_(IN_A1, ALLOWED), "delete", lambda w: {"unit": "HP-A-01", "code": w.item.code}),
    "api-v1:plan_issue": Row(api_(IN_A1, ALLOWED), "post", A1, body=lambda w: ISSUE),
    "api-v1:plan_revise": Row(api_(IN_A1, ALLOWED), "post", A1),
    "api-v1:movement_list": Row(api_(SIGNED_IN)),
    "api-v1:movement_ranking": Row(api_(IN_A), kwargs=lambda w: {**EMU(w), "unit": "HP-A"}),
    "api-v1:survey_list": Row(api_(SIGNED_IN)),
    "api-v1:survey_link": Row(api_(IN_A1, outsider=404), kwargs=lambda w: {"id": w.survey.pk, "unit": "HP-A-01"}),
    "api-v1:survey_results_detail": Row(api_(IN_A1, outsider=404),
                                        kwargs=lambda w: {"id": w.survey.pk, "unit": "HP-A-01"}),
    "api-v1:report_template": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:subordinate_templates": Row(api_(APPROVE_A1), kwargs=A_PERIOD),
    # anyone signed in may upload; each file is then checked against the uploader's scope
    "api-v1:import_create": Row(api_(SIGNED_IN, 202), "post", multipart=True,
                                body=lambda w: {"files": SimpleUploadedFile("a.xlsx", xlsx_bytes())}),
    "api-v1:import_detail": Row(api_({"reporter"}, refused=404), kwargs=lambda w: {"id": w.import_job.pk}),
    "api-v1:report_docx": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:report_pdf": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:compiled_report_docx": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:compiled_report_pdf": Row(api_(IN_A1), kwargs=A1_PERIOD),
    "api-v1:plan_docx": Row(api_(READ_PLAN_A), kwargs=A),
    "api-v1:plan_pdf": Row(api_(READ_PLAN_A), kwargs=A),
    "api-v1:plan_signed_pdf": Row(api_(IN_A1, ALLOWED), "post", A1, multipart=True,
                                  body=lambda w: {"file": SimpleUploadedFile("ky.pdf", pdf_bytes())}),
    "api-v1:practice_list": Row(api_(SIGNED_IN)),
    "api-v1:activity_list": Row(api_(IN_A1), kwargs=A1),
}


# --- walking the URL configuration -----------------------------------------------------------------


def url_patterns(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> dict[str, str]:
    """Every URL pattern of the project, keyed like TABLE: `namespace:name`, or the route."""
    found: dict[str, str] = {}
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            found.update(url_patterns(entry, inner, route))
        elif isinstance(entry, URLPattern):
            if entry.name:
                found[f"{namespace}:{entry.name}".strip(":")] = route
            elif route == "api/v1/^(?P<path>.*)$":
                found[CATCH_ALL] = route
            else:
                found[route] = route
    return found


def api_operations() -> dict[str, set[str]]:
    """The ninja API's operations, keyed by URL name, with their HTTP methods."""
    operations: dict[str, set[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = getattr(operation, "url_name", None) or operation.view_func.__name__
                operations[f"{api.urls_namespace}:{name}"] = {m.lower() for m in operation.methods}
    return operations


def test_every_url_pattern_has_a_row():
    patterns = set(url_patterns())
    assert patterns - set(TABLE) == set(), "URL patterns without a row in TABLE"
    assert set(TABLE) - patterns == set(), "rows of TABLE for no URL pattern"


def test_every_api_operation_has_a_row_with_its_method():
    operations = api_operations()
    assert set(operations) <= set(TABLE)
    wrong = {name: (TABLE[name].method, methods) for name, methods in operations.items()
             if TABLE[name].method not in methods}
    assert wrong == {}


def test_every_row_names_every_persona():
    assert {name: set(PERSONAS) ^ set(row.expect) for name, row in TABLE.items()
            if set(row.expect) != set(PERSONAS)} == {}


# --- the world the table is asked about ------------------------------------------------------------


@pytest.fixture
def world(tree, period, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The PDF rows ask who may download, not LibreOffice (greenplan/documents/tests convert for real).
    monkeypatch.setattr("greenplan.documents.responses.docx_to_pdf", lambda content: b"%PDF-1.4 test")
    u = tree.users
    users = SimpleNamespace(
        reporter=u.reporter_a1, sibling=u.reporter_a2, approver=u.approver_a,
        approver_elsewhere=make_user("approver_b", tree.b, Role.APPROVER), admin=u.admin, viewer=u.viewer_b,
        outsider=u.outsider,
    )
    load_seed_plan(tree.root)
    plan_copy_down(actor=u.admin, unit=tree.a)
    a1_plan = plan_copy_down(actor=u.admin, unit=tree.a1)
    item = PlanItem.objects.filter(plan=a1_plan).order_by("order", "id").last()
    activity = activity_record(
        actor=u.reporter_a1, unit=tree.a1, kind="tree_planting", title="Trồng cây xanh",
        start_on=datetime.date(2026, 3, 1), item=item,
        files=[SimpleUploadedFile("bien-ban.pdf", pdf_bytes())],
    )
    attachment = report_attach(actor=u.reporter_a1, unit=tree.a1, period=period,
                               file=SimpleUploadedFile("bien-ban.pdf", pdf_bytes()))
    practice = practice_propose(actor=u.reporter_a1, unit=tree.a1, group=3, title="Tiết kiệm điện", done="Đèn LED.",
                                files=[SimpleUploadedFile("anh.png", _png_photo())])
    [notification] = notify(users=[u.reporter_a1], kind="deadline", title="Nhắc nhở", url="/reports/")
    emulation = emulation_world(tree)
    return SimpleNamespace(
        emulation_file=emulation.file, proposal=emulation.proposal,
        tree=tree, users=users, period=period, item=item, activity=activity,
        evidence=activity.evidence.get(), attachment=attachment,
        practice=practice, photo=practice.files.get(), notification=notification,
        job=job_create(owner=u.admin, kind=JobKind.ACCOUNTS_IMPORT),
        import_job=job_create(owner=u.reporter_a1, kind=JobKind.REPORTS_IMPORT),
        reporter_membership=Membership.objects.get(user=u.reporter_a1),
        reporter_token_id=token_id(u.reporter_a1),
        indicator=Indicator.objects.filter(derived=False).order_by("code").first(),
        rule=ValidationRule.objects.order_by("pk").first(),
        criterion=ClassificationCriterion.objects.order_by("pk").first(),
        band=ClassificationBand.objects.order_by("pk").first(),
        survey=survey_create(actor=u.admin, unit=tree.root, period=period),
    )


def emulation_world(tree) -> SimpleNamespace:
    """A 2025 sheet, HP-A-01 registered with one evidence file, and HP-A's proposal about it."""
    sheet = sheet_load(actor=tree.users.admin, movement={"code": "XSD", "name": "Xanh - Sạch - Đẹp"}, year=2025,
                       groups=[{"code": "I", "title": "Nhóm", "criteria": [{"code": "1.1", "title": "Tiêu chí",
                                                                             "max_points": 100}]}],
                       conditions=[], awards=[{"code": "BK", "name": "Bằng khen", "min_score": 91}])
    entry = entry_register(actor=tree.users.reporter_a1, sheet=sheet, unit=tree.a1)
    [file] = evidence_attach(actor=tree.users.reporter_a1, entry=entry, criterion="1.1",
                             files=[SimpleUploadedFile("anh.pdf", pdf_bytes())])
    proposal = proposal_create(actor=tree.users.approver_a, proposer=tree.a, unit=tree.a1, kind="commendation",
                               award=sheet.awards.get(), reason="Dẫn đầu")
    return SimpleNamespace(file=file, proposal=proposal)
def _png_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 140, 60)).save(out, "PNG")
    return out.getvalue()


def token_id(user) -> int:
    token_issue(user=user)
    return user.api_tokens.order_by("-pk").values_list("pk", flat=True)[0]


def credentials(world) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Session cookies (pages) and bearer headers (API) per persona; made once, outside the
    savepoints, so that a logout or a token revocation rolled back leaves them working."""
    found: dict[str, tuple[dict[str, str], dict[str, str]]] = {"anonymous": ({}, {})}
    for name in SIGNED_IN:
        user = getattr(world.users, name)
        client = Client()
        client.force_login(user)
        cookies = {key: morsel.value for key, morsel in client.cookies.items()}
        found[name] = (cookies, {"Authorization": f"Bearer {token_issue(user=user)[0]}"})
    return found


def call(cookies: dict[str, str], headers: dict[str, str], name: str, row: Row, world) -> Any:
    client = Client()  # afresh each time: a logout answer clears the cookie it was given
    for key, value in cookies.items():
        client.cookies[key] = value
    url = row.path or reverse(name, kwargs=row.kwargs(world))
    body = row.body(world) if row.body else {}
    send = getattr(client, row.method)
    is_api = name.startswith("api-v1:")
    with transaction.atomic():
        if is_api and row.multipart:
            response = send(url, body, headers=headers)
        elif is_api and row.method != "get":
            response = send(url, body, content_type="application/json", headers=headers)
        elif is_api:
            response = send(url, headers=headers)
        else:
            response = send(url, body) if row.method == "post" else send(url)
        transaction.set_rollback(True)
    return response


def verdict(expected: int | str, response: Any) -> bool:
    if expected != ALLOWED:
        return response.status_code == expected
    refused = response.status_code in (401, 403) or (
        response.status_code == 302 and response["Location"].startswith(reverse("login"))
    )
    return not refused and response.status_code < 500


def test_every_persona_gets_the_answer_of_the_table(world):
    personas = credentials(world)
    wrong = []
    for name, row in TABLE.items():
        for persona in PERSONAS:
            cookies, headers = personas[persona]
            response = call(cookies, headers, name, row, world)
            if not verdict(row.expect[persona], response):
                wrong.append(f"{name} {persona}: {response.status_code}, expected {row.expect[persona]}")
    assert wrong == [], "\n".join(wrong)

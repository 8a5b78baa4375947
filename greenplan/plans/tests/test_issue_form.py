"""The issue form sent in place: every error at once (the date's too), a summary linking to each
field, a redirect the page follows itself, and the confirmation of what issuing locks."""

import datetime

import pytest

from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down, plan_issue

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def a_plan(tree):
    plan = load_seed_plan(tree.root, actor=tree.users.admin)
    plan_issue(actor=tree.users.admin, plan=plan, number="12", symbol="KH-LĐLĐ",
               issued_on=datetime.date(2026, 3, 1), signer="Nguyễn Văn A")
    return plan_copy_down(actor=tree.users.admin, unit=tree.a)


def test_a_wrong_date_is_reported_with_every_other_error_at_once(client, tree, a_plan):
    client.force_login(tree.users.approver_a)
    r = client.post("/plans/HP-A/issue/", {"number": "", "issued_on": "31/02/2026", "signer": ""}, **HTMX)
    assert r.status_code == 422
    html = r.content.decode()
    summary = html.split('data-testid="issue-errors"')[1].split("</div>")[0]
    assert 'role="alert" tabindex="-1"' in html.split('data-testid="issue-errors"')[0][-80:]
    assert '<a href="#id_number" data-gp-field="id_number">Số</a>: Cần nhập số văn bản.' in summary
    assert '<a href="#id_issued_on" data-gp-field="id_issued_on">Ngày ban hành</a>: Ngày ban hành phải có dạng' \
           in summary
    assert '<a href="#id_signer" data-gp-field="id_signer">Người ký</a>: Cần nhập họ tên người ký.' in summary
    assert 'data-testid="issue-errors-count">Có 3 lỗi cần sửa:</p>' in html
    a_plan.refresh_from_db()
    assert a_plan.status == "draft"


def test_an_issue_sent_in_place_is_answered_with_where_to_go(client, tree, a_plan):
    client.force_login(tree.users.approver_a)
    r = client.post("/plans/HP-A/issue/", {"number": "5", "issued_on": "15/03/2026", "signer": "Trần B"}, **HTMX)
    assert r.status_code == 200 and r["HX-Redirect"] == "/plans/HP-A/"
    a_plan.refresh_from_db()
    assert a_plan.status == "issued"
    assert "Đã ban hành kế hoạch." in client.get("/plans/HP-A/").content.decode()


def test_the_issue_form_asks_before_locking_the_plan(client, tree, a_plan):
    client.force_login(tree.users.approver_a)
    html = client.get("/plans/HP-A/").content.decode()
    assert 'data-gp-keep data-gp-confirm="issue-confirm"' in html
    dialog = html.split('<dialog id="issue-confirm"')[1].split("</dialog>")[0]
    assert "31 mục kế hoạch được khóa" in dialog and "tạo bản sửa đổi" in dialog
    assert "js/forms.js" in html and "<script>" not in html and " style=" not in html.split("<body")[1]

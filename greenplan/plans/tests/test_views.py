"""The plan pages: rights, copy-down, item form, issue, revise, coverage, bounded queries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenplan.plans.models import Plan, PlanItem
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down, plan_issue


@pytest.fixture
def hp_issued(tree):
    plan = load_seed_plan(tree.root, actor=tree.users.admin)
    return plan_issue(actor=tree.users.admin, plan=plan, number="12", symbol="KH-LĐLĐ",
                      issued_on=datetime.date(2026, 3, 1), signer="Nguyễn Văn A")


@pytest.fixture
def a_plan(tree, hp_issued):
    return plan_copy_down(actor=tree.users.admin, unit=tree.a)


def as_user(client, user):
    client.force_login(user)
    return client


def item_post(item, **changes):
    data = {
        "code": item.code, "group": item.group.code, "parent_item": item.parent_item.code if item.parent_item else "",
        "title": item.title, "text": item.text, "lead": item.lead, "participants": item.participants,
        "start_on": "", "end_on": "", "frequency": item.frequency, "expected_output": item.expected_output,
        "status": item.status, "progress_note": item.progress_note,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [
        ("reporter_a1", "HP-A-01", 200), ("approver_a", "HP-A-01", 200), ("admin", "HP-A-01", 200),
        ("viewer_b", "HP-A-01", 403), ("outsider", "HP-A-01", 403), ("reporter_a1", "HP", 200),
        ("reporter_a1", "HP-A-02", 403), ("reporter_a1", "NOPE", 404),
    ],
)
def test_who_reads_the_plan_page(client, tree, a_plan, username, code, expected):
    as_user(client, getattr(tree.users, username))
    assert client.get(f"/plans/{code}/").status_code == expected


def test_anonymous_is_sent_to_log_in(client, tree):
    assert client.get("/plans/HP/").status_code == 302


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [("approver_a", "HP-A", 200), ("admin", "HP", 200), ("viewer_b", "HP-A", 403), ("reporter_a1", "HP", 403),
     ("admin", "NOPE", 404)],
)
def test_who_reads_coverage(client, tree, a_plan, username, code, expected):
    as_user(client, getattr(tree.users, username))
    assert client.get(f"/plans/{code}/coverage/").status_code == expected


def test_empty_state_offers_copy_down_only_to_who_may_report(client, tree, a_plan):
    page = as_user(client, tree.users.reporter_a1).get("/plans/HP-A-01/").content.decode()
    assert "Cụ thể hóa từ kế hoạch cấp trên" in page
    client.force_login(tree.users.viewer_b)
    assert client.get("/plans/HP-B/").status_code == 200
    assert "Cụ thể hóa từ kế hoạch cấp trên" not in client.get("/plans/HP-B/").content.decode()


def test_copy_down_creates_31_items_and_only_for_reporters(client, tree, a_plan):
    as_user(client, tree.users.viewer_b)
    assert client.post("/plans/HP-B/copy-down/").status_code == 403
    assert not Plan.objects.filter(unit=tree.b).exists()
    as_user(client, tree.users.reporter_a1)
    assert client.post("/plans/HP-A-02/copy-down/").status_code == 403
    response = client.post("/plans/HP-A-01/copy-down/", follow=True)
    plan = Plan.objects.get(unit=tree.a1)
    assert plan.items.count() == 31 and plan.parent_plan == a_plan
    assert "Đã tạo kế hoạch từ kế hoạch cấp trên (31 mục)" in response.content.decode()
    again = client.post("/plans/HP-A-01/copy-down/", follow=True)
    assert "đã có kế hoạch" in again.content.decode() and Plan.objects.filter(unit=tree.a1).count() == 1


def test_edit_item_lead_and_status(client, tree, a_plan):
    item = a_plan.items.select_related("group", "parent_item").get(code="1.1")
    as_user(client, tree.users.approver_a)
    assert client.get(f"/plans/HP-A/items/{item.pk}/").status_code == 200
    response = client.post(f"/plans/HP-A/items/{item.pk}/",
                           item_post(item, lead="Ban Thường vụ", status="in_progress", start_on="01/04/2026"))
    assert response.status_code == 302 and response["Location"].endswith("#item-1.1")
    item.refresh_from_db()
    assert (item.lead, item.status, item.start_on) == ("Ban Thường vụ", "in_progress", datetime.date(2026, 4, 1))
    as_user(client, tree.users.viewer_b)
    assert client.post(f"/plans/HP-A/items/{item.pk}/", item_post(item, lead="x")).status_code == 403


def test_duplicate_code_is_refused_with_a_message_and_nothing_saved(client, tree, a_plan):
    item = a_plan.items.select_related("group", "parent_item").get(code="1.1")
    as_user(client, tree.users.approver_a)
    response = client.post(f"/plans/HP-A/items/{item.pk}/", item_post(item, code="1.2", lead="mới"))
    assert response.status_code == 422
    assert "Mã mục 1.2 đã có trong kế hoạch." in response.content.decode()
    item.refresh_from_db()
    assert (item.code, item.lead) == ("1.1", "")
    new = client.post("/plans/HP-A/items/new/",
                      {"code": "1.1", "group": "1", "title": "Trùng", "status": "not_started"})
    assert new.status_code == 422 and "Mã mục 1.1 đã có trong kế hoạch." in new.content.decode()
    assert a_plan.items.count() == 31


def test_bad_date_refused(client, tree, a_plan):
    item = a_plan.items.select_related("group", "parent_item").get(code="1.1")
    as_user(client, tree.users.approver_a)
    response = client.post(f"/plans/HP-A/items/{item.pk}/",
                           item_post(item, start_on="05/05/2026", end_on="01/01/2026"))
    assert response.status_code == 422 and "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()
    assert client.post(f"/plans/HP-A/items/{item.pk}/", item_post(item, start_on="2026-13-01")).status_code == 422
    item.refresh_from_db()
    assert item.start_on is None


def test_add_own_initiative_and_delete_it(client, tree, a_plan):
    as_user(client, tree.users.approver_a)
    response = client.post("/plans/HP-A/items/new/", {"code": "8.9", "group": "8", "title": "Trồng cây xanh",
                                                      "status": "not_started", "lead": "Đoàn thanh niên"})
    assert response.status_code == 302
    item = a_plan.items.get(code="8.9")
    assert item.own_initiative and item.parent_item is None
    page = client.get("/plans/HP-A/").content.decode()
    assert "Sáng kiến của đơn vị" in page and 'data-testid="diff-added"' in page
    assert client.post(f"/plans/HP-A/items/{item.pk}/delete/").status_code == 302
    assert not a_plan.items.filter(code="8.9").exists()


def test_delete_item_concretized_below_is_refused(client, tree, a_plan):
    plan_copy_down(actor=tree.users.reporter_a1, unit=tree.a1)
    item = a_plan.items.get(code="1.1")
    as_user(client, tree.users.approver_a)
    response = client.post(f"/plans/HP-A/items/{item.pk}/delete/", follow=True)
    assert "đang được cụ thể hóa" in response.content.decode()
    assert a_plan.items.filter(code="1.1").exists()


def test_issue_with_missing_number_is_refused(client, tree, a_plan):
    as_user(client, tree.users.approver_a)
    response = client.post("/plans/HP-A/issue/", {"number": "", "symbol": "KH-CĐ", "issued_on": "15/03/2026",
                                                  "signer": "Trần B"})
    assert response.status_code == 422 and "Cần nhập số văn bản." in response.content.decode()
    a_plan.refresh_from_db()
    assert a_plan.status == "draft" and a_plan.number == ""


def test_issue_with_pdf_then_edit_refused_then_revise_keeps_revision_1(client, tree, a_plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    as_user(client, tree.users.approver_a)
    pdf = SimpleUploadedFile("ky.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post("/plans/HP-A/issue/", {"number": "7", "symbol": "KH-CĐP", "issued_on": "15/03/2026",
                                                  "signer": "Trần B", "signer_title": "Chủ tịch",
                                                  "signed_pdf": pdf}, follow=True)
    page = response.content.decode()
    assert "Đã ban hành" in page and "Số: 7/KH-CĐP" in page and "15/03/2026" in page
    assert client.get("/plans/HP-A/revisions/1/signed.pdf").status_code == 200
    item = a_plan.items.select_related("group", "parent_item").get(code="1.1")
    refused = client.post(f"/plans/HP-A/items/{item.pk}/", item_post(item, lead="khác"), follow=True)
    assert "Kế hoạch đã ban hành nên không thể sửa" in refused.content.decode()
    item.refresh_from_db()
    assert item.lead == ""
    progress = client.post(f"/plans/HP-A/items/{item.pk}/", {"status": "done", "progress_note": "xong"})
    assert progress.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.progress_note) == ("done", "xong")
    assert client.post("/plans/HP-A/revise/").status_code == 302
    plans = list(Plan.objects.filter(unit=tree.a).order_by("revision"))
    assert [(p.revision, p.status, p.superseded_at is not None) for p in plans] == [
        (1, "issued", True), (2, "draft", False)
    ]
    old = client.get("/plans/HP-A/?revision=1").content.decode()
    assert "Bản cũ, đã được thay thế" in old and "Số: 7/KH-CĐP" in old
    assert client.get("/plans/HP-A/?revision=9").status_code == 404


def test_coverage_counts_and_units_without_plan(client, tree, a_plan):
    a1 = plan_copy_down(actor=tree.users.reporter_a1, unit=tree.a1)
    PlanItem.objects.filter(plan=a1, code="2.1").delete()
    as_user(client, tree.users.approver_a)
    response = client.get("/plans/HP-A/coverage/")
    cov = response.context["coverage"]
    counts = {line.item.code: line.concretized for line in cov.items}
    assert counts["1.1"] == 1 and counts["2.1"] == 0
    assert [u.code for u in cov.without_plan] == ["HP-A-02"]
    page = response.content.decode()
    assert 'data-testid="cell-HP-A-01-1.1"' in page and "✓" in page
    assert 'href="/plans/HP-A-02/"' in page
    diff = client.get("/plans/HP-A-01/").content.decode()
    assert 'data-testid="diff-left-out"' in diff and "2.1" in diff


def test_queries_are_bounded(client, tree, a_plan, django_assert_max_num_queries):
    plan_copy_down(actor=tree.users.reporter_a1, unit=tree.a1)
    as_user(client, tree.users.approver_a)
    with django_assert_max_num_queries(25):
        assert client.get("/plans/HP-A/").status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get("/plans/HP-A-01/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/plans/HP-A/coverage/").status_code == 200

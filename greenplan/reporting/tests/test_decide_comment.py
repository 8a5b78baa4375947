"""The return and reopen reason boxes: the service's limit is shown, and a longer reason is refused
with a message instead of being cut by the browser."""

from greenplan.reporting.models import Report
from greenplan.reporting.services import COMMENT_MAX, report_approve

from .test_views import URL, submitted


def test_the_reason_boxes_show_the_services_limit_and_do_not_cut_a_paste(client, tree, period):
    submitted(tree, period)
    client.force_login(tree.users.approver_a)
    page = client.get(URL).content.decode()
    assert "maxlength" not in page.split('id="return-comment"')[1].split(">")[0]
    assert 'aria-describedby="return-limit"' in page
    assert "Tối đa 20.000 ký tự." in page.split('id="return-limit"')[1][:80]
    report_approve(actor=tree.users.approver_a, unit=tree.a1, period=period)
    page = client.get(URL).content.decode()
    assert "maxlength" not in page.split('id="reopen-comment"')[1].split(">")[0]
    assert "Tối đa 20.000 ký tự." in page.split('id="reopen-limit"')[1][:80]


def test_a_reason_over_the_limit_is_refused_whole_and_kept_in_the_box(client, tree, period):
    report = submitted(tree, period)
    client.force_login(tree.users.approver_a)
    reason = "Sai số liệu. " + "x" * COMMENT_MAX
    response = client.post(URL, {"action": "return", "version": report.version, "comment": reason})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Lý do quá dài: tối đa 20.000 ký tự" in page
    assert reason in page
    assert Report.objects.get().status == "submitted"

"""The overview's list of direct subordinates as .xlsx and .csv, with the page's filter."""

import pytest
from django.utils import timezone

from greenplan.testing.downloads import read_csv, read_xlsx

URL = "/overview/HP/2026H1/"


def rows_of(response, fmt):
    return read_csv(response) if fmt == "csv" else [list(r) for r in read_xlsx(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_lists_the_subordinates_as_the_page_does(client, narrative_reports, fmt):
    client.force_login(narrative_reports.users.admin)
    page = client.get(URL)
    response = client.get(URL, {"format": fmt})
    assert response["Content-Disposition"] == f'attachment; filename="HP-2026H1-overview-all.{fmt}"'
    rows = rows_of(response, fmt)
    assert rows[0] == ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Trạng thái", "Hạn nộp", "Gửi lần đầu lúc"]
    assert [r[0] for r in rows[1:]] == [r.unit.code for r in page.context["rows"]] == ["HP-A", "HP-B"]
    a, b = rows[1], rows[2]
    assert a[1] == narrative_reports.a.name and a[2] == narrative_reports.a.kind.name
    assert a[3] == "Chờ duyệt" and b[3] == "Đang soạn"
    sent = page.context["rows"][0].sent_at
    if fmt == "csv":
        assert a[5] == timezone.localtime(sent).strftime("%d/%m/%Y %H:%M") and b[5] == ""
    else:
        assert a[5] == timezone.localtime(sent).replace(tzinfo=None, second=0, microsecond=0) and b[5] is None
    assert a[4] in ("Đúng hạn", "Nộp muộn") and b[4] in ("", "Quá hạn", None)


def test_the_download_keeps_the_filter(client, narrative_reports):
    client.force_login(narrative_reports.users.admin)
    page = client.get(URL, {"show": "waiting"})
    assert dict(page.context["exports"])["xlsx"] == "?show=waiting&format=xlsx"
    rows = read_xlsx(client.get(URL, {"show": "waiting", "format": "xlsx"}))
    assert [r[0] for r in rows[1:]] == ["HP-A"]
    assert 'data-testid="export-overview-csv"' in page.content.decode()


def test_the_download_needs_the_page_right(client, narrative_reports):
    client.force_login(narrative_reports.users.approver_a)
    assert client.get(URL, {"format": "csv"}).status_code == 403

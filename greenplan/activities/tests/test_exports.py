"""A unit's activities as .xlsx and .csv, with the list page's filters."""

import datetime

import pytest

from greenplan.activities.services import activity_record
from greenplan.testing.downloads import read_csv, read_xlsx
from greenplan.testing.factories import LAST_MONTH, activity_data

URL = "/activities/HP-A-01/"


@pytest.fixture
def recorded(tree, a1_item):
    user = tree.users.reporter_a1
    first = activity_record(actor=user, unit=tree.a1, item=a1_item, **activity_data(
        title="=HYPERLINK(\"http://x\",\"Trồng cây\")", findings="Đạt 100 % kế hoạch trồng cây."))
    second = activity_record(actor=user, unit=tree.a1, item=None, **activity_data(
        kind="training", title="Tập huấn kỹ năng xanh", start_on=datetime.date(2025, 3, 2),
        end_on=datetime.date(2025, 3, 3), participants=None, cost=1_250_000))
    return first, second


def rows_of(response, fmt):
    return read_csv(response) if fmt == "csv" else [list(r) for r in read_xlsx(response)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_lists_the_activities_as_the_page_does(client, tree, recorded, fmt):
    first, second = recorded
    client.force_login(tree.users.approver_a)
    page = client.get(URL)
    response = client.get(URL, {"format": fmt})
    assert response["Content-Disposition"] == f'attachment; filename="HP-A-01-activities.{fmt}"'
    rows = rows_of(response, fmt)
    assert rows[0][:5] == ["Ngày thực hiện", "Đến ngày", "Loại hoạt động", "Tên hoạt động", "Mục kế hoạch"]
    assert len(rows) - 1 == len(page.context["activities"]) == 2
    newest, oldest = rows[1], rows[2]
    assert newest[2] == first.get_kind_display() and newest[4] == "1.1" and newest[8] == first.findings
    assert oldest[3] == "Tập huấn kỹ năng xanh" and oldest[4] in ("", None)
    if fmt == "csv":
        assert newest[0] == LAST_MONTH.strftime("%d/%m/%Y") and oldest[:2] == ["02/03/2025", "03/03/2025"]
        assert newest[5:7] == ["35", "4500000"] and oldest[5:7] == ["", "1250000"]
        assert newest[3].startswith("'=HYPERLINK")  # neutralised
    else:
        assert newest[0].date() == LAST_MONTH and oldest[1] == datetime.datetime(2025, 3, 3)
        assert newest[5:7] == [35, 4_500_000] and oldest[5:7] == [None, 1_250_000]
        assert newest[3] == first.title


def test_the_download_keeps_the_filters(client, tree, recorded):
    client.force_login(tree.users.reporter_a1)
    page = client.get(URL, {"year": "2025"})
    assert dict(page.context["exports"])["csv"] == "?year=2025&format=csv"
    assert 'data-testid="export-activities-xlsx"' in page.content.decode()
    response = client.get(URL, {"year": "2025", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="HP-A-01-activities-2025.csv"'
    assert [r[3] for r in read_csv(response)[1:]] == ["Tập huấn kỹ năng xanh"]


def test_the_download_needs_the_page_right(client, tree, recorded):
    client.force_login(tree.users.reporter_a2)
    assert client.get(URL, {"format": "csv"}).status_code == 403  # a sibling unit
    client.logout()
    assert client.get(URL, {"format": "csv"}).status_code == 302

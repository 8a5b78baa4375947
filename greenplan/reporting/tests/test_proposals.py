"""The superior's page of its subordinates' difficulties and proposals, and its downloads."""

import pytest

from greenplan.testing.downloads import read_csv, read_xlsx
from greenplan.testing.fixtures import NARRATIVES

URL = "/reports/{unit}/2026H1/proposals/"


def get(client, user, unit="HP", **params):
    client.force_login(user)
    return client.get(URL.format(unit=unit), params)


def shown(response):
    return [row.unit.code for row, _url in response.context["rows"]]


def test_it_compiles_every_sent_report_below_with_the_unit_named(client, narrative_reports):
    tree = narrative_reports
    response = get(client, tree.users.admin)
    assert response.status_code == 200
    # b1 wrote nothing, b's difficulty is still a draft, HP's own report is not a subordinate's
    assert shown(response) == ["HP-A", "HP-A-01", "HP-A-02"]
    html = response.content.decode()
    for key in ("a", "a1", "a2"):
        unit = getattr(tree, key)
        assert unit.name in html
        for text in NARRATIVES[key]:
            assert text.replace("'", "&#x27;") in html
    assert "Bản nháp chưa gửi" not in html
    rows = {row.unit.code: row for row, _url in response.context["rows"]}
    assert rows["HP-A-01"].superior == tree.a and rows["HP-A"].superior == tree.root


def test_the_level_filter_keeps_the_direct_subordinates_or_one_kind(client, narrative_reports):
    admin = narrative_reports.users.admin
    assert shown(get(client, admin, level="direct")) == ["HP-A"]
    assert shown(get(client, admin, level="grassroots")) == ["HP-A-01", "HP-A-02"]
    kinds = [k.code for k in get(client, admin).context["compiled"].kinds]
    assert kinds == ["commune", "grassroots"]


@pytest.mark.parametrize(("query", "expected"), [
    ("kinh phi", ["HP-A-01"]),  # diacritics and case ignored
    ("TUẦN HOÀN", ["HP-A-02"]),
    ("thep xanh", ["HP-A-01"]),  # the unit's name too
    ("kiem nhiem dia ban", ["HP-A"]),  # every word, in any order
    ("không có chữ này", []),
])
def test_the_search_ignores_diacritics(client, narrative_reports, query, expected):
    response = get(client, narrative_reports.users.admin, q=query)
    assert shown(response) == expected
    if not expected:
        assert "Không có khó khăn, kiến nghị nào khớp bộ lọc." in response.content.decode()


def test_it_keeps_only_the_rows_with_the_chosen_text(client, narrative_reports):
    admin = narrative_reports.users.admin
    assert shown(get(client, admin, has="proposals")) == ["HP-A-01", "HP-A-02"]
    assert shown(get(client, admin, has="difficulties")) == ["HP-A", "HP-A-01"]
    assert shown(get(client, admin, has="anything")) == ["HP-A", "HP-A-01", "HP-A-02"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_download_holds_what_the_page_shows(client, narrative_reports, fmt):
    tree = narrative_reports
    page = get(client, tree.users.admin, level="grassroots")
    response = get(client, tree.users.admin, level="grassroots", format=fmt)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="HP-2026H1-proposals.{fmt}"'
    rows = read_csv(response) if fmt == "csv" else [list(r) for r in read_xlsx(response)]
    assert rows[0] == ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Đơn vị cấp trên trực tiếp", "Trạng thái",
                       "Khó khăn, vướng mắc", "Kiến nghị, đề xuất"]
    assert [r[0] for r in rows[1:]] == shown(page)
    a1, a2 = rows[1], rows[2]
    assert a1[1] == tree.a1.name and a1[3] == tree.a.name and a1[4] == "Đã gửi, chờ duyệt"
    assert a1[5] == NARRATIVES["a1"][0]
    assert a2[4] == "Đã duyệt" and a2[6] == NARRATIVES["a2"][1] and a2[5] in ("", None)
    if fmt == "csv":
        assert a1[6].startswith("'=cmd")  # neutralised: Excel shows it as text
    else:
        assert a1[6] == NARRATIVES["a1"][1]  # a string cell, never a formula


def test_the_export_buttons_keep_the_filters(client, narrative_reports):
    response = get(client, narrative_reports.users.admin, q="kinh phí", level="grassroots")
    links = dict(response.context["exports"])
    assert links["csv"] == "?q=kinh+ph%C3%AD&level=grassroots&format=csv"
    assert 'data-testid="export-proposals-xlsx"' in response.content.decode()
    filtered = read_csv(client.get(URL.format(unit="HP") + links["csv"]))
    assert [r[0] for r in filtered[1:]] == ["HP-A-01"]


def test_a_superior_reads_only_its_own_subtree(client, narrative_reports):
    tree = narrative_reports
    assert shown(get(client, tree.users.approver_a, unit="HP-A")) == ["HP-A-01", "HP-A-02"]
    assert shown(get(client, tree.users.viewer_b, unit="HP-B")) == []  # b1 wrote nothing; b is a draft
    assert get(client, tree.users.viewer_b, unit="HP-B").content.decode().count("proposal-row") == 0


@pytest.mark.parametrize(("who", "unit"), [
    ("approver_a", "HP"),  # the province is above the approver's scope
    ("viewer_b", "HP-A"),  # a sibling branch
    ("outsider", "HP"),
    ("reporter_a1", "HP-A"),
])
def test_it_refuses_a_unit_outside_the_scope(client, narrative_reports, who, unit):
    user = getattr(narrative_reports.users, who)
    assert get(client, user, unit=unit).status_code == 403
    assert get(client, user, unit=unit, format="csv").status_code == 403


def test_it_asks_an_anonymous_reader_to_sign_in(client, narrative_reports):
    response = client.get(URL.format(unit="HP"), {"format": "xlsx"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_period_or_unit_answers_404(client, narrative_reports):
    client.force_login(narrative_reports.users.admin)
    assert client.get("/reports/HP/2031H1/proposals/").status_code == 404
    assert client.get("/reports/NOPE/2026H1/proposals/").status_code == 404


def test_the_overview_links_to_the_page(client, narrative_reports):
    client.force_login(narrative_reports.users.admin)
    html = client.get("/overview/HP/2026H1/").content.decode()
    assert 'href="/reports/HP/2026H1/proposals/"' in html


def test_the_page_costs_a_fixed_number_of_queries(client, narrative_reports, django_assert_max_num_queries):
    client.force_login(narrative_reports.users.admin)
    client.get(URL.format(unit="HP"))  # warm the session and the grants
    with django_assert_max_num_queries(12):
        assert client.get(URL.format(unit="HP")).status_code == 200


def test_the_page_and_its_download_speak_english(client, narrative_reports):
    client.cookies["django_language"] = "en"
    html = get(client, narrative_reports.users.admin).content.decode()
    assert "Difficulties and proposals of the units below" in html and "Every unit below" in html
    rows = read_csv(get(client, narrative_reports.users.admin, format="csv"))
    assert rows[0][3:] == ["Direct superior", "Status", "Difficulties", "Proposals"]

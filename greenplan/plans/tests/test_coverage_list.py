"""The coverage page at scale: search, the "without a plan" filter, sorting, paging, the htmx matrix."""

import pytest

from greenplan.activities.services import activity_record
from greenplan.orgs.models import Unit
from greenplan.plans import views
from greenplan.plans.models import PlanItem
from greenplan.plans.selectors import CoverageCell, CoverageRow
from greenplan.plans.services import plan_copy_down
from greenplan.plans.templatetags.plans_ui import coverage_cells
from greenplan.testing.bulk_units import add_grassroots_bulk
from greenplan.testing.downloads import read_csv
from greenplan.testing.factories import activity_data

pytestmark = pytest.mark.django_db

URL = "/plans/HP-A/coverage/"


@pytest.fixture
def many(tree, cascade):
    """55 more grassroots units under HP-A (57 in all); the first two concretize HP-A's plan."""
    add_grassroots_bulk(tree.a, 55, lambda i: f"Công đoàn Công ty Xanh {i:03d}")
    for code in ("HP-A-G000", "HP-A-G001"):
        plan_copy_down(actor=tree.users.admin, unit=Unit.objects.get(code=code))
    return tree


def rows_of(response) -> list[str]:
    return [row.unit.code for row in response.context["page"]]


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_matrix_is_paged_and_the_totals_count_every_unit(client, many):
    first = get(client, many.users.admin)
    assert first.context["found"] == 57 and len(rows_of(first)) == 50
    second = get(client, many.users.admin, page="2")
    assert len(rows_of(second)) == 7 and set(rows_of(first)).isdisjoint(rows_of(second))
    html = second.content.decode()
    assert 'data-testid="count-1.1">3<' in html  # HP-A-01, G000 and G001, whatever the page
    assert "Trang 2/2" in html


def test_search_ignores_diacritics_and_case(client, many):
    # One test for every spelling: each setup copies plans down (seconds), the requests are cheap.
    for q in ["le loi", "Lê Lợi", "LÊ LỢI", "hp-a-02"]:
        assert rows_of(get(client, many.users.admin, q=q)) == ["HP-A-02"], q


def test_the_filter_keeps_the_units_without_a_plan(client, many):
    response = get(client, many.users.admin, show="noplan")
    assert response.context["found"] == 54
    assert not {"HP-A-01", "HP-A-G000", "HP-A-G001"} & set(rows_of(response))


def test_sorting_by_items_concretized(client, many):
    most = rows_of(get(client, many.users.admin, sort="-concretized"))
    assert set(most[:3]) == {"HP-A-01", "HP-A-G000", "HP-A-G001"}
    fewest = get(client, many.users.admin, sort="concretized", page="2")
    assert set(rows_of(fewest)[-3:]) == {"HP-A-01", "HP-A-G000", "HP-A-G001"}
    by_name = rows_of(get(client, many.users.admin, sort="-name"))
    assert by_name[0] == "HP-A-02"  # "Trường Tiểu học Lê Lợi" after every "Công ty Xanh"


def test_htmx_gets_the_matrix_alone_with_links_that_keep_the_search(client, many):
    client.force_login(many.users.admin)
    response = client.get(URL, {"q": "xanh"}, headers={"HX-Request": "true"})  # 55 + "Thép Xanh" (HP-A-01)
    html = response.content.decode()
    assert response.templates[0].name == "plans/_coverage_matrix.html" and "<html" not in html
    assert 'data-testid="coverage-found">56 đơn vị<' in html
    assert 'hx-get="?q=xanh&amp;page=2"' in html and 'href="?q=xanh&amp;sort=-concretized"' in html


def test_bad_parameters_never_break_the_page(client, many):
    for params in [{"page": "abc"}, {"page": "99"}, {"sort": "evil"}, {"show": "x"}, {"q": "y" * 300}]:
        assert get(client, many.users.admin, **params).status_code == 200, params


def test_the_download_holds_the_units_found(client, many):
    rows = read_csv(get(client, many.users.admin, q="xanh 00", format="csv"))
    assert [r[0] for r in rows[1:-1]] == [f"HP-A-G00{i}" for i in range(10)]


def test_a_sibling_and_a_reporter_are_refused(client, many):
    assert get(client, many.users.viewer_b).status_code == 403
    client.force_login(many.users.reporter_a1)
    assert client.get(URL, {"q": "xanh"}, headers={"HX-Request": "true"}).status_code == 403


def test_a_page_of_one_unit_keeps_the_totals_of_every_unit(client, tree, cascade, monkeypatch):
    """HP's page 2 shows HP-B alone (no plan): the totals still count HP-A's cells, their progress
    combined over HP-A's items (each of the four outcomes once) and the activities recorded at HP,
    at HP-A and two levels down at HP-A-01; the page-1 cell of HP-A agrees."""
    hp, a, a1 = cascade
    monkeypatch.setattr(views, "COVERAGE_PAGE_SIZE", 1)
    Status = PlanItem.Status
    PlanItem.objects.filter(plan=a, code="1.1").update(status=Status.DONE)
    PlanItem.objects.filter(plan=a, code="1.2").update(status=Status.DONE)
    PlanItem.objects.filter(plan=a, code="1.3").update(status=Status.CANCELLED)
    for code, parent, status in [("9.1", "1.1", Status.CANCELLED), ("9.2", "1.2", Status.NOT_STARTED)]:
        own = a.items.get(code=parent)
        PlanItem.objects.create(plan=a, code=code, group=own.group, title=code, parent_item=own.parent_item,
                                status=status)
    for user, unit, item, n in [(tree.users.admin, tree.root, hp.items.get(code="1.1"), 2),
                                (tree.users.approver_a, tree.a, a.items.get(code="1.1"), 1),
                                (tree.users.reporter_a1, tree.a1, a1.items.get(code="1.1"), 4)]:
        for i in range(n):
            activity_record(actor=user, unit=unit, item=item, **activity_data(title=f"Hoạt động {i}"))

    client.force_login(tree.users.admin)
    second = client.get("/plans/HP/coverage/", {"page": "2"})
    assert rows_of(second) == ["HP-B"]
    totals = {ic.item.code: (ic.concretized, ic.by_status, ic.activities) for ic in second.context["coverage"].items}
    assert totals["1.1"] == (1, {"done": 1}, 2 + 1 + 4)  # 9.1 is cancelled: ignored
    assert totals["1.2"] == (1, {"in_progress": 1}, 0)  # done and not started
    assert totals["1.3"] == (1, {"cancelled": 1}, 0)
    assert totals["2.1"] == (1, {"not_started": 1}, 0)
    first = client.get("/plans/HP/coverage/", {"sort": "-concretized"})
    [row] = first.context["page"]
    assert (row.unit.code, row.concretized, row.own_initiatives) == ("HP-A", 31, 0)
    cell = row.cells["1.1"]
    assert (sorted(cell.items), cell.status, cell.activities) == (["1.1", "9.1"], "done", 1 + 4)


def test_a_cell_escapes_its_progress_note_and_tells_screen_readers_it_is_done():
    cells = {"1.1": CoverageCell(concretized=True, items=["1", "2"], status="done", progress_note='<b>"x"</b>'),
             "1.2": CoverageCell()}
    html = coverage_cells(CoverageRow(unit=Unit(code="HP-A"), plan=None, cells=cells))
    assert html == (
        '<td class="gp-cell-done" data-testid="cell-HP-A-1.1" title="1, 2: &lt;b&gt;&quot;x&quot;&lt;/b&gt;">'
        '<span aria-label="Đã cụ thể hóa">✓</span><span class="visually-hidden">Đã hoàn thành</span></td>'
        '<td class="gp-cell-none" data-testid="cell-HP-A-1.2">'
        '<span class="text-secondary" aria-label="Chưa cụ thể hóa">·</span></td>'
    )

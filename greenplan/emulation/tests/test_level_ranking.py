"""The ranking of one level across a whole subtree (every grassroots union of the province,
every union above them), paged on the page and whole in the export; the API keeps ranking
direct subordinates."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from greenplan.emulation import views
from greenplan.emulation.selectors import level_ranking, level_ranking_page

POINTS = {"1.1": "40", "1.2": "30"}


def _total(rest: str) -> dict[str, str]:
    return {**POINTS, "2.1": rest}


@pytest.fixture
def scored(tree, take_part):
    """Grassroots units of two branches and the two branch unions, confirmed with totals computed here."""
    take_part(tree.a1, tree.users.reporter_a1, _total("22"), verifier=tree.users.approver_a)  # 92
    take_part(tree.a2, tree.users.reporter_a2, _total("27,5"), verifier=tree.users.approver_a)  # 97.5
    take_part(tree.a, tree.users.approver_a, _total("26"), verifier=tree.users.admin)  # 96
    from greenplan.accounts.models import Role
    from greenplan.testing.personas import make_user

    reporter_b1 = make_user("reporter_b1", tree.b1, Role.REPORTER)
    approver_b = make_user("approver_b", tree.b, Role.APPROVER)
    take_part(tree.b1, reporter_b1, _total("22"), verifier=approver_b)  # 92, ties with HP-A-01
    return tree.a1.emulation_entries.get().sheet


def test_every_grassroots_union_of_the_province_is_ranked_together(tree, scored):
    rows = level_ranking(scored, tree.root, "grassroots")
    assert [(r.unit.code, r.rank, r.verified_score) for r in rows] == [
        ("HP-A-02", 1, Decimal("97.5")), ("HP-A-01", 2, Decimal(92)), ("HP-B-01", 2, Decimal(92))]
    assert [r.award.code for r in rows] == ["BK", "BK", "BK"]


def test_the_upper_level_holds_the_unions_between_the_province_and_the_grassroots(tree, scored):
    rows = level_ranking(scored, tree.root, "upper")
    assert [(r.unit.code, r.rank, r.award.code if r.award else None) for r in rows] == [
        ("HP-A", 1, "CO"), ("HP-B", None, None)]


def test_a_branch_ranks_its_own_subtree_only(tree, scored):
    assert [r.unit.code for r in level_ranking(scored, tree.a, "grassroots")] == ["HP-A-02", "HP-A-01"]


def test_the_page_pages_and_the_export_holds_every_row(client, tree, scored, monkeypatch):
    monkeypatch.setattr(views, "RANKING_PAGE", 2)
    client.force_login(tree.users.admin)
    url = "/emulation/XSD/2025/ranking/HP/?level=grassroots"
    first = client.get(url).content.decode()
    assert 'data-testid="row-HP-A-02"' in first and 'data-testid="row-HP-B-01"' not in first
    assert "1/2 · 3 đơn vị" in first and 'data-testid="next-page"' in first
    second = client.get(url + "&page=2").content.decode()
    assert 'data-testid="row-HP-B-01"' in second and 'data-testid="row-HP-A-02"' not in second
    sheet = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["HP-A-02", "HP-A-01", "HP-B-01"]


def test_an_unknown_level_is_404_and_another_branch_is_refused(client, tree, scored):
    client.force_login(tree.users.admin)
    assert client.get("/emulation/XSD/2025/ranking/HP/?level=national").status_code == 404
    client.force_login(tree.users.approver_a)
    assert client.get("/emulation/XSD/2025/ranking/HP/?level=grassroots").status_code == 403
    assert client.get("/emulation/XSD/2025/ranking/HP-A/?level=grassroots").status_code == 200


def test_the_api_still_ranks_direct_subordinates(client, bearer, tree, scored):
    response = client.get("/api/v1/emulation/XSD/2025/ranking/HP", headers=bearer(tree.users.admin))
    assert [r["unit"] for r in response.json()] == ["HP-A", "HP-B"]


def test_each_page_ranked_in_the_database_matches_the_whole_ranking(tree, take_part, django_assert_max_num_queries):
    """Ties, a submitted but unconfirmed unit (its higher self-score does not rank it) and a unit
    that never took part, cut at every page size: the pages put together are the whole list."""
    import datetime

    from greenplan.accounts.models import Role
    from greenplan.orgs.models import UnitKind
    from greenplan.orgs.services import unit_create
    from greenplan.testing.personas import make_user

    take_part(tree.a1, tree.users.reporter_a1, _total("22"), verifier=tree.users.approver_a)  # 92
    take_part(tree.a2, tree.users.reporter_a2, _total("29"))  # 99, not confirmed
    take_part(tree.b1, make_user("reporter_b1", tree.b1, Role.REPORTER), _total("22"),
              verifier=make_user("approver_b", tree.b, Role.APPROVER))  # 92, ties with HP-A-01
    unit_create(parent=tree.b, code="HP-B-02", name="Công đoàn Trường THCS Chu Văn An",
                kind=UnitKind.objects.get(code="grassroots"), valid_from=datetime.date(2020, 1, 1))
    sheet = tree.a1.emulation_entries.get().sheet
    expected = [("HP-A-01", 1), ("HP-B-01", 1), ("HP-A-02", None), ("HP-B-02", None)]
    assert [(r.unit.code, r.rank) for r in level_ranking(sheet, tree.root, "grassroots")] == expected
    for size in (1, 3):
        with django_assert_max_num_queries(7):  # count, page, units, entries, answers, awards (2)
            first = level_ranking_page(sheet, tree.root, "grassroots", 1, size)
        pages = [first] + [level_ranking_page(sheet, tree.root, "grassroots", n, size)
                           for n in range(2, first.paginator.num_pages + 1)]
        assert [(r.unit.code, r.rank) for p in pages for r in p.object_list] == expected, size
        assert first.paginator.count == 4
    shown = level_ranking_page(sheet, tree.root, "grassroots", 2, 3).object_list
    assert (shown[0].self_score, shown[0].verified_score, shown[0].award) == (None, None, None)

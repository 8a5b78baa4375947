import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.orgs.models import UnitKind
from greenplan.reporting.indicators import indicator_create, indicator_retire
from greenplan.reporting.models import Indicator

INDICATORS = "/api/v1/indicators"
PERIODS = "/api/v1/periods"


def by_code(body):
    return {ind["code"]: ind for ind in body}


def test_it_lists_the_whole_catalogue(client, tree, bearer):
    r = client.get(INDICATORS, headers=bearer(tree.users.reporter_a1))
    assert r.status_code == 200
    body = r.json()
    assert len(body) == 68
    assert list(body[0])[:6] == ["code", "name", "unit", "aggregation", "group", "derived"]
    assert [i["code"] for i in body][:2] == ["MEMBERS", "WORKERS"]
    groups = [i["group"] for i in body]
    assert groups == sorted(groups)


def test_a_ratio_names_its_numerator_and_denominator(client, tree, bearer):
    rate = by_code(client.get(INDICATORS, headers=bearer(tree.users.admin)).json())["G7_GREEN_PROCUREMENT_RATE"]
    assert rate == {
        "code": "G7_GREEN_PROCUREMENT_RATE",
        "name": "Tỷ lệ mua sắm xanh trong tổng mua sắm",
        "unit": "%",
        "aggregation": "ratio",
        "group": 7,
        "derived": True,
        "name_en": "Green share of procurement (target >= 35%)",
        "type": "percent",
        "numerator": "G7_PROCUREMENT_GREEN",
        "denominator": "G7_PROCUREMENT_TOTAL",
        "required": False,
        "plan_items": ["7.3"],
        "min": 0,
        "max": None,
        "active": True,
        "retired_at": None,
        "kinds": [],
    }


def test_an_entered_indicator_has_no_formula(client, tree, bearer):
    body = by_code(client.get(INDICATORS, headers=bearer(tree.users.admin)).json())
    docs = body["G1_DOCS"]
    assert (docs["derived"], docs["numerator"], docs["denominator"], docs["required"]) == (False, None, None, True)
    assert docs["plan_items"] == ["1.2", "2.1"]
    assert (body["G1_RESOLUTION"]["type"], body["G1_RESOLUTION"]["max"]) == ("yesno", 1)
    assert body["MEMBERS"]["plan_items"] == []


def test_names_stay_vietnamese_with_english_beside_them(client, tree, bearer):
    en = by_code(client.get(INDICATORS, headers=bearer(tree.users.admin, accept_language="en")).json())
    assert en["MEMBERS"]["name"] == "Tổng số đoàn viên"
    assert en["MEMBERS"]["name_en"] == "Union members"


def test_retired_indicators_are_listed_only_on_request(client, tree, bearer):
    indicator_retire(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"),
                     on=datetime.date(2024, 1, 1))
    headers = bearer(tree.users.admin)
    active = by_code(client.get(INDICATORS, headers=headers).json())
    everything = by_code(client.get(f"{INDICATORS}?include_retired=true", headers=headers).json())
    assert "G3_MEDIA" not in active and len(active) == 67
    assert len(everything) == 68
    assert (everything["G3_MEDIA"]["active"], everything["G3_MEDIA"]["retired_at"]) == (False, "2024-01-01")


def test_an_indicator_retired_in_the_future_is_still_active(client, tree, bearer):
    indicator_retire(actor=tree.users.admin, indicator=Indicator.objects.get(code="G3_MEDIA"),
                     on=datetime.date.today() + datetime.timedelta(days=30))
    media = by_code(client.get(INDICATORS, headers=bearer(tree.users.admin)).json())["G3_MEDIA"]
    assert media["active"] is True


def test_the_listing_costs_the_same_queries_however_many_indicators(client, tree, bearer):
    headers = bearer(tree.users.admin)
    client.get(INDICATORS, headers=headers)  # warm up
    with CaptureQueriesContext(connection) as before:
        client.get(INDICATORS, headers=headers)
    grassroots = UnitKind.objects.get(code="grassroots")
    for n in range(3):
        indicator_create(actor=tree.users.admin, code=f"X_EXTRA_{n}", name=f"Chỉ tiêu {n}", type="integer",
                         aggregation="sum", group=8, kinds=[grassroots])
    with CaptureQueriesContext(connection) as after:
        body = client.get(INDICATORS, headers=headers).json()
    assert len(body) == 71
    assert by_code(body)["X_EXTRA_0"]["kinds"] == ["grassroots"]
    assert len(after.captured_queries) == len(before.captured_queries)


def test_indicators_need_a_token(client, tree):
    assert client.get(INDICATORS).status_code == 401


def test_it_lists_the_periods_newest_first(client, tree, period, previous_period, bearer):
    r = client.get(PERIODS, headers=bearer(tree.users.outsider))
    assert r.status_code == 200
    body = r.json()
    assert [p["code"] for p in body] == ["2026H1", "2025H2"]
    assert body[0] == {
        "code": "2026H1",
        "start": "2026-01-01",
        "end": "2026-06-30",
        "deadline": "2026-07-15",
        "open": True,
        "cutoff": "2026-06-15",
        "year": 2026,
        "half": 1,
        "label": "6 tháng đầu năm 2026",
    }
    assert (body[1]["open"], body[1]["label"]) == (False, "6 tháng cuối năm 2025")


def test_no_periods_is_an_empty_list(client, tree, bearer):
    r = client.get(PERIODS, headers=bearer(tree.users.admin))
    assert r.status_code == 200 and r.json() == []


@pytest.mark.django_db
def test_openapi_documents_the_catalogue(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert paths["/api/v1/indicators"]["get"]["summary"] == "The indicator catalogue"
    assert paths["/api/v1/periods"]["get"]["summary"] == "The reporting periods"

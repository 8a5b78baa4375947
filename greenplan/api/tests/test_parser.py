from decimal import Decimal

import pytest

from greenplan.api.errors import ApiError
from greenplan.api.parser import loads


def test_numbers_reach_the_services_exactly():
    data = loads(b'{"a": 1e-400, "b": 12345678901234.5678, "c": 99999999999999.99, "d": 7, "e": -0.1}')
    assert data == {
        "a": Decimal("1E-400"),
        "b": Decimal("12345678901234.5678"),
        "c": Decimal("99999999999999.99"),
        "d": 7,
        "e": Decimal("-0.1"),
    }
    assert isinstance(data["d"], int)


def test_a_byte_order_mark_is_tolerated():
    assert loads(b'\xef\xbb\xbf{"a": "\xc3\xa2"}') == {"a": "â"}


@pytest.mark.parametrize(
    "body, status",
    [
        (b'{"a": NaN}', 400),
        (b'[1, 2, "\\ud800"]', 400),
        (b'{"\\udc00": 1}', 400),
        (b'{"a": 1' + b"0" * 5000 + b"}", 400),
        (b"{'a': 1}", 400),
        ('{"a": 1}'.encode("utf-32"), 415),
    ],
)
def test_it_refuses_what_json_would_guess(body, status):
    with pytest.raises(ApiError) as refused:
        loads(body)
    assert refused.value.status_code == status


@pytest.mark.django_db
def test_a_report_takes_ordinary_numbers_after_exact_parsing(client, tree, period, bearer):
    body = b'{"version": 0, "values": {"G3_SESSIONS": 3, "G7_UNION_SPENDING": 12.5}}'
    r = client.put("/api/v1/reports/HP-A-01/2026H1", data=body, content_type="application/json",
                   headers=bearer(tree.users.reporter_a1))
    assert r.status_code == 200, r.content
    assert r.json()["values"]["G7_UNION_SPENDING"] == 12.5
    assert r.json()["values"]["G3_SESSIONS"] == 3

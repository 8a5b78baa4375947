"""Property-based testing of the whole API from its own OpenAPI document (schemathesis).

Every operation of /api/v1/openapi.json gets generated requests — valid ones, valid ones aimed
at real units, periods and plan items, and invalid ones — sent to a live server as a province
admin and as a grassroots reporter. Every answer must be documented (status, content type and
body schema) and none may be a server error; invalid data must be refused.

Bounded to a few examples per operation so it takes about two minutes; `make test` runs it in
the SQLite phase. Select it alone with `pytest -m schemathesis`; SCHEMATHESIS_EXAMPLES=40 searches harder.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from greenplan.accounts.tokens import token_issue
from greenplan.emulation.services import sheet_load
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down

pytestmark = pytest.mark.schemathesis

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# Real values for path parameters, so cases reach the endpoints' logic and not only their 404s.
KNOWN = {"unit": ["HP", "HP-A-01", "hp-a", "HP-B-01"], "period": ["2026H1", "2026"], "code": ["1.1", "7.3"],
         "movement": ["XSD", "xsd"], "year": ["2025"]}


@pytest.fixture
def live_api(django_db_serialized_rollback, transactional_db, live_server, tree, period, monkeypatch):
    # The .pdf operations are checked against their document, not LibreOffice's speed: a
    # conversion per generated case would add minutes (greenplan/documents/tests convert for real).
    monkeypatch.setattr("greenplan.documents.responses.docx_to_pdf", lambda content: b"%PDF-1.4 test")
    province = load_seed_plan(tree.root)
    plan_copy_down(actor=tree.users.admin, unit=tree.a)
    plan_copy_down(actor=tree.users.admin, unit=tree.a1)
    assert province.items.exists()
    sheet_load(actor=tree.users.admin, movement={"code": "XSD", "name": "Xanh - Sạch - Đẹp"}, year=2025,
               groups=[{"code": "I", "title": "Nhóm", "criteria": [{"code": "1.1", "title": "x", "max_points": 100}]}],
               conditions=[], awards=[{"code": "BK", "name": "Bằng khen", "min_score": 91}])
    return live_server.url


def strategies(operation):
    names = {p.name for p in operation.path_parameters}
    known = st.fixed_dictionaries({name: st.sampled_from(KNOWN[name]) for name in names if name in KNOWN})
    aimed = known.flatmap(lambda values: operation.as_strategy(path_parameters=values))
    return [
        ("positive", operation.as_strategy(generation_mode=GenerationMode.POSITIVE)),
        ("aimed", aimed),
        ("negative", operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)),
    ]


def test_every_operation_keeps_to_its_document(live_api, tree):
    schema = schemathesis.openapi.from_url(f"{live_api}/api/v1/openapi.json")
    personas = {
        "admin": token_issue(user=tree.users.admin)[0],
        "reporter": token_issue(user=tree.users.reporter_a1)[0],
    }
    failures = []
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results) > 20
    for operation in operations:
        for mode, strategy in strategies(operation):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case):
                for token in personas.values():
                    headers = {"Authorization": f"Bearer {token}"}
                    case.call_and_validate(base_url=live_api, headers=headers, checks=CHECKS)

            try:
                run()
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # noqa: BLE001 — schemathesis raises exception groups; report them all at the end
                failures.append(f"--- {operation.label} ({mode})\n{exc}")
    assert not failures, f"{len(failures)} failing\n\n" + "\n\n".join(failures)

"""The world every bad-input case runs against, and a snapshot of everything a request could change.

    HP-A-01 2026H1  draft, version 1 (G3_SESSIONS = 2, results "Tốt"), one PDF attached
    HP-A-02 2026H1  submitted                      HP-B-01 2026H1  approved
    2025H2          closed period, no report
    plans           HP (draft) → HP-A (issued) → HP-A-01 (draft), copied down; HP-A-02 has none
    activity        one of HP-A-01, with a PDF as evidence
    tokens          a live one per persona, one revoked and one expired (both reporter_a1's)
"""

import datetime
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from greenplan.accounts.models import ApiToken, Membership, User
from greenplan.accounts.tokens import token_find, token_issue, token_revoke
from greenplan.activities.models import Activity, Evidence
from greenplan.activities.services import activity_record
from greenplan.jobs.models import Job
from greenplan.notifications.models import Notification
from greenplan.plans.models import Plan, PlanEvent, PlanGroup, PlanItem, PlanTarget
from greenplan.plans.seed import load_seed_plan
from greenplan.plans.services import plan_copy_down, plan_issue
from greenplan.reporting.models import Report, ReportAttachment, ReportEvent, ReportValue
from greenplan.reporting.services import report_approve, report_attach, report_save, report_submit
from greenplan.testing.demo import kept_for_a_block_of_tests
from greenplan.testing.factories import full_values
from greenplan.testing.files import pdf_bytes
from greenplan.testing.fixtures import make_period, make_previous_period
from greenplan.testing.personas import build_tree

PERSONAS = ("admin", "approver_a", "reporter_a1", "reporter_a2", "viewer_b", "outsider")
STORED = (Report, ReportValue, ReportEvent, ReportAttachment, Plan, PlanGroup, PlanItem, PlanTarget, PlanEvent,
          PlanItem.indicators.through, Activity, Evidence, User, Membership, ApiToken, Job, Notification)
# Written by any authenticated request, whatever it asks: not part of what a refusal must keep.
VOLATILE = {"last_used_at", "last_login"}


def _submitted(tree, unit, period, actor):
    report_save(actor=actor, unit=unit, period=period, version=0, values=full_values())
    return report_submit(actor=actor, unit=unit, period=period)


def _build_world(media: Path) -> SimpleNamespace:
    tree = build_tree()
    period = make_period()
    make_previous_period()
    u = tree.users
    report_save(actor=u.reporter_a1, unit=tree.a1, period=period, version=0, values={"G3_SESSIONS": 2},
                narrative={"results": "Tốt"})
    report_attach(actor=u.reporter_a1, unit=tree.a1, period=period,
                  file=SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), "application/pdf"))
    _submitted(tree, tree.a2, period, u.reporter_a2)
    _submitted(tree, tree.b1, period, u.admin)
    report_approve(actor=u.admin, unit=tree.b1, period=period)

    load_seed_plan(tree.root, actor=u.admin)
    plan_a = plan_copy_down(actor=u.approver_a, unit=tree.a)
    plan_a1 = plan_copy_down(actor=u.reporter_a1, unit=tree.a1)
    plan_issue(actor=u.approver_a, plan=plan_a, number="7", symbol="KH-CĐP", issued_on=datetime.date(2026, 3, 1),
               signer="Nguyễn Văn A")

    activity = activity_record(
        actor=u.reporter_a1, unit=tree.a1, kind="tree_planting", title="Trồng cây xanh",
        start_on=datetime.date(2026, 3, 5), participants=30, cost=1_500_000, description="Trồng 40 cây.",
        item=plan_a1.items.get(code="1.1"), files=[SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), "application/pdf")],
    )

    tokens = {name: token_issue(user=getattr(u, name))[0] for name in PERSONAS}
    revoked = token_issue(user=u.reporter_a1)[0]
    token_revoke(user=u.reporter_a1, token_id=token_find(revoked).pk)
    expired = token_issue(user=u.reporter_a1)[0]
    ApiToken.objects.filter(pk=token_find(expired).pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    tokens.update(revoked=revoked, expired=expired, wrong="Xk9-not-a-token-of-anyone-0000000000000000")

    ids = {
        "item_a1": plan_a1.items.get(code="1.1").pk,
        "activity": activity.pk,
        "admin_token": token_find(tokens["admin"]).pk,
    }
    return SimpleNamespace(tree=tree, tokens=tokens, ids=ids, media=media)


@pytest.fixture(scope="module")
def corpus_world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[SimpleNamespace]:
    """The world, built once for the module inside a transaction rolled back at its end.

    Every case still runs in its own savepoint (`db`, through `world`), so even a case that
    wrongly stores something leaves the next case the same world. Files are not rolled back:
    a case that wrongly writes one fails its own snapshot.
    """
    media = tmp_path_factory.mktemp("corpus-media")
    with override_settings(MEDIA_ROOT=media), kept_for_a_block_of_tests(django_db_blocker):
        yield _build_world(media)


@pytest.fixture
def world(corpus_world, db) -> SimpleNamespace:
    return corpus_world


def snapshot(world) -> dict:
    """Every stored row a request could touch, and the files on disk."""
    rows: dict[str, Any] = {
        model._meta.label: [
            {key: value for key, value in row.items() if key not in VOLATILE}
            for row in model.objects.order_by("pk").values()
        ]
        for model in STORED
    }
    media = world.media
    rows["files"] = sorted(
        (str(p.relative_to(media)), p.stat().st_size) for p in media.rglob("*") if p.is_file()
    ) if media.exists() else []
    return rows

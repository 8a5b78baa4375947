"""The log itself: what an entry holds, and that it is append-only."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.utils import DatabaseError

from greenplan.audit.models import AppendOnly, LogEntry
from greenplan.audit.services import changes, log_action, snapshot

User = get_user_model()
UNIT = SimpleNamespace(path="00010002", code="HP-A")


@pytest.fixture
def actor(db):
    return User.objects.create_user(username="chi", password="x-123-long-pw", full_name="Chi")


def test_an_entry_records_who_what_which_object_unit_and_the_change(actor):
    target = User.objects.create_user(username="binh", password="x-123-long-pw")
    entry = log_action(actor=actor, action="account.updated", obj=target, unit=UNIT,
                       data={"changes": [{"field": "email", "old": "", "new": "b@example.vn"}]})
    entry = LogEntry.objects.get(pk=entry.pk)
    assert (entry.actor, entry.actor_name, entry.action) == (actor, "chi", "account.updated")
    assert entry.content_type.model_class() is User and entry.object_id == str(target.pk)
    assert entry.object_repr == str(target)
    assert (entry.unit_path, entry.unit_code) == ("00010002", "HP-A")
    assert entry.changes == [{"field": "email", "old": "", "new": "b@example.vn"}]
    assert entry.label == "Sửa tài khoản"


def test_an_unknown_action_is_refused(actor):
    with pytest.raises(ValueError, match="unknown audit action"):
        log_action(actor=actor, action="account.teleported", obj=actor)
    assert not LogEntry.objects.exists()


def test_an_unsaved_object_is_refused(actor):
    with pytest.raises(ValueError):
        log_action(actor=actor, action="account.created", obj=User(username="ghost"))


def test_a_change_that_is_rolled_back_leaves_no_entry(actor):
    with pytest.raises(RuntimeError), transaction.atomic():
        log_action(actor=actor, action="account.updated", obj=actor)
        raise RuntimeError("the service failed after logging")
    assert not LogEntry.objects.exists()


def test_an_entry_cannot_be_saved_again_or_deleted(actor):
    entry = log_action(actor=actor, action="account.updated", obj=actor)
    entry.action = "account.locked"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()


def test_the_database_refuses_to_change_an_entry(actor):
    entry = log_action(actor=actor, action="account.updated", obj=actor)
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(action="account.locked")
    assert LogEntry.objects.get(pk=entry.pk).action == "account.updated"


def test_deleting_the_actor_keeps_the_entry_and_the_name(actor):
    entry = log_action(actor=actor, action="account.updated", obj=actor, unit=UNIT)
    actor.delete()
    entry = LogEntry.objects.get(pk=entry.pk)
    assert entry.actor is None and entry.actor_name == "chi"


def test_a_system_change_has_no_actor(db):
    target = User.objects.create_user(username="binh")
    entry = log_action(actor=None, action="account.created", obj=target)
    assert entry.actor is None and entry.actor_name == "" and entry.unit_path == ""


def test_a_snapshot_never_holds_the_password(actor):
    shot = snapshot(actor)
    assert "password" not in shot and shot["username"] == "chi"


def test_changes_list_old_and_new_values_that_differ():
    before = {"name": "A", "amount": Decimal("1.50"), "on": datetime.date(2026, 1, 2), "same": 1}
    after = {"name": "B", "amount": Decimal("1.5"), "on": datetime.date(2026, 1, 2), "same": 1, "extra": "x"}
    assert changes(before, after) == [
        {"field": "name", "old": "A", "new": "B"},
        {"field": "extra", "old": None, "new": "x"},
    ]

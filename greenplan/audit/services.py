"""Writing the audit log. Every service that changes data calls `log_action` inside its own
transaction, so a change that is rolled back leaves no entry.

There is no update or delete here: entries are append-only (the model refuses to save an
existing row and the database refuses to change one).
"""

import datetime
import decimal
from collections.abc import Iterable
from typing import Any, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db import models

from greenplan.audit.actions import ACTIONS
from greenplan.audit.models import LogEntry

# Never written to the log: secrets, and bookkeeping columns that say nothing to a reader.
SKIPPED_FIELDS = frozenset({
    "id", "password", "key_hash", "path", "depth", "numchild", "search_text", "created_at", "updated_at",
    "last_login", "last_used_at",
})
REPR_MAX = 300


class UnitLike(Protocol):
    """An organisation unit (greenplan.orgs.models.Unit); this app does not import it."""

    path: str
    code: str


def _plain(value: Any) -> Any:
    """A JSON value that shows the field as a reader would recognise it."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's fields as JSON values (related objects by their text), for `changes`.

    Without `fields`: every concrete field except SKIPPED_FIELDS, plus many-to-many fields once
    the object is saved.
    """
    wanted = set(fields) if fields is not None else None
    result: dict[str, Any] = {}
    for field in obj._meta.get_fields():
        name = field.name
        if wanted is not None and name not in wanted:
            continue
        if wanted is None and (name in SKIPPED_FIELDS or field.auto_created or not field.concrete):
            continue
        if field.many_to_many:
            if obj.pk is None:
                continue
            result[name] = sorted(str(o) for o in getattr(obj, name).all())
        elif field.concrete:
            result[name] = _plain(getattr(obj, name))
    return result


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """[{"field", "old", "new"}] for every key whose value differs; a missing key is None.

    `changes({}, snapshot(obj))` describes a new object, `changes(snapshot(obj), {})` a deleted one.
    """
    out = []
    for name in list(before) + [k for k in after if k not in before]:
        old, new = before.get(name), after.get(name)
        if old != new and not (old in (None, "", []) and new in (None, "", [])):
            out.append({"field": name, "old": old, "new": new})
    return out


def log_action(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    unit: UnitLike | None = None,
    data: dict[str, Any] | None = None,
) -> LogEntry:
    """Append an entry: `actor` (a user, or None for the system) did `action` to `obj`.

    `unit` is the unit the change belongs to (whose admins may read the entry); None leaves it
    to the root admins (system-wide settings). `data` is JSON; its "changes" key, when present,
    is a list of {"field", "old", "new"} shown as old → new. Call it inside the service's
    transaction, and before deleting `obj` (its id is gone afterwards).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to greenplan.audit.actions")
    if obj.pk is None:
        raise ValueError("log_action needs a saved object (log a deletion before deleting)")
    actor = actor if getattr(actor, "is_authenticated", False) else None
    entry = LogEntry(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:REPR_MAX],
        unit_path=unit.path if unit is not None else "",
        unit_code=unit.code if unit is not None else "",
        data=_plain(data or {}),
    )
    entry.save()
    return entry

"""Build a fixture's rows once per test session, then copy them in for every later test.

The `tree` fixture runs before thousands of tests, and building it through the services (six
`unit_create`, six accounts, their audit entries) costs about as much as many of the tests
themselves. `Replay` builds it for real the first time, keeps every row the build inserted,
and afterwards inserts those same rows (same primary keys) into the empty tables, which is a
handful of queries. The returned objects are fetched fresh, with the related objects the
built ones carried (so query-count assertions see the same queries).

It only replays when it is safe: the build may only have inserted rows (no update or delete
of rows that existed before), the tables it inserted into must be empty now as they were
then, and the rows its rows point to (unit kinds, sectors, content types) must be the very
same rows. Otherwise it builds for real, exactly as before.
"""

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import ForeignKey, Model

Rows = dict[Any, dict[str, Any]]  # primary key -> column values


def _all_rows(model: type[Model]) -> Rows:
    return {row[model._meta.pk.attname]: row for row in model._base_manager.values()}


def _models() -> list[type[Model]]:
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]


def _refs(value: Any) -> Any:
    """The result with every model instance replaced by what is needed to fetch it again."""
    if isinstance(value, Model):
        cached = [name for name in value._state.fields_cache
                  if isinstance(value._meta.get_field(name), ForeignKey)]
        parent = getattr(value, "_cached_parent_obj", None)
        return ("model", type(value), value.pk, cached, parent.pk if parent is not None else None)
    if isinstance(value, SimpleNamespace):
        return ("ns", {k: _refs(v) for k, v in vars(value).items()})
    if isinstance(value, str | int | None):
        return ("value", value)
    raise TypeError(f"Replay cannot keep a {type(value).__name__}")


class Replay:
    def __init__(self, build: Callable[[], Any], keep_timestamps: bool = False):
        """keep_timestamps: copy automatic dates as built (else they are "now", as a real build's)."""
        self.build = build
        self.keep_timestamps = keep_timestamps
        self.recorded: dict[str, Any] | None = None
        self.unusable: set[str] = set()

    def __call__(self) -> Any:
        key = connection.settings_dict["NAME"]
        if key in self.unusable:
            return self.build()
        if self.recorded is not None and self.recorded["key"] == key and self._may_replay():
            return self._replay()
        if self.recorded is None or self.recorded["key"] != key:
            return self._record(key)
        return self.build()

    def _record(self, key: str) -> Any:
        before = {m: _all_rows(m) for m in _models()}
        result = self.build()
        inserted: list[tuple[type[Model], list[dict]]] = []
        for model, old in before.items():
            new = _all_rows(model)
            if old.keys() - new.keys() or any(new[pk] != row for pk, row in old.items()):
                self.unusable.add(key)  # the build changed rows it did not create: never replay it
                return result
            added = [new[pk] for pk in new.keys() - old.keys()]
            if added:
                if old:
                    return result  # a test put rows there first: record on a later, plainer test
                inserted.append((model, added))
        self.recorded = {"key": key, "inserted": inserted, "result": _refs(result),
                         "pointed_at": self._pointed_at(inserted)}
        return result

    @staticmethod
    def _pointed_at(inserted: list[tuple[type[Model], list[dict]]]) -> dict[type[Model], Rows]:
        """Rows outside the inserted tables that the inserted rows refer to, as they were."""
        own = {model for model, _rows in inserted}
        wanted: dict[type[Model], set] = {}
        for model, rows in inserted:
            for field in model._meta.concrete_fields:
                target = field.related_model if isinstance(field, ForeignKey) else None
                if target is None or target in own:
                    continue
                ids = {row[field.attname] for row in rows if row[field.attname] is not None}
                wanted.setdefault(target, set()).update(ids)
        return {target: {row[target._meta.pk.attname]: row for row in target._base_manager.filter(pk__in=ids).values()}
                for target, ids in wanted.items()}

    def _may_replay(self) -> bool:
        assert self.recorded is not None
        if any(model._base_manager.exists() for model, _rows in self.recorded["inserted"]):
            return False
        for target, rows in self.recorded["pointed_at"].items():
            now = {row[target._meta.pk.attname]: row for row in target._base_manager.filter(pk__in=rows).values()}
            if now != rows:
                return False
        return True

    def _replay(self) -> Any:
        assert self.recorded is not None
        # Foreign keys are checked at commit (Django declares them deferrable), so table order is free.
        with transaction.atomic():
            for model, rows in self.recorded["inserted"]:
                objs = [model(**row) for row in rows]
                if not self.keep_timestamps:
                    model._base_manager.bulk_create(objs, batch_size=500)
                    continue
                fields = model._meta.local_concrete_fields
                for start in range(0, len(objs), 500):
                    # raw: the values as recorded, without auto_now dates replaced by the time of now
                    model._base_manager._insert(objs[start:start + 500], fields=fields, raw=True)
        return self._fetch(self.recorded["result"])

    def _fetch(self, ref: Any) -> Any:
        fetched: dict[tuple[type[Model], Any], Model] = {}
        value = self._fetch_one(ref, fetched)
        for (model, _pk), obj in fetched.items():
            parent_pk = obj.__dict__.pop("_replay_parent", None)
            if parent_pk is not None:
                obj._cached_parent_obj = fetched[(model, parent_pk)]  # type: ignore[attr-defined]
        return value

    def _fetch_one(self, ref: Any, fetched: dict) -> Any:
        if ref[0] == "value":
            return ref[1]
        if ref[0] == "ns":
            return SimpleNamespace(**{k: self._fetch_one(v, fetched) for k, v in ref[1].items()})
        _tag, model, pk, cached, parent_pk = ref
        obj = model._base_manager.select_related(*cached).get(pk=pk)
        obj._replay_parent = parent_pk
        fetched[(model, pk)] = obj
        return obj

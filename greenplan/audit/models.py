"""The audit log: one append-only row per change, written by every service that changes data.

Modelled on pretix's LogEntry: who (`actor`), when (`at`), which object (content type, id and
its text at the time), what (`action`, a name from greenplan.audit.actions) and the change
(`data`, JSON; `data["changes"]` is a list of {"field", "old", "new"}).

The app sits below every other app, so it holds no foreign key to them: the unit a change
belongs to is kept as its materialized path and code at the time of the change. "What changed
in my subtree" is then a prefix filter on `unit_path`, and a unit that later moves keeps its
past entries where they happened (as stored totals keep past periods).
"""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenplan.audit.actions import KINDS, kind_of, label


class AppendOnly(Exception):
    """An audit entry was about to be changed or deleted."""


class LogEntry(models.Model):
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    # The account may be deleted later (demo rebuilds): the name written at the time stays.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(_("thao tác"), max_length=60)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300)
    unit_path = models.CharField(max_length=255, blank=True)
    unit_code = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("mục nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        indexes = [
            # Serves the subtree filter: a range on SQLite, LIKE 'prefix%' on PostgreSQL.
            models.Index(fields=["unit_path"], name="audit_unit_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An invariant, not logic: an entry is written once (the database refuses it too).
        if not self._state.adding:
            raise AppendOnly("audit log entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("audit log entries are never deleted")

    @property
    def label(self) -> str:
        return label(self.action)

    @property
    def kind(self) -> str:
        return kind_of(self.action)

    @property
    def kind_label(self) -> str:
        return str(KINDS.get(self.kind, self.kind))

    @property
    def changes(self) -> list[dict]:
        changes = self.data.get("changes") if isinstance(self.data, dict) else None
        return changes if isinstance(changes, list) else []

    @property
    def details(self) -> list[tuple[str, object]]:
        """The data other than `changes`, as (key, value) pairs for display."""
        if not isinstance(self.data, dict):
            return []
        return [(k, v) for k, v in self.data.items() if k != "changes" and v not in (None, "", [], {})]

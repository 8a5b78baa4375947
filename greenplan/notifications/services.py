"""In-app and e-mail reminders."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from greenplan.accounts.models import Membership, Role, User
from greenplan.notifications.models import Notification
from greenplan.orgs.models import Unit


def notify(
    *, users: Iterable[User], kind: str, title: str, body: str = "", url: str = "", dedupe_key: str = ""
) -> list[Notification]:
    """Create one notification per user (skipping those already sent under `dedupe_key`).

    E-mails go out after the transaction commits, so a rolled-back action sends nothing.
    """
    users = [u for u in users if u.is_active]
    if dedupe_key:
        done = set(
            Notification.objects.filter(dedupe_key=dedupe_key, user__in=users).values_list("user_id", flat=True)
        )
        users = [u for u in users if u.pk not in done]
    created = Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key) for u in users]
    )
    ids = [n.pk for n in created if n.user.email]
    if ids:
        transaction.on_commit(lambda: _email(ids))
    return created


def notify_each(notes: Iterable[Notification], batch_size: int = 2000) -> list[Notification]:
    """notify() for many (user, dedupe key) pairs at once — a reminder to every unit of a province
    — in a fixed number of queries: `notes` are unsaved Notifications, each with a dedupe key;
    those already sent under their key are skipped."""
    notes = [n for n in notes if n.user.is_active]
    keys = sorted({n.dedupe_key for n in notes})
    done: set[tuple[int, str]] = set()
    for start in range(0, len(keys), batch_size):
        chunk = keys[start : start + batch_size]
        done.update(Notification.objects.filter(dedupe_key__in=chunk).values_list("user_id", "dedupe_key"))
    fresh = [n for n in notes if (n.user_id, n.dedupe_key) not in done]
    created = Notification.objects.bulk_create(fresh, batch_size=batch_size)
    ids = [n.pk for n in created if n.user.email]
    if ids:
        transaction.on_commit(lambda: _email(ids))
    return created


def _email(ids: list[int]) -> None:
    for note in Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related("user"):
        link = f"{settings.SITE_URL}{note.url}" if note.url else ""
        send_mail(note.title, f"{note.body}\n\n{link}".strip(), None, [note.user.email], fail_silently=True)
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())


def users_with_role(unit: Unit, roles: Iterable[str], on_ancestors: bool = False) -> list[User]:
    """Active users holding one of `roles` on the unit itself, or on its ancestors too."""
    paths = [unit.path, *unit.ancestor_paths()] if on_ancestors else [unit.path]
    return list(
        User.objects.filter(
            is_active=True, memberships__unit__path__in=paths, memberships__role__in=list(roles)
        ).distinct()
    )


def reporters_of(unit: Unit) -> list[User]:
    return users_with_role(unit, [Role.REPORTER, Role.APPROVER, Role.ADMIN])


def approvers_above(unit: Unit) -> list[User]:
    """The approvers of the direct superior: the people who act on a submitted report."""
    parent_path = unit.path[: -unit.steplen]
    if not parent_path:
        return []
    return list(
        User.objects.filter(
            is_active=True, memberships__unit__path=parent_path, memberships__role__in=[Role.APPROVER, Role.ADMIN]
        ).distinct()
    )


def mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())



# --- Reads -------------------------------------------------------------------------------------


def notifications_for(user: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def reporters_by_unit(units: Iterable[Unit]) -> dict[int, list[User]]:
    """reporters_of() for several units in one query: unit id -> active users holding the reporter,
    approver or admin role on the unit itself."""
    by_unit: dict[int, list[User]] = {}
    memberships = Membership.objects.filter(
        unit__in=list(units), user__is_active=True, role__in=[Role.REPORTER, Role.APPROVER, Role.ADMIN]
    ).select_related("user").order_by("unit_id", "user_id")
    for m in memberships:
        users = by_unit.setdefault(m.unit_id, [])
        if all(u.pk != m.user_id for u in users):
            users.append(m.user)
    return by_unit

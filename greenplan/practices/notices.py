"""Who is told about a practice (greenplan.notifications): a proposal reaches the reviewers of
the unit's direct superior; a return or a publication reaches the proposing unit."""

from django.urls import reverse
from django.utils.translation import gettext as _

from greenplan.accounts.models import User
from greenplan.notifications.models import Notification
from greenplan.notifications.services import approvers_above, notify, reporters_of
from greenplan.practices.models import Practice


def _url(practice: Practice) -> str:
    return reverse("practices:detail", args=[practice.pk])


def _others(users: list[User], actor: User) -> list[User]:
    return [u for u in users if u.pk != actor.pk]


def proposed(practice: Practice, actor: User) -> None:
    notify(users=_others(approvers_above(practice.unit), actor), kind=Notification.Kind.PRACTICE,
           title=(_("%(unit)s đề xuất mô hình hay: %(title)s") % {"unit": practice.unit.name,
                                                                 "title": practice.title})[:255],
           url=_url(practice))


def returned(practice: Practice, actor: User) -> None:
    notify(users=_others(reporters_of(practice.unit), actor), kind=Notification.Kind.PRACTICE,
           title=(_("Mô hình “%(title)s” được trả lại để sửa") % {"title": practice.title})[:255],
           body=practice.review_comment, url=_url(practice))


def published(practice: Practice, actor: User) -> None:
    notify(users=_others(reporters_of(practice.unit), actor), kind=Notification.Kind.PRACTICE,
           title=(_("Mô hình “%(title)s” đã được giới thiệu trong thư viện") % {
               "title": practice.title})[:255],
           body=practice.review_comment, url=_url(practice))

"""Who is told about emulation events (greenplan.notifications): a proposal reaches the
province's deciders, a returned or adjusted self-score reaches the unit. Called by the services
inside their transaction, so a refused write tells nobody."""

from django.urls import reverse
from django.utils.translation import gettext as _

from greenplan.accounts.models import Role, User
from greenplan.emulation.models import Entry, Proposal
from greenplan.notifications.models import Notification
from greenplan.notifications.services import notify, reporters_of, users_with_role
from greenplan.orgs.models import Unit


def _entry_url(entry: Entry) -> str:
    return reverse("emulation:entry", args=[entry.sheet.movement.code, entry.sheet.year, entry.unit.code])


def _others(users: list[User], actor: User) -> list[User]:
    return [u for u in users if u.pk != actor.pk]


def proposal_made(proposal: Proposal, actor: User) -> None:
    """The approvers and admins of the root unit above the proposal's unit: they decide it."""
    root = Unit.objects.filter(path=proposal.unit.path[: Unit.steplen]).first()
    if root is None:
        return
    deciders = users_with_role(root, [Role.APPROVER, Role.ADMIN])
    title = _("%(proposer)s gửi %(kind)s: %(unit)s") % {
        "proposer": proposal.proposer.name, "kind": proposal.get_kind_display().lower(), "unit": proposal.unit.name}
    notify(users=_others(deciders, actor), kind=Notification.Kind.EMULATION, title=title[:255],
           body=proposal.reason, url=reverse("emulation:proposals"))


def entry_returned(entry: Entry, actor: User, reason: str) -> None:
    notify(users=_others(reporters_of(entry.unit), actor), kind=Notification.Kind.EMULATION,
           title=_("Cấp trên trả lại bảng tự chấm điểm thi đua năm %(year)s") % {"year": entry.sheet.year},
           body=reason, url=_entry_url(entry))


def entry_adjusted(entry: Entry, actor: User, codes: list[str]) -> None:
    notify(users=_others(reporters_of(entry.unit), actor), kind=Notification.Kind.EMULATION,
           title=_("Cấp trên điều chỉnh điểm thi đua năm %(year)s") % {"year": entry.sheet.year},
           body=_("Tiêu chí, điều kiện được điều chỉnh: %(codes)s.") % {"codes": ", ".join(codes)},
           url=_entry_url(entry))

"""The account list, with the page's search and filters, as a download (every matching account)."""

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from greenplan.accounts.models import User
from greenplan.lib.exporters import Cell, Exporter


class AccountsExporter(Exporter):
    identifier = "accounts"
    verbose_name = _lazy("Tài khoản")

    def __init__(self, accounts: Iterable[User]) -> None:
        self.accounts = accounts

    def columns(self) -> list[str]:
        return [_("Tên đăng nhập"), _("Họ và tên"), _("Thư điện tử"), _("Vai trò"), _("Trạng thái")]

    def rows(self) -> Iterable[Sequence[Cell]]:
        for user in self.accounts:
            roles = "; ".join(f"{m.get_role_display()} · {m.unit.code}" for m in user.memberships.all())
            yield [user.username, user.full_name, user.email, roles,
                   _("Đang hoạt động") if user.is_active else _("Đã khoá")]

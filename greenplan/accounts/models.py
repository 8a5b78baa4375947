import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenplan.lib.text import fold
from greenplan.orgs.models import Unit


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    # Folded username, name and e-mail, so the account list finds "Nguyễn" from "nguyen".
    search_text = models.CharField(max_length=450, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    def __str__(self) -> str:
        return self.full_name or self.username

    def refresh_search_text(self) -> None:
        self.search_text = user_search_text(self.username, self.full_name, self.email)


def user_search_text(username: str, full_name: str, email: str) -> str:
    return fold(f"{username} {full_name} {email}")[:450]


class Role(models.TextChoices):
    VIEWER = "viewer", _("Xem")
    REPORTER = "reporter", _("Nhập báo cáo")
    APPROVER = "approver", _("Duyệt")
    ADMIN = "admin", _("Quản trị")


# Each role includes the powers of the ones before it.
ROLE_RANK = {Role.VIEWER: 1, Role.REPORTER: 2, Role.APPROVER: 3, Role.ADMIN: 4}


class Membership(models.Model):
    """A user's role on a unit; it applies to the unit's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vai trò tại đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="membership_user_unit"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit.code}"

    @property
    def rank(self) -> int:
        return ROLE_RANK[Role(self.role)]


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.pk} of {self.user_id}"

    @staticmethod
    def new_raw_key() -> str:
        return secrets.token_urlsafe(32)

"""Writes to accounts and roles. The management views and the Excel importer call these.

Who may manage whom:
- creating an account, or giving a role, on a unit needs the admin action on that unit
  (`access.may_manage_accounts(actor, unit)`), and the role given may not be higher than the
  actor's own role there;
- changing an existing account needs the admin action on *every* unit the account has a
  role on (`access.may_manage_user`), so a commune admin cannot lock, reset or re-role a province officer;
- nobody changes their own roles, status or password here (no accidental self lock-out), and
  staff or superuser accounts are managed outside this screen.
"""

import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from greenplan.accounts.access import forget_grants, may_manage_accounts, may_manage_user, roles_grantable
from greenplan.accounts.models import Membership, Role, User
from greenplan.accounts.selectors import account_home_unit
from greenplan.accounts.tokens import tokens_revoke_all
from greenplan.audit.services import changes, log_action, snapshot
from greenplan.lib.text import clean_text
from greenplan.orgs.models import Unit

logger = logging.getLogger("greenplan.accounts.manage")

ACCOUNT_FIELDS = ["username", "full_name", "email", "is_active"]
USERNAME_PATTERN = re.compile(r"^[a-z0-9._-]+$")
USERNAME_MAX_LENGTH = 150
FULL_NAME_MAX = 150  # User.full_name
# No 0/O/1/l/I: generated passwords are read aloud and copied by hand.
PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ActionRefused(PermissionDenied):
    """The actor may not do this. `field` names the input that caused it, for forms and imports."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class AccountSpec:
    """A new account's data, cleaned and checked; what `user_create` will save."""

    username: str
    full_name: str
    email: str
    password: str | None
    unit: Unit
    role: Role


@dataclass(frozen=True)
class NewAccount:
    user: User
    membership: Membership
    # Set only when the system generated it: shown once to the admin, never stored in clear.
    generated_password: str | None


def password_generate() -> str:
    """A random password such as `Hk7q-Pm3x-Zt9a` that passes the project's validators."""
    while True:
        groups = ["".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3)]
        password = "-".join(groups)
        # Make sure the mix of letters and digits never trips a validator.
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def role_parse(value: str) -> Role | None:
    try:
        return Role(value)
    except ValueError:
        return None


def _role_error(value: str) -> str:
    if not (value or "").strip():
        return _("Chưa chọn vai trò.")
    return _("Vai trò không hợp lệ: %(role)s. Chọn Xem, Nhập báo cáo, Duyệt hoặc Quản trị.") % {"role": value}


def _check_admin_of(*, actor: User, unit: Unit) -> None:
    if not may_manage_accounts(actor, unit):
        raise ActionRefused(
            _("Đơn vị %(code)s nằm ngoài phạm vi quản trị của bạn.") % {"code": unit.code}, field="unit"
        )


def _check_may_grant(*, actor: User, unit: Unit, role: Role) -> None:
    _check_admin_of(actor=actor, unit=unit)
    if role not in roles_grantable(actor, unit):
        raise ActionRefused(
            _("Bạn không thể cấp vai trò cao hơn vai trò của chính mình tại đơn vị %(code)s.")
            % {"code": unit.code},
            field="role",
        )


def _check_manageable(*, actor: User, user: User, allow_self: bool = False) -> None:
    if user.pk == actor.pk and not allow_self:
        raise ActionRefused(_("Bạn không thể tự thay đổi vai trò, trạng thái hay mật khẩu của mình tại đây."))
    if not may_manage_user(actor, user):
        raise ActionRefused(
            _("Tài khoản %(username)s có vai trò tại đơn vị ngoài phạm vi quản trị của bạn.")
            % {"username": user.username}
        )


def username_normalize(username: str) -> str:
    return (username or "").strip().lower()


def _clean_full_name(full_name: Any) -> str:
    """The name on one line with single spaces; control characters and over-long names refused."""
    try:
        text = clean_text(full_name, field=_("Họ và tên"), max_length=FULL_NAME_MAX)
    except ValueError as exc:
        raise ValidationError({"full_name": [str(exc)]}) from None
    return " ".join(text.split())


def user_create_validate(
    *,
    actor: User,
    username: str,
    full_name: str,
    email: str,
    password: str | None,
    unit: Unit,
    role: str,
) -> AccountSpec:
    """Check a new account without saving it.

    Raises ActionRefused when the actor may not create it there, otherwise ValidationError
    with every field's problems at once (keys: username, full_name, email, password, unit, role).
    """
    _check_admin_of(actor=actor, unit=unit)
    errors: dict[str, list[str]] = {}
    parsed_role = role_parse(role)
    if parsed_role is None:
        errors["role"] = [_role_error(role)]
    else:
        _check_may_grant(actor=actor, unit=unit, role=parsed_role)

    username = username_normalize(username)
    try:
        full_name = _clean_full_name(full_name)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        full_name = ""
    email = (email or "").strip()
    password = password or None

    if not username:
        errors["username"] = [_("Chưa nhập tên đăng nhập.")]
    elif len(username) > USERNAME_MAX_LENGTH:
        errors["username"] = [_("Tên đăng nhập dài quá 150 ký tự.")]
    elif not USERNAME_PATTERN.match(username):
        errors["username"] = [
            _("Tên đăng nhập chỉ gồm chữ thường không dấu a-z, chữ số và các ký tự . _ -")
        ]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("Tên đăng nhập %(username)s đã tồn tại.") % {"username": username}]
    if not full_name and "full_name" not in errors:
        errors["full_name"] = [_("Chưa nhập họ và tên.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Địa chỉ thư điện tử không hợp lệ.")]
    if not unit.is_active:
        errors["unit"] = [_("Đơn vị %(code)s đã hết hiệu lực.") % {"code": unit.code}]
    if password is not None:
        try:
            validate_password(password, user=User(username=username, full_name=full_name, email=email))
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    assert parsed_role is not None
    return AccountSpec(username, full_name, email, password, unit, parsed_role)


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    full_name: str,
    email: str = "",
    password: str | None = None,
    unit: Unit,
    role: str,
    password_hashed: str | None = None,
) -> NewAccount:
    """Create an account with one role on `unit`.

    `username` is lower-cased. With no password one is generated and returned once in
    `NewAccount.generated_password`. Raises ActionRefused outside the actor's admin scope or for a
    role above the actor's own, ValidationError for bad data.

    `password_hashed` is `make_password(password)` computed beforehand: a bulk import hashes
    (≈ 0.2 s each with Argon2) outside its transaction, so that transaction stays short.
    """
    spec = user_create_validate(
        actor=actor, username=username, full_name=full_name, email=email,
        password=password, unit=unit, role=role,
    )
    generated = None if spec.password else password_generate()
    user = User(username=spec.username, full_name=spec.full_name, email=spec.email, is_active=True)
    user.refresh_search_text()
    if password_hashed and spec.password:
        user.password = password_hashed
    else:
        user.set_password(spec.password or generated)
    user.full_clean()
    user.save()
    membership = Membership(user=user, unit=spec.unit, role=spec.role)
    membership.full_clean()
    membership.save()
    log_action(actor=actor, action="account.created", obj=user, unit=spec.unit,
               data={"role": spec.role, "changes": changes({}, snapshot(user, ACCOUNT_FIELDS))})
    logger.info(
        "account created: actor=%s user=%s role=%s unit=%s",
        actor.username, user.username, spec.role, spec.unit.code,
    )
    return NewAccount(user=user, membership=membership, generated_password=generated)


@transaction.atomic
def user_update(*, actor: User, user: User, full_name: str, email: str) -> User:
    """Change an account's name and e-mail. The actor may edit their own."""
    _check_manageable(actor=actor, user=user, allow_self=True)
    before = snapshot(user, ACCOUNT_FIELDS)
    user.full_name = _clean_full_name(full_name)
    user.email = (email or "").strip()
    errors = {}
    if not user.full_name:
        errors["full_name"] = [_("Chưa nhập họ và tên.")]
    if errors:
        raise ValidationError(errors)
    user.refresh_search_text()
    user.full_clean()
    user.save(update_fields=["full_name", "email", "search_text"])
    if diff := changes(before, snapshot(user, ACCOUNT_FIELDS)):
        log_action(actor=actor, action="account.updated", obj=user, unit=account_home_unit(user),
                   data={"changes": diff})
    logger.info("account updated: actor=%s user=%s", actor.username, user.username)
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Unlock or lock an account. A locked account cannot sign in and has no rights."""
    _check_manageable(actor=actor, user=user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        forget_grants(user)
        log_action(actor=actor, action="account.unlocked" if active else "account.locked", obj=user,
                   unit=account_home_unit(user),
                   data={"changes": [{"field": "is_active", "old": not active, "new": active}]})
        logger.info(
            "account %s: actor=%s user=%s", "unlocked" if active else "locked", actor.username, user.username
        )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User | None = None) -> None:
    """Every password change goes through here: it also revokes all the user's API tokens.

    Browser sessions carry a hash of the password (Django's session auth hash), so every
    session of the user ends with the change; a view that changes the signed-in user's own
    password keeps its session with `update_session_auth_hash`.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = tokens_revoke_all(user=user, actor=actor)
    log_action(actor=actor or user, action="account.password_reset" if actor not in (None, user) else
               "account.password_changed", obj=user, unit=account_home_unit(user), data={"tokens_revoked": revoked})
    logger.info("password set: user=%s tokens_revoked=%s", user.username, revoked)


@transaction.atomic
def user_reset_password(*, actor: User, user: User) -> str:
    """Give the account a new generated password and return it (to be shown once)."""
    _check_manageable(actor=actor, user=user)
    password = password_generate()
    user_set_password(user=user, password=password, actor=actor)
    logger.info("password reset: actor=%s user=%s", actor.username, user.username)
    return password


@transaction.atomic
def membership_set(*, actor: User, user: User, unit: Unit, role: str) -> Membership:
    """Give `user` the role `role` on `unit`, or change the role they already hold there."""
    _check_admin_of(actor=actor, unit=unit)
    parsed = role_parse(role)
    if parsed is None:
        raise ValidationError({"role": [_role_error(role)]})
    _check_may_grant(actor=actor, unit=unit, role=parsed)
    _check_manageable(actor=actor, user=user)
    if not unit.is_active:
        raise ValidationError({"unit": [_("Đơn vị %(code)s đã hết hiệu lực.") % {"code": unit.code}]})
    membership = Membership.objects.filter(user=user, unit=unit).first()
    if membership is None:
        membership = Membership(user=user, unit=unit)
    old_role = membership.role or None
    membership.role = parsed
    membership.full_clean()
    membership.save()
    forget_grants(user)
    log_action(actor=actor, action="membership.changed" if old_role else "membership.granted", obj=membership,
               unit=unit, data={"user": user.username, "changes": changes({"role": old_role}, {"role": parsed})})
    logger.info(
        "role set: actor=%s user=%s role=%s unit=%s", actor.username, user.username, parsed, unit.code
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Take a role away. The last role cannot go: lock the account instead, so it stays manageable."""
    user = membership.user
    _check_manageable(actor=actor, user=user)
    if Membership.objects.filter(user=user).count() <= 1:
        raise ValidationError(
            _("Không thể xoá vai trò cuối cùng của tài khoản; hãy khoá tài khoản nếu không dùng nữa.")
        )
    code, role = membership.unit.code, membership.role
    log_action(actor=actor, action="membership.removed", obj=membership, unit=membership.unit,
               data={"user": user.username, "changes": [{"field": "role", "old": role, "new": None}]})
    membership.delete()
    forget_grants(user)
    logger.info("role removed: actor=%s user=%s role=%s unit=%s", actor.username, user.username, role, code)

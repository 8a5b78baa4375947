"""Django's `changepassword`, through the accounts password service, so that a password changed
from the command line also revokes the user's API tokens (and signs out their browsers), as a
change on the account page does. Prompts, checks and messages are Django's."""

import getpass
from typing import Any

from django.contrib.auth.management.commands import changepassword
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from greenplan.accounts.models import User
from greenplan.accounts.services import user_set_password

MAX_TRIES = 3


class Command(changepassword.Command):
    help = "Change a user's password and revoke all their API tokens."

    def handle(self, *args: Any, **options: Any) -> str:
        username = options["username"] or getpass.getuser()
        try:
            user = User._default_manager.using(options["database"]).get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"user '{username}' does not exist") from None
        self.stdout.write(f"Changing password for user '{user}'")
        user_set_password(user=user, password=self._ask(user))
        return f"Password changed successfully for user '{user}'; their API tokens were revoked."

    def _ask(self, user: User) -> str:
        for _attempt in range(MAX_TRIES):
            # Django's own prompt helper (private, so not in the type stubs).
            first, second = self._get_pass(), self._get_pass("Password (again): ")  # type: ignore[attr-defined]
            if first != second:
                self.stdout.write("Passwords do not match. Please try again.")
                continue
            try:
                validate_password(second, user)
            except ValidationError as err:
                self.stderr.write("\n".join(err.messages))
                continue
            return first
        raise CommandError(f"Aborting password change for user '{user}' after {MAX_TRIES} attempts")

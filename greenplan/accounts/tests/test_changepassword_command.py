"""`manage.py changepassword` goes through the accounts password service: it revokes the API tokens."""

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from greenplan.accounts.models import ApiToken
from greenplan.accounts.tokens import token_issue


@pytest.fixture
def typed(monkeypatch):
    """What the operator types at the two password prompts (getpass in a real terminal)."""
    answers: list[str] = []

    def ask(self, prompt="Password: "):
        return answers.pop(0)

    from django.contrib.auth.management.commands.changepassword import Command

    monkeypatch.setattr(Command, "_get_pass", ask)
    return answers


def test_it_is_the_projects_command():
    assert get_commands()["changepassword"] == "greenplan.accounts"


def test_it_changes_the_password_and_revokes_every_token(tree, typed):
    user = tree.users.reporter_a1
    token_issue(user=user)
    token_issue(user=user)
    token_issue(user=tree.users.reporter_a2)
    typed.extend(["Xanh-moi-2031!", "Xanh-moi-2031!"])
    call_command("changepassword", "reporter_a1")
    user.refresh_from_db()
    assert user.check_password("Xanh-moi-2031!")
    assert not ApiToken.objects.filter(user=user).exists()
    assert ApiToken.objects.filter(user=tree.users.reporter_a2).count() == 1


def test_a_refused_change_keeps_the_password_and_the_tokens(tree, typed):
    user = tree.users.reporter_a1
    token_issue(user=user)
    typed.extend(["Xanh-moi-2031!", "khac"] * 3)
    with pytest.raises(CommandError):
        call_command("changepassword", "reporter_a1")
    user.refresh_from_db()
    assert user.check_password("green-2030")
    assert ApiToken.objects.filter(user=user).count() == 1

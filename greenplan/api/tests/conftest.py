import pytest

from greenplan.accounts.tokens import token_issue


@pytest.fixture
def bearer():
    """Headers for a user without going through the password check (and django-axes)."""

    def make(user, **headers):
        raw, _expires = token_issue(user=user)
        return {"Authorization": f"Bearer {raw}", **headers}

    return make

"""Registers the shared fixtures, which live in greenplan/testing/.

Here, at the top of the project, because pytest accepts `pytest_plugins` only in the
top-level conftest (`pytest .` would refuse it in greenplan/conftest.py).
"""

import pytest

# The helpers in greenplan/testing/ assert too: let pytest explain their failures.
pytest.register_assert_rewrite("greenplan.testing")

pytest_plugins = [
    "greenplan.testing.personas",  # the small tree and its personas
    "greenplan.testing.fixtures",  # periods, plans, report scenarios, bearer tokens, the totals check
    "greenplan.testing.demo",  # the demo province, loaded once per class of tests
    "greenplan.testing.survey",  # the green-jobs survey on the small tree
    "greenplan.testing.browser",  # Debian Chromium via pytest-playwright for the browser tests
]

# Browser fixtures (Debian Chromium via pytest-playwright) for every app's browser tests.
pytest_plugins = ["greenplan.testing.browser"]

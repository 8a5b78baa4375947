"""The application bench/load.sh serves: greenplan.wsgi, warmed up before gunicorn forks.

With `gunicorn --preload` the master imports this once, so every worker starts with the URL
configuration and every view already imported instead of spending its first requests on it
(seconds each on the shared 2 cores, which would land in the first percentiles).

LOAD_WITHOUT_ROLLUP=1 (bench only, never in the product): submissions, approvals and returns
skip the roll-up upkeep (reporting.rollup.report_status_changed), to measure what keeping the
totals exact costs under load. The totals are then wrong until bench/load_verify.py --repair.
"""

import os

from django.urls import get_resolver

from greenplan.wsgi import application

get_resolver().url_patterns  # noqa: B018  # imports greenplan.urls and every view

if os.environ.get("LOAD_WITHOUT_ROLLUP") == "1":
    from greenplan.reporting import services

    services.report_status_changed = lambda report, old_status, values=None: None

__all__ = ["application"]

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from greenplan.jobs.models import Job
from greenplan.jobs.selectors import job_for_user
from greenplan.jobs.sweep import jobs_reap_dead_when_read

if TYPE_CHECKING:  # jobs sit below accounts: the request type is for the checker only
    from greenplan.accounts.http import SignedInRequest


@login_required
@require_GET
@never_cache
def job_detail(request: "SignedInRequest", pk: int) -> HttpResponse:
    """The job's status; htmx polls the same URL for the status partial while it runs."""
    job = job_for_user(request.user, pk)
    # No worker may be running to notice a dead job: the page that shows it checks too.
    if job.is_active and jobs_reap_dead_when_read(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    template = "jobs/_status.html" if getattr(request, "htmx", False) else "jobs/detail.html"
    return render(request, template, {"job": job})

"""Reads of jobs: a user sees only their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from greenplan.jobs.models import Job, JobKind

if TYPE_CHECKING:  # jobs sit below accounts: the owner is any user, referred to by type only
    from greenplan.accounts.models import User


def jobs_for_user(user: User, kind: JobKind | str | None = None) -> QuerySet[Job]:
    qs = Job.objects.filter(owner_id=user.pk).defer("result", "secrets")
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-pk")


def job_for_user(user: User, pk: int) -> Job:
    """The job `pk` if `user` started it; 404 otherwise (another user's job is not revealed)."""
    job = Job.objects.filter(owner_id=user.pk, pk=pk).first()
    if job is None:
        raise Http404("no such job")
    return job

"""The green-jobs survey on the small tree: the province's ready-made questionnaire for the
`period` fixture, and a helper to answer it like the public page does."""

import secrets
from typing import Any

import pytest

from greenplan.survey.models import Survey
from greenplan.survey.services import response_submit, survey_create

# A complete, valid answer to the ready-made questionnaire.
FULL_ANSWER: dict[str, Any] = {
    "job_area": "production", "years": "5", "change_exposure": "4", "heard_green": "some", "awareness": "3",
    "training_interest": "yes", "training_topics": ["energy", "waste"], "retrain": "if_supported",
    "worries": ["income"], "support": ["training", "funding"], "suggestion": "Học vào cuối tuần",
}


def answer(survey: Survey, unit, **changes: Any):
    """Store one response through the service; `changes` replace (None removes) answers."""
    answers = {**FULL_ANSWER, **changes}
    answers = {k: v for k, v in answers.items() if v is not None}
    return response_submit(survey=survey, unit=unit, answers=answers, nonce=secrets.token_urlsafe(24))


@pytest.fixture
def green_survey(tree, period) -> Survey:
    """HP's green-jobs survey for 2026H1, open, without answers."""
    return survey_create(actor=tree.users.admin, unit=tree.root, period=period)

"""Answers and the builder at the same time, and the rate limit shared by every app process."""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from greenplan.survey.errors import SurveyError
from greenplan.survey.links import answer_path
from greenplan.survey.models import Question, Response, SubmitCount
from greenplan.testing.survey import FULL_ANSWER, answer


def _post(url, nonce, address="127.0.0.1"):
    data = {"nonce": nonce, **FULL_ANSWER}
    return Client(REMOTE_ADDR=address).post(url, data)


@pytest.mark.django_db
def test_the_rate_limit_is_kept_in_the_database_not_in_one_process(tree, green_survey, settings):
    settings.SURVEY_RATE_LIMIT = 3
    url = answer_path(green_survey, tree.a1)
    codes = []
    for i in range(5):
        cache.clear()  # what another gunicorn worker (its own memory) would see
        codes.append(_post(url, f"{i:024d}").status_code)
    assert codes == [200, 200, 200, 429, 429]
    assert Response.objects.count() == 3
    row = SubmitCount.objects.get()
    assert row.submits == 5
    assert "127.0.0.1" not in row.client  # a keyed hash, never the address


@pytest.mark.django_db
def test_a_new_window_forgets_the_last_ones(tree, green_survey, settings, monkeypatch):
    settings.SURVEY_RATE_LIMIT = 1
    settings.SURVEY_RATE_WINDOW = 600
    url = answer_path(green_survey, tree.a1)
    now = time.time()
    monkeypatch.setattr("greenplan.survey.throttle.time.time", lambda: now)
    assert _post(url, "a" * 24).status_code == 200
    assert _post(url, "b" * 24).status_code == 429
    monkeypatch.setattr("greenplan.survey.throttle.time.time", lambda: now + 600)
    assert _post(url, "c" * 24).status_code == 200  # a new window: the client may answer again
    assert list(SubmitCount.objects.values_list("submits", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)
def test_the_builder_waits_for_a_submitting_response_then_refuses(tree, green_survey):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: nothing can interleave")
    from django.db import transaction

    from greenplan.survey.builder import question_save

    outcome: dict[str, object] = {}

    def edit() -> None:
        try:
            question_save(actor=tree.users.admin, survey=green_survey,
                          spec={"code": "late", "kind": "text", "text": "Câu hỏi thêm?"})
            outcome["result"] = "saved"
        except SurveyError as exc:
            outcome["result"] = str(exc)
        finally:
            connections.close_all()

    with transaction.atomic():
        answer(green_survey, tree.a1)  # holds the survey's share lock until commit
        builder = threading.Thread(target=edit)
        builder.start()
        builder.join(timeout=1.5)
        assert builder.is_alive(), "the builder must wait for the response being submitted"
    builder.join(timeout=20)
    assert "đã có người trả lời" in str(outcome["result"])
    assert not Question.objects.filter(survey=green_survey, code="late").exists()
    assert Response.objects.filter(survey=green_survey).count() == 1

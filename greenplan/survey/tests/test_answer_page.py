"""The public answer page: anonymous, light, refusing bad input with Vietnamese messages and
storing nothing from a refused answer."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client

from greenplan.survey.links import answer_path, link_token
from greenplan.survey.models import Answer, Response
from greenplan.survey.services import survey_set_open
from greenplan.testing.survey import FULL_ANSWER


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _post(client, url, answers, nonce="n" * 24, **extra):
    data = {"nonce": nonce, **extra}
    for code, value in answers.items():
        if value is not None:
            data[code] = value
    return client.post(url, data)


def _nonce(page) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', page.content.decode()).group(1)


def test_a_worker_answers_without_an_account_and_only_the_unit_and_day_are_kept(tree, green_survey):
    client = Client(REMOTE_ADDR="127.0.0.1")
    url = answer_path(green_survey, tree.a1)
    page = client.get(url)
    assert page.status_code == 200
    assert "Khảo sát nhu cầu việc làm xanh" in page.content.decode()
    done = _post(client, url, FULL_ANSWER, nonce=_nonce(page))
    assert done.status_code == 200
    assert "Phiếu trả lời đã được gửi" in done.content.decode()
    response = Response.objects.get()
    assert response.unit == tree.a1
    stored = set(Answer.objects.filter(response=response).values_list("question__code", "option"))
    assert ("training_topics", "energy") in stored and ("training_topics", "waste") in stored
    assert Answer.objects.get(question__code="suggestion").text == "Học vào cuối tuần"
    assert "127.0.0.1" not in str(list(Response.objects.values())) + str(list(Answer.objects.values()))


def test_a_missing_required_answer_is_refused_and_nothing_is_stored(tree, green_survey):
    client = Client()
    url = answer_path(green_survey, tree.a1)
    reply = _post(client, url, {**FULL_ANSWER, "support": None})
    assert reply.status_code == 422
    body = reply.content.decode()
    assert "Vui lòng trả lời câu hỏi này." in body
    assert 'value="production" checked' in body  # what was typed stays
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.parametrize("field, value, message", [
    ("change_exposure", "6", "Hãy chọn một mức từ 1 đến 5."),
    ("awareness", "0", "Hãy chọn một mức từ 1 đến 5."),
    ("years", "51", "Hãy nhập một số từ 0 đến 50."),
    ("years", "nhiều", "Hãy nhập một số."),
    ("job_area", "astronaut", "Lựa chọn không có trong danh sách."),
])
def test_a_value_outside_the_question_is_refused(tree, green_survey, field, value, message):
    reply = _post(Client(), answer_path(green_survey, tree.a1), {**FULL_ANSWER, field: value})
    assert reply.status_code == 422
    assert message in reply.content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_a_question_hidden_by_the_skip_logic_is_not_stored(tree, green_survey):
    reply = _post(Client(), answer_path(green_survey, tree.a1), {**FULL_ANSWER, "training_interest": "no"})
    assert reply.status_code == 200
    assert not Answer.objects.filter(question__code="training_topics").exists()


def test_a_closed_survey_refuses_answers(tree, green_survey):
    url = answer_path(green_survey, tree.a1)
    survey_set_open(actor=tree.users.admin, survey=green_survey, is_open=False)
    assert Client().get(url).status_code == 410
    reply = _post(Client(), url, FULL_ANSWER)
    assert reply.status_code == 410
    assert "đã kết thúc" in reply.content.decode()
    assert Response.objects.count() == 0


@pytest.mark.parametrize("forge", [
    lambda s, u: f"{s.pk}.{u.pk}.{'0' * 22}",  # a made-up signature
    lambda s, u: link_token(s, u).replace(f".{u.pk}.", f".{u.pk + 1}.", 1),  # another unit's id, same signature
    lambda s, u: "HP-A-01",  # the unit code alone
    lambda s, u: f"{s.pk + 99}.{u.pk}.{'a' * 22}",  # an unknown survey
])
def test_a_forged_or_unknown_link_is_refused(tree, green_survey, forge):
    url = f"/s/{forge(green_survey, tree.a1)}/"
    page = Client().get(url)
    assert page.status_code == 404
    assert "Đường dẫn khảo sát không đúng" in page.content.decode()
    assert _post(Client(), url, FULL_ANSWER).status_code == 404
    assert Response.objects.count() == 0


def test_a_unit_outside_the_organiser_has_no_link(tree, green_survey, period):
    from greenplan.orgs.models import UnitKind
    from greenplan.orgs.services import unit_create
    other = unit_create(parent=None, code="QN", name="LĐLĐ Quảng Ninh", kind=UnitKind.objects.get(code="province"))
    assert Client().get(answer_path(green_survey, other)).status_code == 404


def test_the_same_device_cannot_send_twice_by_accident(tree, green_survey):
    client = Client()
    url = answer_path(green_survey, tree.a1)
    assert _post(client, url, FULL_ANSWER, nonce="a" * 24).status_code == 200
    again = client.get(url)
    assert "Thiết bị này đã gửi phiếu trả lời" in again.content.decode()
    refused = _post(client, url, FULL_ANSWER, nonce="b" * 24)
    assert refused.status_code == 409
    assert Response.objects.count() == 1
    # another worker on the same phone says so explicitly
    assert _post(client, url, FULL_ANSWER, nonce="c" * 24, again="1").status_code == 200
    assert Response.objects.count() == 2


def test_the_same_form_sent_twice_is_stored_once(tree, green_survey):
    url = answer_path(green_survey, tree.a1)
    assert _post(Client(), url, FULL_ANSWER, nonce="d" * 24).status_code == 200
    assert _post(Client(), url, FULL_ANSWER, nonce="d" * 24).status_code == 200
    assert Response.objects.count() == 1


def test_a_flood_from_one_client_is_rate_limited(tree, green_survey, settings):
    settings.SURVEY_RATE_LIMIT = 5
    url = answer_path(green_survey, tree.a1)
    codes = [_post(Client(REMOTE_ADDR="127.0.0.1"), url, FULL_ANSWER, nonce=f"{i:024d}").status_code
             for i in range(8)]
    assert codes == [200] * 5 + [429] * 3
    assert Response.objects.count() == 5
    assert "Vui lòng thử lại sau ít phút" in _post(Client(REMOTE_ADDR="127.0.0.1"), url, FULL_ANSWER).content.decode()
    # another client is not affected
    assert _post(Client(REMOTE_ADDR="127.0.0.2"), url, FULL_ANSWER, nonce="e" * 24).status_code == 200


def test_the_page_has_an_english_version(tree, green_survey):
    page = Client().get(answer_path(green_survey, tree.a1) + "?lang=en")
    body = page.content.decode()
    assert "green-job and green-skill needs" in body
    assert "Which group does your current job belong to?" in body
    assert "Send" in body


def test_the_page_is_light(tree, green_survey):
    page = Client().get(answer_path(green_survey, tree.a1))
    html = page.content
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html.decode())
    assert assets, "the page links its stylesheet and script"
    total = len(html) + sum(len(open(finders.find(a), "rb").read()) for a in assets)
    assert total <= 100 * 1024, total
    assert not any("vendor/" in a for a in assets)  # no framework, no chart library

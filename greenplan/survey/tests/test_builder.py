"""The province defines its own questions on pages: start a survey, add, edit, reorder and
delete questions, then workers answer it through a unit's public link. Every refusal stores
nothing."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from greenplan.audit.models import LogEntry
from greenplan.survey.links import answer_path
from greenplan.survey.models import Answer, Question, Response, Survey
from greenplan.survey.services import survey_set_open
from greenplan.testing.survey import answer


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _q(code, kind="single", text=None, **extra):
    data = {"code": code, "kind": kind, "text": text or f"Câu hỏi {code}?", "text_en": "", "options": "",
            "min_value": "", "max_value": "", "show_if": "", "show_if_options": ""}
    data.update(extra)
    return data


def _start(client, period, start="empty", title="Khảo sát an toàn lao động"):
    return client.post(reverse("survey:start"), {"unit": "HP", "period": period.code, "title": title,
                                                 "title_en": "Safety survey", "start": start})


@pytest.fixture
def empty_survey(client, tree, period) -> Survey:
    client.force_login(tree.users.admin)
    assert _start(client, period).status_code == 302
    return Survey.objects.get()


def _add(client, survey, **data):
    return client.post(reverse("survey:questions", args=[survey.pk]), data)


def _three(client, survey):
    assert _add(client, survey, **_q("ca_lam", options="ngay | Ca ngày | Day shift\ndem | Ca đêm | Night shift",
                                     required="on")).status_code == 302
    assert _add(client, survey, **_q("gio_dem", "number", min_value="0", max_value="12,5",
                                     show_if="ca_lam", show_if_options="dem")).status_code == 302
    assert _add(client, survey, **_q("hai_long", "scale", required="on")).status_code == 302


def _snapshot():
    return (list(Question.objects.order_by("pk").values()), list(Survey.objects.order_by("pk").values()))


def test_a_survey_built_on_the_pages_is_answered_through_its_public_link(client, tree, period, empty_survey):
    survey = empty_survey
    assert survey.title_en == "Safety survey" and not survey.is_open and survey.questions.count() == 0
    _three(client, survey)
    questions = list(survey.questions.order_by("order"))
    assert [q.code for q in questions] == ["ca_lam", "gio_dem", "hai_long"]
    assert questions[0].options[1] == {"code": "dem", "text": "Ca đêm", "text_en": "Night shift"}
    assert questions[1].max_value == Decimal("12.5") and questions[1].show_if_options == ["dem"]
    assert client.post(reverse("survey:state", args=[survey.pk]), {"open": "1"}).status_code == 302
    worker = Client()
    url = answer_path(survey, tree.a1)
    page = worker.get(url).content.decode()
    assert "Câu hỏi gio_dem?" in page
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    done = worker.post(url, {"nonce": nonce, "ca_lam": "dem", "gio_dem": "7,5", "hai_long": "4"})
    assert done.status_code == 200
    stored = {(a.question.code, a.option, a.number) for a in Answer.objects.select_related("question")}
    assert stored == {("ca_lam", "dem", None), ("gio_dem", "", Decimal("7.5")), ("hai_long", "4", Decimal("4"))}
    # the skip: a day-shift worker's night hours are not asked, so not stored
    Client().post(url, {"nonce": "x" * 24, "ca_lam": "ngay", "gio_dem": "3", "hai_long": "2"})
    assert Response.objects.count() == 2
    assert Answer.objects.filter(question__code="gio_dem").count() == 1


def test_the_copy_of_the_ready_made_questionnaire_can_be_edited(client, tree, period):
    client.force_login(tree.users.admin)
    assert _start(client, period, start="template", title="Phiếu của thành phố").status_code == 302
    survey = Survey.objects.get()
    assert survey.title == "Phiếu của thành phố" and survey.questions.count() == 11
    years = survey.questions.get(code="years")
    reply = client.post(reverse("survey:question_edit", args=[survey.pk, years.pk]),
                        _q("so_nam", "number", "Số năm làm việc?", min_value="0", max_value="60"))
    assert reply.status_code == 302
    years.refresh_from_db()
    assert (years.code, years.text, years.max_value) == ("so_nam", "Số năm làm việc?", Decimal("60"))
    entry = LogEntry.objects.get(action="survey.question_changed")
    assert entry.data["question"] == "so_nam"


def test_questions_move_up_and_down_and_are_deleted(client, tree, period, empty_survey):
    survey = empty_survey
    _three(client, survey)
    last = survey.questions.get(code="hai_long")
    client.post(reverse("survey:question_move", args=[survey.pk, last.pk]), {"direction": "up"})
    assert list(survey.questions.values_list("code", flat=True)) == ["ca_lam", "hai_long", "gio_dem"]
    client.post(reverse("survey:question_move", args=[survey.pk, last.pk]), {"direction": "down"})
    assert list(survey.questions.values_list("code", flat=True)) == ["ca_lam", "gio_dem", "hai_long"]
    client.post(reverse("survey:question_delete", args=[survey.pk, last.pk]))
    assert list(survey.questions.values_list("code", flat=True)) == ["ca_lam", "gio_dem"]
    assert LogEntry.objects.filter(action="survey.question_moved").count() == 2
    assert LogEntry.objects.filter(action="survey.question_deleted").count() == 1


@pytest.mark.parametrize(("data", "message"), [
    (_q("Mã Sai", options="a | A\nb | B"), "không hợp lệ"),
    (_q("ca_lam", options="a | A\nb | B"), "bị trùng"),
    (_q("moi", options="a | A"), "ít nhất hai lựa chọn"),
    (_q("moi", "multi"), "ít nhất hai lựa chọn"),
    (_q("moi", options="a | A\na | B"), "ít nhất hai lựa chọn"),
    (_q("moi", options="chỉ một dòng"), "cần có dạng"),
    (_q("moi", "number", min_value="10", max_value="5"), "không nhỏ hơn"),
    (_q("moi", "number", min_value="nhiều"), "số"),
    (_q("moi", "text", show_if="ca_lam", show_if_options="sang"), "câu hỏi đứng trước"),
    (_q("moi", "text", show_if="ca_lam"), "cả câu hỏi và lựa chọn"),
    (_q("moi", "text", show_if="khong_co", show_if_options="dem"), "khong_co"),
])
def test_bad_questions_are_refused_with_a_message_and_store_nothing(client, tree, period, empty_survey, data, message):
    survey = empty_survey
    _three(client, survey)
    before, entries = _snapshot(), LogEntry.objects.count()
    reply = _add(client, survey, **data)
    assert reply.status_code == 400
    assert message in reply.content.decode()
    assert _snapshot() == before and LogEntry.objects.count() == entries


def test_skip_logic_cannot_point_to_a_later_question(client, tree, period, empty_survey):
    survey = empty_survey
    _three(client, survey)
    first = survey.questions.get(code="ca_lam")
    before = _snapshot()
    # moving the question with the rule above its parent, or deleting the parent, is refused
    gio = survey.questions.get(code="gio_dem")
    client.post(reverse("survey:question_move", args=[survey.pk, gio.pk]), {"direction": "up"})
    client.post(reverse("survey:question_delete", args=[survey.pk, first.pk]))
    # nor may the first question depend on the third
    reply = client.post(reverse("survey:question_edit", args=[survey.pk, first.pk]),
                        _q("ca_lam", options="ngay | Ngày\ndem | Đêm", show_if="hai_long", show_if_options="4"))
    assert reply.status_code == 400
    assert _snapshot() == before
    # and removing the option a later rule names breaks that rule: refused too
    reply = client.post(reverse("survey:question_edit", args=[survey.pk, first.pk]),
                        _q("ca_lam", options="ngay | Ngày\nchieu | Chiều"))
    assert reply.status_code == 400 and "gio_dem" in reply.content.decode()
    assert _snapshot() == before


def test_questions_are_locked_once_the_survey_has_answers(client, tree, period, green_survey):
    client.force_login(tree.users.admin)
    answer(green_survey, tree.a1)
    before, entries = _snapshot(), LogEntry.objects.count()
    years = green_survey.questions.get(code="years")
    page = client.get(reverse("survey:questions", args=[green_survey.pk])).content.decode()
    assert "đã có người trả lời nên không thể sửa câu hỏi" in page
    reply = client.post(reverse("survey:question_edit", args=[green_survey.pk, years.pk]), _q("so_nam", "number"))
    assert reply.status_code == 400 and "không thể sửa câu hỏi" in reply.content.decode()
    assert _add(client, green_survey, **_q("moi", "text")).status_code == 400
    client.post(reverse("survey:question_move", args=[green_survey.pk, years.pk]), {"direction": "up"})
    client.post(reverse("survey:question_delete", args=[green_survey.pk, years.pk]))
    assert _snapshot() == before and LogEntry.objects.count() == entries


def test_others_cannot_define_questions(client, tree, period, green_survey, admin_a):
    years = green_survey.questions.get(code="years")
    before = _snapshot()
    for user, status in ((tree.users.reporter_a1, 403), (admin_a, 403), (tree.users.outsider, 404)):
        client.force_login(user)
        assert client.get(reverse("survey:questions", args=[green_survey.pk])).status_code == status
        assert _add(client, green_survey, **_q("moi", "text")).status_code == status
        assert client.post(reverse("survey:question_delete", args=[green_survey.pk, years.pk])).status_code == status
    client.force_login(admin_a)  # admin of HP-A, not of the province: cannot start one for HP
    assert client.get(reverse("survey:start")).status_code == 403
    assert _start(client, period).status_code == 403
    client.logout()
    assert client.get(reverse("survey:questions", args=[green_survey.pk])).status_code == 302
    assert _snapshot() == before


def test_an_empty_survey_cannot_be_opened(client, tree, period, empty_survey):
    client.post(reverse("survey:state", args=[empty_survey.pk]), {"open": "1"})
    empty_survey.refresh_from_db()
    assert not empty_survey.is_open
    with pytest.raises(Exception, match="thêm câu hỏi"):
        survey_set_open(actor=tree.users.admin, survey=empty_survey, is_open=True)

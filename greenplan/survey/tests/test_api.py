"""GET /api/v1/surveys, …/link/{unit}, …/results/{unit}: the contract, scope and refusals."""

from urllib.parse import urlparse

from django.test import Client

from greenplan.survey.models import Answer
from greenplan.testing.survey import answer

BASE = "/api/v1/surveys"


def test_the_list_shows_id_title_and_open(client, tree, green_survey, bearer):
    got = client.get(BASE, headers=bearer(tree.users.reporter_a1))
    assert got.status_code == 200
    assert got.json() == [{"id": green_survey.pk, "title": green_survey.title, "open": True}]
    english = client.get(BASE, headers=bearer(tree.users.admin, **{"Accept-Language": "en"}))
    assert english.json()[0]["title"] == green_survey.title_en
    assert client.get(BASE, headers=bearer(tree.users.outsider)).json() == []
    assert client.get(BASE).status_code == 401


def test_the_link_is_the_units_absolute_public_page(client, tree, green_survey, bearer):
    got = client.get(f"{BASE}/{green_survey.pk}/link/hp-a-01", headers=bearer(tree.users.reporter_a1))
    assert got.status_code == 200
    url = got.json()["url"]
    assert url.startswith("http://testserver/s/")
    assert "HP-A-01" not in url
    assert Client().get(urlparse(url).path).status_code == 200


def test_the_link_and_results_refuse_outside_the_scope(client, tree, green_survey, bearer):
    reporter = bearer(tree.users.reporter_a1)
    for what in ("link", "results"):
        assert client.get(f"{BASE}/{green_survey.pk}/{what}/HP-A-02", headers=reporter).status_code == 403
        assert client.get(f"{BASE}/{green_survey.pk}/{what}/NOPE", headers=reporter).status_code == 404
        missing = client.get(f"{BASE}/{green_survey.pk + 1}/{what}/HP-A-01", headers=reporter)
        assert missing.status_code == 404
        assert "Không tìm thấy phiếu khảo sát" in missing.json()["detail"]
        assert client.get(f"{BASE}/{green_survey.pk}/{what}/HP-A-01").status_code == 401
    outsider = client.get(f"{BASE}/{green_survey.pk}/results/HP-A-01", headers=bearer(tree.users.outsider))
    assert outsider.status_code == 404  # the survey itself is not theirs to see


def test_results_follow_the_contract_over_the_subtree(client, tree, green_survey, bearer):
    answer(green_survey, tree.a1, job_area="production", change_exposure="5")
    answer(green_survey, tree.a2, job_area="office", change_exposure="2", years=None)
    answer(green_survey, tree.b1, job_area="office", change_exposure="3")
    got = client.get(f"{BASE}/{green_survey.pk}/results/HP-A", headers=bearer(tree.users.approver_a))
    assert got.status_code == 200
    body = got.json()
    assert body["responses"] == 2
    by_code = {q["code"]: q for q in body["questions"]}
    assert set(by_code["job_area"]) == {"code", "text", "kind", "counts", "mean"}
    assert by_code["job_area"]["counts"] == {"production": 1, "technical": 0, "office": 1, "service": 0, "other": 0}
    assert by_code["job_area"]["kind"] == "single" and by_code["job_area"]["mean"] is None
    assert by_code["change_exposure"]["counts"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 1}
    assert by_code["change_exposure"]["mean"] == 3.5
    assert by_code["years"]["mean"] == 5.0 and by_code["years"]["counts"] == {}
    assert by_code["suggestion"]["kind"] == "text"
    whole = client.get(f"{BASE}/{green_survey.pk}/results/HP", headers=bearer(tree.users.admin)).json()
    assert whole["responses"] == 3 == Answer.objects.filter(question__code="job_area").count()


def test_errors_speak_english_when_asked(client, tree, green_survey, bearer):
    got = client.get(f"{BASE}/{green_survey.pk}/results/HP-B", headers=bearer(tree.users.reporter_a1,
                                                                             **{"Accept-Language": "en"}))
    assert got.status_code == 403
    assert "scope" in got.json()["detail"]

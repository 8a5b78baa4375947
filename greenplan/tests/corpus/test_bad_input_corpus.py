"""The bad-input corpus: each case is refused with a 4xx answer that says why — as JSON in
Vietnamese (and in English on request) for the API, on the page for the forms — and leaves every
stored row and file as it was. A case that answers 500 or changes anything is a bug.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenplan.tests.corpus.cases import ApiCase, FormCase
from greenplan.tests.corpus.cases_api import API_CASES
from greenplan.tests.corpus.cases_forms import FORM_CASES
from greenplan.tests.corpus.conftest import snapshot

VIETNAMESE = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
BASIC = "Basic cmVwb3J0ZXJfYTE6Z3JlZW4tMjAzMA=="  # reporter_a1:green-2030, not a bearer token


def test_the_corpus_is_big_enough_and_every_name_is_unique():
    names = [case.name for case in API_CASES + FORM_CASES]
    assert len(names) >= 150
    assert len(set(names)) == len(names)


def _files(files: dict) -> dict:
    return {field: SimpleUploadedFile(name, content) for field, (name, content) in files.items()}


def send(client, world, case: ApiCase, language: str = "vi"):
    headers = {"Accept-Language": language}
    if case.persona == "basic":
        headers["Authorization"] = BASIC
    elif case.persona in world.tokens:
        headers["Authorization"] = f"Bearer {world.tokens[case.persona]}"
    if case.files:
        return client.generic(case.method, case.path, **_multipart(client, case), headers=headers)
    return client.generic(case.method, case.path, case.payload(), content_type=case.content_type or "",
                          headers=headers)


def _multipart(client, case: ApiCase) -> dict:
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, _files(case.files)), "content_type": MULTIPART_CONTENT}


def messages(answer: dict) -> list[str]:
    found = [answer["detail"]] if isinstance(answer.get("detail"), str) else []
    errors = answer.get("errors")
    if isinstance(errors, dict):
        found += [m if isinstance(m, str) else " ".join(m) for m in errors.values()]
    elif isinstance(errors, list):
        found += [error["message"] for error in errors]
    return [m for m in found if m.strip()]


@pytest.mark.parametrize("case", API_CASES, ids=[case.name for case in API_CASES])
def test_the_api_refuses_it_in_both_languages_and_stores_nothing(client, world, case):
    before = snapshot(world)
    for language in ("vi", "en"):
        response = send(client, world, case, language)
        assert response.status_code == case.status, (language, response.content[:500])
        assert response["Content-Type"].startswith("application/json")
        said = messages(response.json())
        assert said, response.json()
        if language == "vi":
            assert all(VIETNAMESE.search(m) for m in said), said
            assert case.says in " ".join(said)
        else:
            assert not any(VIETNAMESE.search(m) for m in said), said
        assert snapshot(world) == before


def shown(html: str) -> list[str]:
    """The messages of a page (alerts and field errors), to say what it showed instead."""
    found = re.findall(r'class="[^"]*(?:invalid-feedback|alert|errorlist)[^"]*"[^>]*>(.*?)</', html, re.DOTALL)
    return [" ".join(text.split()) for text in found]


@pytest.mark.parametrize("case", FORM_CASES, ids=[case.name for case in FORM_CASES])
def test_the_form_shows_why_and_stores_nothing(client, world, case: FormCase):
    if case.persona != "anon":
        client.force_login(getattr(world.tree.users, case.persona))
    before = snapshot(world)
    extra = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
    response = client.post(case.path.format(**world.ids), {**case.data, **_files(case.files)}, follow=case.follow,
                           **extra)
    html = response.content.decode()
    assert response.status_code == case.status, shown(html)
    assert case.says in html, (case.says, shown(html))
    assert snapshot(world) == before

"""The public answer page: a worker opens the unit's link (or QR code) on a phone, without an
account. Light on purpose: its own small stylesheet and script, no framework, no chart library."""

import secrets
from contextlib import nullcontext
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greenplan.lib.i18n import localized
from greenplan.survey.errors import DuplicateResponse, InvalidAnswers, SurveyError
from greenplan.survey.links import read_token
from greenplan.survey.models import Question, Survey
from greenplan.survey.services import response_submit
from greenplan.survey.texts import option_text
from greenplan.survey.throttle import over_limit

COOKIE_AGE = 365 * 24 * 3600


def cookie_name(survey: Survey) -> str:
    return f"gp_survey_{survey.pk}"


def _message(request: HttpRequest, title: str, text: str, status: int, **extra: Any) -> HttpResponse:
    return render(request, "survey/public_message.html", {"title": title, "text": text, **extra}, status=status)


def _form(request: HttpRequest, survey: Survey, *, errors: dict[str, str] | None = None,
          values: dict[str, Any] | None = None, again: bool = False, status: int = 200,
          message: str = "") -> HttpResponse:
    values = values or {}
    questions = []
    for number, q in enumerate(survey.questions.all(), start=1):
        chosen = values.get(q.code)
        chosen_set = {str(c) for c in chosen} if isinstance(chosen, list) else ({str(chosen)} if chosen else set())
        if q.kind == Question.Kind.SCALE:
            options = [{"code": c, "text": c, "checked": c in chosen_set} for c in q.option_codes()]
        else:
            options = [{"code": str(o["code"]), "text": option_text(o), "checked": str(o["code"]) in chosen_set}
                       for o in q.options]
        questions.append({
            "q": q, "number": number, "text": localized(q, "text"), "help": localized(q, "help"),
            "options": options, "value": chosen if isinstance(chosen, str) else "",
            "error": (errors or {}).get(q.code, ""), "show_options": " ".join(q.show_if_options),
        })
    english = bool(survey.title_en) and (translation.get_language() or "").startswith("en")
    return render(request, "survey/public_form.html", {
        "survey": survey, "title": localized(survey, "title"), "intro": localized(survey, "intro"),
        "questions": questions, "nonce": secrets.token_urlsafe(24), "again": again, "message": message,
        "english": english, "has_english": bool(survey.title_en),
    }, status=status)


def _answers(request: HttpRequest, survey: Survey) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for q in survey.questions.all():
        if q.kind == Question.Kind.MULTI:
            chosen = request.POST.getlist(q.code)
            if chosen:
                found[q.code] = chosen
        elif q.code in request.POST:
            found[q.code] = request.POST.get(q.code, "")
    return found


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    english = (request.GET.get("lang") or request.POST.get("lang")) == "en"
    with translation.override("en") if english else nullcontext():
        return _answer(request, token)


def _answer(request: HttpRequest, token: str) -> HttpResponse:
    found = read_token(token)
    if found is None:
        return _message(request, _("Không tìm thấy phiếu khảo sát"),
                        _("Đường dẫn khảo sát không đúng hoặc đã hết hiệu lực. Vui lòng quét lại mã QR "
                          "trên áp phích của Công đoàn hoặc hỏi cán bộ công đoàn đường dẫn mới."), 404)
    survey, unit = found
    if not survey.is_open:
        return _message(request, localized(survey, "title"),
                        _("Cuộc khảo sát này đã kết thúc, không nhận thêm câu trả lời. Cảm ơn anh/chị đã quan tâm."),
                        410)
    answered = request.COOKIES.get(cookie_name(survey)) == "1"
    again = (request.GET.get("again") or request.POST.get("again")) == "1"
    if request.method == "GET":
        if answered and not again:
            return _message(request, localized(survey, "title"),
                            _("Thiết bị này đã gửi phiếu trả lời. Cảm ơn anh/chị!"), 200, again_link=True)
        return _form(request, survey, again=again)
    if over_limit(request):
        return _message(request, _("Gửi quá nhiều phiếu"),
                        _("Có quá nhiều phiếu được gửi từ thiết bị hoặc mạng này trong thời gian ngắn. "
                          "Vui lòng thử lại sau ít phút."), 429)
    if answered and not again:
        return _message(request, localized(survey, "title"),
                        _("Thiết bị này đã gửi phiếu trả lời, phiếu mới chưa được lưu. Nếu anh/chị trả lời "
                          "thay cho người khác trên cùng thiết bị, hãy chọn «Trả lời phiếu mới»."), 409,
                        again_link=True)
    answers = _answers(request, survey)
    try:
        response_submit(survey=survey, unit=unit, answers=answers, nonce=request.POST.get("nonce", ""))
    except InvalidAnswers as exc:
        return _form(request, survey, errors=exc.errors, values=answers, again=again, status=422,
                     message=exc.message)
    except DuplicateResponse:
        pass  # the same form sent twice: the first one was stored
    except SurveyError as exc:
        return _message(request, localized(survey, "title"), exc.message, exc.status)
    reply = _message(request, _("Cảm ơn anh/chị!"),
                     _("Phiếu trả lời đã được gửi. Câu trả lời không ghi tên và chỉ dùng để Công đoàn "
                       "lập kế hoạch hỗ trợ người lao động."), 200, done=True)
    reply.set_cookie(cookie_name(survey), "1", max_age=COOKIE_AGE, httponly=True, samesite="Lax",
                     path=request.path)
    return reply

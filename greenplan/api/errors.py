"""Every API error is JSON `{"detail": message}`, in the language the middleware activated."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.log import log_response
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from greenplan.reporting.errors import InvalidValues, ReportingError, StaleVersion

E = TypeVar("E", bound=Exception)


class ApiError(HttpError):
    """An error whose message is already written for the user (translated)."""


def default_messages() -> dict[int, str]:
    # Replace ninja's own English messages, which are not translatable.
    return {
        400: _("Nội dung yêu cầu không đọc được: cần JSON hợp lệ."),
        401: _("Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization: Bearer <mã>."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy."),
        405: _("Địa chỉ API này không nhận phương thức HTTP đã gửi."),
        413: _("Nội dung yêu cầu quá lớn."),
        415: _("Kiểu nội dung không được hỗ trợ: hãy gửi application/json (UTF-8)."),
        429: _("Quá nhiều yêu cầu. Vui lòng thử lại sau."),
        500: _("Lỗi hệ thống: yêu cầu chưa được xử lý. Vui lòng thử lại sau ít phút."),
    }


def default_message(status: int) -> str:
    if status >= 500:
        return default_messages()[500]
    return default_messages().get(status, _("Yêu cầu không hợp lệ."))


def pydantic_messages() -> dict[str, str]:
    return {
        "missing": _("Thiếu trường bắt buộc."),
        "string_type": _("Phải là chuỗi ký tự."),
        "int_parsing": _("Phải là số nguyên."),
        "int_type": _("Phải là số nguyên."),
        "float_parsing": _("Phải là số."),
        "float_type": _("Phải là số."),
        "bool_parsing": _("Phải là true hoặc false."),
        "bool_type": _("Phải là true hoặc false."),
        "date_from_datetime_parsing": _("Phải là ngày dạng YYYY-MM-DD."),
        "date_parsing": _("Phải là ngày dạng YYYY-MM-DD."),
        "model_attributes_type": _("Phải là một đối tượng JSON."),
        "dict_type": _("Phải là một đối tượng JSON."),
        "list_type": _("Phải là một danh sách."),
        "string_too_short": _("Quá ngắn: cần ít nhất %(min_length)s ký tự."),
        "string_too_long": _("Quá dài: tối đa %(max_length)s ký tự."),
        "string_pattern_mismatch": _("Không đúng định dạng."),
        "too_long": _("Quá nhiều phần tử: tối đa %(max_length)s."),
        "literal_error": _("Phải là một trong: %(expected)s."),
        "enum": _("Phải là một trong: %(expected)s."),
        "int_from_float": _("Phải là số nguyên."),
        "greater_than_equal": _("Phải lớn hơn hoặc bằng %(ge)s."),
        "less_than_equal": _("Phải nhỏ hơn hoặc bằng %(le)s."),
        "extra_forbidden": _("Không có tham số này."),
    }


def _message(error: dict[str, Any], messages: dict[str, str]) -> str:
    message = messages.get(error.get("type", ""))
    if message is None:
        return str(error.get("msg", ""))
    try:
        return message % error.get("ctx", {}) if "%(" in message else message
    except (KeyError, TypeError):
        return str(error.get("msg", ""))


def json_error(api: NinjaAPI, request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    response = api.create_response(request, {"detail": detail, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def _field(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    # ("body", "<parameter name>", "username") -> "username": clients never see the parameter name.
    if parts[:1] == ["body"] and len(parts) > 2:
        parts = parts[2:]
    else:
        parts = parts[1:]
    return ".".join(parts)


def _validation_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    messages = pydantic_messages()
    return [
        {
            "field": _field(error.get("loc", ())),
            "message": _message(error, messages),
            "type": error.get("type", ""),
        }
        for error in errors
    ]


def _handle(api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]) -> None:
    # Ninja's annotation asks for a handler that also takes the exception class; it always
    # passes the raised instance (Python instantiates a raised class), which is what ours take.
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]


def register_handlers(api: NinjaAPI) -> None:
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # Ninja wraps any parser failure in a 400 "Cannot parse request body"; our parser's own
        # refusal (415, 413, a precise 400) is the cause and says more.
        if isinstance(exc.__cause__, HttpError):
            exc = exc.__cause__
        if isinstance(exc, ApiError):
            detail = exc.message
        else:
            detail = default_messages().get(exc.status_code, exc.message)
        return json_error(api, request, exc.status_code, detail)

    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return json_error(api, request, 401, default_messages()[401])

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return json_error(api, request, 404, _("Không tìm thấy."))

    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # Services raise PermissionDenied(message) with a message written for the user.
        detail = str(exc) or default_messages()[403]
        return json_error(api, request, 403, detail)

    def django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        extra = {"errors": exc.message_dict} if hasattr(exc, "error_dict") else {}
        return json_error(api, request, 422, " ".join(exc.messages), **extra)

    def ninja_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = _validation_errors(exc.errors)
        listed = "; ".join(
            f"{e['field']}: {e['message'].rstrip('.')}" if e["field"] else e["message"].rstrip(".")
            for e in errors
        )
        detail = _("Dữ liệu gửi lên không hợp lệ: %(errors)s") % {"errors": listed}
        return json_error(api, request, 422, detail, errors=errors)

    def reporting_error(request: HttpRequest, exc: ReportingError) -> HttpResponse:
        # The reporting services' refusals: 409 for a stale version or a wrong state, 422 for values.
        extra: dict[str, Any] = {}
        if isinstance(exc, InvalidValues):
            extra["errors"] = exc.errors
        if isinstance(exc, StaleVersion):
            extra.update(version=exc.current, changes=exc.changes)
        return json_error(api, request, exc.status, exc.message, **extra)

    def unreadable_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return json_error(api, request, 400, _("Nội dung multipart/form-data không đọc được."))

    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return json_error(api, request, 413, default_messages()[413])

    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The client gets a plain message whatever DEBUG says; the traceback goes to the log
        # and to whoever listens for request exceptions (the test client re-raises it).
        got_request_exception.send(sender=None, request=request)
        response = json_error(api, request, 500, default_messages()[500])
        log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
        return response

    _handle(api, Exception, server_error)
    _handle(api, MultiPartParserError, unreadable_multipart)
    _handle(api, RequestDataTooBig, too_big)
    _handle(api, HttpError, http_error)
    _handle(api, AuthenticationError, authentication_error)
    _handle(api, Http404, not_found)
    _handle(api, PermissionDenied, permission_denied)
    _handle(api, DjangoValidationError, django_validation_error)
    _handle(api, NinjaValidationError, ninja_validation_error)
    _handle(api, ReportingError, reporting_error)


def plain_json_error(status: int, detail: str) -> JsonResponse:
    """An error answered outside ninja (no operation matched, or a middleware refused)."""
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def unknown_path_message() -> str:
    return _("Không có địa chỉ API này.")


def not_found_view(request: HttpRequest, path: str = "") -> HttpResponse:
    """Unknown paths under /api/ answer JSON too, not the HTML 404 page."""
    return plain_json_error(404, unknown_path_message())

"""A strict reading of request bodies: JSON in UTF-8 only, numbers exact, files as multipart only.

Python's json module is lenient where a reporting system must not be: it guesses UTF-16, reads
NaN and Infinity, rounds 12345678901234.5678 to a float and lets a lone surrogate (`"\\ud800"`)
through to the database, which then fails. Every refusal here is an ApiError with a message
for the client; greenplan.api.errors unwraps it from ninja's generic "cannot parse" error.
"""

import json
import re
from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

from greenplan.api.errors import ApiError

JSON = "application/json"
MULTIPART = "multipart/form-data"
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def too_big(limit: int) -> ApiError:
    return ApiError(413, _("Nội dung yêu cầu quá lớn: tối đa %(mb)s MB.") % {"mb": megabytes(limit)})


def wrong_type(expected: str) -> ApiError:
    return ApiError(415, _("Kiểu nội dung không được hỗ trợ: hãy gửi %(type)s.") % {"type": expected})


def unreadable(reason: str) -> ApiError:
    return ApiError(400, _("Nội dung yêu cầu không đọc được: %(reason)s") % {"reason": reason})


def _refuse_constant(name: str) -> NoReturn:
    raise unreadable(_("%(name)s không phải là số JSON hợp lệ.") % {"name": name})


def _path(parts: list[str]) -> str:
    return ".".join(parts) or _("(toàn bộ nội dung)")


def refuse_lone_surrogates(data: Any, parts: list[str] | None = None) -> None:
    """A surrogate half cannot be stored or encoded; a proper pair was already joined by json."""
    parts = parts or []
    if isinstance(data, str):
        found = LONE_SURROGATE.search(data)
        if found:
            raise unreadable(
                _("ký tự Unicode không hợp lệ (nửa cặp thay thế \\u%(code)x) tại %(field)s.")
                % {"code": ord(found.group()), "field": _path(parts)}
            )
    elif isinstance(data, dict):
        for key, value in data.items():
            refuse_lone_surrogates(key, parts)
            refuse_lone_surrogates(value, [*parts, key])
    elif isinstance(data, list):
        for index, value in enumerate(data):
            refuse_lone_surrogates(value, [*parts, str(index)])


def loads(body: bytes) -> Any:
    """Decode a JSON document strictly: UTF-8, exact numbers (Decimal), no NaN, no lone surrogates."""
    if json.detect_encoding(body) not in ("utf-8", "utf-8-sig"):
        raise wrong_type("application/json (UTF-8)")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise unreadable(_("nội dung không phải là văn bản UTF-8 hợp lệ.")) from None
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except ValueError:
        # JSONDecodeError, or an integer longer than Python will convert.
        raise ApiError(400, _("Nội dung yêu cầu không đọc được: cần JSON hợp lệ.")) from None
    refuse_lone_surrogates(data)
    return data


def require_json(request: HttpRequest) -> None:
    charset = (request.content_params or {}).get("charset", "utf-8").lower()
    if request.content_type != JSON or charset not in ("utf-8", "utf8"):
        raise wrong_type("application/json (UTF-8)")


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        require_json(request)
        try:
            body = request.body
        except RequestDataTooBig:
            raise too_big(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) from None
        return loads(body)

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        # Query strings come here too; request bodies only for form and file parameters.
        if data is not request.GET and request.content_type != MULTIPART:
            raise wrong_type("multipart/form-data")
        return super().parse_querydict(data, list_fields, request)

"""Forms of the questionnaire builder: what an officer types, read into the services' specs.

Options of a choice question are typed one per line, "code | text | English text" (the English
text may be left out); the skip rule is a question picked from the earlier choice questions and
its option codes separated by commas."""

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from greenplan.reporting.models import Period
from greenplan.reporting.values import parse_number
from greenplan.survey.models import CODE_MAX, Question

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a str or a lazy translation

CODE_RE = re.compile(r"^[a-z0-9_]+$")
CODE_HELP = _("Chữ thường không dấu, số và dấu gạch dưới, ví dụ: nhu_cau_dao_tao.")


def _code(raw: str, what: "StrOrPromise") -> str:
    code = raw.strip()
    if not code or len(code) > CODE_MAX or not CODE_RE.match(code):
        raise ValidationError(_("Mã %(what)s «%(code)s» không hợp lệ: chỉ dùng chữ thường không dấu, số và "
                                "dấu gạch dưới (tối đa %(n)s ký tự).") % {"what": what, "code": code, "n": CODE_MAX})
    return code


def parse_options(text: str) -> list[dict[str, str]]:
    """'code | text | English text' per line into the option dicts; blank lines are skipped."""
    options = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 2 or len(parts) > 3 or not parts[1]:
            raise ValidationError(_("Dòng «%(line)s» cần có dạng: mã | nội dung | nội dung tiếng Anh.")
                                  % {"line": line.strip()})
        options.append({"code": _code(parts[0], _("lựa chọn")), "text": parts[1],
                        "text_en": parts[2] if len(parts) == 3 else ""})
    return options


def format_options(options: list[dict[str, Any]]) -> str:
    return "\n".join(" | ".join(p for p in (str(o.get("code", "")), str(o.get("text", "")),
                                            str(o.get("text_en", ""))) if p) for o in options)


class SurveyStartForm(forms.Form):
    unit = forms.ChoiceField(label=_("Đơn vị tổ chức"))
    period = forms.ChoiceField(label=_("Kỳ báo cáo"))
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    title_en = forms.CharField(label=_("Tiêu đề tiếng Anh"), max_length=200, required=False)
    start = forms.ChoiceField(label=_("Bắt đầu từ"), widget=forms.RadioSelect, initial="template", choices=[
        ("template", _("Bản sao phiếu mẫu việc làm xanh")), ("empty", _("Phiếu trống"))])

    def __init__(self, *args: Any, units: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["period"].choices = [(p.code, p.code) for p in Period.objects.all()]  # type: ignore[attr-defined]


class QuestionForm(forms.Form):
    code = forms.CharField(label=_("Mã câu hỏi"), max_length=CODE_MAX, help_text=CODE_HELP)
    kind = forms.ChoiceField(label=_("Loại câu hỏi"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Câu hỏi"), max_length=300)
    text_en = forms.CharField(label=_("Câu hỏi tiếng Anh"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Bắt buộc trả lời"), required=False)
    options = forms.CharField(
        label=_("Các lựa chọn (mỗi dòng một lựa chọn)"), required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "co | Có | Yes\nkhong | Không | No"}),
        help_text=_("Dạng: mã | nội dung | nội dung tiếng Anh (không bắt buộc). Chỉ cho câu chọn một, chọn nhiều."))
    min_value = forms.CharField(label=_("Giá trị nhỏ nhất"), required=False, help_text=_("Cho câu hỏi số."))
    max_value = forms.CharField(label=_("Giá trị lớn nhất"), required=False, help_text=_("Cho câu hỏi số."))
    show_if = forms.ChoiceField(label=_("Chỉ hỏi khi câu"), required=False)
    show_if_options = forms.CharField(label=_("có lựa chọn (mã, cách nhau bằng dấu phẩy)"), required=False)

    def __init__(self, *args: Any, earlier: list[Question], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("(luôn hỏi)"))] + [
            (q.code, f"{q.code}: {q.text[:60]}") for q in earlier
            if q.kind in (Question.Kind.SINGLE, Question.Kind.MULTI, Question.Kind.SCALE)]
        self.fields["show_if"].choices = choices  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        return _code(self.cleaned_data["code"], _("câu hỏi"))

    def clean_options(self) -> list[dict[str, str]]:
        return parse_options(self.cleaned_data.get("options", ""))

    def _bound(self, name: str) -> Decimal | None:
        raw = self.cleaned_data.get(name, "").strip()
        if not raw:
            return None
        try:
            return parse_number(raw)
        except (ValueError, ArithmeticError) as exc:
            raise ValidationError(str(exc)) from None

    def clean_min_value(self) -> Decimal | None:
        return self._bound("min_value")

    def clean_max_value(self) -> Decimal | None:
        return self._bound("max_value")

    def clean_show_if_options(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data.get("show_if_options", "").split(",") if c.strip()]

    def spec(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def initial_for(question: Question) -> dict[str, Any]:
    return {
        "code": question.code, "kind": question.kind, "text": question.text, "text_en": question.text_en,
        "required": question.required, "options": format_options(question.options),
        "min_value": "" if question.min_value is None else f"{question.min_value.normalize():f}".replace(".", ","),
        "max_value": "" if question.max_value is None else f"{question.max_value.normalize():f}".replace(".", ","),
        "show_if": question.show_if, "show_if_options": ", ".join(question.show_if_options),
    }

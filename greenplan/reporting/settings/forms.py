"""Forms of the province settings pages. They only read input: the rules about indicators,
rules and periods live in greenplan.reporting.indicators and .periods, whose refusals are
attached to these forms by greenplan.lib.forms.add_service_errors."""

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from greenplan.lib.i18n import localized
from greenplan.orgs.models import UnitKind
from greenplan.reporting.groups import GROUP_TITLES, group_heading
from greenplan.reporting.models import INDICATOR_CODE_PATTERN, Indicator, ValidationRule

DATE_FORMAT = "%d/%m/%Y"


def group_choices() -> list[tuple[int, str]]:
    return [(n, group_heading(n)) for n in GROUP_TITLES]



class IndicatorChoiceField(forms.ModelChoiceField):
    """An indicator by its code and its name in the page's language."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} — {localized(obj)}"

class DateInput(forms.DateField):
    """A date typed as dd/mm/yyyy, the way the users write dates."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [DATE_FORMAT])
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}),
        )
        kwargs.setdefault("error_messages", {"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 15/07/2026.")})
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return value.strftime(DATE_FORMAT)
        return value


class IndicatorForm(forms.Form):
    code = forms.CharField(
        label=_("Mã chỉ tiêu"), max_length=40,
        help_text=_("Chữ in hoa không dấu, chữ số và dấu gạch dưới, ví dụ G3_SESSIONS. Không đổi được sau khi tạo."),
    )
    name = forms.CharField(label=_("Tên chỉ tiêu"), max_length=300)
    name_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=300, required=False)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=40, required=False)
    group = forms.TypedChoiceField(label=_("Nhóm nhiệm vụ"), coerce=int, choices=group_choices)
    plan_items = forms.CharField(
        label=_("Mục kế hoạch"), max_length=100, required=False, help_text=_("Ví dụ: 3.1, 3.2")
    )
    type = forms.ChoiceField(label=_("Kiểu số liệu"), choices=Indicator.Type.choices)
    aggregation = forms.ChoiceField(label=_("Cách tổng hợp"), choices=Indicator.Aggregation.choices)
    numerator = IndicatorChoiceField(
        label=_("Tử số"), queryset=Indicator.objects.none(), required=False,
        help_text=_("Chỉ dùng cho chỉ tiêu tỷ lệ."),
    )
    denominator = IndicatorChoiceField(
        label=_("Mẫu số"), queryset=Indicator.objects.none(), required=False,
        help_text=_("Chỉ dùng cho chỉ tiêu tỷ lệ."),
    )
    required = forms.BooleanField(label=_("Bắt buộc nhập"), required=False, initial=True)
    min_value = forms.DecimalField(label=_("Giá trị nhỏ nhất"), max_digits=18, decimal_places=4, localize=True,
                                   initial=0)
    max_value = forms.DecimalField(label=_("Giá trị lớn nhất"), max_digits=18, decimal_places=4, localize=True,
                                   required=False, help_text=_("Để trống nếu không giới hạn."))
    kinds = forms.ModelMultipleChoiceField(
        label=_("Loại đơn vị phải báo cáo"), queryset=UnitKind.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn loại nào: mọi loại đơn vị đều báo cáo chỉ tiêu này."),
    )

    SERVICE_FIELDS = (
        "name", "name_en", "unit", "group", "plan_items", "type", "aggregation", "numerator", "denominator",
        "required", "min_value", "max_value",
    )

    def __init__(self, *args: Any, instance: Indicator | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.SERVICE_FIELDS}
            initial["code"] = instance.code
            initial["kinds"] = list(instance.reporting_kinds.all())
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        parts = Indicator.objects.filter(derived=False).order_by("group", "order", "code")
        if instance is not None:
            parts = parts.exclude(pk=instance.pk)
            del self.fields["code"]
        # Choices read as str(indicator), the field's default label.
        numerator, denominator = self.fields["numerator"], self.fields["denominator"]
        assert isinstance(numerator, forms.ModelChoiceField) and isinstance(denominator, forms.ModelChoiceField)
        numerator.queryset = denominator.queryset = parts

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not re.match(INDICATOR_CODE_PATTERN, code):
            raise ValidationError(_("Mã chỉ tiêu bắt đầu bằng chữ cái, chỉ gồm chữ in hoa không dấu, chữ số và "
                                    "dấu gạch dưới."))
        return code

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and high < low:
            self.add_error("max_value", _("Giá trị lớn nhất không được nhỏ hơn giá trị nhỏ nhất."))
        return data

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}
        data["name"] = data["name"].strip()
        if data["aggregation"] != Indicator.Aggregation.RATIO:
            data["numerator"] = data["denominator"] = None
        if data["min_value"] is None:
            data["min_value"] = 0
        return data


class RuleForm(forms.Form):
    left = IndicatorChoiceField(label=_("Chỉ tiêu vế trái"), queryset=Indicator.objects.none())
    operator = forms.ChoiceField(label=_("Phép so sánh"), choices=ValidationRule.Operator.choices)
    right = IndicatorChoiceField(label=_("Chỉ tiêu vế phải"), queryset=Indicator.objects.none())
    severity = forms.ChoiceField(label=_("Mức độ"), choices=ValidationRule.Severity.choices)
    message = forms.CharField(
        label=_("Thông báo khi vi phạm"), max_length=300, required=False,
        help_text=_("Để trống: hệ thống tự soạn thông báo từ tên hai chỉ tiêu."),
    )
    message_en = forms.CharField(label=_("Thông báo tiếng Anh"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(retired_at__isnull=True).order_by("group", "order", "code")
        for name in ("left", "right"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = indicators

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        left, right, operator = data.get("left"), data.get("right"), data.get("operator")
        if left and right and left.pk == right.pk:
            self.add_error("right", _("Quy tắc so sánh hai chỉ tiêu khác nhau."))
        elif left and right and ValidationRule.objects.filter(left=left, right=right, operator=operator).exists():
            self.add_error(None, _("Đã có quy tắc này."))
        return data


class PeriodCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(
        label=_("Kỳ"), coerce=int, choices=[(1, _("6 tháng đầu năm")), (2, _("6 tháng cuối năm"))]
    )
    cutoff = DateInput(label=_("Ngày chốt số liệu"), required=False,
                       help_text=_("Để trống: ngày cuối của kỳ (30/06 hoặc 31/12)."))
    deadline = DateInput(label=_("Hạn nộp báo cáo"), required=False,
                         help_text=_("Để trống: 15 ngày sau ngày chốt số liệu."))
    is_open = forms.BooleanField(label=_("Mở kỳ ngay để các đơn vị nhập báo cáo"), required=False)

class PeriodEditForm(forms.Form):
    cutoff = DateInput(label=_("Ngày chốt số liệu"))
    deadline = DateInput(label=_("Hạn nộp báo cáo"))

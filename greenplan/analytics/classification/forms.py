"""Forms of the classification settings. They only read input: what makes a criterion or a band
valid is on the models, and their refusals reach these forms through add_service_errors."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greenplan.analytics.models import ClassificationBand, ClassificationCriterion
from greenplan.reporting.models import Indicator

NOT_A_NUMBER = _("Hãy nhập một số, ví dụ 35 hoặc 35,5.")
KEEP_ORDER = _("Để trống: giữ nguyên thứ tự.")
# Django formats these two messages with parameters, hence "%%".
OUT_OF_RANGE = _("Điểm tối thiểu phải từ 0 đến 100 %%.")


def plain(value: Decimal | None) -> Decimal | None:
    """35.0000 shows as 35, 12.5000 as 12,5 (stored values carry trailing zeros)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("Tên tiêu chí"), max_length=200)
    name_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Loại tiêu chí"), choices=ClassificationCriterion.Kind.choices)
    indicator = forms.ModelChoiceField(
        label=_("Chỉ tiêu"), queryset=Indicator.objects.none(), required=False,
        help_text=_("Giá trị của chỉ tiêu được tổng hợp cho cả đơn vị và các đơn vị trực thuộc, như trên "
                    "trang tổng hợp; chỉ tiêu tỷ lệ tính bằng Σ tử số / Σ mẫu số."),
    )
    operator = forms.ChoiceField(label=_("Phép so sánh"), choices=ClassificationCriterion.Operator.choices)
    threshold = forms.DecimalField(
        label=_("Ngưỡng"), max_digits=18, decimal_places=4, localize=True, required=False,
        error_messages={
            "invalid": NOT_A_NUMBER,
            "max_decimal_places": _("Ngưỡng có tối đa 4 chữ số thập phân."),
            "max_digits": _("Ngưỡng quá lớn."), "max_whole_digits": _("Ngưỡng quá lớn."),
        },
        help_text=_("Với tiêu chí chỉ tiêu: giá trị so sánh (chỉ tiêu tỷ lệ tính bằng %). Với tiêu chí tỷ lệ báo "
                    "cáo: tỷ lệ tối thiểu, từ 0 đến 100 %. Tiêu chí gửi đúng hạn không cần ngưỡng."),
    )
    points = forms.IntegerField(label=_("Điểm"), error_messages={"invalid": _("Điểm phải là số nguyên.")})
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, required=False,
                               error_messages={"invalid": _("Thứ tự phải là số nguyên.")},
                               help_text=_("Để trống: xếp cuối danh sách."))

    def __init__(self, *args: Any, instance: ClassificationCriterion | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", {
                "name": instance.name, "name_en": instance.name_en, "kind": instance.kind,
                "indicator": instance.indicator_id, "operator": instance.operator,
                "threshold": plain(instance.threshold), "points": instance.points, "order": instance.order,
            })
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["order"].help_text = KEEP_ORDER
        indicators = Indicator.objects.filter(retired_at__isnull=True)
        if instance is not None and instance.indicator_id:  # a retired indicator stays selectable where used
            indicators = indicators | Indicator.objects.filter(pk=instance.indicator_id)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = indicators.order_by("group", "order", "code")  # labelled str(indicator), the default

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["name_en"] = data["name_en"] or ""
        return data


class BandForm(forms.Form):
    label = forms.CharField(label=_("Tên mức xếp loại"), max_length=60)
    label_en = forms.CharField(label=_("Tên tiếng Anh"), max_length=60, required=False)
    min_score = forms.DecimalField(
        label=_("Điểm tối thiểu (%)"), max_digits=4, decimal_places=1, localize=True,
        error_messages={
            "invalid": NOT_A_NUMBER,
            "max_decimal_places": _("Điểm tối thiểu có tối đa 1 chữ số thập phân."),
            "max_digits": OUT_OF_RANGE, "max_whole_digits": OUT_OF_RANGE,
        },
        help_text=_("Tỷ lệ điểm đạt được trên tổng điểm các tiêu chí áp dụng. Đơn vị được xếp mức cao nhất mà "
                    "điểm đạt tới; mức thấp nhất nên bắt đầu từ 0."),
    )
    colour = forms.ChoiceField(label=_("Màu hiển thị"), choices=ClassificationBand.Colour.choices)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, required=False,
                               error_messages={"invalid": _("Thứ tự phải là số nguyên.")},
                               help_text=_("Để trống: xếp cuối danh sách."))

    def __init__(self, *args: Any, instance: ClassificationBand | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", {
                "label": instance.label, "label_en": instance.label_en, "min_score": plain(instance.min_score),
                "colour": instance.colour, "order": instance.order,
            })
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["order"].help_text = KEEP_ORDER

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["label_en"] = data["label_en"] or ""
        return data

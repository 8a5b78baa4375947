from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greenplan.audit.actions import ACTIONS, KINDS

DATE_FORMATS = ["%d/%m/%Y"]


class FilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150,
                            widget=forms.TextInput(attrs={"placeholder": _("tên đăng nhập")}))
    kind = forms.ChoiceField(label=_("Loại đối tượng"), required=False,
                             choices=[("", _("Tất cả"))] + list(KINDS.items()))
    action = forms.ChoiceField(label=_("Thao tác"), required=False,
                               choices=[("", _("Tất cả"))] + list(ACTIONS.items()))
    unit = forms.CharField(label=_("Đơn vị (cả đơn vị trực thuộc)"), required=False, max_length=40,
                           widget=forms.TextInput(attrs={"placeholder": _("mã đơn vị")}))
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS,
                                widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS,
                              widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
        data["unit"] = (data.get("unit") or "").strip().upper()
        return data

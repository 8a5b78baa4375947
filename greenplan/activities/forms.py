"""The activity form. It only shapes what the user typed (dates dd/mm/yyyy, "1.500.000" đồng);
every rule lives in greenplan.activities.services, whose refusals come back as field errors."""

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from greenplan.activities.models import Activity, Evidence
from greenplan.activities.services import ALLOWED_EXTENSIONS, TEXTS
from greenplan.lib.text import limit_help
from greenplan.plans.forms import _date_field
from greenplan.plans.models import PlanItem

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a str or a lazy translation: labels are the latter

NUMBER_ERROR = _("Hãy nhập một số nguyên, ví dụ 1.500.000.")
WHOLE_NUMBER = re.compile(r"-?([0-9]+|[0-9]{1,3}(\.[0-9]{3})+|[0-9]{1,3}( [0-9]{3})+)", re.ASCII)


class WholeNumberField(forms.CharField):
    """A whole number as Vietnamese write it: "1.500.000", "1 500 000" or "1500000" (đ optional).

    Negative numbers pass through so that the service refuses them with its own message."""

    # A number, not the str of CharField: the field reads text and answers with what it means.
    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value) or ""
        text = re.sub(r"(?i)\s*(đồng|vnđ|vnd|đ)\s*$", "", text).replace("\u00a0", " ").strip()
        if not text:
            return None
        # ASCII digits only, and a dot or space only between groups of three: "15.00.000" or "3 0"
        # is a slip, not a number to guess at.
        if not WHOLE_NUMBER.fullmatch(text):
            raise ValidationError(NUMBER_ERROR, code="invalid")
        digits = re.sub(r"[. ]", "", text)
        if len(digits.lstrip("-")) > 15:
            raise ValidationError(NUMBER_ERROR, code="invalid")
        return int(digits)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _number(label: "StrOrPromise", placeholder: str) -> WholeNumberField:
    return WholeNumberField(label=label, required=False, widget=forms.TextInput(
        attrs={"inputmode": "numeric", "placeholder": placeholder, "maxlength": 30}))


class ActivityForm(forms.Form):
    wide = ("item", "title", "description", "findings", "files")  # a whole row each
    kind = forms.ChoiceField(label=_("Loại hoạt động"), choices=[("", "—"), *Activity.Kind.choices], required=False)
    item = forms.ChoiceField(label=_("Thực hiện mục kế hoạch"), required=False)
    title = forms.CharField(label=_("Tên hoạt động"), required=False, max_length=TEXTS["title"][0])
    start_on = _date_field(_("Ngày thực hiện"))
    end_on = _date_field(_("Đến ngày (nếu kéo dài nhiều ngày)"))
    participants = _number(_("Số người tham gia"), "120")
    cost = _number(_("Kinh phí (đồng)"), "1.500.000")
    trees = _number(_("Số cây trồng (nếu có)"), "40")
    # Long text: the limit as help text, not maxlength, which would silently cut a paste.
    description = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=limit_help(TEXTS["description"][0]))
    findings = forms.CharField(label=_("Kết quả, phát hiện (nếu có)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}), help_text=limit_help(TEXTS["findings"][0]))
    # The form metaclass moves declared fields into base_fields: BaseForm.files stays the uploads.
    files = MultipleFileField(label=_("Tệp minh chứng (PDF, ảnh, Word, Excel; tối đa 20 MB mỗi tệp)"),  # type: ignore[assignment]
                              required=False)
    remove_files = forms.MultipleChoiceField(label=_("Tệp đã đính kèm (đánh dấu tệp muốn bỏ)"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, items: list[PlanItem], activity: Activity | None = None, **kwargs: Any) -> None:
        self.items = {str(item.pk): item for item in items}
        if activity is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(activity, name) for name in
                                 ("kind", "title", "start_on", "end_on", "participants", "cost", "trees",
                                  "description", "findings")}
            kwargs["initial"]["item"] = str(activity.item_id or "")
            if activity.cost is not None:  # written as users type it, which the field reads back
                kwargs["initial"]["cost"] = f"{activity.cost:,}".replace(",", ".")
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, StrOrPromise]] = [("", _("— Không gắn với mục nào —"))]
        if activity is not None and activity.item_id and str(activity.item_id) not in self.items:
            # An item of an earlier revision stays selectable for what was recorded against it.
            earlier = activity.item
            assert earlier is not None  # its item_id is set
            self.items[str(activity.item_id)] = earlier
            choices.append((str(activity.item_id), f"{earlier.code} {earlier.title[:90]}"))
        choices += [(str(item.pk), f"{item.code} {item.title[:90]}") for item in items]
        item, remove_files = self.fields["item"], self.fields["remove_files"]
        assert isinstance(item, forms.ChoiceField) and isinstance(remove_files, forms.ChoiceField)
        item.choices = choices
        evidence: list[Evidence] = list(activity.evidence.all()) if activity is not None else []
        if evidence:
            remove_files.choices = [(str(e.pk), e.name) for e in evidence]
        else:
            del self.fields["remove_files"]

    def clean_item(self) -> PlanItem | None:
        value = self.cleaned_data.get("item") or ""
        return self.items.get(value) if value else None

    SERVICE_FIELDS = ("item", "kind", "title", "start_on", "end_on", "participants", "cost", "trees",
                      "description", "findings")

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}

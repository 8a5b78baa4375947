"""Forms of the plan pages. They only shape what the user typed; every rule of the plan lives in
greenplan.plans.services, whose refusals are put back on these forms as field errors."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greenplan.lib.text import limit_help
from greenplan.plans.models import Plan, PlanItem, PlanTarget
from greenplan.plans.services import ISSUE_TEXTS, ITEM_TEXTS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a str or a lazy translation: labels are the latter

DATE_FORMAT = "%d/%m/%Y"
DATE_ERROR = _("Ngày phải viết theo dạng ngày/tháng/năm, ví dụ 15/03/2026.")
CONTENT = ("code", "group", "parent_item", "title", "text", "lead", "participants", "start_on", "end_on",
           "frequency", "expected_output")
PROGRESS = ("status", "progress_note")


def _date_field(label: "StrOrPromise", required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": DATE_ERROR},
    )


def _text(label: "StrOrPromise", name: str, rows: int = 2) -> forms.CharField:
    """A long text box: its limit is help text, not maxlength, which would silently cut a paste."""
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=limit_help(ITEM_TEXTS[name][0]))


def _line(label: "StrOrPromise", name: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=ITEM_TEXTS[name][0])


class ItemForm(forms.Form):
    """An item of a plan. On an issued plan only the progress is shown (progress_only)."""

    wide = ("text", "participants", "expected_output", "progress_note", "parent_item", "title")  # a whole row
    code = forms.CharField(label=_("Mã mục"), required=False, max_length=40)
    group = forms.ChoiceField(label=_("Nhóm nhiệm vụ"), required=False)
    parent_item = forms.ChoiceField(label=_("Cụ thể hóa mục của kế hoạch cấp trên"), required=False)
    title = _line(_("Tên ngắn"), "title")
    text = _text(_("Nội dung"), "text", rows=4)
    lead = _line(_("Chủ trì"), "lead")
    participants = _text(_("Phối hợp"), "participants")
    start_on = _date_field(_("Từ ngày"))
    end_on = _date_field(_("Đến ngày"))
    frequency = _line(_("Thời gian, tần suất"), "frequency")
    expected_output = _text(_("Sản phẩm dự kiến"), "expected_output")
    status = forms.ChoiceField(label=_("Tiến độ"), choices=PlanItem.Status.choices)
    progress_note = _text(_("Ghi chú tiến độ"), "progress_note", rows=3)

    def __init__(self, *args: Any, plan: Plan, item: PlanItem | None = None, progress_only: bool = False,
                 **kwargs: Any) -> None:
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(item, name) for name in CONTENT + PROGRESS if name not in ("group", "parent_item")},
                "group": item.group.code,
                "parent_item": item.parent_item.code if item.parent_item else "",
            }
        super().__init__(*args, **kwargs)
        if progress_only:
            for name in CONTENT:
                del self.fields[name]
            return
        group, parent_item = self.fields["group"], self.fields["parent_item"]
        assert isinstance(group, forms.ChoiceField) and isinstance(parent_item, forms.ChoiceField)
        group.choices = [(g.code, f"{g.code}. {g.title[:90]}") for g in plan.groups.all()]
        parents: list[tuple[str, StrOrPromise]] = [("", _("— Sáng kiến của đơn vị (không cụ thể hóa mục nào) —"))]
        if plan.parent_plan_id:
            parents += [(code, f"{code} {title[:90]}") for code, title in
                        PlanItem.objects.filter(plan_id=plan.parent_plan_id).values_list("code", "title")]
        parent_item.choices = parents

    def service_data(self) -> dict[str, Any]:
        """What changed, as the services take it: only those fields are sent, so a progress note
        on an issued plan is accepted while a change of its content is refused."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in self.cleaned_data}



class TargetForm(forms.Form):
    """One target of an item: indicator, comparison, value (typed the Vietnamese way, 12,5) and,
    optionally, the period or year it is for; the service reads and checks the values."""

    indicator = forms.ChoiceField(label=_("Chỉ tiêu"))
    operator = forms.ChoiceField(label=_("Phép so sánh"), choices=PlanTarget.Operator.choices)
    value = forms.CharField(label=_("Giá trị"), max_length=40,
                            widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "35"}))
    period = forms.CharField(label=_("Kỳ hoặc năm (để trống: cả kế hoạch)"), required=False, max_length=6,
                             widget=forms.TextInput(attrs={"placeholder": "2026H1 / 2026"}))

    def __init__(self, *args: Any, indicators: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ChoiceField)
        indicator.choices = [("", _("— Chọn chỉ tiêu —")), *indicators]


class IssueForm(forms.Form):
    number = forms.CharField(label=_("Số"), required=False, max_length=ISSUE_TEXTS["number"][1],
                             widget=forms.TextInput(attrs={"placeholder": "12", "inputmode": "numeric"}))
    symbol = forms.CharField(label=_("Ký hiệu"), required=False, max_length=ISSUE_TEXTS["symbol"][1],
                             widget=forms.TextInput(attrs={"placeholder": "KH-LĐLĐ"}))
    # Read by the service, so a wrong date is reported with every other error of the form at once.
    issued_on = forms.CharField(label=_("Ngày ban hành"), required=False, max_length=20, widget=forms.TextInput(
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=ISSUE_TEXTS["signer"][1])
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False,
                                   max_length=ISSUE_TEXTS["signer_title"][1])
    signed_pdf = forms.FileField(label=_("Bản ký (PDF, không bắt buộc)"), required=False,
                                 widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}))


class SignedPdfForm(forms.Form):
    signed_pdf = forms.FileField(label=_("Bản ký (PDF, tối đa 20 MB)"),
                                 widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}))

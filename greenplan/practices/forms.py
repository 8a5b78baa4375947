"""The practice form and the review box. They only shape what was typed; every rule lives in
greenplan.practices.services, whose refusals come back as field errors."""

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from greenplan.activities.forms import MultipleFileField, MultipleFileInput
from greenplan.lib.text import limit_help
from greenplan.practices.models import Practice
from greenplan.practices.services import COMMENT_MAX, FILE_KINDS, MAX_FILE_BYTES, TEXTS
from greenplan.reporting.groups import group_heading

ACCEPT = ",".join(f".{ext}" for kind in FILE_KINDS for ext in kind.extensions)


def group_choices() -> list[tuple[str, str]]:
    return [(str(n), group_heading(n)) for n in range(1, 9)]


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Tên mô hình"), required=False, max_length=TEXTS["title"][0])
    group = forms.ChoiceField(label=_("Thuộc nhóm nhiệm vụ của kế hoạch"), required=False)
    done = forms.CharField(label=_("Cách làm"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=limit_help(TEXTS["done"][0]))
    results = forms.CharField(label=_("Kết quả đạt được"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=limit_help(TEXTS["results"][0]))
    files = MultipleFileField(  # type: ignore[assignment]
        # Formatted when shown: "%" on a lazy text would fix the language at import time.
        label=lazy(lambda: _("Tài liệu và ảnh (ảnh JPEG, PNG, WebP; PDF, Word, Excel, PowerPoint; tối đa %(mb)s MB "
                             "mỗi tệp)") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}, str)(),
        required=False, widget=MultipleFileInput(attrs={"accept": ACCEPT}))
    remove_files = forms.MultipleChoiceField(label=_("Tệp đã đính kèm (đánh dấu tệp muốn bỏ)"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    SERVICE_FIELDS = ("group", "title", "done", "results")

    def __init__(self, *args: Any, practice: Practice | None = None, **kwargs: Any) -> None:
        if practice is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(practice, name) for name in self.SERVICE_FIELDS}
        super().__init__(*args, **kwargs)
        group, remove_files = self.fields["group"], self.fields["remove_files"]
        assert isinstance(group, forms.ChoiceField) and isinstance(remove_files, forms.ChoiceField)
        group.choices = [("", "—"), *group_choices()]
        existing = list(practice.files.all()) if practice is not None else []
        if existing:
            remove_files.choices = [(str(f.pk), f.name) for f in existing]
        else:
            del self.fields["remove_files"]

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến của cấp trên"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), help_text=limit_help(COMMENT_MAX))

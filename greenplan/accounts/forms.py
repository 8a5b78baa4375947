"""Input parsing for the account screens. The rules live in services.py, not here."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greenplan.accounts.models import Role


class BootstrapForm(forms.Form):
    """Adds Bootstrap 5 classes to the widgets so templates can render fields plainly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class UserCreateForm(BootstrapForm):
    username = forms.CharField(
        label=_("Tên đăng nhập"), max_length=150,
        help_text=_("Chữ thường không dấu a-z, chữ số và các ký tự . _ -"),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    unit = forms.CharField(
        label=_("Mã đơn vị"), max_length=40,
        help_text=_("Mã của một đơn vị thuộc phạm vi bạn quản trị, ví dụ HP-A-01."),
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    password = forms.CharField(
        label=_("Mật khẩu"), required=False, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Để trống để hệ thống tự tạo mật khẩu; mật khẩu tạo ra chỉ hiển thị một lần."),
    )


class UserEditForm(BootstrapForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    is_active = forms.BooleanField(
        label=_("Đang hoạt động"), required=False,
        help_text=_("Bỏ chọn để khoá tài khoản: tài khoản bị khoá không đăng nhập được."),
    )


class MembershipForm(BootstrapForm):
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class ImportForm(BootstrapForm):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

"""Input parsing for the account screens. The rules live in services.py, not here."""


from django import forms
from django.utils.translation import gettext_lazy as _

from greenplan.accounts.models import Role


class UserCreateForm(forms.Form):
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


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    is_active = forms.BooleanField(
        label=_("Đang hoạt động"), required=False,
        help_text=_("Bỏ chọn để khoá tài khoản: tài khoản bị khoá không đăng nhập được."),
    )


class MembershipForm(forms.Form):
    unit = forms.CharField(label=_("Mã đơn vị"), max_length=40)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
